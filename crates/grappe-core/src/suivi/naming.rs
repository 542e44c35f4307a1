//! Naming what a user typed (in an imported table, on the command line): an enveloppe by its
//! identifier (`620991026/R-REG-NEW`) or by words of its label (« MOA » spelled out), an
//! indicator by words of its name — exactly one, or a French refusal that names the candidates.

use crate::model::suivi::EnveloppeKey;

/// The words of a label or of what a user typed for it: folded (accents, case), small words
/// dropped, « MOA » spelled out.
pub fn words(text: &str) -> Vec<String> {
    deunicode::deunicode(text)
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !matches!(*w, "d" | "l" | "de" | "du" | "la" | "le" | "des"))
        .flat_map(|w| match w {
            "moa" => vec!["maitrise".to_string(), "ouvrage".to_string()],
            other => vec![other.to_string()],
        })
        .collect()
}

/// The one item whose name holds every word of `typed`; why not otherwise.
pub fn find_one<'a, T>(typed: &str, items: &'a [T], name: impl Fn(&T) -> &str, what: &str) -> Result<&'a T, String> {
    let wanted = words(typed);
    if wanted.is_empty() {
        return Err(format!("{what} manquant(e)"));
    }
    let found: Vec<&T> = items
        .iter()
        .filter(|i| {
            let have = words(name(i));
            wanted.iter().all(|w| have.contains(w))
        })
        .collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err(format!("{what} « {typed} » inconnu(e)")),
        many => Err(format!(
            "{what} « {typed} » ambigu(ë) : {}",
            many.iter()
                .map(|i| format!("« {} »", name(i)))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

impl EnveloppeKey {
    /// Its identifier among the award's enveloppes `all`: the OG's FINESS EJ and the rule
    /// (`620991026/R-REG-EQUIPPED`), with its rank when the OG has several enveloppes of that
    /// rule (`620991026/R-REG-NEW/2`, in the award's order — stable: the award's lines are
    /// those of the filed candidature).
    pub fn id(&self, all: &[EnveloppeKey]) -> String {
        let same: Vec<&EnveloppeKey> = all.iter().filter(|k| k.og == self.og && k.rule == self.rule).collect();
        match same.iter().position(|k| *k == self) {
            Some(rank) if same.len() > 1 => format!("{}/{}/{}", self.og, self.rule, rank + 1),
            _ => format!("{}/{}", self.og, self.rule),
        }
    }
}

/// The enveloppe a user named: by its identifier, or by words of its label (among one OG's
/// when `og` is given). `named` gives each key with the name shown for it (« label (OG) »).
pub fn find_enveloppe(typed: &str, og: Option<&str>, named: &[(EnveloppeKey, String)]) -> Result<EnveloppeKey, String> {
    let keys: Vec<EnveloppeKey> = named.iter().map(|(k, _)| k.clone()).collect();
    if let Some(k) = keys.iter().find(|k| k.id(&keys) == typed.trim()) {
        return Ok(k.clone());
    }
    let candidates: Vec<&(EnveloppeKey, String)> = named
        .iter()
        .filter(|(k, _)| og.is_none_or(|o| k.og == crate::file_format::compact(o)))
        .collect();
    find_one(typed, &candidates, |c| &c.1, "enveloppe").map(|c| c.0.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(og: &str, rule: &str, label: &str) -> (EnveloppeKey, String) {
        let k = EnveloppeKey {
            og: og.into(),
            rule: rule.into(),
            label: label.into(),
        };
        (k, format!("{label} ({og})"))
    }

    #[test]
    fn an_enveloppe_by_its_identifier_or_its_words_or_the_candidates_named() {
        let named = [
            key("620991026", "R-REG-NEW", "Éditeur — acquisition"),
            key("620991026", "R-MOA", "Maîtrise d'ouvrage — déjà équipé"),
            key("590991014", "R-MOA", "Maîtrise d'ouvrage — déjà équipé"),
        ];
        assert_eq!(find_enveloppe("620991026/R-MOA", None, &named), Ok(named[1].0.clone()));
        let mut shared = named.to_vec();
        shared.push(key("620991026", "R-REG-NEW", "Éditeur — complément"));
        assert_eq!(
            find_enveloppe("620991026/R-REG-NEW/2", None, &shared),
            Ok(shared[3].0.clone())
        );
        assert!(find_enveloppe("620991026/R-REG-NEW", None, &shared).is_err());
        assert_eq!(find_enveloppe("editeur", None, &named), Ok(named[0].0.clone()));
        assert_eq!(
            find_enveloppe("MOA", Some("590 991 014"), &named),
            Ok(named[2].0.clone())
        );
        let e = find_enveloppe("MOA déjà équipé", None, &named).unwrap_err();
        assert!(e.contains("(620991026)") && e.contains("(590991014)"), "{e}");
    }
}
