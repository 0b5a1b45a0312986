//! The `exec` stage: any program that reads and writes JSONL is a docpipe
//! stage.
//!
//! `exec` sits anywhere in a pipeline. It starts `workers` long-lived copies
//! of a program given as an argv list (never through a shell), sends each
//! document to one of them and replaces the document with the answer.
//!
//! ```toml
//! [[stage]]
//! uses = "exec"
//! id = "py"
//! command = ["python3", "examples/add_length.py"]
//! workers = 2
//! timeout = "30s"
//! produces = ["attrs.py"]
//! ```
//!
//! # The protocol
//!
//! - docpipe writes one document per line on the program's stdin: the
//!   record exactly as in the artifacts (`id`, `text`, `meta`, the layers
//!   so far, `attrs`), spans in **code point** offsets, UTF-8, `\n`-ended.
//! - For every line it reads, the program writes one line on stdout, with
//!   the same `id`, and flushes. One of:
//!   - the whole record, changed as the program likes: new fields
//!     (conventionally under `attrs.<stage id>`), new `meta`, even a new
//!     `text`. A program that changes `text` must fix or remove the layers
//!     that index it; spans out of bounds are that document's error.
//!   - `{"id": …, "drop": "reason"}`: the document is dropped on purpose
//!     and the reason goes to `dropped.jsonl`.
//!   - `{"id": …, "error": "message"}`: the document failed; the message
//!     goes to `errors.jsonl`. The worker keeps running.
//! - Each worker has one document in flight at a time; blank lines are
//!   ignored. Anything on stdout that is not a JSON object with the awaited
//!   `id` is garbage: that document fails and the worker is restarted.
//!   Write logs to stderr, never to stdout.
//! - A document not answered within `timeout` fails with a timeout error
//!   and its worker is killed and restarted, with its whole process group
//!   (each worker leads its own), so the processes it started go too. The first document a new
//!   worker gets has `startup_timeout` more, for the program to start.
//! - An answer line longer than `max_reply_bytes` (default: 8 × the
//!   document's line, at least 64 MiB) fails the document and restarts
//!   the worker; docpipe never buffers more than that of one line.
//! - A worker that exits or closes stdout fails the document it was
//!   working on, with its exit status and last stderr lines; the next
//!   document starts a new worker.
//! - Every stderr line is logged at `warn` level in docpipe's run log.
//! - When docpipe is done it closes stdin: the program should exit then.
//!   Whatever still runs shortly after is killed.
//!
//! Processes start on first use, so `docpipe validate` runs nothing; it
//! only checks the options and that the program can be found and is
//! executable.
//!
//! # Example
//!
//! `cat` answers every document with the document itself, a valid (if
//! idle) stage:
//!
//! ```
//! use docpipe_core::{Document, Outcome, StageDescriptor};
//!
//! let built = StageDescriptor::of::<docpipe_exec::ExecSpec>()
//!     .build(serde_json::json!({"command": ["cat"], "timeout": "5s"}))
//!     .expect("valid options");
//! let mut doc = Document::new("a", "Hello.");
//! assert_eq!(built.stage.process(&mut doc).expect("cat answers"), Outcome::Keep);
//! assert_eq!(doc.text, "Hello.");
//! ```

mod error;
mod options;
mod reply;
mod stage;
mod worker;

pub use error::ExecError;
pub use options::{ExecOptions, LayerName, Timeout, parse_duration};
pub use stage::Exec;

use docpipe_core::{Layer, Stage, StageError, StageSpec};
use std::path::{Path, PathBuf};
use worker::Launch;

/// Most workers one `exec` stage may run.
pub const MAX_WORKERS: usize = 256;

/// The `exec` stage, for the registry.
pub struct ExecSpec;

impl StageSpec for ExecSpec {
    type Options = ExecOptions;
    const NAME: &'static str = "exec";
    const DESCRIPTION: &'static str =
        "Runs an external program over JSONL (stdin/stdout) as a stage, with long-lived workers.";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    fn requires(options: &ExecOptions) -> Vec<Layer> {
        options.requires.iter().map(|l| l.0.clone()).collect()
    }

    fn produces(options: &ExecOptions) -> Vec<Layer> {
        options.produces.iter().map(|l| l.0.clone()).collect()
    }

    fn build(options: ExecOptions) -> Result<Box<dyn Stage>, StageError> {
        Ok(Box::new(build(options)?))
    }
}

/// Checks the options and builds the stage; no process starts yet.
pub fn build(options: ExecOptions) -> Result<Exec, ExecError> {
    let Some(program) = options.command.first() else {
        return Err(ExecError::Options {
            option: "command",
            message:
                "required: the program and its arguments, like [\"python3\", \"stages/lang.py\"]"
                    .into(),
        });
    };
    if program.is_empty() {
        return Err(ExecError::Options {
            option: "command",
            message: "the program name is empty".into(),
        });
    }
    if options.workers == 0 || options.workers > MAX_WORKERS {
        return Err(ExecError::Options {
            option: "workers",
            message: format!(
                "must be between 1 and {MAX_WORKERS}, not {}",
                options.workers
            ),
        });
    }
    if let Some(dir) = &options.cwd
        && !dir.is_dir()
    {
        return Err(ExecError::Options {
            option: "cwd",
            message: format!("`{}` is not a directory", dir.display()),
        });
    }
    let path_var = options
        .env
        .get("PATH")
        .cloned()
        .or_else(|| std::env::var("PATH").ok());
    if find_program(program, options.cwd.as_deref(), path_var.as_deref()).is_none() {
        return Err(ExecError::Options {
            option: "command",
            message: not_found(program, options.cwd.as_deref(), path_var.as_deref()),
        });
    }
    if options.max_reply_bytes == Some(0) {
        return Err(ExecError::Options {
            option: "max_reply_bytes",
            message: "must be at least 1 (bytes); leave it out for the default".into(),
        });
    }
    // A cap above what this machine can address is no cap at all.
    let max_reply = options
        .max_reply_bytes
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    let limit_ms = options.timeout.as_millis();
    let launch = Launch {
        argv: options.command,
        env: options.env.into_iter().collect(),
        cwd: options.cwd,
    };
    Ok(Exec::new(
        launch,
        options.workers,
        options.timeout.0,
        options.startup_timeout.0,
        limit_ms,
        max_reply,
    ))
}

/// Where `program` would be found: as a path (relative to `cwd`) when it
/// has a `/`, else on `path_var`. Like `execvp`, only files with an
/// execute bit count, so that a program that could never start is an error
/// in the pipeline file rather than on every document.
fn find_program(program: &str, cwd: Option<&Path>, path_var: Option<&str>) -> Option<PathBuf> {
    candidates(program, cwd, path_var).find(|c| is_executable(c))
}

/// Where `program` may be, in search order: the path itself (relative to
/// `cwd`) when it has a `/`, else each directory of `path_var`.
fn candidates(
    program: &str,
    cwd: Option<&Path>,
    path_var: Option<&str>,
) -> impl Iterator<Item = PathBuf> {
    let (direct, dirs) = if program.contains('/') {
        (Some(as_path(program, cwd)), None)
    } else {
        (None, path_var.map(std::env::split_paths))
    };
    direct
        .into_iter()
        .chain(dirs.into_iter().flatten().map(move |dir| dir.join(program)))
}

/// `program` as a path, relative to `cwd` when it is relative.
fn as_path(program: &str, cwd: Option<&Path>) -> PathBuf {
    let p = Path::new(program);
    match cwd {
        Some(dir) if p.is_relative() => dir.join(p),
        _ => p.to_path_buf(),
    }
}

/// A regular file (or a symlink to one) with some execute bit set.
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Why `program` was not found, with what to do about it.
fn not_found(program: &str, cwd: Option<&Path>, path_var: Option<&str>) -> String {
    match candidates(program, cwd, path_var).find(|c| c.is_file()) {
        Some(file) => format!(
            "`{}` is not executable: make it so (`chmod +x {}`), or run it through its \
             interpreter, like [\"python3\", \"{program}\"]",
            file.display(),
            file.display()
        ),
        _ if program.contains('/') => format!("program `{program}` not found (no such file)"),
        _ => format!("program `{program}` not found on PATH"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use docpipe_core::{BuildError, StageDescriptor};
    use serde_json::json;

    fn build_error(options: serde_json::Value) -> String {
        match StageDescriptor::of::<ExecSpec>().build(options) {
            Err(e @ (BuildError::Options { .. } | BuildError::Stage(_))) => e.to_string(),
            Err(e) => panic!("unexpected error {e}"),
            Ok(_) => panic!("built"),
        }
    }

    #[test]
    fn refuses_bad_options() {
        for (options, says) in [
            (json!({}), "required"),
            (json!({"command": []}), "required"),
            (json!({"command": ["no-such-program-docpipe"]}), "not found"),
            (json!({"command": ["./nope.py"]}), "not found"),
            (json!({"command": ["cat"], "workers": 0}), "between 1 and"),
            (
                json!({"command": ["cat"], "timeout": "soon"}),
                "invalid duration",
            ),
            (
                json!({"command": ["cat"], "requires": ["tokenz"]}),
                "unknown layer",
            ),
            (
                json!({"command": ["cat"], "cwd": "/no/such/dir"}),
                "not a directory",
            ),
            (json!({"command": "cat"}), "invalid type"),
        ] {
            let e = build_error(options.clone());
            assert!(e.contains(says), "{options}: {e}");
        }
    }

    #[test]
    fn declares_layers_from_options() {
        let built = StageDescriptor::of::<ExecSpec>()
            .build(json!({"command": ["cat"], "requires": ["tokens"], "produces": ["attrs.py", "meta"]}))
            .unwrap();
        assert_eq!(built.requires, vec![Layer::TOKENS]);
        assert_eq!(built.produces, vec![Layer::attr("py"), Layer::META]);
        assert_eq!(built.options["timeout"], "60s");
        assert_eq!(built.options["workers"], 1);
        let (req, prod) = StageDescriptor::of::<ExecSpec>().default_layers();
        assert_eq!((req, prod), (vec![Layer::TEXT], vec![]));
    }

    #[test]
    fn finds_programs() {
        assert!(find_program("sh", None, std::env::var("PATH").ok().as_deref()).is_some());
        assert!(find_program("sh", None, Some("/nonexistent")).is_none());
        assert!(find_program("/bin/sh", None, None).is_some());
    }

    #[test]
    fn refuses_a_program_that_is_not_executable() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("docpipe-exec-noexec-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let script = dir.join("noexec.sh");
        std::fs::write(&script, "#!/bin/sh\ncat\n").unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o644)).unwrap();
        let e = build_error(json!({"command": [script.display().to_string()]}));
        assert!(
            e.contains("not executable") && e.contains("chmod +x"),
            "{e}"
        );
        assert!(e.starts_with("invalid option `command`"), "{e}");
        // Found on PATH, but only without an execute bit.
        let e = build_error(json!({"command": ["noexec.sh"], "env": {"PATH": dir}}));
        assert!(e.contains("not executable"), "{e}");
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert!(find_program("noexec.sh", None, dir.to_str()).is_some());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
