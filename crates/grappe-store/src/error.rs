//! The store's errors, in French, with a stable code for the app.

use std::path::Path;

use grappe_core::FileError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("« {path} » est un fichier vide : ce n'est pas un magasin Grappe")]
    EmptyFile { path: String },
    #[error("« {path} » n'est pas un magasin Grappe (c'est un fichier d'un autre type)")]
    NotAStore { path: String },
    #[error("« {path} » est endommagé ({detail}) : il ne peut pas être ouvert")]
    Corrupted { path: String, detail: String },
    #[error("« {path} » n'est pas un magasin Grappe intact ({detail}) : il n'est pas utilisé, et le magasin actuel reste en place")]
    Foreign { path: String, detail: String },
    #[error("« {path} » a été enregistré par une version plus récente de Grappe (schéma {found} ; cette version lit jusqu'au schéma {supported}) : mettez Grappe à jour pour l'ouvrir")]
    TooNew { path: String, found: i64, supported: i64 },
    #[error("« {path} » ne peut pas être écrit : dossier en lecture seule ou droits insuffisants")]
    ReadOnly { path: String },
    #[error("« {path} » : c'est un dossier, pas un fichier")]
    IsADirectory { path: String },
    #[error("le disque est plein : rien n'a été enregistré, libérez de la place puis recommencez")]
    DiskFull,
    #[error("le magasin est utilisé par un autre programme Grappe : fermez-le puis recommencez")]
    Busy,
    #[error("dossier n°{0} introuvable")]
    DossierNotFound(i64),
    #[error("élément n°{id} introuvable dans le dossier n°{dossier}")]
    RowNotFound { dossier: i64, id: i64 },
    #[error("version {version} introuvable : seules les 50 dernières versions du dossier n°{dossier} peuvent être restaurées ({oldest} à {latest})")]
    VersionNotFound {
        dossier: i64,
        version: i64,
        oldest: i64,
        latest: i64,
    },
    #[error("{0}")]
    File(#[from] FileError),
    #[error("« {path} » : {message}")]
    Import { path: String, message: String },
    #[error("import annulé : les données de référence précédentes sont conservées")]
    Cancelled,
    #[error("{0}")]
    Invalid(String),
    #[error("« {path} » : {message}")]
    Io { path: String, message: String },
    #[error("erreur inattendue de la base de données : {0}")]
    Database(String),
}

impl StoreError {
    /// A stable code for the UI and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::EmptyFile { .. } => "store_empty_file",
            StoreError::NotAStore { .. } => "store_not_a_store",
            StoreError::Corrupted { .. } => "store_corrupted",
            StoreError::Foreign { .. } => "store_foreign",
            StoreError::TooNew { .. } => "store_too_new",
            StoreError::ReadOnly { .. } => "store_read_only",
            StoreError::IsADirectory { .. } => "store_is_a_directory",
            StoreError::DiskFull => "disk_full",
            StoreError::Busy => "store_busy",
            StoreError::DossierNotFound(_) => "dossier_not_found",
            StoreError::RowNotFound { .. } => "row_not_found",
            StoreError::VersionNotFound { .. } => "version_not_found",
            StoreError::File(_) => "dossier_file_invalid",
            StoreError::Import { .. } => "import_refused",
            StoreError::Cancelled => "cancelled",
            StoreError::Invalid(_) => "invalid",
            StoreError::Io { .. } => "io",
            StoreError::Database(_) => "database",
        }
    }

    /// True when the file cannot be used as it is and the caller may set it aside (renamed,
    /// never deleted) to start a fresh store. A store of a newer version is not one of them:
    /// it is fine, only this Grappe is too old.
    pub fn can_start_fresh(&self) -> bool {
        matches!(
            self,
            StoreError::EmptyFile { .. } | StoreError::NotAStore { .. } | StoreError::Corrupted { .. }
        )
    }

    /// Maps a SQLite error met while working on the store at `path`.
    pub(crate) fn sqlite(path: &Path, err: rusqlite::Error) -> StoreError {
        use rusqlite::ErrorCode;
        let shown = path.display().to_string();
        match err.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => StoreError::NotAStore { path: shown },
            Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupted {
                path: shown,
                detail: "structure de la base incohérente".into(),
            },
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            // A full disk also shows as an I/O error (the shared-memory file of WAL mode cannot
            // grow): said as what it is.
            Some(ErrorCode::SystemIoFailure) if disk_is_full(path) => StoreError::DiskFull,
            Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
                StoreError::ReadOnly { path: shown }
            }
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
            _ => StoreError::Database(err.to_string()),
        }
    }
}

/// Whether the disk holding `path` has (almost) no space left.
fn disk_is_full(path: &Path) -> bool {
    crate::disk::free_bytes(path).is_some_and(|free| free < 256 * 1024)
}
