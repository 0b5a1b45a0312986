//! Errors of the `clean` stage.

use docpipe_core::StageError;

/// Why the `clean` stage could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CleanError {
    /// A language code in `languages` is not a two- or three-letter code.
    #[error(
        "unknown language code `{code}` in `languages`: use ISO 639-1 codes such as \"en\" or \"vi\""
    )]
    UnknownLanguage {
        /// The code as written.
        code: String,
    },
    /// A phrase in `extra_furniture` is empty.
    #[error("empty phrase at index {index} of `extra_furniture`")]
    EmptyPhrase {
        /// Its position in the list.
        index: usize,
    },
}

impl From<CleanError> for StageError {
    fn from(e: CleanError) -> Self {
        let option = match &e {
            CleanError::UnknownLanguage { .. } => "languages",
            CleanError::EmptyPhrase { .. } => "extra_furniture",
        };
        StageError::Options {
            option: option.to_owned(),
            message: e.to_string(),
        }
    }
}
