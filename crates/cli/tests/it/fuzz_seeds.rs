//! CI's smoke run of the fuzz targets: every seed of `fuzz/seeds/`, and
//! cuts of the text seeds, through the same target bodies libFuzzer drives,
//! on stable Rust.
//! Fuzzing itself is not CI's job; `fuzz/README.md` says how to run it.

#[path = "../../../../fuzz/src/lib.rs"]
mod targets;

use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// The seed files of `seeds/<seed_dir>`.
fn inputs(seed_dir: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = fuzz_dir().join("seeds").join(seed_dir);
    let mut out: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| (e.path(), std::fs::read(e.path()).unwrap()))
        .collect();
    out.sort();
    out
}

fn run_all(seed_dir: &str, target: &str, body: impl Fn(&[u8])) {
    let files = inputs(seed_dir);
    assert!(!files.is_empty(), "no seeds for {target}");
    for (path, bytes) in &files {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| body(bytes)));
        assert!(outcome.is_ok(), "{target} fails on {}", path.display());
    }
}

#[test]
fn pipeline_file_seeds() {
    run_all(
        "pipeline_file",
        "pipeline_file",
        targets::check_pipeline_file,
    );
}

#[test]
fn jsonl_reader_seeds() {
    run_all("jsonl_reader", "jsonl_reader", targets::check_jsonl_reader);
}

#[test]
fn stage_seeds() {
    for (target, chain) in [
        ("stage_clean", &["clean"][..]),
        ("stage_segment", &["segment"][..]),
        ("stage_tag", &["segment", "tag"][..]),
        ("stage_summarize", &["segment", "tag", "summarize"][..]),
    ] {
        let stages = targets::chain(chain);
        run_all("stage_text", target, |data| {
            targets::check_text(&stages, data);
        });
        // Every prefix of a seed too: cut text is what fuzzing finds first.
        for (_, bytes) in inputs("stage_text") {
            for cut in (0..bytes.len()).step_by(331) {
                targets::check_text(&stages, &bytes[..cut]);
            }
        }
    }
}
