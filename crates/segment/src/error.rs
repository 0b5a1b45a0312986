//! Errors of the `segment` stage.

use docpipe_core::StageError;

/// Why the segmenter could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SegmentError {
    /// A user abbreviation is unusable.
    #[error("invalid abbreviation {word:?} in `{option}`: {reason}")]
    Abbreviation {
        /// The option the entry came from.
        option: &'static str,
        /// The entry.
        word: String,
        /// What is wrong with it.
        reason: &'static str,
    },
}

impl From<SegmentError> for StageError {
    fn from(e: SegmentError) -> Self {
        match &e {
            SegmentError::Abbreviation { option, .. } => StageError::Options {
                option: (*option).to_owned(),
                message: e.to_string(),
            },
        }
    }
}
