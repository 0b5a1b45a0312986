//! Errors of the export stage.

use docpipe_core::StageError;
use std::path::PathBuf;

/// Why an export file could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// Creating or writing a file failed.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The CSV writer failed.
    #[error("cannot write {}: {source}", path.display())]
    Csv {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: csv::Error,
    },
    /// A record could not be serialized to JSON.
    #[error("cannot write {}: {source}", path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: serde_json::Error,
    },
    /// The Parquet writer failed.
    #[cfg(feature = "parquet")]
    #[error("cannot write {}: {source}", path.display())]
    Parquet {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: parquet::errors::ParquetError,
    },
    /// Arrow refused a batch (a schema mismatch: a bug in this crate).
    #[cfg(feature = "parquet")]
    #[error("cannot build a batch for {}: {source}", path.display())]
    Arrow {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: arrow_schema::ArrowError,
    },
}

impl From<ExportError> for StageError {
    fn from(e: ExportError) -> Self {
        match e {
            ExportError::Io { path, source } => {
                StageError::io(format!("cannot write {}", path.display()), source)
            }
            other => StageError::Other(other.to_string()),
        }
    }
}
