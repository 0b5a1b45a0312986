//! Faults through the real binary: a process killed mid-run, an output
//! disk that fills, and the error budget. Each leaves either a complete,
//! committed output or one that does not look finished (no manifest), with
//! a message that says how to resume; the same command then finishes it.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const CHAIN: &str = "[[stage]]\nuses = \"clean\"\n[[stage]]\nuses = \"segment\"\n";

fn scratch(extra: &str, docs: usize) -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir(root.path().join("in")).unwrap();
    std::fs::write(
        root.path().join("p.toml"),
        format!("name = \"faults\"\ninput = \"in\"\noutput = \"out\"\n{extra}\n{CHAIN}"),
    )
    .unwrap();
    for f in 0..4 {
        let mut s = String::new();
        for i in 0..docs / 4 {
            let text = format!(
                "Document {i} of file {f}. Hanoi said on Monday that exports rose {i} percent.\n\nA second paragraph follows, with more words in it, for the segmenter {f}."
            );
            s.push_str(&serde_json::json!({"id": format!("f{f}-{i}"), "text": text}).to_string());
            s.push('\n');
        }
        std::fs::write(root.path().join(format!("in/part{f}.jsonl")), s).unwrap();
    }
    root
}

/// Every file under `dir` with its bytes, manifest excluded.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().unwrap() != "manifest.json" {
                out.push((
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

fn docpipe(root: &Path) -> Command {
    let mut c = Command::cargo_bin("docpipe").unwrap();
    c.current_dir(root).timeout(Duration::from_secs(600));
    c
}

/// Starts `docpipe run p.toml --quiet --threads 2 <extra>` in `root` and
/// returns it, still running, once `partial` has bytes in it; fails the
/// test if the run finished first.
fn start_until_written(root: &Path, extra: &[&str], partial: &Path) -> std::process::Child {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("docpipe"))
        .current_dir(root)
        .args(["run", "p.toml", "--quiet", "--threads", "2"])
        .args(extra)
        .spawn()
        .unwrap();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(120) {
        if std::fs::metadata(partial).is_ok_and(|m| m.len() > 0) {
            return child;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "the run finished before it was caught running ({status}); make the corpus bigger"
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("{} was not written within two minutes", partial.display());
}

/// Starts `docpipe run p.toml --quiet --threads 2 <extra>` in `root` and
/// SIGKILLs it once `partial` has bytes in it; fails the test if the run
/// finished first.
fn kill_once_written(root: &Path, extra: &[&str], partial: &Path) {
    let mut child = start_until_written(root, extra, partial);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
}

#[test]
fn a_second_process_is_turned_away_while_a_shard_runs_and_not_once_it_is_killed() {
    let root = scratch("", 40_000);
    // With the tagger the shard runs for many seconds, so it is still
    // running while the other commands try it.
    let p = root.path().join("p.toml");
    let slow = std::fs::read_to_string(&p).unwrap() + "[[stage]]\nuses = \"tag\"\n";
    std::fs::write(&p, slow).unwrap();
    let out = root.path().join("out");
    let mut first = start_until_written(
        root.path(),
        &["--shard", "1/2"],
        &out.join("02-segment.part-00001-of-00002.jsonl.partial"),
    );
    let pid = format!("process {}", first.id());

    // The same shard again: refused, naming the process that runs it.
    let again = docpipe(root.path())
        .args(["run", "p.toml", "--quiet", "--shard", "1/2"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&again.get_output().stderr).into_owned();
    assert!(stderr.contains("shard 1/2 is already running"), "{stderr}");
    assert!(stderr.contains(&pid), "{stderr}");
    // An unsharded run into the same directory: refused too.
    let whole = docpipe(root.path())
        .args(["run", "p.toml", "--quiet"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&whole.get_output().stderr).into_owned();
    assert!(stderr.contains("shards of a sharded run"), "{stderr}");

    // `status` says it runs (not that it failed) and retries only the
    // shard no one runs.
    let st = docpipe(root.path())
        .args(["status", "out"])
        .assert()
        .code(1);
    let text = String::from_utf8_lossy(&st.get_output().stdout).into_owned();
    assert!(text.contains("1 running, 0 failed, 1 missing"), "{text}");
    assert!(
        text.contains(&format!("shard 1/2  running  {pid}")),
        "{text}"
    );
    let (_, retry) = text
        .split_once("retry exactly the unfinished shards with:")
        .unwrap_or_else(|| panic!("no retry commands: {text}"));
    assert!(retry.contains("--shard 0/2"), "{text}");
    assert!(!retry.contains("--shard 1/2"), "{text}");

    // Killed, it holds nothing: status calls it failed, and the same
    // command starts the shard (and gets as far as writing it).
    first.kill().unwrap();
    first.wait().unwrap();
    let st = docpipe(root.path())
        .args(["status", "out"])
        .assert()
        .code(1);
    let text = String::from_utf8_lossy(&st.get_output().stdout).into_owned();
    assert!(text.contains("0 running, 1 failed"), "{text}");
    std::fs::remove_file(out.join("02-segment.part-00001-of-00002.jsonl.partial")).unwrap();
    kill_once_written(
        root.path(),
        &["--shard", "1/2"],
        &out.join("02-segment.part-00001-of-00002.jsonl.partial"),
    );
}

#[test]
fn status_tells_a_running_unsharded_run_from_an_interrupted_one() {
    let root = scratch("", 40_000);
    // With the tagger the run goes on for many seconds.
    let p = root.path().join("p.toml");
    let slow = std::fs::read_to_string(&p).unwrap() + "[[stage]]\nuses = \"tag\"\n";
    std::fs::write(&p, slow).unwrap();
    let out = root.path().join("out");
    let mut run = start_until_written(root.path(), &[], &out.join("02-segment.jsonl.partial"));
    let st = docpipe(root.path())
        .args(["status", "out"])
        .assert()
        .code(1);
    let text = String::from_utf8_lossy(&st.get_output().stdout).into_owned();
    assert!(
        text.contains(&format!("in use now by process {}", run.id())),
        "{text}"
    );
    // The holder is named with its host, which a cluster needs.
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    assert!(text.contains(&format!(" on {}", host.trim())), "{text}");
    run.kill().unwrap();
    run.wait().unwrap();
    let st = docpipe(root.path())
        .args(["status", "out"])
        .assert()
        .code(1);
    let text = String::from_utf8_lossy(&st.get_output().stdout).into_owned();
    assert!(text.contains("did not finish"), "{text}");
}

#[test]
fn a_killed_run_looks_unfinished_and_the_same_command_finishes_it() {
    let root = scratch("", 40_000);
    let out = root.path().join("out");
    kill_once_written(root.path(), &[], &out.join("02-segment.jsonl.partial"));
    assert!(
        !out.join("manifest.json").exists(),
        "a killed run must not look finished"
    );
    assert!(
        !out.join("02-segment.jsonl").exists(),
        "artifacts stay .partial until commit"
    );
    // `status` says so, and what to do; exit 1 as while shards remain.
    let status = docpipe(root.path())
        .args(["status", "out"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&status.stdout);
    assert_eq!(
        status.status.code(),
        Some(1),
        "{stdout}{}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert!(
        stdout.contains("out: an unsharded run that did not finish"),
        "{stdout}"
    );
    assert!(
        stdout.contains("run the same `docpipe run` command again"),
        "{stdout}"
    );

    // The same command redoes it, no flag needed.
    docpipe(root.path())
        .args(["run", "p.toml", "--quiet"])
        .assert()
        .success();
    assert!(out.join("manifest.json").exists());
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".partial")), "{names:?}");

    // Byte for byte what an uninterrupted run writes.
    docpipe(root.path())
        .args(["run", "p.toml", "--quiet", "--output", "clean-run"])
        .assert()
        .success();
    assert_eq!(tree(&out), tree(&root.path().join("clean-run")));
}

#[test]
fn a_shard_killed_mid_run_is_redone_and_the_merge_equals_an_uninterrupted_run() {
    let root = scratch("", 40_000);
    let out = root.path().join("out");
    docpipe(root.path())
        .args(["run", "p.toml", "--quiet", "--shard", "0/2"])
        .assert()
        .success();
    kill_once_written(
        root.path(),
        &["--shard", "1/2"],
        &out.join("02-segment.part-00001-of-00002.jsonl.partial"),
    );
    assert!(!out.join("manifest.part-00001-of-00002.json").exists());

    // `status` names the killed shard and the command that retries it.
    let st = docpipe(root.path())
        .args(["status", "out"])
        .assert()
        .code(1);
    let text = String::from_utf8_lossy(&st.get_output().stdout).into_owned();
    assert!(text.contains("1 done"), "{text}");
    assert!(text.contains("--shard 1/2"), "{text}");

    // The same command redoes the shard; the merge is an unsharded run.
    docpipe(root.path())
        .args([
            "run",
            "p.toml",
            "--quiet",
            "--threads",
            "2",
            "--shard",
            "1/2",
        ])
        .assert()
        .success();
    docpipe(root.path())
        .args(["merge", "out"])
        .assert()
        .success();
    docpipe(root.path())
        .args(["run", "p.toml", "--quiet", "--output", "single"])
        .assert()
        .success();
    let merged: Vec<(PathBuf, Vec<u8>)> = tree(&out)
        .into_iter()
        .filter(|(p, _)| !p.to_string_lossy().contains(".part-"))
        .collect();
    let single = tree(&root.path().join("single"));
    assert_eq!(
        merged.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        single.iter().map(|(p, _)| p).collect::<Vec<_>>()
    );
    for (a, b) in merged.iter().zip(&single) {
        assert!(a.1 == b.1, "{} differs from the single run", a.0.display());
    }
}

#[test]
fn a_full_disk_fails_the_run_with_a_resume_hint_and_no_manifest() {
    let root = scratch("", 4_000);
    let out = root.path().join("out");
    let bin = assert_cmd::cargo::cargo_bin("docpipe");
    // `ulimit -f 64`: files may grow to 64 blocks (32 KiB with dash's 512-byte
    // blocks, 64 KiB with bash's); SIGXFSZ ignored, so writes fail with EFBIG
    // as they would on a full disk.
    let script = format!(
        "trap '' XFSZ; ulimit -f 64 && exec {:?} run p.toml --quiet --threads 2",
        bin.display().to_string()
    );
    let output = std::process::Command::new("sh")
        .current_dir(root.path())
        .args(["-c", &script])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot write"), "{stderr}");
    assert!(stderr.contains("run the same command again"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!out.join("manifest.json").exists());

    // With space again, the same command finishes the run.
    docpipe(root.path())
        .args(["run", "p.toml", "--quiet"])
        .assert()
        .success();
    assert!(out.join("manifest.json").exists());
}

fn with_bad_lines(extra: &str, bad: usize) -> tempfile::TempDir {
    let root = scratch(extra, 400);
    let mut s = String::new();
    for i in 0..bad {
        s.push_str(&format!("{{\"id\":\"bad{i}\",\"text\":\n"));
    }
    std::fs::write(root.path().join("in/bad.jsonl"), s).unwrap();
    root
}

#[test]
fn over_the_error_budget_the_run_fails_with_a_summary() {
    for budget in [
        "max_errors = 3",
        "max_errors = 0.001",
        "max_errors = \"0.5%\"",
    ] {
        let root = with_bad_lines(budget, 10);
        let output = docpipe(root.path())
            .args(["run", "p.toml", "--quiet"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{budget}: {stderr}");
        assert!(stderr.contains("over the budget"), "{budget}: {stderr}");
        assert!(stderr.contains("errors.jsonl"), "{budget}: {stderr}");
        assert!(!root.path().join("out/manifest.json").exists(), "{budget}");
        // The error records stay for inspection.
        assert!(root.path().join("out/errors.jsonl").exists(), "{budget}");
    }
}

#[test]
fn over_the_budget_a_shard_names_its_own_errors_file() {
    let root = with_bad_lines("max_errors = 3", 10);
    // `in/bad.jsonl` sorts first, so shard 0 of 2 reads the bad lines.
    let output = docpipe(root.path())
        .args(["run", "p.toml", "--quiet", "--shard", "0/2"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let file = Path::new("out").join("errors.part-00000-of-00002.jsonl");
    assert!(
        stderr.contains(&format!("see {}", file.display())),
        "{stderr}"
    );
    assert!(root.path().join(&file).exists(), "{stderr}");
    assert!(!stderr.contains("errors.jsonl"), "{stderr}");

    // Within the budget, the summary names the part too.
    let root = with_bad_lines("", 10);
    let output = docpipe(root.path())
        .args(["run", "p.toml", "--shard", "0/2"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains(&format!("10 unreadable (see {})", file.display())),
        "{stdout}"
    );
    assert!(!stdout.contains("errors.jsonl"), "{stdout}");
}

#[test]
fn under_the_error_budget_the_run_succeeds_and_says_how_many_failed() {
    for budget in [
        "max_errors = 10",
        "max_errors = 0.05",
        "max_errors = \"5%\"",
        "",
    ] {
        let root = with_bad_lines(budget, 10);
        let output = docpipe(root.path())
            .args(["run", "p.toml"])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{budget}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(stdout.contains("10 unreadable"), "{budget}: {stdout}");
        let m: serde_json::Value =
            serde_json::from_slice(&std::fs::read(root.path().join("out/manifest.json")).unwrap())
                .unwrap();
        assert_eq!(m["read"]["errors"], 10);
    }
}
