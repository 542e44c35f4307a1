//! Reading Grappe's versioned JSON files (dossier, barème) with French messages that name the
//! place of the problem (`essms[3].finess_et : …`).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The name of a file format and what it is called in messages.
pub trait FormatName {
    /// The exact value of the file's `format` field (`grappe-dossier/2`), as written.
    const NAME: &'static str;
    /// Older versions this one still reads (their fields are a subset of this version's).
    const READS: &'static [&'static str] = &[];
    /// What the file is, in French (`dossier Grappe`).
    const WHAT: &'static str;
}

/// The `format` field of a file: serialises as `F::NAME` and refuses any other value.
pub struct Tag<F>(PhantomData<F>);

impl<F> Default for Tag<F> {
    fn default() -> Self {
        Tag(PhantomData)
    }
}
impl<F> Clone for Tag<F> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<F> Copy for Tag<F> {}
impl<F> PartialEq for Tag<F> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}
impl<F> Eq for Tag<F> {}
impl<F: FormatName> fmt::Debug for Tag<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(F::NAME)
    }
}

impl<F: FormatName> Serialize for Tag<F> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(F::NAME)
    }
}

impl<'de, F: FormatName> Deserialize<'de> for Tag<F> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = String::deserialize(d)?;
        if value == F::NAME || F::READS.contains(&value.as_str()) {
            Ok(Tag(PhantomData))
        } else {
            Err(de::Error::custom(unknown_format_message::<F>(&value)))
        }
    }
}

fn unknown_format_message<F: FormatName>(found: &str) -> String {
    let family = F::NAME.split('/').next().unwrap_or(F::NAME);
    if found.starts_with(family) {
        format!(
            "format « {found} » inconnu : cette version de Grappe lit le format « {} » ; le fichier vient sans doute d'une version plus récente de Grappe",
            F::NAME
        )
    } else {
        format!(
            "format « {found} » inconnu : ce fichier n'est pas un {} (format « {} » attendu)",
            F::WHAT,
            F::NAME
        )
    }
}

/// A problem found in a file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Path of the value in the file (`essms[3].finess_et`), empty for the whole file.
    pub path: String,
    pub message: String,
    /// 1-based line and column, when known.
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Problem {
    pub fn at(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            path: path.into(),
            message: message.into(),
            line: None,
            column: None,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)?;
        } else {
            write!(f, "{} : {}", self.path, self.message)?;
        }
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, " (ligne {line}, colonne {column})")?;
        }
        Ok(())
    }
}

/// A file that could not be read, with every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct FileError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl From<Problem> for FileError {
    fn from(p: Problem) -> Self {
        FileError { problems: vec![p] }
    }
}

/// Parses a versioned JSON file of format `F` into `T`, with a French message naming the place
/// of the first problem. A file of another format or version is reported as such.
pub fn parse_json<T: DeserializeOwned, F: FormatName>(text: &str) -> Result<T, FileError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Problem::at("", format!("le fichier est vide : ce n'est pas un {}", F::WHAT)).into());
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let value: T = match serde_path_to_error::deserialize(&mut de) {
        Ok(value) => value,
        Err(err) => {
            let path = err.path().to_string();
            return Err(format_problem::<F>(text, path, err.into_inner()).into());
        }
    };
    if let Err(err) = de.end() {
        return Err(format_problem::<F>(text, String::new(), err).into());
    }
    Ok(value)
}

fn format_problem<F: FormatName>(text: &str, path: String, inner: serde_json::Error) -> Problem {
    let (line, column) = (Some(inner.line()), Some(inner.column()));
    if inner.is_syntax() || inner.is_eof() || inner.is_io() {
        return Problem {
            path: String::new(),
            message: format!(
                "le fichier n'est pas un {} lisible : JSON invalide ({})",
                F::WHAT,
                syntax_fr(&raw_message(&inner))
            ),
            line,
            column,
        };
    }
    // A file of another format: say so, rather than complain about its fields.
    if let Some(found) = declared_format(text) {
        if found != F::NAME && !F::READS.contains(&found.as_str()) {
            return Problem::at("format", unknown_format_message::<F>(&found));
        }
    } else if !text.trim_start().starts_with('{') {
        return Problem {
            path: String::new(),
            message: format!("le fichier n'est pas un {} : un objet JSON est attendu", F::WHAT),
            line,
            column,
        };
    }
    let path = if path == "." { String::new() } else { path };
    let raw = raw_message(&inner);
    let (path, message) = data_fr(path, &raw);
    Problem {
        path,
        message,
        line,
        column,
    }
}

fn declared_format(text: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct Probe {
        format: Option<serde_json::Value>,
    }
    let probe: Probe = serde_json::from_str(text).ok()?;
    match probe.format? {
        serde_json::Value::String(s) => Some(s),
        other => Some(other.to_string()),
    }
}

/// serde_json's message without its ` at line L column C` suffix.
fn raw_message(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

fn syntax_fr(raw: &str) -> String {
    let known = [
        ("EOF while parsing", "le fichier s'arrête avant la fin (tronqué ?)"),
        ("expected value", "valeur attendue"),
        ("expected `,` or `}`", "« , » ou « } » attendu"),
        ("expected `,` or `]`", "« , » ou « ] » attendu"),
        ("expected `:`", "« : » attendu"),
        ("key must be a string", "un nom de champ doit être entre guillemets"),
        ("trailing comma", "virgule en trop"),
        ("trailing characters", "caractères en trop après la fin du document"),
        ("control character", "caractère de contrôle dans un texte"),
        ("invalid escape", "séquence d'échappement invalide"),
        ("invalid unicode", "caractère Unicode invalide"),
        ("invalid number", "nombre invalide"),
        ("number out of range", "nombre hors limites"),
        ("recursion limit exceeded", "imbrication trop profonde"),
        ("expected ident", "mot-clé invalide (true, false ou null attendu)"),
    ];
    known
        .iter()
        .find(|(en, _)| raw.starts_with(en))
        .map(|(_, fr)| fr.to_string())
        .unwrap_or_else(|| "syntaxe incorrecte".to_string())
}

/// Translates serde's data errors to French; a missing or unknown field is reported at the
/// field's own path.
fn data_fr(path: String, raw: &str) -> (String, String) {
    let join = |field: &str| {
        if path.is_empty() {
            field.to_string()
        } else {
            format!("{path}.{field}")
        }
    };
    if let Some(rest) = raw.strip_prefix("missing field `") {
        let field = rest.trim_end_matches('`');
        return (join(field), "champ obligatoire manquant".to_string());
    }
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let expected = expected
            .trim_start_matches(", expected one of ")
            .trim_start_matches(", expected ")
            .replace('`', "");
        let message = if expected.is_empty() || expected.starts_with(", there are no fields") {
            "champ inconnu".to_string()
        } else {
            format!("champ inconnu (faute de frappe ?) ; champs possibles : {expected}")
        };
        // serde_path_to_error already points at the unknown field.
        let path = if path.ends_with(field) {
            path.clone()
        } else {
            join(field)
        };
        return (path, message);
    }
    if let Some(rest) = raw.strip_prefix("unknown variant `") {
        let (value, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let expected = expected
            .trim_start_matches(", expected one of ")
            .trim_start_matches(", expected ")
            .replace('`', "")
            .replace(" or ", " ou ");
        return (
            path,
            format!("valeur « {value} » inconnue ; valeurs possibles : {expected}"),
        );
    }
    if let Some(rest) = raw.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return (
            path,
            format!("{} trouvé, {} attendu", found_fr(found), expected_fr(expected)),
        );
    }
    if let Some(rest) = raw.strip_prefix("invalid value: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return (
            path,
            format!(
                "valeur incorrecte : {} trouvé, {} attendu",
                found_fr(found),
                expected_fr(expected)
            ),
        );
    }
    if raw.starts_with("invalid length") {
        return (path, "nombre d'éléments incorrect".to_string());
    }
    if raw.starts_with("duplicate field `") {
        return (path, "champ présent deux fois".to_string());
    }
    // Our own deserialisers already speak French.
    (path, raw.to_string())
}

fn found_fr(found: &str) -> String {
    if let Some(v) = found.strip_prefix("string ") {
        return format!("le texte {v}");
    }
    if let Some(v) = found.strip_prefix("integer ") {
        return format!("le nombre {}", v.trim_matches('`'));
    }
    if let Some(v) = found.strip_prefix("floating point ") {
        return format!("le nombre {}", v.trim_matches('`'));
    }
    if let Some(v) = found.strip_prefix("boolean ") {
        return format!("la valeur {}", v.trim_matches('`'));
    }
    match found {
        "null" => "null (valeur vide)".into(),
        "map" => "un objet".into(),
        "sequence" => "une liste".into(),
        other => other.into(),
    }
}

fn expected_fr(expected: &str) -> String {
    match expected {
        "a string" => "un texte entre guillemets".into(),
        "a boolean" => "true ou false".into(),
        "u32" | "u64" | "usize" | "u16" | "u8" => "un nombre entier positif".into(),
        "i32" | "i64" => "un nombre entier".into(),
        "a sequence" => "une liste [ … ]".into(),
        e if e.starts_with("struct ") || e == "a map" => "un objet { … }".into(),
        e if e.starts_with("unit variant") || e.starts_with("variant identifier") => {
            "une valeur parmi celles prévues".into()
        }
        other => other.into(),
    }
}

/// An identifier as typed, without spaces (for comparisons of FINESS numbers).
/// [`compact`], borrowing the text when it is compact already (no copy for the thousands of
/// FINESS numbers of a follow-up's measurements).
pub fn compact_cow(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().all(|c| !c.is_whitespace() && !c.is_ascii_lowercase()) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(compact(text))
    }
}

pub fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{00A0}' && *c != '\u{202F}')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}
