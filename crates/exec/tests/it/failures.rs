//! Programs that crash, hang, or write garbage: each failure lands on one
//! document, with a useful message, and the next document works again.

use super::{doc, exec, fixture};
use docpipe_core::{Document, Outcome, StageError};
use serde_json::json;
use std::time::{Duration, Instant};

fn pid(d: &Document) -> u64 {
    d.attrs["fx"]["pid"]
        .as_u64()
        .expect("fixture sets attrs.fx.pid")
}

#[test]
fn a_crash_fails_one_document_with_status_and_stderr_then_restarts() {
    let built = exec(json!({"command": ["python3", fixture("crash.py")]}));
    let mut ok = doc("a", "fine");
    built.stage.process(&mut ok).unwrap();
    let first = pid(&ok);

    let e = built.stage.process(&mut doc("b", "CRASH now")).unwrap_err();
    let m = e.to_string();
    assert!(m.contains("exit status: 3"), "{m}");
    assert!(m.contains("crash.py: giving up on b"), "{m}");
    assert!(matches!(e, StageError::Other(_)), "{e:?}");

    let mut again = doc("c", "fine again");
    assert_eq!(built.stage.process(&mut again).unwrap(), Outcome::Keep);
    assert_ne!(pid(&again), first, "a new worker answers");
}

#[test]
fn a_hang_times_out_and_the_worker_is_replaced() {
    let built = exec(json!({"command": ["python3", fixture("hang.py")], "timeout": "700ms"}));
    let mut ok = doc("a", "fine");
    built.stage.process(&mut ok).unwrap();
    let first = pid(&ok);

    let started = Instant::now();
    let e = built
        .stage
        .process(&mut doc("b", "HANG forever"))
        .unwrap_err();
    assert!(matches!(e, StageError::Timeout { limit_ms: 700 }), "{e:?}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );

    let mut again = doc("c", "fine again");
    built.stage.process(&mut again).unwrap();
    assert_ne!(pid(&again), first);
    assert!(!alive(first), "the hung worker was killed");
}

#[test]
fn garbage_fails_the_document_and_restarts_the_worker() {
    let built = exec(json!({"command": ["python3", fixture("garbage.py")]}));
    for (text, says) in [
        ("GARBAGE", "not JSON"),
        ("WRONGID", "answered for id `x-other`"),
    ] {
        let mut ok = doc("ok", "fine");
        built.stage.process(&mut ok).unwrap();
        let before = pid(&ok);
        let e = built
            .stage
            .process(&mut doc("x", text))
            .unwrap_err()
            .to_string();
        assert!(e.contains("wrote garbage") && e.contains(says), "{e}");
        let mut after = doc("ok2", "fine");
        built.stage.process(&mut after).unwrap();
        assert_ne!(pid(&after), before, "{text}: worker restarted");
    }
}

#[test]
fn reported_errors_and_invalid_records_keep_the_worker() {
    let built = exec(json!({"command": ["python3", fixture("garbage.py")]}));
    let mut ok = doc("ok", "fine");
    built.stage.process(&mut ok).unwrap();
    let worker = pid(&ok);

    let e = built.stage.process(&mut doc("e", "ERROR")).unwrap_err();
    assert!(e.to_string().contains("cannot handle ERROR"), "{e}");

    let mut shrink = doc("s", "a longer SHRINK text");
    shrink.sentences = Some(vec![docpipe_core::Span::new(0, shrink.text.len())]);
    let untouched = shrink.clone();
    let e = built.stage.process(&mut shrink).unwrap_err().to_string();
    assert!(
        e.contains("invalid record") && e.contains("past the end"),
        "{e}"
    );
    assert_eq!(shrink, untouched, "a failed document is left as it was");

    let mut after = doc("ok2", "fine");
    built.stage.process(&mut after).unwrap();
    assert_eq!(pid(&after), worker, "same worker");
}

#[test]
fn a_program_that_dies_at_start_fails_every_document_quickly() {
    let built = exec(json!({
        "command": ["python3", "-c", "import sys; print('no model file', file=sys.stderr); sys.exit(5)"],
        "timeout": "30s",
    }));
    let started = Instant::now();
    for id in ["a", "b", "c"] {
        let e = built
            .stage
            .process(&mut doc(id, "x"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("exit status: 5") && e.contains("no model file"),
            "{e}"
        );
    }
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_program_that_closes_stdout_without_exiting_is_killed() {
    let built = exec(json!({
        "command": ["python3", "-c", "import os, time; os.close(1); time.sleep(60)"],
        "timeout": "30s",
    }));
    let started = Instant::now();
    let e = built
        .stage
        .process(&mut doc("a", "x"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("closed its stdout and was killed"), "{e}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn env_and_cwd_reach_the_program() {
    let dir = std::env::temp_dir();
    let program = "import json, os, sys\nfor l in sys.stdin:\n d = json.loads(l)\n d['attrs'] = {'p': {'v': os.environ['DOCPIPE_TEST'], 'cwd': os.getcwd()}}\n print(json.dumps(d), flush=True)";
    let built = exec(json!({
        "command": ["python3", "-c", program],
        "env": {"DOCPIPE_TEST": "yes"},
        "cwd": dir,
    }));
    let mut d = doc("a", "x");
    built.stage.process(&mut d).unwrap();
    assert_eq!(d.attrs["p"]["v"], "yes");
    let cwd = std::path::PathBuf::from(d.attrs["p"]["cwd"].as_str().unwrap());
    assert_eq!(cwd.canonicalize().unwrap(), dir.canonicalize().unwrap());
}

/// Whether a process with this id still runs (Linux: a /proc entry that is
/// not a zombie).
pub(crate) fn alive(pid: u64) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => !stat
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with('Z')),
        Err(_) => false,
    }
}

/// The peak resident memory of this test process, in KiB (Linux).
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

#[test]
fn a_line_without_end_fails_at_the_cap_with_flat_memory_and_the_worker_restarts() {
    // A small explicit cap: the 512 MiB the program writes must not reach
    // memory (before the cap, all of it was buffered until the timeout).
    let built = exec(json!({
        "command": ["python3", fixture("endless.py")],
        "timeout": "20s",
        "max_reply_bytes": 1 << 20,
    }));
    let mut ok = doc("a", "fine");
    built.stage.process(&mut ok).unwrap();
    let first = pid(&ok);
    let before = peak_rss_kib();
    let started = Instant::now();
    let e = built
        .stage
        .process(&mut doc("b", "ENDLESS line"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("longer than 1048576 bytes") && e.contains("`max_reply_bytes`"),
        "{e}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    let grown = peak_rss_kib().saturating_sub(before);
    assert!(grown < 100 * 1024, "peak memory grew by {grown} KiB");
    let mut again = doc("c", "fine again");
    assert_eq!(built.stage.process(&mut again).unwrap(), Outcome::Keep);
    assert_ne!(pid(&again), first, "a new worker answers");
    assert!(!alive(first), "the worker that overflowed was killed");

    // The default cap (64 MiB for a small document) stops it too, long
    // before the timeout.
    let built = exec(json!({"command": ["python3", fixture("endless.py")], "timeout": "20s"}));
    let started = Instant::now();
    let e = built
        .stage
        .process(&mut doc("d", "ENDLESS"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains(&format!("longer than {} bytes", 64 << 20)),
        "{e}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_stderr_line_without_end_is_cut_not_held_whole() {
    let built = exec(json!({"command": ["python3", fixture("chatty.py")], "timeout": "60s"}));
    let mut ok = doc("a", "fine");
    built.stage.process(&mut ok).unwrap();
    let before = peak_rss_kib();
    // 256 MiB of stderr in one line: the document still passes, and the
    // line is cut at a few KiB instead of held whole.
    let mut noisy = doc("b", "NOISE");
    assert_eq!(built.stage.process(&mut noisy).unwrap(), Outcome::Keep);
    let grown = peak_rss_kib().saturating_sub(before);
    assert!(grown < 64 * 1024, "peak memory grew by {grown} KiB");
    assert_eq!(pid(&noisy), pid(&ok), "the worker lives on");
}

/// Processes whose command line has `arg` among its arguments (Linux).
fn processes_with_arg(arg: &str) -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .is_ok_and(|c| c.split(|&b| b == 0).any(|a| a == arg.as_bytes()))
        })
        .filter(|&pid| alive(u64::from(pid)))
        .collect()
}

#[test]
fn a_timeout_kills_the_workers_subprocesses_too() {
    // Unique to this test run, so parallel runs do not see each other's.
    let background = format!("1000.{}", std::process::id());
    let script = format!("sleep {background} & while read line; do sleep {background}1; done");
    let built = exec(json!({
        "command": ["sh", "-c", script],
        "timeout": "700ms",
        "startup_timeout": "10ms",
    }));
    let e = built.stage.process(&mut doc("a", "x")).unwrap_err();
    assert!(matches!(e, StageError::Timeout { .. }), "{e:?}");
    drop(built);
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        let left = processes_with_arg(&background);
        if left.is_empty() {
            break;
        }
        assert!(Instant::now() < deadline, "still running: {left:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(processes_with_arg(&format!("{background}1")).is_empty());
}
