//! Errors of the `summarize` stage.

use docpipe_core::StageError;

/// What can go wrong building or running `summarize`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SummarizeError {
    /// The background document-frequency table is malformed.
    #[error("background df table, line {line}: expected `term<TAB>count`, found `{content}`")]
    Table {
        /// 1-based line number in the table.
        line: usize,
        /// The start of the offending line.
        content: String,
    },
    /// An option is out of range or conflicts with another.
    #[error("invalid option `{option}`: {message}")]
    Option {
        /// The option's key.
        option: &'static str,
        /// What is wrong.
        message: String,
    },
}

impl From<SummarizeError> for StageError {
    fn from(e: SummarizeError) -> Self {
        match e {
            SummarizeError::Option { option, message } => StageError::Options {
                option: option.to_owned(),
                message,
            },
            other => StageError::Other(other.to_string()),
        }
    }
}
