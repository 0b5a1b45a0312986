//! `docpipe replay`.

use super::{CommandResult, Failure};
use anyhow::anyhow;
use std::path::Path;
use std::process::ExitCode;

pub(crate) fn run(dir: &Path, threads: usize, quiet: bool) -> CommandResult {
    let report = docpipe_engine::replay::replay(dir, &crate::registry::registry(), threads)
        .map_err(|e| Failure::Run(anyhow!("{e}")))?;
    if !quiet {
        outln!(
            "replayed {} documents from {}/errors.jsonl: {} now pass, {} still fail",
            report.retried,
            dir.display(),
            report.fixed,
            report.still_failing
        );
    }
    Ok(ExitCode::SUCCESS)
}
