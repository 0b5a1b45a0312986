//! Errors of the `tag` crate.

use std::path::PathBuf;

/// What can go wrong loading models and tables, training, or tagging.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TagError {
    /// A model file could not be read.
    #[error("cannot read model `{path}`: {source}")]
    ReadModel {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A model's bytes are not a valid model.
    #[error("invalid model: {0}")]
    InvalidModel(String),
    /// A gazetteer file could not be read.
    #[error("cannot read gazetteer `{path}`: {source}")]
    ReadGazetteer {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A gazetteer line is malformed.
    #[error("gazetteer `{path}` line {line}: {message}")]
    Gazetteer {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A CoNLL line is malformed.
    #[error("conll line {line}: {message}")]
    Conll {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Training data has nothing to learn from.
    #[error("no training data: {0}")]
    NoData(String),
}

impl From<TagError> for docpipe_core::StageError {
    fn from(e: TagError) -> Self {
        docpipe_core::StageError::Invalid {
            message: e.to_string(),
            at: None,
        }
    }
}
