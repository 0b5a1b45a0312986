//! `docpipe validate`: parse, check and build, run nothing.

use super::{CommandResult, Failure};
use docpipe_engine::{Pipeline, PipelineFile};
use std::path::Path;
use std::process::ExitCode;

/// Loads and validates a pipeline file with command-line overrides.
pub(crate) fn load(
    path: &Path,
    inputs: Vec<String>,
    output: Option<String>,
) -> Result<Pipeline, Failure> {
    let mut file = PipelineFile::read(path).map_err(Failure::Pipeline)?;
    file.override_input(inputs);
    file.override_output(output);
    file.validate(&crate::registry::registry())
        .map_err(Failure::Pipeline)
}

pub(crate) fn run(path: &Path, inputs: Vec<String>, output: Option<String>) -> CommandResult {
    let p = load(path, inputs, output)?;
    outln!(
        "{}: ok — {} stage{} ({}), {} input file{}{}, output {}",
        path.display(),
        p.stages.len(),
        if p.stages.len() == 1 { "" } else { "s" },
        p.stages
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>()
            .join(" → "),
        p.inputs.len(),
        if p.inputs.len() == 1 { "" } else { "s" },
        if p.skipped.is_empty() {
            String::new()
        } else {
            format!(" ({} skipped: see the warning above)", p.skipped.len())
        },
        p.output.display()
    );
    Ok(ExitCode::SUCCESS)
}
