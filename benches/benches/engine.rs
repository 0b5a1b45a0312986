//! The engine's own overhead: an identity pipeline (read JSONL → one no-op
//! stage → write) beside the floor for this work, a bare single-threaded
//! loop that reads the same file, parses each line with serde_json and
//! writes it back.
//!
//! Input: `../shared/data/bench/reuters21578.jsonl`, or a generated corpus
//! of the same shape when that file is absent.
// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use docpipe_core::{Document, Layer, Outcome, Stage, StageDescriptor, StageError, StageSpec};
use docpipe_engine::{PipelineFile, Registry, RunOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Options of the no-op stage (none).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
struct NoOptions {}

struct Identity;

impl Stage for Identity {
    fn process(&self, _doc: &mut Document) -> Result<Outcome, StageError> {
        Ok(Outcome::Keep)
    }
}

struct IdentitySpec;

impl StageSpec for IdentitySpec {
    type Options = NoOptions;
    const NAME: &'static str = "identity";
    const DESCRIPTION: &'static str = "Does nothing.";
    const VERSION: &'static str = "1";
    fn requires(_: &NoOptions) -> Vec<Layer> {
        vec![Layer::TEXT]
    }
    fn produces(_: &NoOptions) -> Vec<Layer> {
        Vec::new()
    }
    fn build(_: NoOptions) -> Result<Box<dyn Stage>, StageError> {
        Ok(Box::new(Identity))
    }
}

/// The bench corpus, or a generated one in `dir`.
fn corpus(dir: &Path) -> PathBuf {
    let real = docpipe_benches::workspace_root().join(docpipe_benches::BENCH_CORPUS);
    if real.exists() {
        return real;
    }
    let path = dir.join("generated.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).expect("temp file"));
    for d in docpipe_benches::generated_documents(4000) {
        let line = serde_json::json!({"id": d.id, "text": d.text});
        writeln!(f, "{line}").expect("write");
    }
    path
}

/// The floor: read, parse each line with serde_json, write it back.
fn bare_loop(input: &Path, output: &Path) {
    let reader = BufReader::new(std::fs::File::open(input).expect("input"));
    let mut out = std::io::BufWriter::new(std::fs::File::create(output).expect("output"));
    for line in reader.lines() {
        let line = line.expect("line");
        let v: serde_json::Value = serde_json::from_str(&line).expect("json");
        serde_json::to_writer(&mut out, &v).expect("write");
        out.write_all(b"\n").expect("write");
    }
    out.flush().expect("flush");
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = corpus(dir.path());
    let bytes = std::fs::metadata(&input).map(|m| m.len()).unwrap_or(0);
    let registry = Registry::new().with(StageDescriptor::of::<IdentitySpec>());
    let out = dir.path().join("out");
    let toml = format!(
        "input = {:?}\noutput = {:?}\n[[stage]]\nuses = \"identity\"\n",
        input.display().to_string(),
        out.display().to_string()
    );
    let pipeline = PipelineFile::parse(Path::new("bench.toml"), toml)
        .and_then(|f| f.validate(&registry))
        .expect("valid pipeline");

    let mut group = c.benchmark_group("engine");
    group.throughput(Throughput::Bytes(bytes));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("bare_serde_loop", |b| {
        b.iter(|| bare_loop(&input, &dir.path().join("bare.jsonl")));
    });
    for threads in [1, 2] {
        group.bench_function(format!("identity_pipeline_{threads}_threads"), |b| {
            b.iter(|| {
                let options = RunOptions {
                    threads,
                    force: true,
                    ..RunOptions::default()
                };
                docpipe_engine::run(&pipeline, &options).expect("run")
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
