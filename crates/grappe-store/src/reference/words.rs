//! The words of the search, the same at import and at query time: how the real FINESS file
//! writes names and towns and how directors type them are made to meet.
//!
//! - case, accents and ligatures folded (« Œillets » = « oeillets »);
//! - dotted or spaced acronyms joined (« E.H.P.A.D. » = « E H P A D » = « EHPAD »);
//! - elisions: « D'ACCUEIL » is indexed as « accueil » and « daccueil »;
//! - hyphens and repeated spaces are separators;
//! - at import only, the postal and usual abbreviations also give their full word
//!   (« ST BENOIT » is found by « saint benoit »; « ST » stays findable as typed).

/// Bump when the folding changes: the index of a store built with an older folding is rebuilt
/// when the store is opened. 3: letters folded by `deunicode` (ø, ł, ã… now fold too).
pub const FOLDING_VERSION: i64 = 3;

/// Lower case, accents removed, ligatures spelled out (œ → oe, æ → ae, ß → ss), by
/// `deunicode` for every letter beyond ASCII; other characters (apostrophes, dashes) are kept
/// for the word splitting. How names are indexed and queries are read.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        // Most of the file is ASCII: no table to look up.
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if c.is_alphabetic() {
            match deunicode::deunicode_char(c) {
                Some(folded) if !folded.is_empty() => out.extend(folded.chars().map(|f| f.to_ascii_lowercase())),
                _ => out.extend(c.to_lowercase()),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Words too common to narrow a search.
pub const STOP_WORDS: [&str; 15] = [
    "l", "d", "le", "la", "les", "de", "du", "des", "et", "a", "au", "aux", "en", "sur", "pour",
];

/// Abbreviations of the routing line and of registered names, and their full word.
const ABBREVIATIONS: [(&str, &str); 22] = [
    ("st", "saint"),
    ("ste", "sainte"),
    ("sts", "saints"),
    ("mt", "mont"),
    ("gd", "grand"),
    ("gde", "grande"),
    ("pt", "petit"),
    ("pte", "petite"),
    ("ctre", "centre"),
    ("etab", "etablissement"),
    ("etabt", "etablissement"),
    ("sce", "service"),
    ("serv", "service"),
    ("res", "residence"),
    ("resid", "residence"),
    ("hop", "hopital"),
    ("fdt", "fondation"),
    ("fond", "fondation"),
    ("assoc", "association"),
    ("ass", "association"),
    ("dom", "domicile"),
    ("pers", "personnes"),
];

/// Letters that elide before a vowel (« l'», « d'», « qu'»…).
const ELIDED: [&str; 9] = ["l", "d", "j", "m", "n", "s", "t", "c", "qu"];

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '`' | '´')
}

/// The words of a folded text: each a run of pieces (one piece, or the letters of an acronym)
/// and whether an apostrophe follows it. Pieces borrow the folded text: no allocation per word.
struct Words<'a> {
    text: &'a str,
    /// Byte spans of the alphanumeric runs.
    spans: Vec<(usize, usize)>,
    /// Each word: first and last span, followed by an apostrophe.
    words: Vec<(usize, usize, bool)>,
}

impl<'a> Words<'a> {
    fn new(text: &'a str) -> Words<'a> {
        let mut spans = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            if c.is_alphanumeric() {
                start.get_or_insert(i);
            } else if let Some(s) = start.take() {
                spans.push((s, i));
            }
        }
        if let Some(s) = start {
            spans.push((s, text.len()));
        }
        let piece = |k: usize| &text[spans[k].0..spans[k].1];
        let sep = |k: usize| &text[spans[k].1..spans.get(k + 1).map_or(text.len(), |n| n.0)];
        // Runs of single letters separated only by dots and spaces are an acronym; a letter
        // followed by an apostrophe is an elision, never part of one.
        let single = |k: usize| {
            let mut chars = piece(k).chars();
            chars.next().is_some_and(char::is_alphabetic)
                && chars.next().is_none()
                && !sep(k).starts_with(is_apostrophe)
        };
        let joins = |k: usize| !sep(k).is_empty() && sep(k).chars().all(|c| c == '.' || c == ' ');
        let mut words = Vec::with_capacity(spans.len());
        let mut i = 0;
        while i < spans.len() {
            let mut j = i;
            while j + 1 < spans.len() && single(j) && joins(j) && single(j + 1) {
                j += 1;
            }
            words.push((i, j, sep(j).starts_with(is_apostrophe)));
            i = j + 1;
        }
        Words { text, spans, words }
    }

    /// Appends word `w` (its pieces joined) to `out`.
    fn write(&self, w: usize, out: &mut String) {
        let (first, last, _) = self.words[w];
        for &(s, e) in &self.spans[first..=last] {
            out.push_str(&self.text[s..e]);
        }
    }

    /// Word `w` when it is a single piece (never an acronym).
    fn single(&self, w: usize) -> Option<&'a str> {
        let (first, last, _) = self.words[w];
        (first == last).then(|| &self.text[self.spans[first].0..self.spans[first].1])
    }

    /// Word `w` is a letter elided before the next word (« l'», « d'»).
    fn elided(&self, w: usize) -> bool {
        self.words[w].2 && self.single(w).is_some_and(|p| ELIDED.contains(&p))
    }
}

/// The full word of an abbreviation.
fn full_word(word: &str) -> Option<&'static str> {
    ABBREVIATIONS
        .iter()
        .find(|(short, _)| *short == word)
        .map(|(_, full)| *full)
}

/// The words a query looks for: every meaningful word, in order (elided letters and stop words
/// dropped once a meaningful word is there; alone, they are searched).
pub fn query_words(text: &str) -> Vec<String> {
    let folded = normalize(text);
    let words = Words::new(&folded);
    let all: Vec<String> = (0..words.words.len())
        .filter(|&w| !words.elided(w))
        .map(|w| {
            let mut word = String::new();
            words.write(w, &mut word);
            word
        })
        .collect();
    let meaningful: Vec<String> = all
        .iter()
        .filter(|w| !STOP_WORDS.contains(&w.as_str()) && w.chars().count() > 1)
        .cloned()
        .collect();
    if meaningful.is_empty() {
        all.into_iter().filter(|w| w.chars().count() > 1).collect()
    } else {
        meaningful
    }
}

/// Appends the words indexed for `text` to `out`, space-separated: every word as folded, the
/// elided forms joined (« daccueil »), and the full words of abbreviations.
pub fn index_words(text: &str, out: &mut String) {
    let folded = normalize(text);
    let words = Words::new(&folded);
    for w in 0..words.words.len() {
        separate(out);
        words.write(w, out);
        if words.elided(w) && w + 1 < words.words.len() {
            separate(out);
            words.write(w, out);
            words.write(w + 1, out);
        }
        if let Some(full) = words.single(w).and_then(full_word) {
            separate(out);
            out.push_str(full);
        }
    }
}

fn separate(out: &mut String) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_accents_case_and_ligatures() {
        assert_eq!(normalize("LES ŒILLETS"), "les oeillets");
        assert_eq!(normalize("Résidence Ætna à Évry"), "residence aetna a evry");
        // Letters beyond French fold too; punctuation is left to the word splitting.
        assert_eq!(normalize("Søren Łódź Straße"), "soren lodz strasse");
        assert_eq!(normalize("l’accueil « Les Pins »"), "l’accueil « les pins »");
    }

    fn indexed(text: &str) -> String {
        let mut out = String::new();
        index_words(text, &mut out);
        out
    }

    #[test]
    fn acronyms_dotted_spaced_or_plain_are_one_word() {
        for written in [
            "E.H.P.A.D. LES TILLEULS",
            "E H P A D LES TILLEULS",
            "EHPAD LES TILLEULS",
            "e.h.p.a.d les tilleuls",
        ] {
            assert_eq!(query_words(written), ["ehpad", "tilleuls"], "{written}");
            assert!(indexed(written).starts_with("ehpad les tilleuls"), "{written}");
        }
        assert_eq!(query_words("S.M.J.P.M"), ["smjpm"]);
        assert_eq!(query_words("C.H.R.S. L'ESCALE"), ["chrs", "escale"]);
        assert_eq!(query_words("I.M.E. 2"), ["ime"]);
    }

    #[test]
    fn elisions_and_apostrophes() {
        assert_eq!(query_words("FOYER D'ACCUEIL"), ["foyer", "accueil"]);
        assert_eq!(query_words("foyer d’accueil"), ["foyer", "accueil"]);
        assert_eq!(query_words("daccueil"), ["daccueil"]);
        let words = indexed("FOYER D'ACCUEIL");
        assert!(words.contains(" accueil") && words.contains("daccueil"), "{words}");
        assert_eq!(query_words("L'Œillet"), ["oeillet"]);
    }

    #[test]
    fn abbreviations_give_their_full_word_at_import() {
        let words = indexed("97437 ST BENOIT");
        assert!(words.contains("st saint benoit"), "{words}");
        assert!(indexed("STE MARIE").contains("ste sainte marie"));
        assert_eq!(query_words("saint benoit"), ["saint", "benoit"]);
        assert_eq!(query_words("st benoit"), ["st", "benoit"]);
    }

    #[test]
    fn hyphens_and_spaces_separate_words() {
        assert_eq!(
            query_words("Saint-Benoît   de-la-Réunion"),
            ["saint", "benoit", "reunion"]
        );
        assert!(indexed("SAINT-DENIS").contains("saint denis"));
    }

    #[test]
    fn stop_words_alone_are_still_searched() {
        assert_eq!(query_words("les"), ["les"]);
        assert!(query_words("L'").is_empty());
        assert!(query_words(" ;- ").is_empty());
    }

    proptest::proptest! {
        /// The same folding at import and at query time: typing a name exactly as the file
        /// writes it (or any part of it) always asks for words the index holds.
        #[test]
        fn what_a_query_asks_for_is_always_indexed(text in "[A-Za-zÉéÈèÀàÇçŒœ0-9 .'’-]{0,60}") {
            let mut indexed = String::new();
            index_words(&text, &mut indexed);
            let words: std::collections::HashSet<&str> = indexed.split(' ').collect();
            for w in query_words(&text) {
                proptest::prop_assert!(words.contains(w.as_str()), "« {} » → {:?} not in {:?}", text, w, indexed);
            }
        }
    }
}
