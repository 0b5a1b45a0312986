//! Errors of the engine.

use std::ops::Range;
use std::path::PathBuf;

/// One problem found in a pipeline file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What is wrong, lowercase.
    pub message: String,
    /// Byte range in the file the problem is at, when known.
    pub span: Option<Range<usize>>,
    /// 1-based line and column of `span`'s start.
    pub line: usize,
    /// 1-based column of `span`'s start.
    pub column: usize,
    /// How to fix it ("did you mean `summarize`?").
    pub help: Option<String>,
}

/// A pipeline file that cannot run, with every problem found in it.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", render_plain(self))]
pub struct PipelineError {
    /// The file.
    pub path: PathBuf,
    /// Its text, for rendering the problems in context.
    pub source_text: String,
    /// The problems, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

fn render_plain(e: &PipelineError) -> String {
    let mut out = String::new();
    for (i, d) in e.diagnostics.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!(
            "{}:{}:{}: {}",
            e.path.display(),
            d.line,
            d.column,
            d.message
        ));
        if let Some(h) = &d.help {
            out.push_str(&format!(" (help: {h})"));
        }
    }
    out
}

/// Why a run failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RunError {
    /// The pipeline file is invalid.
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    /// The output directory holds a finished run of something else.
    #[error(
        "{dir} already holds a finished run of a different pipeline or input; pass --force to replace it (stages whose input and options are unchanged are reused), or choose another --output"
    )]
    OutputExists {
        /// The output directory.
        dir: PathBuf,
    },
    /// The output directory holds files but no trace of a docpipe run: it
    /// is someone else's, and a run could overwrite or remove their files.
    #[error(
        "{dir} is not empty and holds no docpipe run, so docpipe will not write into it (not even with --force, which only replaces an earlier docpipe run); choose an empty or new --output directory, or move its contents elsewhere"
    )]
    ForeignOutput {
        /// The output directory.
        dir: PathBuf,
    },
    /// Writing the outputs failed (disk full, permissions, …).
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file being written.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A stage's collector failed at the end of the run.
    #[error("stage `{stage}` failed to finish: {source}")]
    Finish {
        /// The stage id.
        stage: String,
        /// The stage's error.
        #[source]
        source: docpipe_core::StageError,
    },
    /// More documents failed than the error budget allows.
    #[error("{errors} of {docs} documents failed, over the budget of {budget}; see errors.jsonl")]
    TooManyErrors {
        /// Failed documents so far.
        errors: u64,
        /// Documents seen so far.
        docs: u64,
        /// The budget as written in the pipeline file.
        budget: String,
    },
    /// Reading a previous run's files failed.
    #[error("cannot read {path}: {message}")]
    Read {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A worker thread died unexpectedly.
    #[error("internal error: {0}")]
    Internal(String),
}
