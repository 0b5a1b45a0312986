//! Two docpipe processes never write one output directory at once: a
//! second run, merge or replay is turned away with who holds it, and leaves
//! the directory as it was.

use crate::{pipeline, toml, tree, write_corpus};
use docpipe_engine::output::DirLock;
use docpipe_engine::shards::{ShardState, merge, status};
use docpipe_engine::{RunError, RunOptions, RunOutcome, Shard};

const CHAIN: &str = "[[stage]]\nuses = \"tokens\"\n[[stage]]\nuses = \"count\"\n";

fn run(t: &str, shard: Option<Shard>) -> Result<RunOutcome, RunError> {
    let options = RunOptions {
        shard,
        command: vec!["docpipe".into(), "run".into(), "second.toml".into()],
        ..RunOptions::default()
    };
    docpipe_engine::run(&pipeline(t).unwrap(), &options)
}

fn names(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_run_into_a_busy_directory_is_refused_and_touches_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    write_corpus(&input, 40, 1);
    let out = dir.path().join("out");
    let t = toml(&input, &out, CHAIN);
    assert!(matches!(run(&t, None).unwrap(), RunOutcome::Finished(_)));
    let before = tree(&out);
    let names_before = names(&out);

    let first = DirLock::whole(&out, "docpipe run first.toml").unwrap();
    let forced = RunOptions {
        force: true,
        ..RunOptions::default()
    };
    for result in [
        run(&t, None),
        docpipe_engine::run(&pipeline(&t).unwrap(), &forced),
        run(&t, Some(Shard { index: 0, count: 2 })),
    ] {
        let Err(err @ RunError::Busy { .. }) = result else {
            panic!("not refused as busy: {result:?}");
        };
        let message = err.to_string();
        assert!(message.contains("docpipe run first.toml"), "{message}");
        assert!(message.contains("Wait for that process"), "{message}");
    }
    let err = docpipe_engine::replay::replay(&out, &crate::stages::registry(), 1).unwrap_err();
    assert!(matches!(err, RunError::Busy { .. }), "{err}");
    // Nothing of the finished run was cleared or rewritten.
    assert_eq!(
        tree(&out).len(),
        before.len() + 1,
        "only the lock file is new"
    );
    drop(first);
    assert_eq!(tree(&out), before);
    assert_eq!(names(&out), names_before);
    assert!(matches!(run(&t, None).unwrap(), RunOutcome::AlreadyDone(_)));
    assert_eq!(names(&out), names_before, "a run leaves no lock file");
}

#[test]
fn shards_run_side_by_side_but_one_shard_never_twice() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    write_corpus(&input, 90, 2);
    let single = dir.path().join("single");
    assert!(matches!(
        run(&toml(&input, &single, CHAIN), None).unwrap(),
        RunOutcome::Finished(_)
    ));
    let out = dir.path().join("out");
    let t = toml(&input, &out, CHAIN);
    std::fs::create_dir(&out).unwrap();
    let one = Shard { index: 1, count: 3 };
    let running = DirLock::shard(&out, one, "docpipe run news.toml --shard 1/3").unwrap();

    let err = run(&t, Some(one)).unwrap_err();
    assert!(
        err.to_string().contains("shard 1/3 is already running"),
        "{err}"
    );
    // The other shards are not held up by it.
    for index in [0, 2] {
        assert!(matches!(
            run(&t, Some(Shard { index, count: 3 })).unwrap(),
            RunOutcome::Finished(_)
        ));
    }
    let st = status(&out).unwrap();
    let ShardState::Running { holder: note, .. } = &st.shards[1] else {
        panic!("shard 1 is not running: {:?}", st.shards[1]);
    };
    assert!(note.contains("--shard 1/3"), "{note}");
    assert!(note.contains(&std::process::id().to_string()), "{note}");
    // An unsharded run or a merge waits for no shard: they are refused.
    let err = merge(&out, &crate::stages::registry()).unwrap_err();
    assert!(err.to_string().contains("shards of a sharded run"), "{err}");
    assert!(matches!(run(&t, None), Err(RunError::Busy { .. })));

    drop(running);
    assert!(matches!(
        status(&out).unwrap().shards[1],
        ShardState::Missing
    ));
    assert!(matches!(
        run(&t, Some(one)).unwrap(),
        RunOutcome::Finished(_)
    ));
    merge(&out, &crate::stages::registry()).unwrap();
    assert_eq!(tree(&out), tree(&single));
    assert!(
        names(&out).iter().all(|n| !n.ends_with(".lock")),
        "{:?}",
        names(&out)
    );
}

#[test]
fn a_directory_that_cannot_hold_a_lock_file_still_runs() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    write_corpus(&input, 30, 3);
    let out = dir.path().join("out");
    let t = toml(&input, &out, CHAIN);
    assert!(matches!(run(&t, None).unwrap(), RunOutcome::Finished(_)));
    // Where the lock file would go there is a directory: the lock cannot
    // be made (as in a read-only directory), and the run goes on without.
    std::fs::create_dir(out.join(docpipe_engine::output::lock::RUN_LOCK)).unwrap();
    assert!(matches!(run(&t, None).unwrap(), RunOutcome::AlreadyDone(_)));
    let forced = RunOptions {
        force: true,
        ..RunOptions::default()
    };
    assert!(matches!(
        docpipe_engine::run(&pipeline(&t).unwrap(), &forced).unwrap(),
        RunOutcome::Finished(_)
    ));
}
