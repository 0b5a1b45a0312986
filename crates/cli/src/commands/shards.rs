//! `docpipe merge` and `docpipe status`.

use super::{CommandResult, Failure};
use anyhow::anyhow;
use docpipe_engine::shards::{ShardState, ShardStatus, StatusError};
use std::path::Path;
use std::process::ExitCode;

pub(crate) fn merge(dir: &Path, quiet: bool) -> CommandResult {
    let manifest = docpipe_engine::shards::merge(dir, &crate::registry::registry())
        .map_err(|e| Failure::Run(anyhow!("{e}")))?;
    if !quiet {
        outln!(
            "merged {} into the single-run layout: {} documents, {} stages",
            dir.display(),
            manifest.read.docs,
            manifest.stages.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The command that reruns exactly `indices`, from the recorded command.
pub(crate) fn retry_commands(status: &ShardStatus, dir: &Path, indices: &[usize]) -> Vec<String> {
    let base: Vec<String> = match status.command() {
        Some(mut argv) => {
            // Drop the old --shard and its value; keep everything else.
            let mut out = Vec::new();
            let mut skip = false;
            for a in argv.drain(..) {
                if skip {
                    skip = false;
                    continue;
                }
                if a == "--shard" {
                    skip = true;
                    continue;
                }
                if a.starts_with("--shard=") {
                    continue;
                }
                out.push(a);
            }
            out
        }
        None => vec![
            "docpipe".into(),
            "run".into(),
            "PIPELINE.toml".into(),
            "--output".into(),
            dir.display().to_string(),
        ],
    };
    let base = base.join(" ");
    indices
        .iter()
        .map(|i| format!("{base} --shard {i}/{}", status.count))
        .collect()
}

pub(crate) fn status(dir: &Path) -> CommandResult {
    // A run, merge or replay going on now: what the files say is about to
    // change, and its advice ("run it again") would be turned away.
    if let Some(holder) = docpipe_engine::output::lock::whole_holder(dir) {
        outln!(
            "{}: in use now by {holder}; run `docpipe status {}` again when it has finished",
            dir.display(),
            dir.display()
        );
        return Ok(ExitCode::from(1));
    }
    let st = match docpipe_engine::shards::status(dir) {
        Ok(st) => st,
        Err(_) if dir.join("manifest.json").is_file() => {
            outln!(
                "{}: a finished run (unsharded, or shards already merged)",
                dir.display()
            );
            return Ok(ExitCode::SUCCESS);
        }
        // Not done is not a usage error: exit 1, as while shards remain,
        // so a script waiting on `status` keeps waiting.
        Err(_) if docpipe_engine::output::layout::holds_unfinished_run(dir) => {
            outln!(
                "{}: an unsharded run that did not finish (no manifest.json: it was interrupted or it failed); run the same `docpipe run` command again: it resumes or redoes the run, no flag needed",
                dir.display()
            );
            return Ok(ExitCode::from(1));
        }
        // The command was well formed; there is just no run to report on.
        // That is exit 1, not the usage error's 2: a script that waits on
        // `status` for a run to appear keeps waiting, as it does while
        // shards remain.
        Err(StatusError::NoShard { .. }) => {
            return Err(Failure::Run(anyhow!(
                "{dir} holds no docpipe run (no manifest.json, no shard, no unfinished output); check the path, or start a run there with `docpipe run PIPELINE.toml --output {dir}`",
                dir = dir.display()
            )));
        }
        Err(e) => return Err(Failure::Run(anyhow!(e))),
    };
    let done = st
        .shards
        .iter()
        .filter(|s| matches!(s, ShardState::Done(_)))
        .count();
    let failed: Vec<usize> = st
        .shards
        .iter()
        .enumerate()
        .filter(|(_, s)| matches!(s, ShardState::Failed(_)))
        .map(|(i, _)| i)
        .collect();
    let missing: Vec<usize> = st
        .shards
        .iter()
        .enumerate()
        .filter(|(_, s)| matches!(s, ShardState::Missing))
        .map(|(i, _)| i)
        .collect();
    let running: Vec<usize> = st
        .shards
        .iter()
        .enumerate()
        .filter(|(_, s)| matches!(s, ShardState::Running { .. }))
        .map(|(i, _)| i)
        .collect();
    outln!(
        "{}: {} shards — {done} done, {} running, {} failed, {} missing",
        dir.display(),
        st.count,
        running.len(),
        failed.len(),
        missing.len()
    );
    for (i, s) in st.shards.iter().enumerate() {
        match s {
            ShardState::Done(m) => outln!(
                "  shard {i}/{}  done     {} docs, {} failed, finished {}",
                st.count,
                m.read.docs,
                m.read.errors + m.stages.iter().map(|s| s.errors).sum::<u64>(),
                m.finished
            ),
            ShardState::Running { holder, .. } => {
                outln!("  shard {i}/{}  running  {holder}", st.count);
            }
            ShardState::Failed(a) => outln!(
                "  shard {i}/{}  failed   started {} and never committed (killed or crashed; no process runs it now)",
                st.count,
                a.as_ref()
                    .map_or("at an unknown time", |a| a.started.as_str())
            ),
            ShardState::Missing => outln!("  shard {i}/{}  missing  never started", st.count),
        }
    }
    // A running shard is not retried: a second process would be turned
    // away by its lock anyway.
    let todo: Vec<usize> = st
        .unfinished()
        .into_iter()
        .filter(|i| !running.contains(i))
        .collect();
    // Shards of different pipelines or inputs can never be merged: say so
    // here rather than let `merge` refuse them later.
    if let Some((first, odd)) = st.mismatched() {
        let list: Vec<String> = odd.iter().map(usize::to_string).collect();
        outln!(
            "shard(s) {} ran a different pipeline or input than shard {first}, so `docpipe merge` would refuse them; rerun them with the same pipeline file, input and options as shard {first} (--force replaces a shard's output):",
            list.join(", ")
        );
        for c in retry_commands(&st, dir, &odd) {
            outln!("  {c} --force");
        }
        return Ok(ExitCode::from(1));
    }
    if todo.is_empty() && running.is_empty() {
        outln!(
            "all shards done; join them with: docpipe merge {}",
            dir.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    if todo.is_empty() {
        outln!(
            "no shard needs a retry; when the running ones finish, join them with: docpipe merge {}",
            dir.display()
        );
        return Ok(ExitCode::from(1));
    }
    outln!("retry exactly the unfinished shards with:");
    for c in retry_commands(&st, dir, &todo) {
        outln!("  {c}");
    }
    let list: Vec<String> = todo.iter().map(usize::to_string).collect();
    // The recorded command is `docpipe run PIPELINE [options]`; submit.sh
    // takes the pipeline and options after the shard count.
    let rest: Vec<String> = retry_commands(&st, dir, &[0])
        .first()
        .map(|c| {
            c.split(' ')
                .skip(2)
                .take_while(|w| *w != "--shard")
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    outln!(
        "or on Slurm: deploy/slurm/submit.sh --array={} {} {}",
        list.join(","),
        st.count,
        rest.join(" ")
    );
    // Not done yet is not an error of this command, but scripts want to
    // know: exit 1 when shards remain.
    Ok(ExitCode::from(1))
}
