//! The one error contract across IPC: `{code, message, field}`, the message in French.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AppError {
    /// Stable code (`store_corrupted`, `dossier_not_found`…).
    pub code: String,
    pub message: String,
    /// Path of the field concerned, for form errors.
    pub field: Option<String>,
}

impl AppError {
    pub fn new(code: &str, message: impl Into<String>) -> AppError {
        AppError {
            code: code.into(),
            message: message.into(),
            field: None,
        }
    }

    /// A failure of Grappe itself (a panic, a lost thread): nothing was done.
    pub fn internal() -> AppError {
        AppError::new(
            "internal",
            "erreur interne de Grappe : l'opération n'a pas été faite et rien n'a été enregistré ; vous pouvez continuer à travailler",
        )
    }

    /// An error about one field of a form.
    pub fn field(code: &str, message: impl Into<String>, field: &str) -> AppError {
        AppError {
            field: Some(field.into()),
            ..AppError::new(code, message)
        }
    }
}

impl From<grappe_store::StoreError> for AppError {
    fn from(e: grappe_store::StoreError) -> Self {
        AppError {
            code: e.code().to_string(),
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
