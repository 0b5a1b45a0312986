//! What can go wrong between docpipe and an external program.

use docpipe_core::StageError;

/// Why the program could not handle one document, or could not be set up.
///
/// Every variant names the worker (its index and the program) so the
/// document's line in `errors.jsonl` says where to look.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExecError {
    /// The options are unusable in a way serde could not express.
    #[error("invalid option `{option}`: {message}")]
    Options {
        /// The option's key.
        option: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// The program could not be started.
    #[error("could not start `{program}`: {source}")]
    Spawn {
        /// The program (`argv[0]`).
        program: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The program exited (or closed its stdout) before answering.
    #[error("worker {worker} (`{program}`) {status} before answering{}", stderr_tail(.stderr))]
    Exited {
        /// The worker's index.
        worker: usize,
        /// The program (`argv[0]`).
        program: String,
        /// How it ended (`exited with exit status: 1`, `closed its stdout`).
        status: String,
        /// Its last stderr lines.
        stderr: Vec<String>,
    },
    /// The program answered with something that is not a reply to this
    /// document: not JSON, not an object, or another document's id.
    #[error("worker {worker} (`{program}`) wrote garbage: {message}{}", stderr_tail(.stderr))]
    Garbage {
        /// The worker's index.
        worker: usize,
        /// The program (`argv[0]`).
        program: String,
        /// What was wrong with the line.
        message: String,
        /// Its last stderr lines.
        stderr: Vec<String>,
    },
    /// The program wrote a stdout line longer than the cap without ending
    /// it; reading stopped at the cap, so memory stays bounded.
    #[error(
        "worker {worker} (`{program}`) wrote a stdout line longer than {cap} bytes without a newline; \
         an answer must be one line no longer than that: if this document's answer really is that long, \
         set `max_reply_bytes` in the stage's options (default: 8 × the document's line, at least 64 MiB){}",
        stderr_tail(.stderr)
    )]
    ReplyTooLong {
        /// The worker's index.
        worker: usize,
        /// The program (`argv[0]`).
        program: String,
        /// The cap that was exceeded, in bytes.
        cap: usize,
        /// Its last stderr lines.
        stderr: Vec<String>,
    },
    /// The program answered `{"id": …, "error": "…"}`.
    #[error("the program reported an error: {0}")]
    Reported(String),
    /// The program answered with a record docpipe cannot accept (spans
    /// out of bounds after a text change, a wrong field type).
    #[error("the program returned an invalid record: {0}")]
    InvalidRecord(String),
}

fn stderr_tail(lines: &[String]) -> String {
    if lines.is_empty() {
        String::new()
    } else {
        format!("; last stderr lines:\n  {}", lines.join("\n  "))
    }
}

impl From<ExecError> for StageError {
    fn from(e: ExecError) -> Self {
        match e {
            ExecError::Options { option, message } => StageError::Options {
                option: option.to_owned(),
                message,
            },
            ExecError::Spawn { program, source } => {
                StageError::io(format!("could not start `{program}`"), source)
            }
            ExecError::InvalidRecord(_) | ExecError::Reported(_) => {
                StageError::invalid(e.to_string())
            }
            other => StageError::Other(other.to_string()),
        }
    }
}
