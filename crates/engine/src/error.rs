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
    /// The command-line option the value came from (`--input`), when it is
    /// not in the file: `span` is then `None`, `line` and `column` point
    /// nowhere, and renderers name the command line instead of a place in
    /// the file, which would send the reader looking at the wrong thing.
    pub flag: Option<String>,
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
        match &d.flag {
            Some(_) => out.push_str(&format!("command line: {}", d.message)),
            None => out.push_str(&format!(
                "{}:{}:{}: {}",
                e.path.display(),
                d.line,
                d.column,
                d.message
            )),
        }
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
    /// The output directory holds parts of a sharded run with another
    /// shard count: the two could never be merged.
    #[error(
        "{dir} holds parts of a {found}-shard run, and this is shard {index} of {count}: the parts could never be merged. Run every shard with --shard I/{found} like the others, or choose another --output, or remove the {found}-shard files (`*.part-*-of-{found:05}*`) first; --force does not, as it only replaces this shard's own output"
    )]
    ShardCountMismatch {
        /// The output directory.
        dir: PathBuf,
        /// The shard count of the parts already there.
        found: usize,
        /// This run's shard index.
        index: usize,
        /// This run's shard count.
        count: usize,
    },
    /// Another shard in the output directory ran a different pipeline or
    /// input.
    #[error(
        "{dir} holds shard {other} of {count} from a different pipeline or input, so this shard's parts could not be merged with it. Run the same pipeline file, input and options as the other shards, or choose another --output, or pass --force to replace this shard's output (and then rerun every other shard with --force too)"
    )]
    ShardPipelineMismatch {
        /// The output directory.
        dir: PathBuf,
        /// The index of a finished shard that ran something else.
        other: usize,
        /// The shard count.
        count: usize,
    },
    /// Another docpipe process is writing into the output directory (or
    /// runs the same shard): two at once would mix their files.
    #[error(
        "{dir} is in use: {holder}. Wait for that process to finish, or stop it, then run this command again (its lock goes when it exits, even if killed); or choose another --output"
    )]
    Busy {
        /// The output directory.
        dir: PathBuf,
        /// Who holds it, as its lock file says.
        holder: String,
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
    #[error(
        "{errors} of {docs} documents failed, over the budget of {budget}; see {}",
        errors_file.display()
    )]
    TooManyErrors {
        /// Failed documents so far.
        errors: u64,
        /// Documents seen so far.
        docs: u64,
        /// The budget as written in the pipeline file.
        budget: String,
        /// The error records kept for inspection: `errors.jsonl`, or a
        /// shard's `errors.part-IIIII-of-NNNNN.jsonl`, which a message
        /// naming `errors.jsonl` would send the reader looking for in vain.
        errors_file: PathBuf,
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
