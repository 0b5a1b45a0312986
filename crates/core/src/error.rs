//! Errors a stage reports.

use crate::layer::Layer;

/// Why a stage could not handle a document, or could not be built.
///
/// The engine records a document's error in `errors.jsonl` together with the
/// document id, the stage id and where the document came from, so a variant
/// only needs to say what went wrong inside the document. Messages are
/// lowercase and say what a person can do about it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StageError {
    /// The document lacks a layer the stage needs.
    #[error("missing layer `{0}`: add a stage that produces it before this one")]
    MissingLayer(Layer),
    /// The document's content cannot be handled.
    #[error("{message}{}", at.map(|a| format!(" (at code point {a})")).unwrap_or_default())]
    Invalid {
        /// What is wrong.
        message: String,
        /// Code point offset into the text where it went wrong, if known.
        at: Option<usize>,
    },
    /// The stage's options are invalid in a way serde could not express.
    #[error("invalid option `{option}`: {message}")]
    Options {
        /// The option's key in the pipeline file.
        option: String,
        /// What is wrong with it.
        message: String,
    },
    /// Reading or writing a file the stage was handed failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done, with the path.
        context: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The stage ran past its time limit for one document.
    #[error("took longer than the stage's limit of {limit_ms} ms")]
    Timeout {
        /// The limit in milliseconds.
        limit_ms: u64,
    },
    /// An error with no better variant.
    #[error("{0}")]
    Other(String),
}

impl StageError {
    /// A document-content error with a message.
    pub fn invalid(message: impl Into<String>) -> Self {
        StageError::Invalid {
            message: message.into(),
            at: None,
        }
    }

    /// An I/O error with what was being done.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        StageError::Io {
            context: context.into(),
            source,
        }
    }
}

/// Why a stage could not be built from its options.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// An option has an unknown key, a wrong type or a bad value.
    #[error("{message}")]
    Options {
        /// Dotted path of the offending option inside the stage table
        /// (`sentences`, `weights.position`), empty for the table itself.
        path: String,
        /// What serde or the stage said.
        message: String,
    },
    /// The stage refused to build (a model that did not load, say).
    #[error(transparent)]
    Stage(#[from] StageError),
}
