//! The output directory through the real binary: a run never deletes what
//! it did not write, never reads what it wrote, and never calls a run with
//! a missing artifact done.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn docpipe() -> Command {
    let mut c = Command::cargo_bin("docpipe").unwrap();
    c.current_dir(repo_root()).timeout(Duration::from_secs(300));
    c
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_directory_holding_no_run_is_refused_and_left_alone() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("user");
    std::fs::create_dir_all(out.join("tag")).unwrap();
    std::fs::write(out.join("tag/thesis.tex"), "precious").unwrap();
    for force in [false, true] {
        let mut cmd = docpipe();
        cmd.args(["run", "pipelines/news.toml", "--quiet", "--output"])
            .arg(&out);
        if force {
            cmd.arg("--force");
        }
        let o = cmd.assert().code(2).get_output().clone();
        let msg = stderr(&o);
        assert!(
            msg.contains(&out.display().to_string()) && msg.contains("empty or new"),
            "{msg}"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("tag/thesis.tex")).unwrap(),
            "precious"
        );
    }
}

#[test]
fn an_output_inside_its_input_is_refused_by_validate_and_run() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(root.path().join("in/self")).unwrap();
    std::fs::write(root.path().join("in/self/a.txt"), "Hanoi said so.").unwrap();
    std::fs::write(
        root.path().join("p.toml"),
        "name = \"self\"\ninput = \"in/self\"\noutput = \"in/self/out\"\n[[stage]]\nuses = \"clean\"\n",
    )
    .unwrap();
    let pipeline = root.path().join("p.toml");
    for args in [&["validate"][..], &["run", "--force"][..]] {
        let o = docpipe()
            .current_dir(root.path())
            .args(args)
            .arg(&pipeline)
            .assert()
            .code(2)
            .get_output()
            .clone();
        let msg = stderr(&o);
        assert!(
            msg.contains("is inside the input directory `in/self`")
                && msg.contains("outside every input"),
            "{args:?}: {msg}"
        );
    }
    assert!(!root.path().join("in/self/out").exists());
    // The same through --output, and with the output equal to the input.
    let o = docpipe()
        .current_dir(root.path())
        .args(["run", "--output", "in/self"])
        .arg(&pipeline)
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(stderr(&o).contains("is the input"), "{}", stderr(&o));
    assert!(root.path().join("in/self/a.txt").exists());
}

#[test]
fn a_finished_run_with_a_deleted_artifact_is_redone() {
    let out = tempfile::tempdir().unwrap();
    let run = || {
        docpipe()
            .args(["run", "pipelines/news.toml", "--threads", "2", "--output"])
            .arg(out.path())
            .assert()
            .success()
            .get_output()
            .clone()
    };
    run();
    let tag = out.path().join("03-tag.jsonl");
    let reference = std::fs::read(&tag).unwrap();
    std::fs::remove_file(&tag).unwrap();
    let o = run();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(!stdout.contains("nothing to do"), "{stdout}");
    assert!(
        stderr(&o).contains("03-tag.jsonl` is missing"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&tag).unwrap(), reference);
    let again = run();
    assert!(String::from_utf8_lossy(&again.stdout).contains("nothing to do"));
}

#[test]
fn a_shard_of_another_count_is_refused_with_exit_2() {
    let out = tempfile::tempdir().unwrap();
    let shard = |spec: &str| {
        docpipe()
            .args(["run", "pipelines/segment.toml", "--quiet", "--shard", spec])
            .arg("--output")
            .arg(out.path())
            .assert()
    };
    shard("0/3").success();
    let o = shard("1/4").code(2).get_output().clone();
    let msg = stderr(&o);
    assert!(
        msg.contains("3-shard run") && msg.contains("--shard I/3"),
        "{msg}"
    );
    // The directory is still a 3-shard run that status can read.
    docpipe().arg("status").arg(out.path()).assert().code(1);
}

/// A directory with no run in it is no usage error (exit 2): the command
/// was well formed. `status` exits 1, as it does while a run is not done,
/// and says what the directory lacks and what to do.
#[test]
fn status_of_a_directory_without_a_run_exits_1_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let others = dir.path().join("others");
    std::fs::create_dir(&others).unwrap();
    std::fs::write(others.join("notes.txt"), "not a docpipe file").unwrap();
    std::fs::write(others.join("errors.jsonl"), "").unwrap();
    for d in [&empty, &others] {
        let o = docpipe()
            .arg("status")
            .arg(d)
            .assert()
            .code(1)
            .get_output()
            .clone();
        let msg = stderr(&o);
        assert!(
            msg.contains(&format!("{} holds no docpipe run", d.display()))
                && msg.contains("no manifest.json, no shard")
                && msg.contains("docpipe run PIPELINE.toml --output"),
            "{msg}"
        );
    }
    // A path that is not there cannot be listed: exit 1 too.
    let o = docpipe()
        .arg("status")
        .arg(dir.path().join("nowhere"))
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(stderr(&o).contains("cannot list"), "{}", stderr(&o));
    // The help says which exit status means what.
    let help = docpipe()
        .args(["status", "--help"])
        .assert()
        .success()
        .get_output()
        .clone();
    let help = String::from_utf8_lossy(&help.stdout).into_owned();
    assert!(
        help.contains("Exit status") && help.contains("holds no docpipe run"),
        "{help}"
    );
}
