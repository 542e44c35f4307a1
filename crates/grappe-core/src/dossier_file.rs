//! The dossier file (`grappe-dossier/3`, reading `/1` and `/2` too): versioned JSON, money as decimal strings, ISO dates.

use crate::file_format::{parse_json, FileError, Problem};
use crate::model::{Dossier, DossierTag};

/// The largest dossier (or barème) file read: a dossier of `MAX_ESSMS` ESSMS with its
/// follow-up weighs about 50 Mo. Bounding the text bounds what parsing it allocates.
pub const MAX_FILE_BYTES: u64 = 128 * 1024 * 1024;

/// The most ESSMS a dossier holds: France has some 40 000 ESSMS in all; a grappe of more is not
/// one (and its PDF alone would take gigabytes to lay out).
pub const MAX_ESSMS: usize = 100_000;

/// Reads a dossier file; the first problem is reported with its place, in French.
pub fn from_json(text: &str) -> Result<Dossier, FileError> {
    let dossier = parse_json::<Dossier, DossierTag>(text)?;
    if dossier.essms.len() > MAX_ESSMS {
        return Err(Problem::at(
            "essms",
            format!(
                "le dossier compte {} ESSMS : plus de {MAX_ESSMS} n'est pas lu (la France en compte environ 40 000)",
                dossier.essms.len()
            ),
        )
        .into());
    }
    Ok(dossier)
}

/// Writes a dossier file, pretty-printed, fields in a stable order.
pub fn to_json(dossier: &Dossier) -> String {
    serde_json::to_string_pretty(dossier).unwrap_or_default() + "\n"
}
