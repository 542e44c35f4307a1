//! What the search index holds for one establishment, at import and when a store's index is
//! rebuilt after a change of the word folding ([`FOLDING_VERSION`]).
//!
//! Two columns: `words`, the words of the name, long name and town, with the filter tokens of
//! the département and the sector; `about`, the token of the category. A query word that names
//! a category or a département (see [`synonyms`]) also matches their tokens; a word found in
//! the name ranks far above a category found in `about`.

use std::collections::HashMap;
use std::sync::LazyLock;

use grappe_core::category::categories;
use grappe_core::category::Sector;
use grappe_core::geography;
use rusqlite::{params, Transaction};

use super::etablissement::{read, RefEtablissement, COLUMNS, COLUMN_COUNT};
use super::words::{index_words, FOLDING_VERSION, STOP_WORDS};

/// How much more a word of the name weighs than a word of the category or département (bm25
/// column weights of `words` and `about`).
pub(crate) const RANK_WEIGHTS: &str = "10.0, 1.0";

/// Builds the two columns of establishments.
#[derive(Debug, Default)]
pub(crate) struct IndexEntry {
    words: String,
    about: String,
}

impl IndexEntry {
    /// The two columns of `e`.
    pub fn columns(&mut self, e: &RefEtablissement) -> (&str, &str) {
        self.words.clear();
        for part in [&e.name, &e.long_name, &e.commune] {
            index_words(part, &mut self.words);
        }
        self.words.push(' ');
        self.words.push_str(&departement_token(&e.departement));
        if let Some(sector) = e.sector {
            self.words.push(' ');
            self.words.push_str(sector_token(sector));
        }
        self.about.clear();
        self.about.push_str(&category_token(&e.category));
        (&self.words, &self.about)
    }
}

/// The index token of a département filter.
pub(crate) fn departement_token(code: &str) -> String {
    format!("zdep{}", code.trim().to_lowercase())
}

/// The index token of a sector filter.
pub(crate) fn sector_token(sector: Sector) -> &'static str {
    match sector {
        Sector::PersonnesAgees => "zsecpa",
        Sector::PersonnesHandicapees => "zsecph",
        Sector::DifficultesSpecifiques => "zsecds",
        Sector::ProtectionEnfance => "zsecpe",
    }
}

/// The index token of a category, in the `about` column: one character, so that the prefix
/// indexes (2 and 3 characters) get no entry for it — a token on every row would otherwise add
/// two entries to two enormous prefix lists, and a fifth to the import time. The numeric codes
/// (000 to 999) map to the CJK ideographs from U+4E00, which the tokenizer takes as words and no
/// French name contains; any other code gets a spelled-out token.
pub(crate) fn category_token(code: &str) -> String {
    let code = code.trim();
    match code
        .parse::<u32>()
        .ok()
        .filter(|n| *n < 1000 && code.len() == 3)
        .and_then(|n| char::from_u32(0x4E00 + n))
    {
        Some(c) => c.to_string(),
        None => {
            let code: String = code.chars().filter(char::is_ascii_alphanumeric).collect();
            format!("zcat{}", code.to_lowercase())
        }
    }
}

/// A query word that names categories or départements stands for them too: the words of the
/// nomenclature's labels and usual names (« ehpad », « mecs », « ime », « foyer de vie ») and of
/// the départements' names (« guyane », « corse »). Words shared by too many of them (« service »,
/// « centre ») narrow nothing and stand for none.
pub(crate) fn synonyms(word: &str) -> &'static [String] {
    static TERMS: LazyLock<HashMap<String, Vec<String>>> = LazyLock::new(|| {
        let mut terms: HashMap<String, Vec<String>> = HashMap::new();
        let mut add = |text: &str, token: &str| {
            let mut words = String::new();
            index_words(text, &mut words);
            for w in words.split(' ') {
                if w.chars().count() > 1 && !STOP_WORDS.contains(&w) && !w.chars().all(|c| c.is_ascii_digit()) {
                    let tokens = terms.entry(w.to_string()).or_default();
                    if !tokens.iter().any(|t| t.ends_with(token)) {
                        tokens.push(token.to_string());
                    }
                }
            }
        };
        for c in categories() {
            let token = format!("about : \"{}\"", category_token(&c.code));
            add(&c.label, &token);
            for alias in &c.aliases {
                add(alias, &token);
            }
        }
        for d in geography::DEPARTEMENTS {
            add(d.name, &format!("words : \"{}\"", departement_token(d.code)));
        }
        terms.retain(|_, tokens| tokens.len() <= MAX_SYNONYMS);
        terms
    });
    TERMS.get(word).map_or(&[], Vec::as_slice)
}

/// A word standing for more categories or départements than this stands for none.
const MAX_SYNONYMS: usize = 12;

/// The index was built with an older folding (or never): read without taking the write lock.
pub(crate) fn outdated(conn: &rusqlite::Connection) -> rusqlite::Result<bool> {
    let folding: i64 = conn.query_row("SELECT folding FROM ref_search_state WHERE id = 1", [], |r| r.get(0))?;
    Ok(folding < FOLDING_VERSION)
}

/// Re-indexes every establishment when the index was built with an older folding (checked again
/// under the write lock: another Grappe process may have done it). Returns whether it did.
pub(crate) fn ensure_current(tx: &Transaction) -> rusqlite::Result<bool> {
    if !outdated(tx)? {
        return Ok(false);
    }
    tx.execute("INSERT INTO ref_search (ref_search) VALUES ('delete-all')", [])?;
    {
        let mut rows = tx.prepare(&format!("SELECT {COLUMNS}, e.id FROM ref_etablissements e"))?;
        let mut insert = tx.prepare("INSERT INTO ref_search (rowid, words, about) VALUES (?1, ?2, ?3)")?;
        let mut entry = IndexEntry::default();
        let mut found = rows.query([])?;
        while let Some(r) = found.next()? {
            let e = read(r)?;
            let (words, about) = entry.columns(&e);
            insert.execute(params![r.get::<_, i64>(COLUMN_COUNT)?, words, about])?;
        }
    }
    record_folding(tx)?;
    Ok(true)
}

/// Records that the index is built with the current folding.
pub(crate) fn record_folding(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE ref_search_state SET folding = ?1 WHERE id = 1",
        [FOLDING_VERSION],
    )?;
    Ok(())
}
