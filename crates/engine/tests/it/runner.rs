//! The runner's contracts: order and bytes independent of threads, counts
//! that add up, panics contained, atomic commits, refusal to overwrite.

use crate::{corpus, jsonl, pipeline, run, toml, tree};
use docpipe_engine::{RunError, RunOptions, RunOutcome};
use proptest::prelude::*;

const CHAIN: &str =
    "[[stage]]\nuses = \"tokens\"\n[[stage]]\nuses = \"picky\"\n[[stage]]\nuses = \"count\"\n";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]
    /// Same input and pipeline: the same bytes for any thread count.
    #[test]
    fn artifacts_are_byte_identical_for_any_thread_count(n in 1usize..400, seed in any::<u64>(), threads in 2usize..6) {
        let (dir, input) = corpus(n, seed);
        let one = dir.path().join("one");
        let many = dir.path().join("many");
        run(&toml(&input, &one, CHAIN), 1);
        run(&toml(&input, &many, CHAIN), threads);
        prop_assert_eq!(tree(&one), tree(&many));
    }

    /// For every stage: in = out + dropped + errors, and each stage's input
    /// is the previous stage's output.
    #[test]
    fn counts_add_up(n in 1usize..300, seed in any::<u64>()) {
        let (dir, input) = corpus(n, seed);
        let out = dir.path().join("out");
        let m = run(&toml(&input, &out, CHAIN), 3).manifest;
        let mut expected_in = m.read.docs;
        for s in &m.stages {
            prop_assert_eq!(s.input, expected_in);
            prop_assert_eq!(s.input, s.out + s.dropped + s.errors);
            expected_in = s.out;
        }
        let errors = jsonl(&out.join("errors.jsonl")).len() as u64;
        let dropped = jsonl(&out.join("dropped.jsonl")).len() as u64;
        prop_assert_eq!(errors, m.read.errors + m.stages.iter().map(|s| s.errors).sum::<u64>());
        prop_assert_eq!(dropped, m.stages.iter().map(|s| s.dropped).sum::<u64>());
        prop_assert_eq!(jsonl(&out.join("03-count.jsonl")).len() as u64, m.stages[2].out);
    }
}

#[test]
fn documents_keep_input_order() {
    let (dir, input) = corpus(500, 3);
    let out = dir.path().join("out");
    run(&toml(&input, &out, "[[stage]]\nuses = \"upper\"\n"), 4);
    let ids: Vec<String> = jsonl(&out.join("01-upper.jsonl"))
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    let mut expected = Vec::new();
    for f in 0..3 {
        for i in 0..(500 / 3 + f) {
            expected.push(format!("d{i}"));
        }
    }
    assert_eq!(ids, expected);
}

#[test]
fn a_panicking_stage_fails_only_that_document() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, "{\"id\":\"a\",\"text\":\"fine\"}\n{\"id\":\"b\",\"text\":\"PANIC here\"}\n{\"id\":\"c\",\"text\":\"FAIL here\"}\n{\"id\":\"d\",\"text\":\"DROP me\"}\n{\"id\":\"e\",\"text\":\"fine too\"}\n").unwrap();
    let out = dir.path().join("out");
    let m = run(&toml(&input, &out, "[[stage]]\nuses = \"picky\"\n"), 2).manifest;
    let errors = jsonl(&out.join("errors.jsonl"));
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0]["id"], "b");
    assert_eq!(errors[0]["stage"], "picky");
    let msg = errors[0]["error"].as_str().unwrap();
    assert!(
        msg.contains("panicked") && msg.contains("found a panic marker in b"),
        "{msg}"
    );
    assert_eq!(errors[0]["source"]["line"], 2);
    assert_eq!(errors[1]["error"], "found a failure marker");
    let dropped = jsonl(&out.join("dropped.jsonl"));
    assert_eq!(
        dropped,
        vec![
            serde_json::json!({"id": "d", "stage": "picky", "reason": "contains DROP",
                "source": {"path": input.display().to_string(), "line": 4}})
        ]
    );
    let s = &m.stages[0];
    assert_eq!((s.input, s.out, s.dropped, s.errors), (5, 2, 1, 2));
}

#[test]
fn an_invalid_span_from_a_stage_is_an_error_not_a_corrupt_artifact() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, "{\"id\":\"a\",\"text\":\"x\"}\n").unwrap();
    let out = dir.path().join("out");
    run(&toml(&input, &out, "[[stage]]\nuses = \"badspan\"\n"), 1);
    let errors = jsonl(&out.join("errors.jsonl"));
    assert!(
        errors[0]["error"]
            .as_str()
            .unwrap()
            .contains("invalid span")
    );
    assert_eq!(
        std::fs::read_to_string(out.join("01-badspan.jsonl")).unwrap(),
        ""
    );
}

#[test]
fn compressed_artifacts_round_trip() {
    let (dir, input) = corpus(200, 9);
    let plain = dir.path().join("plain");
    run(&toml(&input, &plain, CHAIN), 2);
    for (name, ext) in [("zstd", "zst"), ("gzip", "gz")] {
        let out = dir.path().join(name);
        run(
            &toml(&input, &out, &format!("compression = \"{name}\"\n{CHAIN}")),
            2,
        );
        let file = std::fs::File::open(out.join(format!("03-count.jsonl.{ext}"))).unwrap();
        let mut text = String::new();
        use std::io::Read;
        match ext {
            "zst" => zstd::stream::read::Decoder::new(file)
                .unwrap()
                .read_to_string(&mut text)
                .unwrap(),
            _ => flate2::read::GzDecoder::new(file)
                .read_to_string(&mut text)
                .unwrap(),
        };
        assert_eq!(
            text,
            std::fs::read_to_string(plain.join("03-count.jsonl")).unwrap()
        );
    }
}

#[test]
fn collectors_see_kept_documents_in_order() {
    let (dir, input) = corpus(120, 5);
    let out = dir.path().join("out");
    let m = run(&toml(&input, &out, CHAIN), 3).manifest;
    let total = std::fs::read_to_string(out.join("count/total.txt")).unwrap();
    assert!(total.starts_with(&format!("{} docs\n", m.stages[2].out)));
    let ids: Vec<String> = jsonl(&out.join("03-count.jsonl"))
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(total.lines().skip(1).collect::<Vec<_>>(), ids);
}

/// `prepare` runs on the workers for every kept document, with its input
/// position; its result reaches the collector with the document, in
/// order; a failure or a panic in it fails that document like one in
/// `process`, and the counts still add up.
#[test]
fn prepared_results_reach_the_collector_and_prepare_failures_are_document_errors() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let texts = [
        "keep one",
        "DROP me",
        "keep PREPBAD",
        "keep two",
        "keep PREPCRASH",
        "keep three",
    ];
    let lines: Vec<String> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| serde_json::json!({"id": format!("d{i}"), "text": t}).to_string() + "\n")
        .collect();
    std::fs::write(&input, lines.concat()).unwrap();
    let out = dir.path().join("out");
    let chain = "[[stage]]\nuses = \"picky\"\n[[stage]]\nuses = \"prep\"\n";
    for threads in [1, 3] {
        let m = run(&toml(&input, &out, chain), threads).manifest;
        let prepared = std::fs::read_to_string(out.join("prep/prepared.txt")).unwrap();
        // Positions count every item read: the dropped d1 and the failed
        // d2 and d4 included.
        assert_eq!(prepared, "d0 0\nd3 3\nd5 5\n", "{threads} threads");
        let prep = &m.stages[1];
        assert_eq!(
            (prep.input, prep.out, prep.dropped, prep.errors),
            (5, 3, 0, 2)
        );
        let errors = jsonl(&out.join("errors.jsonl"));
        let failed: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e["id"].as_str().unwrap(), e["stage"].as_str().unwrap()))
            .collect();
        assert_eq!(failed, [("d2", "prep"), ("d4", "prep")]);
        let messages: Vec<&str> = errors
            .iter()
            .map(|e| e["error"].as_str().unwrap())
            .collect();
        assert!(
            messages[0].contains("prepare failure marker"),
            "{}",
            messages[0]
        );
        assert!(
            messages[1].contains("prepare panic marker"),
            "{}",
            messages[1]
        );
        let kept: Vec<String> = jsonl(&out.join("02-prep.jsonl"))
            .iter()
            .map(|d| d["id"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(kept, ["d0", "d3", "d5"]);
    }
}

#[test]
fn a_finished_output_is_refused_unless_forced_and_unchanged_reruns_are_done() {
    let (dir, input) = corpus(30, 1);
    let out = dir.path().join("out");
    let t = toml(&input, &out, CHAIN);
    let p = pipeline(&t).unwrap();
    let plain = RunOptions::default();
    assert!(matches!(
        docpipe_engine::run(&p, &plain).unwrap(),
        RunOutcome::Finished(_)
    ));
    // Same pipeline and input: nothing to do.
    assert!(matches!(
        docpipe_engine::run(&p, &plain).unwrap(),
        RunOutcome::AlreadyDone(_)
    ));
    // Another pipeline into the same directory: refused…
    let other = pipeline(&toml(&input, &out, "[[stage]]\nuses = \"upper\"\n")).unwrap();
    let e = docpipe_engine::run(&other, &plain).unwrap_err();
    assert!(matches!(e, RunError::OutputExists { .. }));
    assert!(e.to_string().contains("--force"), "{e}");
    assert!(
        out.join("03-count.jsonl").exists(),
        "a refused run must not touch the output"
    );
    // …unless forced, which replaces the old artifacts.
    let forced = RunOptions {
        force: true,
        ..RunOptions::default()
    };
    assert!(matches!(
        docpipe_engine::run(&other, &forced).unwrap(),
        RunOutcome::Finished(_)
    ));
    assert!(out.join("01-upper.jsonl").exists());
    assert!(!out.join("03-count.jsonl").exists());
}

#[test]
fn an_interrupted_run_is_redone_without_a_flag() {
    let (dir, input) = corpus(30, 2);
    let out = dir.path().join("out");
    let t = toml(&input, &out, CHAIN);
    run(&t, 1);
    let reference = tree(&out);
    // Simulate a kill: no manifest, a half-written partial file.
    std::fs::remove_file(out.join("manifest.json")).unwrap();
    std::fs::write(out.join("02-picky.jsonl.partial"), "{\"half").unwrap();
    std::fs::write(out.join("01-tokens.jsonl"), "garbage").unwrap();
    let p = pipeline(&t).unwrap();
    assert!(matches!(
        docpipe_engine::run(&p, &RunOptions::default()).unwrap(),
        RunOutcome::Finished(_)
    ));
    assert_eq!(tree(&out), reference);
}

#[test]
fn the_error_budget_stops_the_run_with_nothing_marked_finished() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let mut s = String::new();
    for i in 0..50 {
        s.push_str(&format!(
            "{{\"id\":\"{i}\",\"text\":\"{}\"}}\n",
            if i % 2 == 0 { "FAIL" } else { "ok" }
        ));
    }
    std::fs::write(&input, s).unwrap();
    let out = dir.path().join("out");
    let p = pipeline(&toml(
        &input,
        &out,
        "max_errors = 3\n[[stage]]\nuses = \"picky\"\n",
    ))
    .unwrap();
    let e = docpipe_engine::run(&p, &RunOptions::default()).unwrap_err();
    assert!(matches!(e, RunError::TooManyErrors { .. }), "{e}");
    assert!(!out.join("manifest.json").exists());
    assert!(!out.join("01-picky.jsonl").exists());
    assert!(
        out.join("errors.jsonl").exists(),
        "errors are kept for inspection"
    );
    // Under the budget the run succeeds and says how many failed.
    let p = pipeline(&toml(
        &input,
        &out,
        "max_errors = 30\n[[stage]]\nuses = \"picky\"\n",
    ))
    .unwrap();
    let RunOutcome::Finished(r) = docpipe_engine::run(
        &p,
        &RunOptions {
            force: true,
            ..RunOptions::default()
        },
    )
    .unwrap() else {
        panic!("not finished")
    };
    assert_eq!(r.manifest.stages[0].errors, 25);
}
