//! A dossier with its pieces as one archive, to send a followed dossier with its invoices and
//! proofs (`grappe-archive/1`, a zip file):
//!
//! - `manifest.json`: the format, the dossier file's place, and each piece's SHA-256, name,
//!   size and place;
//! - `dossier.json`: the dossier file, with its follow-up (as `grappe store export` writes it);
//! - `pieces/<sha256>/<name>`: each piece of the dossier, whole.
//!
//! Importing refuses an archive of an unknown format, a dossier that does not read, a piece
//! over the size limit, a piece whose content does not match its SHA-256 and an expense whose
//! piece is missing — before anything is written; then the dossier and its pieces are written
//! in one transaction, read and checked one piece at a time.

use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::Path;

use grappe_core::dossier_file;
use serde::{Deserialize, Serialize};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::dossiers::create_in;
use crate::suivi::{insert_piece, sha256_hex, MAX_PIECE};
use crate::{Store, StoreError};

/// The archive's format, in its manifest.
pub const ARCHIVE_FORMAT: &str = "grappe-archive/1";
const MANIFEST: &str = "manifest.json";
const DOSSIER: &str = "dossier.json";
/// The largest dossier file read from an archive.
const MAX_TEXT: u64 = grappe_core::dossier_file::MAX_FILE_BYTES;
/// The largest manifest: ample for `MAX_PIECES` entries.
const MAX_MANIFEST: u64 = 8 * 1024 * 1024;
/// Pieces of one archive: a follow-up's invoices and proofs number in the hundreds.
const MAX_PIECES: usize = 10_000;
/// All the pieces of one archive together, once inflated.
const MAX_PIECES_BYTES: u64 = 4 * 1024 * 1024 * 1024;
/// Free space kept on the store's disk beyond what an import adds (its journal, the rest of the
/// system): an import that would leave less is refused before anything is written.
const DISK_MARGIN: u64 = 64 * 1024 * 1024;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    format: String,
    dossier: String,
    pieces: Vec<PieceEntry>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PieceEntry {
    sha256: String,
    name: String,
    size: u64,
    path: String,
}

/// What an archive brought in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveImport {
    /// The new dossier's id.
    pub id: i64,
    pub pieces: usize,
    /// What became of the barème the dossier carried.
    pub bareme: crate::Adoption,
}

fn zip_error(path: &str, e: &zip::result::ZipError) -> StoreError {
    StoreError::Io {
        path: path.to_string(),
        message: format!("ce n'est pas une archive de dossier Grappe lisible ({e}) ; rien n'a été importé"),
    }
}

fn refused(path: &str, message: String) -> StoreError {
    StoreError::Io {
        path: path.to_string(),
        message: format!("{message} ; rien n'a été importé"),
    }
}

/// Reads an entry of the archive, at most `limit` bytes.
fn read_entry<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    shown: &str,
    name: &str,
    limit: u64,
) -> Result<Vec<u8>, StoreError> {
    let entry = zip
        .by_name(name)
        .map_err(|_| refused(shown, format!("« {name} » manque dans l'archive")))?;
    let mut bytes = Vec::new();
    entry.take(limit + 1).read_to_end(&mut bytes).map_err(|e| {
        let why = if e.kind() == std::io::ErrorKind::InvalidData {
            "somme de contrôle fausse".to_string()
        } else {
            e.to_string()
        };
        refused(shown, format!("« {name} » est abîmé dans l'archive ({why})"))
    })?;
    if bytes.len() as u64 > limit {
        return Err(refused(
            shown,
            format!(
                "« {name} » dépasse {} Mo, la taille la plus grande acceptée",
                limit / (1024 * 1024)
            ),
        ));
    }
    Ok(bytes)
}

impl Store {
    /// Writes the dossier and all its pieces as one archive into `out`. Returns how many pieces
    /// it holds. A piece that no longer matches its SHA-256 stops the export.
    pub fn export_archive<W: Write + Seek>(&self, id: i64, out: W) -> Result<usize, StoreError> {
        let text = self.export(id)?;
        let listed: Vec<(String, String, i64)> = {
            let mut stmt = self
                .conn
                .prepare("SELECT sha256, name, size FROM pieces WHERE dossier_id = ?1 ORDER BY added_at, sha256")
                .map_err(|e| self.err(e))?;
            let rows = stmt
                .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
                .map_err(|e| self.err(e))?;
            rows
        };
        let pieces: Vec<PieceEntry> = listed
            .into_iter()
            .map(|(sha256, name, size)| PieceEntry {
                path: format!("pieces/{sha256}/{}", grappe_core::safe_text::file_name(&name)),
                sha256,
                name,
                size: size.max(0) as u64,
            })
            .collect();
        let manifest = Manifest {
            format: ARCHIVE_FORMAT.into(),
            dossier: DOSSIER.into(),
            pieces,
        };
        let shown = self.path.display().to_string();
        let io = |e: std::io::Error| StoreError::Io {
            path: shown.clone(),
            message: format!("archive impossible à écrire ({e})"),
        };
        let zipped = |e: zip::result::ZipError| io(std::io::Error::other(e));
        let mut zip = ZipWriter::new(out);
        let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
        zip.start_file(MANIFEST, deflated).map_err(zipped)?;
        zip.write_all(serde_json::to_string_pretty(&manifest).unwrap_or_default().as_bytes())
            .map_err(io)?;
        zip.start_file(DOSSIER, deflated).map_err(zipped)?;
        zip.write_all(text.as_bytes()).map_err(io)?;
        for entry in &manifest.pieces {
            let piece = self.piece(id, &entry.sha256)?;
            // Scans and PDFs are compressed already: kept as they are.
            zip.start_file(entry.path.as_str(), stored).map_err(zipped)?;
            zip.write_all(&piece.content).map_err(io)?;
        }
        zip.finish().map_err(zipped)?;
        Ok(manifest.pieces.len())
    }

    /// Imports an archive as a new dossier with its pieces, every piece checked against its
    /// SHA-256; nothing is written when anything is wrong.
    pub fn import_archive(&mut self, path: &Path) -> Result<ArchiveImport, StoreError> {
        let shown = path.display().to_string();
        let Opened {
            mut zip,
            manifest,
            text,
            mut dossier,
        } = open_archive(path)?;
        // Every piece an expense names is in the archive.
        if let Some(suivi) = &dossier.suivi {
            for x in &suivi.expenses {
                if let Some(sha) = &x.piece {
                    if !manifest.pieces.iter().any(|p| p.sha256 == *sha) {
                        return Err(refused(
                            &shown,
                            format!(
                                "la pièce jointe de la dépense « {} » manque dans l'archive",
                                x.reference
                            ),
                        ));
                    }
                }
            }
        }
        check_pieces(&mut zip, &shown, &manifest)?;
        self.check_free_space(
            &shown,
            manifest.pieces.iter().map(|p| p.size).sum::<u64>() + text.len() as u64,
        )?;
        let ((id, count), bareme) = self.write_adopting(&mut dossier, |w, dossier| {
            let id = create_in(w, dossier)?;
            let mut stored = 0;
            for entry in &manifest.pieces {
                let content = read_entry(&mut zip, &shown, &entry.path, MAX_PIECE as u64)?;
                if sha256_hex(&content) != entry.sha256 || content.len() as u64 != entry.size {
                    return Err(refused(
                        &shown,
                        format!(
                            "la pièce « {} » ne correspond pas à son empreinte SHA-256 : l'archive est abîmée",
                            entry.name
                        ),
                    ));
                }
                stored += insert_piece(&w.tx, id, &entry.sha256, &entry.name, &content).map_err(|e| w.err(e))?;
            }
            Ok((id, stored))
        })?;
        Ok(ArchiveImport {
            id,
            pieces: count,
            bareme,
        })
    }
}

/// An archive opened: its manifest and its dossier read and checked, its pieces not yet.
struct Opened {
    zip: ZipArchive<std::io::BufReader<File>>,
    manifest: Manifest,
    text: String,
    dossier: grappe_core::Dossier,
}

fn open_archive(path: &Path) -> Result<Opened, StoreError> {
    let shown = path.display().to_string();
    let file = File::open(path).map_err(|e| refused(&shown, format!("lecture impossible ({e})")))?;
    let mut zip = ZipArchive::new(std::io::BufReader::new(file)).map_err(|e| zip_error(&shown, &e))?;
    if zip.len() > MAX_PIECES + 2 {
        return Err(refused(
            &shown,
            format!(
                "l'archive contient {} éléments, plus que les {MAX_PIECES} pièces qu'un dossier peut avoir",
                zip.len()
            ),
        ));
    }
    let manifest: Manifest = {
        let bytes = read_entry(&mut zip, &shown, MANIFEST, MAX_MANIFEST)?;
        let value: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| refused(&shown, format!("le manifeste ne se lit pas ({e})")))?;
        match value.get("format").and_then(|f| f.as_str()) {
                Some(ARCHIVE_FORMAT) => {}
                Some(other) if other.starts_with("grappe-archive/") => {
                    return Err(refused(
                        &shown,
                        format!("archive au format « {other} », plus récent que cette version de Grappe ({ARCHIVE_FORMAT}) : mettez Grappe à jour"),
                    ))
                }
                _ => return Err(refused(&shown, "ce n'est pas une archive de dossier Grappe".into())),
            }
        serde_json::from_value(value).map_err(|e| refused(&shown, format!("le manifeste ne se lit pas ({e})")))?
    };
    let text = read_entry(&mut zip, &shown, &manifest.dossier, MAX_TEXT)?;
    let text = String::from_utf8(text)
        .map_err(|_| refused(&shown, "le dossier de l'archive n'est pas du texte UTF-8".into()))?;
    let dossier = dossier_file::from_json(&text)
        .map_err(|e| refused(&shown, format!("le dossier de l'archive ne se lit pas : {e}")))?;
    Ok(Opened {
        zip,
        manifest,
        text,
        dossier,
    })
}

/// The dossier of an archive, read without importing it (a shared folder's archive shown in
/// le portefeuille): the same checks of its size, manifest and dossier as an import's.
pub fn archive_dossier(path: &Path) -> Result<grappe_core::Dossier, StoreError> {
    open_archive(path).map(|o| o.dossier)
}

/// The manifest's pieces, checked before anything is read or written: at most `MAX_PIECES`,
/// each listed once (by SHA-256 and by place), each within `MAX_PIECE`, all together within
/// `MAX_PIECES_BYTES`, each at its place in the archive — which holds no name twice.
fn check_pieces<R: Read + Seek>(zip: &mut ZipArchive<R>, shown: &str, manifest: &Manifest) -> Result<(), StoreError> {
    if manifest.pieces.len() > MAX_PIECES {
        return Err(refused(
            shown,
            format!(
                "le manifeste liste {} pièces : plus de {MAX_PIECES} n'est pas lu",
                manifest.pieces.len()
            ),
        ));
    }
    let mut names = std::collections::HashSet::new();
    for name in zip.file_names_raw() {
        let name = String::from_utf8_lossy(name).into_owned();
        if !names.insert(name.clone()) {
            return Err(refused(shown, format!("« {name} » figure deux fois dans l'archive")));
        }
    }
    let mut hashes = std::collections::HashSet::new();
    let mut places = std::collections::HashSet::new();
    let mut total: u64 = 0;
    for p in &manifest.pieces {
        if p.sha256.len() != 64 || !p.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(refused(
                shown,
                format!("la pièce « {} » n'a pas d'empreinte SHA-256 valide", p.name),
            ));
        }
        if !hashes.insert(p.sha256.as_str()) || !places.insert(p.path.as_str()) {
            return Err(refused(
                shown,
                format!("la pièce « {} » figure deux fois dans le manifeste", p.name),
            ));
        }
        if p.size > MAX_PIECE as u64 {
            return Err(refused(
                shown,
                format!(
                    "la pièce « {} » dépasse {} Mo, la taille la plus grande acceptée",
                    p.name,
                    MAX_PIECE / (1024 * 1024)
                ),
            ));
        }
        if !names.contains(&p.path) {
            return Err(refused(shown, format!("« {} » manque dans l'archive", p.path)));
        }
        total += p.size;
    }
    if total > MAX_PIECES_BYTES {
        return Err(refused(
            shown,
            format!(
                "les pièces de l'archive font {} Mo : plus de {} Mo n'est pas importé",
                total / (1024 * 1024),
                MAX_PIECES_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok(())
}

impl Store {
    /// Refuses a write of about `bytes` that would fill the store's disk (the message of a full
    /// disk, before anything is written).
    pub(crate) fn check_free_space(&self, shown: &str, bytes: u64) -> Result<(), StoreError> {
        // SQLite writes each page to its journal, then to the file: twice the bytes.
        match crate::disk::free_bytes(&self.path) {
            Some(free) if free < bytes.saturating_mul(2).saturating_add(DISK_MARGIN) => Err(refused(
                shown,
                format!(
                    "le disque du magasin n'a plus que {} Mo de libres, il en faut {} pour cette importation : libérez de la place",
                    free / (1024 * 1024),
                    (bytes.saturating_mul(2) + DISK_MARGIN) / (1024 * 1024)
                ),
            )),
            _ => Ok(()),
        }
    }
}
