//! Zip containers from elsewhere (workbooks, dossier archives), checked before they are read:
//! how many entries they hold and how many bytes they inflate to — counted by inflating, never
//! taken from the sizes the file declares, which can lie.

use std::io::{Read, Seek};

use zip::ZipArchive;

/// What a zip container may hold.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ZipBounds {
    /// Entries, folders included.
    pub entries: usize,
    /// Bytes of one entry once inflated.
    pub entry_bytes: u64,
    /// Bytes of all entries once inflated.
    pub total_bytes: u64,
}

/// Megabytes, for messages.
pub(crate) fn mo(bytes: u64) -> u64 {
    bytes / (1024 * 1024)
}

/// Counts what the container inflates to, entry by entry (nothing is kept in memory), and
/// refuses it with a French reason as soon as a bound is passed. Returns the total inflated.
pub(crate) fn check<R: Read + Seek>(zip: &mut ZipArchive<R>, bounds: ZipBounds) -> Result<u64, String> {
    if zip.len() > bounds.entries {
        return Err(format!(
            "le fichier compressé contient {} éléments : plus de {} n'est pas lu",
            zip.len(),
            bounds.entries
        ));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip
            .by_index(i)
            .map_err(|e| format!("fichier compressé illisible ({e})"))?;
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let limit = bounds.entry_bytes.min(bounds.total_bytes - total);
        let read = std::io::copy(&mut entry.take(limit + 1), &mut std::io::sink())
            .map_err(|e| format!("« {name} » est abîmé dans le fichier compressé ({e})"))?;
        if read > bounds.entry_bytes {
            return Err(format!(
                "« {name} » se décompresse en plus de {} Mo : il n'est pas lu",
                mo(bounds.entry_bytes)
            ));
        }
        total += read;
        if read > limit {
            return Err(format!(
                "le fichier se décompresse en plus de {} Mo : il n'est pas lu",
                mo(bounds.total_bytes)
            ));
        }
    }
    Ok(total)
}
