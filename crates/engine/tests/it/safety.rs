//! What a run may touch in its output directory: nothing it did not write.

use crate::{corpus, pipeline, run, toml, tree};
use docpipe_engine::{RunError, RunOptions, RunOutcome};

const CHAIN: &str =
    "[[stage]]\nuses = \"tokens\"\n[[stage]]\nuses = \"picky\"\n[[stage]]\nuses = \"count\"\n";

fn forced() -> RunOptions {
    RunOptions {
        force: true,
        ..RunOptions::default()
    }
}

#[test]
fn a_directory_holding_no_run_is_refused_even_when_forced() {
    let (dir, input) = corpus(12, 1);
    let out = dir.path().join("out");
    // Named like the stages, and like a stage's artifact.
    std::fs::create_dir_all(out.join("picky")).unwrap();
    std::fs::write(out.join("picky/thesis.tex"), "precious").unwrap();
    std::fs::create_dir_all(out.join("count")).unwrap();
    std::fs::write(out.join("count/data.csv"), "precious").unwrap();
    std::fs::write(out.join("errors.jsonl"), "precious").unwrap();
    let before = tree(&out);
    let p = pipeline(&toml(&input, &out, CHAIN)).unwrap();
    for options in [RunOptions::default(), forced()] {
        let e = docpipe_engine::run(&p, &options).unwrap_err();
        assert!(matches!(e, RunError::ForeignOutput { .. }), "{e}");
        let msg = e.to_string();
        assert!(
            msg.contains(&out.display().to_string()) && msg.contains("empty or new"),
            "{msg}"
        );
        assert_eq!(tree(&out), before, "a refused run must not touch anything");
    }
}

#[test]
fn an_empty_or_missing_directory_is_fine() {
    let (dir, input) = corpus(12, 2);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let p = pipeline(&toml(&input, &out, CHAIN)).unwrap();
    assert!(matches!(
        docpipe_engine::run(&p, &RunOptions::default()).unwrap(),
        RunOutcome::Finished(_)
    ));
}

#[test]
fn a_rerun_removes_only_what_runs_wrote() {
    let (dir, input) = corpus(30, 3);
    let out = dir.path().join("out");
    run(&toml(&input, &out, CHAIN), 2);
    // A person's files beside the run: a directory named like a stage that
    // writes none, files that look like docpipe's but are no run's.
    std::fs::create_dir_all(out.join("picky")).unwrap();
    std::fs::write(out.join("picky/thesis.tex"), "precious").unwrap();
    std::fs::create_dir_all(out.join("upper")).unwrap();
    std::fs::write(out.join("upper/notes.txt"), "precious").unwrap();
    std::fs::write(out.join("07-mine.jsonl"), "precious").unwrap();
    std::fs::write(out.join("notes.jsonl"), "precious").unwrap();
    // A different pipeline, forced, recomputing everything; `count`, whose
    // collector wrote count/, is gone from it.
    let other = "[[stage]]\nuses = \"upper\"\n[[stage]]\nuses = \"picky\"\n";
    let options = RunOptions {
        no_reuse: true,
        ..forced()
    };
    crate::run_with(&toml(&input, &out, other), options);
    for kept in [
        "picky/thesis.tex",
        "upper/notes.txt",
        "07-mine.jsonl",
        "notes.jsonl",
    ] {
        assert_eq!(
            std::fs::read_to_string(out.join(kept)).unwrap(),
            "precious",
            "{kept}"
        );
    }
    assert!(!out.join("03-count.jsonl").exists());
    assert!(
        !out.join("count").exists(),
        "the old run's collector output"
    );
    assert!(out.join("01-upper.jsonl").exists());
}

#[test]
fn a_collector_directory_is_rewritten_from_scratch() {
    let (dir, input) = corpus(30, 4);
    let out = dir.path().join("out");
    let t = toml(&input, &out, CHAIN);
    run(&t, 2);
    let reference = tree(&out);
    std::fs::write(out.join("count/stale.txt"), "left by an older version").unwrap();
    run(&t, 1);
    assert_eq!(tree(&out), reference);
}

/// Runs `t` unforced and returns the report of a run that happened.
fn unforced(t: &str) -> docpipe_engine::RunReport {
    let p = pipeline(t).unwrap();
    match docpipe_engine::run(&p, &RunOptions::default()).unwrap() {
        RunOutcome::Finished(r) => r,
        RunOutcome::AlreadyDone(_) => panic!("a run with a missing output reported done"),
    }
}

#[test]
fn a_finished_run_missing_an_output_is_redone_from_the_intact_stages() {
    let (dir, input) = corpus(60, 5);
    let out = dir.path().join("out");
    let t = toml(&input, &out, CHAIN);
    run(&t, 2);
    let reference = tree(&out);

    std::fs::remove_file(out.join("02-picky.jsonl")).unwrap();
    let r = unforced(&t);
    let reused: Vec<bool> = r.manifest.stages.iter().map(|s| s.reused).collect();
    assert_eq!(reused, [true, false, false]);
    assert_eq!(tree(&out), reference);

    // Cut short: the recorded size tells.
    let last = out.join("03-count.jsonl");
    let text = std::fs::read_to_string(&last).unwrap();
    std::fs::write(&last, &text[..text.len() / 2]).unwrap();
    unforced(&t);
    assert_eq!(tree(&out), reference);

    // A collector's directory is an output too.
    std::fs::remove_dir_all(out.join("count")).unwrap();
    unforced(&t);
    assert_eq!(tree(&out), reference);

    // The records the reused stages need: nothing can be reused.
    std::fs::remove_file(out.join("errors.jsonl")).unwrap();
    let r = unforced(&t);
    assert!(r.manifest.stages.iter().all(|s| !s.reused));
    assert_eq!(tree(&out), reference);

    // Complete again: nothing to do.
    let p = pipeline(&t).unwrap();
    assert!(matches!(
        docpipe_engine::run(&p, &RunOptions::default()).unwrap(),
        RunOutcome::AlreadyDone(_)
    ));
}
