//! `docpipe`: run document-processing pipelines from a pipeline file.
//!
//! This binary is a thin shell over `docpipe-engine`: it parses the command
//! line, renders errors (pipeline-file errors point at their line with
//! miette), shows a progress bar on a terminal, and prints the run summary.
//! Exit status: 0 success, 1 the run failed, 2 usage or pipeline-file error.

/// `println!` that ends the program quietly when standard output is a
/// closed pipe (`docpipe stages | head -2`), as other Unix tools do,
/// instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($arg)*) {
            $crate::stdout_failed(e);
        }
    }};
}

mod commands;
mod new_stage;
mod registry;
mod render;
mod train;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "docpipe",
    version,
    about = "Run document-processing pipelines over a corpus, in parallel, with one JSONL artifact per stage.",
    propagate_version = true
)]
struct Cli {
    /// More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,
    /// Only errors: no progress bar, no summary.
    #[arg(short, long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a pipeline file.
    Run(commands::run::RunArgs),
    /// Check everything a run would check, and run nothing.
    Validate {
        /// The pipeline file.
        pipeline: PathBuf,
        /// Input paths replacing the file's `input`.
        #[arg(long = "input")]
        inputs: Vec<String>,
        /// Output directory replacing the file's `output`.
        #[arg(long)]
        output: Option<String>,
    },
    /// List the registered stages: what each needs and adds, and its options.
    Stages {
        /// Print as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Print the JSON Schema of pipeline files (for editors).
    Schema,
    /// Scaffold a new stage crate in crates/NAME and register it.
    NewStage {
        /// The stage's name (lowercase letters, digits, `-` or `_`).
        name: String,
    },
    /// Train the tagger's POS and NER models from CoNLL-format files.
    Train(train::TrainArgs),
    /// Join the shard outputs in DIR into the single-run layout.
    Merge {
        /// The output directory of a sharded run.
        dir: PathBuf,
    },
    /// Show which shards of DIR are done, missing or failed, and the retry command.
    ///
    /// Also tells a finished unsharded run (or merged shards), an unsharded
    /// run that did not finish, and a directory a run, merge or replay holds
    /// now.
    ///
    /// Exit status: 0 when the run in DIR is finished or all its shards are
    /// done (merge them next); 1 while anything remains to do or wait for
    /// (shards unfinished or running, a run that did not finish or holds DIR
    /// now, shards of different pipelines), and when DIR holds no docpipe
    /// run or cannot be read; 2 usage error (a malformed command line).
    Status {
        /// The output directory.
        dir: PathBuf,
    },
    /// Rerun the documents in DIR/errors.jsonl and fold them into the outputs.
    Replay {
        /// The output directory of a finished run.
        dir: PathBuf,
        /// Worker threads (default: one per core; at most 1024).
        #[arg(long, default_value_t = 0, value_parser = commands::run::parse_threads)]
        threads: usize,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.verbose, cli.quiet);
    let quiet = cli.quiet;
    let result = match cli.command {
        Command::Run(args) => commands::run::run(args, quiet),
        Command::Validate {
            pipeline,
            inputs,
            output,
        } => commands::validate::run(&pipeline, inputs, output),
        Command::Stages { json } => commands::stages::run(json),
        Command::Schema => commands::stages::schema(),
        Command::NewStage { name } => std::env::current_dir()
            .map_err(anyhow::Error::from)
            .and_then(|cwd| new_stage::find_workspace_root(&cwd))
            .and_then(|root| new_stage::run(&name, &root))
            .map(|()| ExitCode::SUCCESS)
            .map_err(commands::Failure::Usage),
        Command::Train(args) => train::run(args)
            .map(|()| ExitCode::SUCCESS)
            .map_err(commands::Failure::Run),
        Command::Merge { dir } => commands::shards::merge(&dir, quiet),
        Command::Status { dir } => commands::shards::status(&dir),
        Command::Replay { dir, threads } => commands::replay::run(&dir, threads, quiet),
    };
    match result {
        Ok(code) => code,
        Err(failure) => failure.report(),
    }
}

/// Ends the program after a failed write to standard output: quietly with
/// success when the reader went away, else with the error.
fn stdout_failed(e: std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("docpipe: cannot write to standard output: {e}");
    std::process::exit(1);
}

fn init_logging(verbose: u8, quiet: bool) {
    use tracing_subscriber::EnvFilter;
    let default = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, 2) => "debug",
        _ => "trace",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    // Colours only for a person at a terminal: escape codes in a log file
    // or a pipe are noise (and `NO_COLOR` turns them off anywhere).
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr())
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .with_target(false)
        .try_init();
}
