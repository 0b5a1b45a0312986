//! Incremental reruns: unchanged leading stages are reused, and the result
//! is byte-identical to a fresh run of the changed pipeline.

use crate::{pipeline, run, run_with, toml, tree, write_corpus};
use docpipe_engine::{RunOptions, RunOutcome, RunReport};
use proptest::prelude::*;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// tokens → picky (drops, fails, panics on markers) → count (a collector),
/// with `count = N` on the stage at `changed` to change its options.
fn chain(changed: Option<(usize, usize)>) -> String {
    let mut s = String::new();
    for (k, uses) in ["tokens", "picky", "count"].iter().enumerate() {
        s.push_str(&format!("[[stage]]\nuses = \"{uses}\"\n"));
        if let Some((at, n)) = changed
            && at == k
        {
            s.push_str(&format!("count = {n}\n"));
        }
    }
    s
}

/// [`crate::corpus`] with a line the reader refuses in the second file.
fn corpus(n: usize, seed: u64) -> (tempfile::TempDir, PathBuf) {
    let (dir, input) = crate::corpus(n, seed);
    let bad = input.join("part1.jsonl");
    let mut text = std::fs::read_to_string(&bad).unwrap();
    text.push_str("{\"id\": \"broken\", \"text\": \n");
    text.push_str("{\"id\": \"after-broken\", \"text\": \"news on the ASEAN\"}\n");
    std::fs::write(&bad, text).unwrap();
    (dir, input)
}

fn rerun(t: &str, threads: usize, options: RunOptions) -> RunReport {
    run_with(t, RunOptions { threads, ..options })
}

fn reused(r: &RunReport) -> Vec<bool> {
    r.manifest.stages.iter().map(|s| s.reused).collect()
}

fn inode(p: &Path) -> (u64, i64, i64) {
    let m = std::fs::metadata(p).unwrap();
    (m.ino(), m.mtime(), m.mtime_nsec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]
    /// Changing the options of stage `at` reruns it and what follows, and
    /// the directory is byte for byte what a fresh run writes.
    #[test]
    fn a_rerun_after_an_options_change_equals_a_fresh_run(
        n in 1usize..300, seed in any::<u64>(), at in 0usize..3, threads in 1usize..4,
    ) {
        let (dir, input) = corpus(n, seed);
        let out = dir.path().join("out");
        let fresh = dir.path().join("fresh");
        run(&toml(&input, &out, &chain(None)), 2);
        let changed = chain(Some((at, 7)));
        let r = rerun(&toml(&input, &out, &changed), threads, RunOptions::default());
        let expected: Vec<bool> = (0..3).map(|k| k < at).collect();
        prop_assert_eq!(reused(&r), expected);
        let f = run(&toml(&input, &fresh, &changed), 1);
        prop_assert_eq!(tree(&out), tree(&fresh));
        // The counts are the fresh run's, seconds aside.
        for (a, b) in r.manifest.stages.iter().zip(&f.manifest.stages) {
            prop_assert_eq!((a.input, a.out, a.dropped, a.errors, a.bytes), (b.input, b.out, b.dropped, b.errors, b.bytes));
        }
        prop_assert_eq!(&r.manifest.read, &f.manifest.read);
        prop_assert_eq!(
            r.manifest.artifacts.iter().map(|a| (&a.path, a.bytes)).collect::<Vec<_>>(),
            f.manifest.artifacts.iter().map(|a| (&a.path, a.bytes)).collect::<Vec<_>>()
        );
    }
}

#[test]
fn reused_artifacts_are_not_rewritten() {
    let (dir, input) = corpus(120, 5);
    let out = dir.path().join("out");
    run(&toml(&input, &out, &chain(None)), 2);
    let before = [
        inode(&out.join("01-tokens.jsonl")),
        inode(&out.join("02-picky.jsonl")),
    ];
    let r = rerun(
        &toml(&input, &out, &chain(Some((2, 3)))),
        2,
        RunOptions::default(),
    );
    assert_eq!(reused(&r), [true, true, false]);
    let after = [
        inode(&out.join("01-tokens.jsonl")),
        inode(&out.join("02-picky.jsonl")),
    ];
    assert_eq!(before, after);
    // The reused stages keep the counts and seconds they were computed with.
    let m = docpipe_engine::Manifest::read(&out.join("manifest.json"))
        .unwrap()
        .unwrap();
    assert!(m.stages[0].reused && m.stages[1].reused && !m.stages[2].reused);
    let text = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert_eq!(text.matches("\"reused\": true").count(), 2, "{text}");
}

#[test]
fn an_input_change_reuses_nothing() {
    let (dir, input) = corpus(60, 6);
    let out = dir.path().join("out");
    run(&toml(&input, &out, &chain(None)), 2);
    write_corpus(&input.join("part0.jsonl"), 25, 99);
    let t = toml(&input, &out, &chain(Some((2, 1))));
    let r = rerun(&t, 2, RunOptions::default());
    assert_eq!(reused(&r), [false, false, false]);
    let fresh = dir.path().join("fresh");
    run(&toml(&input, &fresh, &chain(Some((2, 1)))), 1);
    assert_eq!(tree(&out), tree(&fresh));
}

#[test]
fn a_change_in_the_first_stage_reuses_nothing() {
    let (dir, input) = corpus(60, 7);
    let out = dir.path().join("out");
    run(&toml(&input, &out, &chain(None)), 2);
    let r = rerun(
        &toml(&input, &out, &chain(Some((0, 1)))),
        2,
        RunOptions::default(),
    );
    assert_eq!(reused(&r), [false, false, false]);
}

#[test]
fn force_on_an_unchanged_pipeline_and_no_reuse_recompute_everything() {
    let (dir, input) = corpus(60, 8);
    let out = dir.path().join("out");
    let t = toml(&input, &out, &chain(None));
    run(&t, 2);
    // --force with nothing changed: the way to pick up a retrained model.
    let r = rerun(&t, 2, RunOptions::default());
    assert_eq!(reused(&r), [false, false, false]);
    // --no-reuse with a changed pipeline.
    let r = rerun(
        &toml(&input, &out, &chain(Some((2, 4)))),
        2,
        RunOptions {
            no_reuse: true,
            ..RunOptions::default()
        },
    );
    assert_eq!(reused(&r), [false, false, false]);
}

/// A pipeline file (from `toml`) with its artifacts zstd-compressed.
fn zstd(pipeline: String) -> String {
    pipeline.replacen("name = \"t\"", "name = \"t\"\ncompression = \"zstd\"", 1)
}

#[test]
fn a_changed_compression_reuses_nothing() {
    let (dir, input) = corpus(60, 9);
    let out = dir.path().join("out");
    run(&toml(&input, &out, &chain(None)), 2);
    let t = zstd(toml(&input, &out, &chain(Some((2, 4)))));
    let r = rerun(&t, 2, RunOptions::default());
    assert_eq!(reused(&r), [false, false, false]);
    assert!(out.join("01-tokens.jsonl.zst").exists());
    assert!(!out.join("01-tokens.jsonl").exists());
}

#[test]
fn compressed_artifacts_are_reused_too() {
    let (dir, input) = corpus(90, 10);
    let out = dir.path().join("out");
    run(&zstd(toml(&input, &out, &chain(None))), 2);
    let r = rerun(
        &zstd(toml(&input, &out, &chain(Some((1, 2))))),
        2,
        RunOptions::default(),
    );
    assert_eq!(reused(&r), [true, false, false]);
    let fresh = dir.path().join("fresh");
    run(&zstd(toml(&input, &fresh, &chain(Some((1, 2))))), 1);
    assert_eq!(tree(&out), tree(&fresh));
}

#[test]
fn a_damaged_artifact_is_recomputed_not_trusted() {
    let (dir, input) = corpus(60, 11);
    let out = dir.path().join("out");
    run(&toml(&input, &out, &chain(None)), 2);
    // Stage 2's artifact lost its last line: reuse stops before it.
    let p = out.join("02-picky.jsonl");
    let text = std::fs::read_to_string(&p).unwrap();
    let cut = text.trim_end_matches('\n').rfind('\n').map_or(0, |i| i + 1);
    std::fs::write(&p, &text[..cut]).unwrap();
    let changed = chain(Some((2, 5)));
    let r = rerun(&toml(&input, &out, &changed), 2, RunOptions::default());
    assert_eq!(reused(&r), [true, false, false]);
    let fresh = dir.path().join("fresh");
    run(&toml(&input, &fresh, &changed), 1);
    assert_eq!(tree(&out), tree(&fresh));
}

#[test]
fn a_cut_compressed_artifact_is_redone_not_reported_done() {
    let (dir, input) = corpus(200, 14);
    let out = dir.path().join("out");
    let t = zstd(toml(&input, &out, &chain(None)));
    run(&t, 2);
    let fresh = tree(&out);
    // Stage 2's compressed artifact lost its second half: its zstd frame
    // is cut, which only its size on disk shows before it is read.
    let p = out.join("02-picky.jsonl.zst");
    let cut_in_half = |p: &Path| {
        let len = std::fs::metadata(p).unwrap().len();
        let f = std::fs::OpenOptions::new().write(true).open(p).unwrap();
        f.set_len(len / 2).unwrap();
    };
    cut_in_half(&p);
    let p2 = pipeline(&t).unwrap();
    let outcome = docpipe_engine::run(&p2, &RunOptions::default()).unwrap();
    let RunOutcome::Finished(r) = outcome else {
        panic!("a cut artifact was taken for a finished run");
    };
    // The intact first stage is kept; the cut one and the rest are redone.
    assert_eq!(reused(&r), [true, false, false]);
    assert_eq!(tree(&out), fresh);
    // And an options change does not reuse a cut artifact either.
    cut_in_half(&p);
    let changed = zstd(toml(&input, &out, &chain(Some((2, 5)))));
    let r = rerun(&changed, 2, RunOptions::default());
    assert_eq!(reused(&r), [true, false, false]);
}

#[test]
fn dropping_the_last_stage_reuses_the_rest() {
    let (dir, input) = corpus(60, 12);
    let out = dir.path().join("out");
    run(&toml(&input, &out, &chain(None)), 2);
    let shorter = "[[stage]]\nuses = \"tokens\"\n[[stage]]\nuses = \"picky\"\n";
    let r = rerun(&toml(&input, &out, shorter), 2, RunOptions::default());
    assert_eq!(reused(&r), [true, true]);
    assert!(!out.join("03-count.jsonl").exists());
    assert!(!out.join("count").exists());
    let fresh = dir.path().join("fresh");
    run(&toml(&input, &fresh, shorter), 1);
    assert_eq!(tree(&out), tree(&fresh));
}

#[test]
fn a_reused_collector_stage_keeps_its_outputs() {
    let (dir, input) = corpus(60, 13);
    let out = dir.path().join("out");
    let stages = |n: usize| {
        format!(
            "[[stage]]\nuses = \"tokens\"\n[[stage]]\nuses = \"count\"\n[[stage]]\nuses = \"picky\"\ncount = {n}\n"
        )
    };
    run(&toml(&input, &out, &stages(1)), 2);
    let r = rerun(&toml(&input, &out, &stages(2)), 2, RunOptions::default());
    assert_eq!(reused(&r), [true, true, false]);
    let fresh = dir.path().join("fresh");
    run(&toml(&input, &fresh, &stages(2)), 1);
    assert_eq!(tree(&out), tree(&fresh));
    assert!(out.join("count/total.txt").exists());
}

#[test]
fn a_shard_reuses_its_own_earlier_run() {
    let (dir, input) = corpus(90, 14);
    let out = dir.path().join("out");
    let shard = docpipe_engine::Shard { index: 1, count: 2 };
    let go = |stages: &str, out: &Path| {
        run_with(
            &toml(&input, out, stages),
            RunOptions {
                shard: Some(shard),
                threads: 2,
                ..RunOptions::default()
            },
        )
    };
    go(&chain(None), &out);
    let r = go(&chain(Some((2, 9))), &out);
    assert_eq!(reused(&r), [true, true, false]);
    let fresh = dir.path().join("fresh");
    go(&chain(Some((2, 9))), &fresh);
    // The attempt marker holds the start time; everything else must match.
    let files = |d: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        tree(d)
            .into_iter()
            .filter(|(p, _)| !p.to_string_lossy().starts_with("attempt"))
            .collect()
    };
    let (a, b) = (files(&out), files(&fresh));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert!(x == y, "{} differs", x.0.display());
    }
}
