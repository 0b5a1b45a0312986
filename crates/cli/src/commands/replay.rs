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
    // Said even with --quiet: records left errors.jsonl.
    if !report.unmatched.is_empty() {
        outln!(
            "{} error record(s) named an input line that is not there any more (the input changed since the run) and left errors.jsonl: {}",
            report.unmatched.len(),
            report.unmatched.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}
