//! The one error contract across IPC: `{code, message, field}`, the message in French.

use grappe_store::StoreError;
use serde::{Deserialize, Serialize};

/// The stable code of every error the commands return (`"store_corrupted"`,
/// `"dossier_not_found"`…), generated to TypeScript with the bindings: the UI compares codes
/// against this type, never against a free string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    AlreadyFiled,
    BadAmount,
    BadArguments,
    BadNumber,
    BaremeInvalid,
    BaremeNotFound,
    Cancelled,
    ChangedSince,
    /// A table's columns are not all recognised: the user matches them.
    ColumnsUnmatched,
    CompareCount,
    Database,
    DiskFull,
    DocumentMissing,
    DocumentUnknown,
    DossierFileInvalid,
    DossierNotFound,
    DossierUnreadable,
    EnveloppeUnknown,
    EssmsExtra,
    EssmsMissing,
    ExpenseUnknown,
    FileExists,
    FileTooLarge,
    FiledReadOnly,
    FinessUnknown,
    /// Another funder's subsidy without the funder's name.
    FunderMissing,
    ImportRefused,
    Internal,
    Invalid,
    Io,
    LikelyDuplicate,
    LineUnknown,
    MeasurementUnknown,
    NotAwarded,
    NotFiled,
    NotUtf8,
    OpenFailed,
    OgMissing,
    PathMissing,
    PaymentUnknown,
    RowNotFound,
    StoreBusy,
    StoreClosed,
    StoreCorrupted,
    StoreEmptyFile,
    StoreForeign,
    StoreIsADirectory,
    StoreNotAStore,
    StoreOpen,
    StoreReadOnly,
    StoreTooNew,
    StoreUnreadable,
    TargetUnknown,
    UnknownCommand,
    VersionNotFound,
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = serde_json::to_value(self).ok();
        f.write_str(text.as_ref().and_then(|v| v.as_str()).unwrap_or("?"))
    }
}

/// Tests and logs compare a code with its text.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        *other == self.to_string().as_str()
    }
}

impl ErrorCode {
    /// The code of a store error (the same text as [`StoreError::code`]).
    pub fn of_store(e: &StoreError) -> ErrorCode {
        match e {
            StoreError::EmptyFile { .. } => ErrorCode::StoreEmptyFile,
            StoreError::NotAStore { .. } => ErrorCode::StoreNotAStore,
            StoreError::Corrupted { .. } => ErrorCode::StoreCorrupted,
            StoreError::Foreign { .. } => ErrorCode::StoreForeign,
            StoreError::TooNew { .. } => ErrorCode::StoreTooNew,
            StoreError::ReadOnly { .. } => ErrorCode::StoreReadOnly,
            StoreError::IsADirectory { .. } => ErrorCode::StoreIsADirectory,
            StoreError::DiskFull => ErrorCode::DiskFull,
            StoreError::Busy => ErrorCode::StoreBusy,
            StoreError::DossierNotFound(_) => ErrorCode::DossierNotFound,
            StoreError::RowNotFound { .. } => ErrorCode::RowNotFound,
            StoreError::VersionNotFound { .. } => ErrorCode::VersionNotFound,
            StoreError::File(_) => ErrorCode::DossierFileInvalid,
            StoreError::Import { .. } => ErrorCode::ImportRefused,
            StoreError::Cancelled => ErrorCode::Cancelled,
            StoreError::Invalid(_) => ErrorCode::Invalid,
            StoreError::Io { .. } => ErrorCode::Io,
            StoreError::Database(_) => ErrorCode::Database,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AppError {
    /// Stable code (`store_corrupted`, `dossier_not_found`…).
    pub code: ErrorCode,
    pub message: String,
    /// Path of the field concerned, for form errors.
    pub field: Option<String>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> AppError {
        AppError {
            code,
            message: message.into(),
            field: None,
        }
    }

    /// A failure of Grappe itself (a panic, a lost thread): nothing was done.
    pub fn internal() -> AppError {
        AppError::new(
            ErrorCode::Internal,
            "erreur interne de Grappe : l'opération n'a pas été faite et rien n'a été enregistré ; vous pouvez continuer à travailler",
        )
    }

    /// An error about one field of a form.
    pub fn field(code: ErrorCode, message: impl Into<String>, field: &str) -> AppError {
        AppError {
            field: Some(field.into()),
            ..AppError::new(code, message)
        }
    }
}

impl From<grappe_store::StoreError> for AppError {
    fn from(e: grappe_store::StoreError) -> Self {
        AppError {
            code: ErrorCode::of_store(&e),
            message: e.to_string(),
            field: None,
        }
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AppError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_error_keeps_the_code_the_store_gives_it() {
        for e in [
            StoreError::DiskFull,
            StoreError::Busy,
            StoreError::Cancelled,
            StoreError::DossierNotFound(3),
            StoreError::Invalid("x".into()),
            StoreError::Database("x".into()),
            StoreError::EmptyFile { path: "p".into() },
            StoreError::NotAStore { path: "p".into() },
            StoreError::ReadOnly { path: "p".into() },
            StoreError::IsADirectory { path: "p".into() },
            StoreError::Import {
                path: "p".into(),
                message: "m".into(),
            },
            StoreError::Io {
                path: "p".into(),
                message: "m".into(),
            },
        ] {
            assert_eq!(ErrorCode::of_store(&e).to_string(), e.code(), "{e:?}");
        }
    }
}
