//! `exec` through the docpipe binary: the Python examples over the sample
//! corpus, and misbehaving programs whose failures land in errors.jsonl
//! one document at a time.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(name: &str) -> String {
    repo_root()
        .join("crates/exec/tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).expect("artifact lines are JSON"))
        .collect()
}

#[test]
fn the_example_pipeline_runs_the_python_examples() {
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("docpipe")
        .unwrap()
        .current_dir(repo_root())
        .args(["run", "pipelines/exec.toml", "--quiet", "--output"])
        .arg(out.path())
        .timeout(Duration::from_secs(120))
        .assert()
        .success();

    let length = lines(&out.path().join("01-length.jsonl"));
    assert_eq!(length.len(), 5);
    for doc in &length {
        let text = doc["text"].as_str().unwrap();
        assert_eq!(doc["attrs"]["length"]["chars"], text.chars().count());
        assert_eq!(
            doc["attrs"]["length"]["words"],
            text.split_whitespace().count()
        );
    }
    let kept = lines(&out.path().join("02-long_only.jsonl"));
    assert_eq!(kept.len(), 3, "three articles have 500+ words");
    let dropped = lines(&out.path().join("dropped.jsonl"));
    assert_eq!(dropped.len(), 2);
    for d in &dropped {
        assert_eq!(d["stage"], "long_only");
        assert!(
            d["reason"].as_str().unwrap().ends_with("fewer than 500"),
            "{d}"
        );
    }
    assert!(out.path().join("manifest.json").is_file());
}

#[test]
fn validate_checks_exec_options_and_runs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("started");
    let good = dir.path().join("good.toml");
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::write(dir.path().join("in/a.txt"), "A document.").unwrap();
    std::fs::write(
        &good,
        format!(
            "name = \"v\"\ninput = \"in\"\noutput = \"out\"\n\n[[stage]]\nuses = \"exec\"\ncommand = [\"touch\", {marker:?}]\nproduces = [\"attrs.x\"]\n",
            marker = marker.display().to_string()
        ),
    )
    .unwrap();
    Command::cargo_bin("docpipe")
        .unwrap()
        .current_dir(dir.path())
        .args(["validate", "good.toml"])
        .assert()
        .success();
    assert!(!marker.exists(), "validate must not start the program");

    for (options, says) in [
        ("command = [\"no-such-program-docpipe\"]", "not found"),
        (
            "command = [\"cat\"]\ntimeout = \"soon\"",
            "invalid duration",
        ),
        (
            "command = [\"cat\"]\nproduces = [\"tokenz\"]",
            "unknown layer",
        ),
        ("command = [\"cat\"]\nshell = true", "shell"),
        ("workers = 2", "command"),
    ] {
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, format!("name = \"v\"\ninput = \"in\"\noutput = \"out\"\n\n[[stage]]\nuses = \"exec\"\n{options}\n")).unwrap();
        let assert = Command::cargo_bin("docpipe")
            .unwrap()
            .current_dir(dir.path())
            .args(["validate", "bad.toml"])
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(stderr.contains(says), "{options}: {stderr}");
    }
}

#[test]
fn crashes_hangs_and_garbage_fail_one_document_each() {
    let dir = tempfile::tempdir().unwrap();
    let mut input = String::new();
    for i in 0..8 {
        input.push_str(&format!(
            "{{\"id\": \"ok{i}\", \"text\": \"a fine document number {i}\"}}\n"
        ));
    }
    for (id, text) in [
        ("crash", "CRASH here"),
        ("garbage", "GARBAGE here"),
        ("hang", "HANG here"),
    ] {
        input.push_str(&format!("{{\"id\": \"{id}\", \"text\": \"{text}\"}}\n"));
    }
    std::fs::write(dir.path().join("docs.jsonl"), input).unwrap();
    let stage = |id: &str, program: &str, timeout: &str| {
        format!(
            "[[stage]]\nuses = \"exec\"\nid = \"{id}\"\ncommand = [\"python3\", {:?}]\nworkers = 2\ntimeout = \"{timeout}\"\nproduces = [\"attrs.fx\"]\n\n",
            fixture(program)
        )
    };
    let pipeline = format!(
        "name = \"misbehave\"\ninput = \"docs.jsonl\"\noutput = \"out\"\n\n{}{}{}",
        stage("crashy", "crash.py", "30s"),
        stage("noisy", "garbage.py", "30s"),
        stage("sleepy", "hang.py", "2s"),
    );
    std::fs::write(dir.path().join("p.toml"), pipeline).unwrap();

    Command::cargo_bin("docpipe")
        .unwrap()
        .current_dir(dir.path())
        .args(["run", "p.toml", "--quiet"])
        .timeout(Duration::from_secs(180))
        .assert()
        .success();

    let out = dir.path().join("out");
    let errors = lines(&out.join("errors.jsonl"));
    let by_id = |id: &str| {
        errors
            .iter()
            .find(|e| e["id"] == id)
            .unwrap_or_else(|| panic!("no error for {id}: {errors:?}"))
    };
    assert_eq!(errors.len(), 3, "{errors:?}");
    let crash = by_id("crash");
    assert_eq!(crash["stage"], "crashy");
    let message = crash["error"].as_str().unwrap();
    assert!(
        message.contains("exit status: 3") && message.contains("giving up on crash"),
        "{message}"
    );
    let garbage = by_id("garbage");
    assert_eq!(garbage["stage"], "noisy");
    assert!(
        garbage["error"].as_str().unwrap().contains("not JSON"),
        "{garbage}"
    );
    let hang = by_id("hang");
    assert_eq!(hang["stage"], "sleepy");
    assert!(
        hang["error"].as_str().unwrap().contains("2000 ms"),
        "{hang}"
    );

    // Every good document made it through all three stages.
    let last = lines(&out.join("03-sleepy.jsonl"));
    let ids: Vec<&str> = last.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, (0..8).map(|i| format!("ok{i}")).collect::<Vec<_>>());
}

/// A program that writes thousands of stderr lines does not flood the
/// log: the first lines are logged, the rest counted in one line.
#[test]
fn a_chatty_program_does_not_flood_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let mut input = String::new();
    for i in 0..3 {
        input.push_str(&format!(
            "{{\"id\":\"d{i}\",\"text\":\"CHATTY document {i}\"}}\n"
        ));
    }
    std::fs::write(dir.path().join("in.jsonl"), input).unwrap();
    std::fs::write(
        dir.path().join("p.toml"),
        format!(
            "name = \"chatty\"\ninput = \"in.jsonl\"\noutput = \"out\"\n\n[[stage]]\nuses = \"exec\"\ncommand = [\"python3\", {:?}]\nworkers = 1\n",
            fixture("chatty.py")
        ),
    )
    .unwrap();
    let out = Command::cargo_bin("docpipe")
        .unwrap()
        .current_dir(dir.path())
        .args(["run", "p.toml", "--threads", "1"])
        .timeout(Duration::from_secs(120))
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    let logged = stderr.matches("Worker wrote to stderr.").count();
    assert!(
        (1..=20).contains(&logged),
        "{logged} stderr lines logged of 15,000"
    );
    assert!(
        stderr.contains("more lines to stderr that were not logged"),
        "{}",
        &stderr[stderr.len().saturating_sub(2000)..]
    );
    assert_eq!(lines(&dir.path().join("out/01-exec.jsonl")).len(), 3);
}
