//! Sharded runs merge into exactly what the unsharded run writes.

use crate::{jsonl, pipeline, run, toml, tree, write_corpus};
use docpipe_engine::shards::{ShardState, merge, status};
use docpipe_engine::{RunError, RunOptions, RunOutcome, Shard};

const CHAIN: &str =
    "[[stage]]\nuses = \"tokens\"\n[[stage]]\nuses = \"picky\"\n[[stage]]\nuses = \"count\"\n";

fn run_shard(t: &str, index: usize, count: usize) {
    let p = pipeline(t).unwrap();
    let o = RunOptions {
        shard: Some(Shard { index, count }),
        command: vec!["docpipe".into(), "run".into(), "x.toml".into()],
        threads: 2,
        ..RunOptions::default()
    };
    assert!(matches!(
        docpipe_engine::run(&p, &o).unwrap(),
        RunOutcome::Finished(_)
    ));
}

#[test]
fn merged_shards_equal_the_single_run() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    // One big JSONL file (split by byte ranges), small ones, and a .txt.
    write_corpus(&input.join("big.jsonl"), 700, 1);
    write_corpus(&input.join("small.jsonl"), 20, 2);
    std::fs::write(input.join("z.txt"), "a text FAIL document").unwrap();
    let single = dir.path().join("single");
    run(&toml(&input, &single, CHAIN), 2);
    for count in [1, 3, 5] {
        let sharded = dir.path().join(format!("sharded{count}"));
        let t = toml(&input, &sharded, CHAIN);
        for i in (0..count).rev() {
            run_shard(&t, i, count);
        }
        let st = status(&sharded).unwrap();
        assert!(st.unfinished().is_empty());
        let m = merge(&sharded, &crate::stages::registry()).unwrap();
        assert_eq!(tree(&sharded), tree(&single), "{count} shards");
        let single_m = docpipe_engine::Manifest::read(&single.join("manifest.json"))
            .unwrap()
            .unwrap();
        assert_eq!(m.read, single_m.read, "{count} shards");
        assert_eq!(m.input_hash, single_m.input_hash);
        for (a, b) in m.stages.iter().zip(&single_m.stages) {
            assert_eq!(
                (a.input, a.out, a.dropped, a.errors),
                (b.input, b.out, b.dropped, b.errors)
            );
        }
        // The merged directory is a finished run of the same pipeline and
        // input: running it unsharded again has nothing to do.
        let p = pipeline(&t).unwrap();
        assert!(matches!(
            docpipe_engine::run(&p, &RunOptions::default()).unwrap(),
            RunOutcome::AlreadyDone(_)
        ));
    }
}

#[test]
fn status_names_failed_and_missing_shards() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    write_corpus(&input, 90, 4);
    let out = dir.path().join("out");
    let t = toml(&input, &out, CHAIN);
    run_shard(&t, 0, 3);
    run_shard(&t, 2, 3);
    // Shard 2 "was killed": its manifest is gone, its attempt marker stays.
    std::fs::remove_file(out.join("manifest.part-00002-of-00003.json")).unwrap();
    let st = status(&out).unwrap();
    assert_eq!(st.count, 3);
    assert!(matches!(st.shards[0], ShardState::Done(_)));
    assert!(matches!(st.shards[1], ShardState::Missing));
    assert!(matches!(st.shards[2], ShardState::Failed(Some(_))));
    assert_eq!(st.unfinished(), vec![1, 2]);
    assert_eq!(st.mismatched(), None);
    assert_eq!(st.command().unwrap(), vec!["docpipe", "run", "x.toml"]);
    let e = merge(&out, &crate::stages::registry()).unwrap_err();
    assert!(e.to_string().contains("[1, 2]"), "{e}");
    run_shard(&t, 1, 3);
    run_shard(&t, 2, 3);
    merge(&out, &crate::stages::registry()).unwrap();
    let docs: usize = jsonl(&out.join("01-tokens.jsonl")).len();
    assert_eq!(docs, 90);
}

#[test]
fn a_shard_that_could_not_be_merged_with_the_others_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    write_corpus(&input, 90, 6);
    let out = dir.path().join("out");
    let t = toml(&input, &out, CHAIN);
    run_shard(&t, 0, 3);
    run_shard(&t, 2, 3);
    let before = tree(&out);
    let attempt = |t: &str, index: usize, count: usize, force: bool| {
        let p = pipeline(t).unwrap();
        let o = RunOptions {
            shard: Some(Shard { index, count }),
            force,
            ..RunOptions::default()
        };
        docpipe_engine::run(&p, &o)
    };

    // Another shard count: never, not even forced.
    for force in [false, true] {
        let e = attempt(&t, 1, 4, force).unwrap_err();
        assert!(
            matches!(e, RunError::ShardCountMismatch { found: 3, .. }),
            "{e}"
        );
        let msg = e.to_string();
        assert!(
            msg.contains("3-shard run") && msg.contains("--shard I/3"),
            "{msg}"
        );
        assert_eq!(tree(&out), before);
    }

    // Another pipeline: refused unless forced.
    let other = toml(&input, &out, "[[stage]]\nuses = \"upper\"\n");
    let e = attempt(&other, 1, 3, false).unwrap_err();
    assert!(
        matches!(
            e,
            RunError::ShardPipelineMismatch {
                other: 0,
                count: 3,
                ..
            }
        ),
        "{e}"
    );
    assert!(e.to_string().contains("--force"), "{e}");
    assert_eq!(tree(&out), before);
    assert!(matches!(
        attempt(&other, 1, 3, true).unwrap(),
        RunOutcome::Finished(_)
    ));
    // `status` names the odd shard before a merge is tried…
    let st = status(&out).unwrap();
    assert_eq!(st.mismatched(), Some((0, vec![1])));
    // …and merge then names the odd shard plainly.
    let e = merge(&out, &crate::stages::registry()).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("shard 1 of 3 ran a different pipeline"),
        "{msg}"
    );
    assert!(!msg.contains("Some("), "{msg}");

    // The same pipeline and count is fine.
    assert!(matches!(
        attempt(&t, 1, 3, true).unwrap(),
        RunOutcome::Finished(_)
    ));
    merge(&out, &crate::stages::registry()).unwrap();
}
