//! `replay`: rerun the documents of errors.jsonl after a fix and fold them
//! into the outputs, in input order, with counts that add up, ending with
//! exactly what a fresh run over the fixed input writes.

use crate::{corpus, jsonl, run, stages, toml, tree};
use docpipe_engine::Manifest;
use docpipe_engine::replay::{ReplayReport, replay};
use std::path::Path;

/// tokens (no failures) → picky (FAIL fails, PANIC panics, DROP drops) →
/// count (with a collector).
const CHAIN: &str =
    "[[stage]]\nuses = \"tokens\"\n[[stage]]\nuses = \"picky\"\n[[stage]]\nuses = \"count\"\n";

fn manifest(out: &Path) -> Manifest {
    Manifest::read(&out.join("manifest.json"))
        .unwrap()
        .expect("a manifest")
}

fn check_counts(out: &Path) {
    let m = manifest(out);
    let mut expected_in = m.read.docs;
    for s in &m.stages {
        assert_eq!(s.input, expected_in, "{}: in", s.id);
        assert_eq!(
            s.input,
            s.out + s.dropped + s.errors,
            "{}: in = out + dropped + errors",
            s.id
        );
        expected_in = s.out;
    }
    let errors = jsonl(&out.join("errors.jsonl")).len() as u64;
    assert_eq!(
        errors,
        m.read.errors + m.stages.iter().map(|s| s.errors).sum::<u64>()
    );
    let dropped = jsonl(&out.join("dropped.jsonl")).len() as u64;
    assert_eq!(dropped, m.stages.iter().map(|s| s.dropped).sum::<u64>());
}

/// Replaces the failure markers in every input file (keeping lines where
/// they are), as a user fixing the input would.
fn fix_inputs(dir: &Path) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        let bytes = std::fs::read(&p).unwrap();
        let text = String::from_utf8_lossy(&bytes)
            .replace("FAIL", "okay")
            .replace("PANIC", "fine")
            .replace('\u{FFFD}', "e");
        std::fs::write(&p, text).unwrap();
    }
}

fn failing_corpus(n: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, input) = corpus(n, 11);
    // A .txt document that cannot be read (a read error), and one that fails.
    std::fs::write(input.join("a-latin1.txt"), b"caf\xe9 au lait").unwrap();
    std::fs::write(input.join("b-fails.txt"), "this one will FAIL at picky").unwrap();
    std::fs::write(input.join("c-drops.txt"), "DROP this one").unwrap();
    (dir, input)
}

#[test]
fn fixed_documents_are_folded_in_and_equal_a_fresh_run() {
    let (dir, input) = failing_corpus(600);
    let out = dir.path().join("out");
    let before = run(&toml(&input, &out, CHAIN), 3).manifest;
    let failed = jsonl(&out.join("errors.jsonl"));
    assert!(
        failed.len() >= 3,
        "the corpus has failures: {}",
        failed.len()
    );
    assert!(failed.iter().any(|e| e["stage"] == "read"));
    assert!(failed.iter().any(|e| e["stage"] == "picky"));
    assert!(!jsonl(&out.join("dropped.jsonl")).is_empty());

    fix_inputs(&input);
    let report = replay(&out, &stages::registry(), 2).unwrap();
    assert_eq!(
        report,
        ReplayReport {
            retried: failed.len() as u64,
            fixed: failed.len() as u64,
            still_failing: 0,
            unmatched: Vec::new(),
        }
    );
    check_counts(&out);
    let after = manifest(&out);
    assert_eq!(after.read.docs, before.read.docs + before.read.errors);
    assert_eq!(after.read.errors, 0);
    assert!(jsonl(&out.join("errors.jsonl")).is_empty());

    // Exactly what a fresh run over the fixed input writes.
    let fresh = dir.path().join("fresh");
    let fresh_m = run(&toml(&input, &fresh, CHAIN), 1).manifest;
    assert_eq!(tree(&out), tree(&fresh));
    for (a, b) in after.stages.iter().zip(&fresh_m.stages) {
        assert_eq!(
            (a.input, a.out, a.dropped, a.errors, a.bytes),
            (b.input, b.out, b.dropped, b.errors, b.bytes),
            "{}",
            a.id
        );
    }
    assert_eq!(after.read, fresh_m.read);
    // Nothing left behind.
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.ends_with(".partial") && !n.starts_with(".replay")),
        "{names:?}"
    );

    // A later run of the same pipeline over the same input is "already done".
    let p = crate::pipeline(&toml(&input, &out, CHAIN)).unwrap();
    let outcome = docpipe_engine::run(&p, &docpipe_engine::RunOptions::default()).unwrap();
    assert!(matches!(
        outcome,
        docpipe_engine::RunOutcome::AlreadyDone(_)
    ));
}

#[test]
fn documents_that_still_fail_stay_in_errors_and_nothing_else_changes() {
    let (dir, input) = failing_corpus(200);
    let out = dir.path().join("out");
    run(&toml(&input, &out, CHAIN), 2);
    let before = tree(&out);
    let errors = jsonl(&out.join("errors.jsonl")).len() as u64;
    let report = replay(&out, &stages::registry(), 3).unwrap();
    assert_eq!(report.retried, errors);
    assert_eq!(report.still_failing, errors);
    assert_eq!(report.fixed, 0);
    assert_eq!(tree(&out), before);
    check_counts(&out);
}

#[test]
fn an_error_record_whose_line_is_gone_is_reported_not_dropped_silently() {
    let (dir, input) = failing_corpus(60);
    let out = dir.path().join("out");
    run(&toml(&input, &out, CHAIN), 2);
    // A record naming a line the input does not have (as after the input
    // was shortened since the run).
    let errors_path = out.join("errors.jsonl");
    let records = jsonl(&errors_path);
    let stage_error = records
        .iter()
        .find(|r| r["stage"] == "picky")
        .expect("a stage error");
    let mut ghost = stage_error.clone();
    ghost["id"] = "ghost".into();
    ghost["source"]["line"] = 99_999.into();
    let path = ghost["source"]["path"].as_str().unwrap().to_owned();
    let mut text = std::fs::read_to_string(&errors_path).unwrap();
    text.push_str(&format!("{ghost}\n"));
    std::fs::write(&errors_path, text).unwrap();
    let report = replay(&out, &stages::registry(), 2).unwrap();
    assert_eq!(report.unmatched, vec![format!("{path}:99999")]);
    assert!(jsonl(&errors_path).iter().all(|r| r["id"] != "ghost"));
    check_counts(&out);
}

#[test]
fn only_some_fixed_keeps_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let lines = [
        r#"{"id":"a","text":"one"}"#,
        r#"{"id":"b","text":"FAIL two"}"#,
        r#"{"id":"c","text":"DROP three"}"#,
        r#"{"id":"d","text":"PANIC four"}"#,
        r#"{"id":"e","text":"five"}"#,
        r#"{"id":"f","text":"FAIL six"}"#,
    ];
    std::fs::write(input.join("x.jsonl"), lines.join("\n") + "\n").unwrap();
    let out = dir.path().join("out");
    run(&toml(&input, &out, CHAIN), 2);
    // Fix b and d only.
    let fixed = lines
        .join("\n")
        .replace("FAIL two", "two")
        .replace("PANIC four", "DROP four")
        + "\n";
    std::fs::write(input.join("x.jsonl"), fixed).unwrap();
    let report = replay(&out, &stages::registry(), 2).unwrap();
    assert_eq!(
        report,
        ReplayReport {
            retried: 3,
            fixed: 2,
            still_failing: 1,
            unmatched: Vec::new(),
        }
    );
    let ids = |f: &str| -> Vec<String> {
        jsonl(&out.join(f))
            .iter()
            .map(|d| d["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ids("03-count.jsonl"), ["a", "b", "e"]);
    assert_eq!(ids("01-tokens.jsonl"), ["a", "b", "c", "d", "e", "f"]);
    assert_eq!(ids("dropped.jsonl"), ["c", "d"]);
    assert_eq!(ids("errors.jsonl"), ["f"]);
    let total = std::fs::read_to_string(out.join("count/total.txt")).unwrap();
    assert_eq!(total, "3 docs\na\nb\ne\n");
    check_counts(&out);
}

#[test]
fn compressed_artifacts_replay_too() {
    let (dir, input) = failing_corpus(150);
    let out = dir.path().join("out");
    let chain = format!("compression = \"zstd\"\n{CHAIN}");
    // `compression` is a top-level key: put it before the stages.
    let t = toml(&input, &out, &chain);
    run(&t, 2);
    fix_inputs(&input);
    replay(&out, &stages::registry(), 2).unwrap();
    let fresh = dir.path().join("fresh");
    run(&toml(&input, &fresh, &chain), 2);
    assert_eq!(tree(&out), tree(&fresh));
    assert!(out.join("01-tokens.jsonl.zst").exists());
}

#[test]
fn inputs_changed_beyond_the_failures_are_refused_and_the_run_is_untouched() {
    let (dir, input) = failing_corpus(90);
    let out = dir.path().join("out");
    run(&toml(&input, &out, CHAIN), 2);
    let before = tree(&out);
    let m = std::fs::read(out.join("manifest.json")).unwrap();
    // A new document in the middle of a file that did not fail there.
    let p = input.join("part0.jsonl");
    let text = std::fs::read_to_string(&p).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(1, r#"{"id":"new","text":"brand new"}"#);
    lines.remove(5);
    std::fs::write(&p, lines.join("\n") + "\n").unwrap();
    let e = replay(&out, &stages::registry(), 2)
        .unwrap_err()
        .to_string();
    assert!(e.contains("--force"), "{e}");
    assert_eq!(tree(&out), before);
    assert_eq!(std::fs::read(out.join("manifest.json")).unwrap(), m);
}

#[test]
fn a_run_without_manifest_or_failures() {
    let dir = tempfile::tempdir().unwrap();
    let e = replay(dir.path(), &stages::registry(), 1)
        .unwrap_err()
        .to_string();
    assert!(e.contains("not a finished run"), "{e}");

    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, "{\"text\":\"all good\"}\n").unwrap();
    let out = dir.path().join("out");
    run(&toml(&input, &out, CHAIN), 1);
    let before = tree(&out);
    assert_eq!(
        replay(&out, &stages::registry(), 1).unwrap(),
        ReplayReport::default()
    );
    assert_eq!(tree(&out), before);
}
