//! Integration tests of the engine: real pipeline files, real files on
//! disk, small test stages defined in `stages.rs`.

// A failed unwrap in a test helper is a failed test, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod locks;
mod readers;
mod replay;
mod reuse;
mod runner;
mod safety;
mod shards;
mod stages;
mod validation;

use docpipe_engine::{PipelineFile, RunOptions, RunOutcome, RunReport};
use std::path::{Path, PathBuf};

/// Parses and validates `toml` against the test registry.
pub(crate) fn pipeline(
    toml: &str,
) -> Result<docpipe_engine::Pipeline, docpipe_engine::PipelineError> {
    PipelineFile::parse(Path::new("test.toml"), toml.to_owned())?.validate(&stages::registry())
}

/// Runs `toml` with `threads` workers and returns the report.
pub(crate) fn run(toml: &str, threads: usize) -> RunReport {
    run_with(
        toml,
        RunOptions {
            threads,
            ..RunOptions::default()
        },
    )
}

/// Runs `toml` with `options`, always forced, and returns the report.
pub(crate) fn run_with(toml: &str, options: RunOptions) -> RunReport {
    let p = pipeline(toml).unwrap_or_else(|e| panic!("invalid pipeline: {e}"));
    let options = RunOptions {
        force: true,
        ..options
    };
    match docpipe_engine::run(&p, &options).unwrap() {
        RunOutcome::Finished(r) => r,
        RunOutcome::AlreadyDone(_) => panic!("forced run reported already done"),
    }
}

/// `n` documents in three JSONL files under `<tempdir>/in`, so batches
/// interleave across workers; returns the temporary directory and `in`.
pub(crate) fn corpus(n: usize, seed: u64) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for f in 0..3 {
        write_corpus(
            &input.join(format!("part{f}.jsonl")),
            n / 3 + f,
            seed + f as u64,
        );
    }
    (dir, input)
}

/// A pipeline file over `input` into `output` with the given stage tables.
pub(crate) fn toml(input: &Path, output: &Path, stages: &str) -> String {
    format!(
        "name = \"t\"\ninput = {:?}\noutput = {:?}\n{stages}",
        input.display().to_string(),
        output.display().to_string()
    )
}

/// Reads a file's lines as JSON values.
pub(crate) fn jsonl(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Every file under `dir` with its bytes, for byte-for-byte comparisons
/// (the manifest, which holds times, excluded).
pub(crate) fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if !p
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("manifest")
            {
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

/// Writes `n` JSONL documents of varied length and content to `path`.
pub(crate) fn write_corpus(path: &Path, n: usize, seed: u64) {
    let mut s = String::new();
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    for i in 0..n {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let words = 1 + (x >> 33) as usize % 40;
        let mut text = String::new();
        for w in 0..words {
            let word = [
                "Việt", "Nam", "ASEAN", "news", "said", "DROP", "FAIL", "PANIC", "on", "the",
            ][(x >> (w % 30)) as usize % 10];
            // Rare markers only, so most documents pass.
            let word = if matches!(word, "DROP" | "FAIL" | "PANIC") && !(x >> 20).is_multiple_of(7)
            {
                "ok"
            } else {
                word
            };
            text.push_str(word);
            text.push(' ');
        }
        s.push_str(
            &serde_json::json!({"id": format!("d{i}"), "text": text.trim_end()}).to_string(),
        );
        s.push('\n');
    }
    std::fs::write(path, s).unwrap();
}
