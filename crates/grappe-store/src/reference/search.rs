//! Search over the reference establishments: by FINESS (ET or EJ, spaces ignored), by words of
//! the name, town or postcode (any order, prefixes, accents and case ignored, œ/æ folded),
//! filtered by département and sector, ranked by relevance (FTS5 bm25).

use grappe_core::category::Sector;
use rusqlite::params;

use super::etablissement::{read, sector_name, RefEtablissement, COLUMNS};
use super::search_index::{departement_token, sector_token, RANK_WEIGHTS};

use crate::{Store, StoreError};

/// Filters of a search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchFilters {
    /// INSEE code of a département (`59`, `2A`, `971`).
    pub departement: Option<String>,
    pub sector: Option<Sector>,
}

/// How many matches, at most, are ranked.
const RANKED_CANDIDATES: i64 = 500;

/// The FTS5 query of a text: each word a prefix, all required (in the name, the town, or the
/// words of the category and département), plus the filters' tokens. `None` when the text has
/// no word.
fn fts_query(text: &str, filters: &SearchFilters) -> Option<String> {
    let kept = super::words::query_words(text);
    if kept.is_empty() {
        return None;
    }
    let mut words: Vec<String> = kept
        .iter()
        .map(|w| {
            let also = super::search_index::synonyms(w);
            if also.is_empty() {
                format!("\"{w}\"*")
            } else {
                format!("(\"{w}\"* OR {})", also.join(" OR "))
            }
        })
        .collect();
    if let Some(d) = filters.departement.as_deref().filter(|d| !d.trim().is_empty()) {
        words.push(format!("words : \"{}\"", departement_token(d)));
    }
    if let Some(s) = filters.sector {
        words.push(format!("words : {}", sector_token(s)));
    }
    // Explicit AND: FTS5 does not take an implicit one next to a parenthesised group.
    Some(words.join(" AND "))
}

impl Store {
    /// Searches the reference establishments; at most `limit`, best first.
    pub fn search(
        &self,
        text: &str,
        filters: &SearchFilters,
        limit: usize,
    ) -> Result<Vec<RefEtablissement>, StoreError> {
        let departement = filters.departement.as_deref().map(str::trim).filter(|d| !d.is_empty());
        let sector = filters.sector.map(sector_name);
        let compact = grappe_core::file_format::compact(text);
        if compact.len() == 9 && grappe_core::Finess::is_valid(&compact) {
            let mut stmt = self
                .conn
                .prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM ref_etablissements e
                     WHERE (e.finess_et = ?1 OR e.finess_ej = ?1) AND (?2 IS NULL OR e.departement = ?2)
                       AND (?3 IS NULL OR e.sector = ?3)
                     ORDER BY e.finess_et = ?1 DESC, e.name LIMIT ?4"
                ))
                .map_err(|e| self.err(e))?;
            return stmt
                .query_map(params![compact, departement, sector, limit as i64], read)
                .and_then(|rows| rows.collect())
                .map_err(|e| self.err(e));
        }
        if is_number_prefix(&compact) {
            return self.search_numbers(&compact, departement, sector, limit);
        }
        let Some(query) = fts_query(text, filters) else {
            return Ok(Vec::new());
        };
        // Ranked by bm25 among the first RANKED_CANDIDATES matches: every match of a selective
        // query, and a bounded amount of work for a broad one (« le » matches nearly all rows,
        // and scoring them all would cost 100 ms for no better answer). A word of the name
        // weighs far more than one of the category or the département.
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM (
                   SELECT rowid, bm25(ref_search, {RANK_WEIGHTS}) AS score FROM ref_search WHERE ref_search MATCH ?1 LIMIT ?3
                 ) s JOIN ref_etablissements e ON e.id = s.rowid ORDER BY s.score, e.name LIMIT ?2"
            ))
            .map_err(|e| self.err(e))?;
        stmt.query_map(params![query, limit as i64, RANKED_CANDIDATES], read)
            .and_then(|rows| rows.collect())
            .map_err(|e| self.err(e))
    }

    /// The first digits of a FINESS number (ET or EJ) or of a postcode: B-tree prefix look-ups.
    fn search_numbers(
        &self,
        prefix: &str,
        departement: Option<&str>,
        sector: Option<&str>,
        limit: usize,
    ) -> Result<Vec<RefEtablissement>, StoreError> {
        let pattern = format!("{prefix}*");
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM ref_etablissements e
                 WHERE (e.finess_et GLOB ?1 OR e.finess_ej GLOB ?1 OR e.postcode GLOB ?1)
                   AND (?2 IS NULL OR e.departement = ?2) AND (?3 IS NULL OR e.sector = ?3)
                 LIMIT ?4"
            ))
            .map_err(|e| self.err(e))?;
        stmt.query_map(params![pattern, departement, sector, limit as i64], read)
            .and_then(|rows| rows.collect())
            .map_err(|e| self.err(e))
    }

    /// Every establishment of a legal entity (« add all the ESSMS of this OG »), by name.
    pub fn etablissements_of_ej(&self, finess_ej: &str) -> Result<Vec<RefEtablissement>, StoreError> {
        let ej = grappe_core::file_format::compact(finess_ej);
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM ref_etablissements e WHERE e.finess_ej = ?1 ORDER BY e.name, e.finess_et"
            ))
            .map_err(|e| self.err(e))?;
        stmt.query_map([ej], read)
            .and_then(|rows| rows.collect())
            .map_err(|e| self.err(e))
    }

    /// One establishment by its FINESS ET.
    pub fn etablissement(&self, finess_et: &str) -> Result<Option<RefEtablissement>, StoreError> {
        let et = grappe_core::file_format::compact(finess_et);
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM ref_etablissements e WHERE e.finess_et = ?1"
            ))
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query_map([et], read).map_err(|e| self.err(e))?;
        rows.next().transpose().map_err(|e| self.err(e))
    }
}

/// Digits (and the A/B of Corse), at least 2: the start of a FINESS number or a postcode.
fn is_number_prefix(compact: &str) -> bool {
    compact.len() >= 2
        && compact.len() <= 9
        && compact.chars().any(|c| c.is_ascii_digit())
        && compact.chars().all(|c| c.is_ascii_digit() || c == 'A' || c == 'B')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_prefix_words() {
        let none = SearchFilters::default();
        // A word naming a category or a département also stands for its token.
        assert_eq!(
            fts_query("tilleuls ehpad", &none).unwrap(),
            format!(
                "\"tilleuls\"* AND (\"ehpad\"* OR about : \"{}\")",
                super::super::search_index::category_token("500")
            )
        );
        assert_eq!(
            fts_query("guyane", &none).unwrap(),
            "(\"guyane\"* OR words : \"zdep973\")"
        );
        assert_eq!(fts_query("L'Œillet", &none).unwrap(), "\"oeillet\"*");
        assert_eq!(
            fts_query("Villa Les Lilas", &none).unwrap(),
            "\"villa\"* AND \"lilas\"*"
        );
        assert_eq!(fts_query("les", &none).unwrap(), "\"les\"*");
        assert!(fts_query("L'", &none).is_none());
        assert!(fts_query(" ;- ", &none).is_none());
        let filters = SearchFilters {
            departement: Some("2A".into()),
            sector: Some(Sector::PersonnesAgees),
        };
        assert_eq!(
            fts_query("tilleuls", &filters).unwrap(),
            "\"tilleuls\"* AND words : \"zdep2a\" AND words : zsecpa"
        );
    }
}
