//! `docpipe new-stage`: scaffolding a stage in a temporary copy of the
//! workspace, and refusing names that clash or are invalid.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Copies the workspace's sources (no target/, .git/, out/) into a
/// temporary directory.
fn workspace_copy() -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("create a directory in the copy");
        for entry in std::fs::read_dir(from).expect("list a workspace directory") {
            let entry = entry.expect("read a directory entry");
            let name = entry.file_name();
            let name_str = name.to_string_lossy();
            if name_str.starts_with('.') || ["target", "out"].contains(&name_str.as_ref()) {
                continue;
            }
            // A fuzzing run's corpus and findings: many files, some
            // appearing and vanishing while we copy, none needed here.
            if from.ends_with("fuzz") && ["corpus", "artifacts"].contains(&name_str.as_ref()) {
                continue;
            }
            let (src, dst) = (entry.path(), to.join(&name));
            if entry.file_type().expect("file type").is_dir() {
                copy(&src, &dst);
            } else {
                std::fs::copy(&src, &dst).expect("copy a file");
            }
        }
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    copy(&repo_root(), dir.path());
    dir
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The files `new-stage` edits, to compare before and after.
fn registered(root: &Path) -> [String; 3] {
    [
        read(&root.join("Cargo.toml")),
        read(&root.join("crates/cli/Cargo.toml")),
        read(&root.join("crates/cli/src/registry.rs")),
    ]
}

#[test]
fn refuses_clashing_and_invalid_names_and_changes_nothing() {
    let ws = workspace_copy();
    let root = ws.path();
    let before = registered(root);
    for (name, says) in [
        ("clean", "reserved"),
        ("exec", "reserved"),
        ("core", "reserved"),
        ("Bad", "invalid stage name"),
        ("9lives", "invalid stage name"),
        ("a b", "invalid stage name"),
    ] {
        let assert = Command::cargo_bin("docpipe")
            .unwrap()
            .current_dir(root)
            .args(["new-stage", name])
            .assert()
            .failure();
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(stderr.contains(says), "{name}: {stderr}");
        assert_eq!(registered(root), before, "{name} changed the workspace");
        assert!(
            !root.join("crates").join(name).exists() || ["clean", "exec", "core"].contains(&name)
        );
    }
}

#[test]
fn scaffolds_from_a_subdirectory_and_registers_the_stage() {
    let ws = workspace_copy();
    let root = ws.path();
    Command::cargo_bin("docpipe")
        .unwrap()
        .current_dir(root.join("crates"))
        .args(["new-stage", "wordy"])
        .assert()
        .success();
    assert!(root.join("crates/wordy/src/lib.rs").is_file());
    assert!(root.join("crates/wordy/tests/it/main.rs").is_file());
    assert!(read(&root.join("pipelines/wordy.toml")).contains("uses = \"wordy\""));
    assert!(read(&root.join("crates/cli/src/registry.rs")).contains("docpipe_wordy::WordySpec"));
    assert!(read(&root.join("crates/cli/Cargo.toml")).contains("docpipe-wordy.workspace = true"));
    assert!(read(&root.join("Cargo.toml")).contains("docpipe-wordy = { path = \"crates/wordy\""));

    let again = Command::cargo_bin("docpipe")
        .unwrap()
        .current_dir(root)
        .args(["new-stage", "wordy"])
        .assert()
        .failure();
    assert!(String::from_utf8_lossy(&again.get_output().stderr).contains("already exists"));
}

/// The whole story: scaffold, build the copy, list the stage, run a
/// pipeline through it, run the new crate's own tests. Builds a copy of
/// the workspace, so it takes minutes: CI runs it with `--ignored`.
#[test]
#[ignore = "builds a copy of the workspace; run with --ignored"]
fn a_scaffolded_stage_builds_lists_and_runs() {
    let ws = workspace_copy();
    let root = ws.path();
    Command::cargo_bin("docpipe")
        .unwrap()
        .current_dir(root)
        .args(["new-stage", "wordy"])
        .assert()
        .success();

    let target = std::env::var_os("DOCPIPE_IT_TARGET_DIR")
        .map_or_else(|| root.join("target"), PathBuf::from);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = std::process::Command::new(&cargo)
        .current_dir(root)
        .env("CARGO_TARGET_DIR", &target)
        .args(["build", "-p", "docpipe-cli"])
        .status()
        .unwrap();
    assert!(status.success(), "building the copy failed");
    let docpipe = target.join("debug/docpipe");

    let stages = std::process::Command::new(&docpipe)
        .current_dir(root)
        .arg("stages")
        .output()
        .unwrap();
    assert!(stages.status.success());
    let listed = String::from_utf8_lossy(&stages.stdout);
    assert!(
        listed.contains("wordy") && listed.contains("min_words"),
        "{listed}"
    );

    let mut run = Command::new(&docpipe);
    run.current_dir(root)
        .args(["run", "pipelines/wordy.toml", "--quiet"])
        .timeout(Duration::from_secs(120))
        .assert()
        .success();
    let out = root.join("out/wordy");
    let kept = read(&out.join("01-wordy.jsonl"));
    assert_eq!(
        kept.lines().count(),
        5,
        "every sample article has 100+ words"
    );
    for line in kept.lines() {
        let doc: serde_json::Value = serde_json::from_str(line).unwrap();
        let words = doc["text"].as_str().unwrap().split_whitespace().count();
        assert_eq!(doc["attrs"]["wordy"]["words"], words);
    }

    let status = std::process::Command::new(&cargo)
        .current_dir(root)
        .env("CARGO_TARGET_DIR", &target)
        .args(["test", "-p", "docpipe-wordy"])
        .status()
        .unwrap();
    assert!(status.success(), "the scaffolded crate's tests failed");
}
