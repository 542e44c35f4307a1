//! The follow-up documents, written where the user chose, and the pieces attached to it,
//! opened with the system's viewer.

use super::input::{as_of, DocumentRequest};
use crate::files::{files_exist, write_error};
use crate::{AppError, Ctx, ErrorCode};

/// A follow-up document at a date, written where the user chose (with its workbook, same
/// name, for the état and the compte rendu); never over a file unasked.
pub fn generate_suivi_document(
    ctx: &Ctx,
    id: i64,
    request: DocumentRequest,
) -> Result<crate::generation::Generated, AppError> {
    let DocumentRequest {
        document,
        path,
        date,
        existing,
    } = request;
    let day = as_of(ctx, date);
    let kind = grappe_dossier::suivi::Kind::from(document);
    let path = if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")) {
        path
    } else {
        path.with_extension("pdf")
    };
    let xlsx = path.with_extension("xlsx");
    grappe_dossier::check_free(&kind.files(&path), existing).map_err(|found| files_exist(&found))?;
    let (dossier, bareme) = ctx.dossier_and_bareme(id)?;
    let pdf = grappe_dossier::suivi::generate(kind, &dossier, &bareme, day, ctx.host.today());
    // The PDF and its workbook, all or nothing.
    let mut set = vec![(path.clone(), pdf.bytes.clone())];
    let mut annexes = Vec::new();
    if let Some(bytes) = grappe_dossier::suivi::workbook(kind, &dossier, &pdf.followup).map_err(crate::files::io)? {
        set.push((xlsx.clone(), bytes));
        annexes.push(xlsx.display().to_string());
    }
    grappe_dossier::write_set(&set, existing).map_err(write_error)?;
    crate::generation::record(ctx, id, &path, &pdf.fingerprint, &bareme.version)?;
    Ok(crate::generation::Generated {
        path: path.display().to_string(),
        pages: pdf.pages,
        draft: pdf.draft,
        fingerprint: pdf.fingerprint,
        total_fr: pdf.followup.total.awarded.fr(),
        annexes,
    })
}

/// Opens a piece of the dossier (an invoice) with the system's viewer: written, checked against
/// its SHA-256, under its own name in a folder of the system's temporary files.
pub fn open_piece(ctx: &Ctx, id: i64, sha256: String) -> Result<(), AppError> {
    let piece = ctx.with_store(|s| Ok(s.piece(id, &sha256)?))?;
    let name = std::path::Path::new(&piece.name)
        .file_name()
        .map_or_else(|| "piece".into(), |n| n.to_os_string());
    let folder = std::env::temp_dir()
        .join("grappe-pieces")
        .join(sha256.get(..16).unwrap_or(&sha256));
    let path = folder.join(name);
    // The folder is Grappe's own; a copy opened before is written again.
    let _ = std::fs::create_dir_all(&folder);
    grappe_dossier::write_atomic(&path, &piece.content, grappe_dossier::Existing::Replace).map_err(write_error)?;
    ctx.host.open_path(&path).map_err(|e| {
        AppError::new(
            ErrorCode::OpenFailed,
            format!("« {} » n'a pas pu être ouvert ({e})", piece.name),
        )
    })
}
