//! `docpipe run`.

use super::{CommandResult, Failure};
use anyhow::anyhow;
use docpipe_engine::{RunError, RunOptions, RunOutcome, Shard};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `docpipe run`.
#[derive(clap::Args)]
pub(crate) struct RunArgs {
    /// The pipeline file.
    pipeline: PathBuf,
    /// Input paths (files, directories, globs) replacing the file's `input`.
    #[arg(long = "input")]
    inputs: Vec<String>,
    /// Output directory replacing the file's `output`.
    #[arg(long)]
    output: Option<String>,
    /// Worker threads (default: one per core; at most 1024).
    #[arg(long, default_value_t = 0, value_parser = parse_threads)]
    threads: usize,
    /// Run shard I of N (0-based), e.g. `--shard 2/8`. Without it, Slurm
    /// array variables or a Kubernetes Indexed Job's index are used when set.
    #[arg(long)]
    shard: Option<String>,
    /// Replace a finished run of a different pipeline or input in the output directory.
    /// Leading stages whose input, options and version are unchanged are reused.
    #[arg(long)]
    force: bool,
    /// Recompute every stage, reusing nothing from an earlier run (e.g. after
    /// retraining a model file in place or changing an `exec` program).
    #[arg(long)]
    no_reuse: bool,
}

/// The most worker threads a run starts. Each holds a few batches in
/// flight; far more threads than cores only costs memory and start-up, and
/// a typo (`--threads 20000`) should not bring a shared machine down.
pub(crate) const MAX_THREADS: usize = 1024;

/// Parses `--threads`: 0 (one per core) to [`MAX_THREADS`].
pub(crate) fn parse_threads(s: &str) -> Result<usize, String> {
    let n: usize = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a number of threads"))?;
    if n > MAX_THREADS {
        return Err(format!(
            "{n} threads is over the limit of {MAX_THREADS}; use 0 for one per core"
        ));
    }
    Ok(n)
}

/// The shard from `--shard` or the scheduler's environment.
pub(crate) fn shard_from(
    arg: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<Shard>, String> {
    if let Some(s) = arg {
        return Shard::parse(s).map(Some);
    }
    let num = |k: &str| -> Result<Option<usize>, String> {
        env(k)
            .map(|v| {
                v.trim()
                    .parse::<usize>()
                    .map_err(|_| format!("{k}={v} is not a number"))
            })
            .transpose()
    };
    // An index without a count would run the whole input in every task,
    // all into one directory: refuse rather than guess.
    match (num("SLURM_ARRAY_TASK_ID")?, num("SLURM_ARRAY_TASK_COUNT")?) {
        (Some(id), Some(count)) => {
            let min = num("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
            let index = id
                .checked_sub(min)
                .ok_or("SLURM_ARRAY_TASK_ID is below SLURM_ARRAY_TASK_MIN")?;
            return Shard::parse(&format!("{index}/{count}")).map(Some);
        }
        (Some(_), None) => {
            return Err(
                "SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not \
                 (an older Slurm?): pass --shard \"$((SLURM_ARRAY_TASK_ID - MIN))/N\" explicitly"
                    .into(),
            );
        }
        _ => {}
    }
    match (num("JOB_COMPLETION_INDEX")?, num("DOCPIPE_SHARD_COUNT")?) {
        (Some(index), Some(count)) => Shard::parse(&format!("{index}/{count}")).map(Some),
        (Some(_), None) => Err(
            "JOB_COMPLETION_INDEX is set but DOCPIPE_SHARD_COUNT is not: \
             set DOCPIPE_SHARD_COUNT to the Indexed Job's `completions` \
             (deploy/k8s/docpipe-job.yaml does), or pass --shard I/N"
                .into(),
        ),
        _ => Ok(None),
    }
}

pub(crate) fn run(args: RunArgs, quiet: bool) -> CommandResult {
    let shard = shard_from(args.shard.as_deref(), &|k| std::env::var(k).ok())
        .map_err(|e| Failure::Usage(anyhow!("--shard: {e}")))?;
    let pipeline = super::validate::load(&args.pipeline, args.inputs, args.output)?;
    let bar = (!quiet && std::io::stderr().is_terminal()).then(crate::render::progress_bar);
    let options = RunOptions {
        threads: args.threads,
        force: args.force,
        no_reuse: args.no_reuse,
        shard,
        command: std::env::args().collect(),
        progress: bar.clone().map(|bar| -> docpipe_engine::ProgressFn {
            Box::new(move |p: &docpipe_engine::Progress| {
                bar.set_length(p.total_bytes.max(p.bytes));
                bar.set_position(p.bytes);
                bar.set_message(format!("{} docs, {} failed", p.docs, p.errors));
            })
        }),
    };
    let outcome = docpipe_engine::run(&pipeline, &options);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    match outcome {
        Ok(RunOutcome::Finished(report)) => {
            if !quiet {
                crate::render::summary(&report);
            }
            Ok(ExitCode::SUCCESS)
        }
        Ok(RunOutcome::AlreadyDone(m)) => {
            if !quiet {
                outln!(
                    "{} already holds this run (pipeline and input unchanged, finished {}): nothing to do. Pass --force to run it again.",
                    pipeline.output.display(),
                    m.finished
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(RunError::Pipeline(e)) => Err(Failure::Pipeline(e)),
        Err(
            e @ (RunError::OutputExists { .. }
            | RunError::ForeignOutput { .. }
            | RunError::ShardCountMismatch { .. }
            | RunError::ShardPipelineMismatch { .. }),
        ) => Err(Failure::Usage(e.into())),
        Err(e) => {
            let hint = match &e {
                // A file where the output directory should be: the message
                // says what to do, and freeing space would not help.
                RunError::Write { source, .. }
                    if source.kind() == std::io::ErrorKind::NotADirectory =>
                {
                    ""
                }
                RunError::Write { .. } => {
                    "\nnothing was marked finished; free the space or fix the permissions and run the same command again to redo the run"
                }
                RunError::TooManyErrors { .. } => {
                    "\nfix the cause of the failures recorded there, or raise `max_errors`, and run the same command again"
                }
                _ => "",
            };
            Err(Failure::Run(anyhow!("{e}{hint}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect();
        move |k| pairs.iter().find(|(kk, _)| kk == k).map(|(_, v)| v.clone())
    }

    #[test]
    fn shard_sources() {
        assert_eq!(
            shard_from(Some("1/3"), &env(&[])),
            Ok(Some(Shard { index: 1, count: 3 }))
        );
        assert_eq!(shard_from(None, &env(&[])), Ok(None));
        let slurm = env(&[
            ("SLURM_ARRAY_TASK_ID", "5"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
            ("SLURM_ARRAY_TASK_MIN", "2"),
        ]);
        assert_eq!(
            shard_from(None, &slurm),
            Ok(Some(Shard { index: 3, count: 4 }))
        );
        let k8s = env(&[("JOB_COMPLETION_INDEX", "0"), ("DOCPIPE_SHARD_COUNT", "2")]);
        assert_eq!(
            shard_from(None, &k8s),
            Ok(Some(Shard { index: 0, count: 2 }))
        );
        assert!(
            shard_from(
                None,
                &env(&[("JOB_COMPLETION_INDEX", "x"), ("DOCPIPE_SHARD_COUNT", "2")])
            )
            .is_err()
        );
        // The flag wins over the environment.
        assert_eq!(
            shard_from(Some("0/1"), &slurm),
            Ok(Some(Shard { index: 0, count: 1 }))
        );
        // An index without a count is refused, not run unsharded.
        let e = shard_from(None, &env(&[("SLURM_ARRAY_TASK_ID", "3")])).unwrap_err();
        assert!(e.contains("SLURM_ARRAY_TASK_COUNT is not"), "{e}");
        let e = shard_from(None, &env(&[("JOB_COMPLETION_INDEX", "1")])).unwrap_err();
        assert!(e.contains("DOCPIPE_SHARD_COUNT is not"), "{e}");
        // ... but a count alone (a variable left over) changes nothing.
        assert_eq!(
            shard_from(None, &env(&[("DOCPIPE_SHARD_COUNT", "4")])),
            Ok(None)
        );
    }

    #[test]
    fn thread_counts() {
        assert_eq!(parse_threads("0"), Ok(0));
        assert_eq!(parse_threads(" 8"), Ok(8));
        assert_eq!(parse_threads("1024"), Ok(MAX_THREADS));
        assert!(
            parse_threads("1025")
                .unwrap_err()
                .contains("over the limit of 1024")
        );
        assert!(parse_threads("18446744073709551616").is_err());
        assert!(parse_threads("-1").is_err());
    }
}
