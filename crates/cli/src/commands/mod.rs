//! One module per subcommand.

pub(crate) mod replay;
pub(crate) mod run;
pub(crate) mod shards;
pub(crate) mod stages;
pub(crate) mod validate;

use docpipe_engine::PipelineError;
use std::process::ExitCode;

/// How a command failed, which decides the exit status.
pub(crate) enum Failure {
    /// The pipeline file is invalid (exit 2), rendered with its source.
    Pipeline(PipelineError),
    /// Usage error (exit 2).
    Usage(anyhow::Error),
    /// The run failed (exit 1).
    Run(anyhow::Error),
}

impl Failure {
    /// Prints the failure to stderr and returns the exit status.
    pub(crate) fn report(self) -> ExitCode {
        match self {
            Failure::Pipeline(e) => {
                crate::render::pipeline_error(&e);
                ExitCode::from(2)
            }
            Failure::Usage(e) => {
                eprintln!("error: {e:#}");
                ExitCode::from(2)
            }
            Failure::Run(e) => {
                eprintln!("error: {e:#}");
                ExitCode::from(1)
            }
        }
    }
}

/// What a command returns.
pub(crate) type CommandResult = Result<ExitCode, Failure>;
