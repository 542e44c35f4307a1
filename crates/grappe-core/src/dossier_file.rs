//! The dossier file (`grappe-dossier/3`, reading `/1` and `/2` too): versioned JSON, money as decimal strings, ISO dates.

use crate::file_format::{parse_json, FileError};
use crate::model::{Dossier, DossierTag};

/// Reads a dossier file; the first problem is reported with its place, in French.
pub fn from_json(text: &str) -> Result<Dossier, FileError> {
    parse_json::<Dossier, DossierTag>(text)
}

/// Writes a dossier file, pretty-printed, fields in a stable order.
pub fn to_json(dossier: &Dossier) -> String {
    serde_json::to_string_pretty(dossier).unwrap_or_default() + "\n"
}
