//! End to end: the five-stage pipeline of `pipelines/news.toml` (clean →
//! segment → tag → summarize with `sentences = 3` → export) run through the
//! engine library, exactly as `docpipe run` drives it, over a fixed slice of
//! the Reuters bench corpus, at 1 and 2 worker threads.
//!
//! Each iteration is a whole run: read the JSONL slice, run every stage,
//! write the five artifacts, the export tables/report/digest and the
//! manifest into a temporary directory, which is removed (untimed) before
//! each iteration so nothing of an earlier run can be kept or reused. Stage
//! models load once, outside the timed loop, when the pipeline is validated.
//!
//! The same runs are reported twice: group `pipeline_docs` as documents per
//! second (`Throughput::Elements`) and group `pipeline_bytes` as bytes of
//! document text per second (`Throughput::Bytes`, shown by criterion in
//! KiB/s or MiB/s). The slice is the first [`DOCS`] documents of
//! `../shared/data/bench/reuters21578.jsonl`, or generated news-like
//! documents when that file is absent.
//!
//! Run: `cargo bench -p docpipe-benches --bench pipeline` (a few minutes:
//! 10 one-run samples per benchmark). The cross-tool comparison (spaCy,
//! datatrove, peak memory) is `benches/compare/`.

// `criterion_group!` generates an undocumented public function.
#![allow(missing_docs)]

use criterion::{BatchSize, Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use docpipe_core::StageDescriptor;
use docpipe_engine::{Pipeline, PipelineFile, Registry, RunOptions, RunOutcome};
use std::io::Write;
use std::path::Path;
use std::time::Duration;

/// Documents in the fixed slice of the bench corpus.
const DOCS: usize = 1000;

/// The registry of the `docpipe` binary, minus `exec` (not used here).
fn registry() -> Registry {
    Registry::from_descriptors(vec![
        StageDescriptor::of::<docpipe_clean::CleanSpec>(),
        StageDescriptor::of::<docpipe_segment::SegmentSpec>(),
        StageDescriptor::of::<docpipe_tag::TagSpec>(),
        StageDescriptor::of::<docpipe_summarize::SummarizeSpec>(),
        StageDescriptor::of::<docpipe_export::ExportSpec>(),
    ])
}

/// Writes the slice as JSONL (`id`, `text`) to `path`; returns the number
/// of documents and their bytes of text.
fn write_slice(path: &Path) -> (u64, u64) {
    let docs = docpipe_benches::bench_documents(DOCS);
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).expect("temp file"));
    for d in &docs {
        let line = serde_json::json!({"id": d.id, "text": d.text});
        writeln!(f, "{line}").expect("write");
    }
    f.flush().expect("flush");
    (docs.len() as u64, docpipe_benches::total_bytes(&docs))
}

/// `pipelines/news.toml` with its input and output replaced.
fn news_pipeline(input: &Path, output: &Path) -> Pipeline {
    let file = docpipe_benches::workspace_root().join("pipelines/news.toml");
    let mut pipeline = PipelineFile::read(&file).expect("pipelines/news.toml parses");
    pipeline.override_input(vec![input.display().to_string()]);
    pipeline.override_output(Some(output.display().to_string()));
    pipeline.validate(&registry()).expect("valid pipeline")
}

fn run_once(pipeline: &Pipeline, threads: usize) {
    let options = RunOptions {
        threads,
        force: true,
        ..RunOptions::default()
    };
    match docpipe_engine::run(pipeline, &options).expect("run") {
        RunOutcome::Finished(report) => {
            let errors: u64 = report.manifest.stages.iter().map(|s| s.errors).sum();
            assert_eq!(errors, 0, "documents failed in the bench run");
        }
        RunOutcome::AlreadyDone(_) => panic!("a run into an empty directory reported already done"),
    }
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("slice.jsonl");
    let (docs, bytes) = write_slice(&input);
    let out = dir.path().join("out");
    let pipeline = news_pipeline(&input, &out);
    for (name, throughput) in [
        ("pipeline_docs", Throughput::Elements(docs)),
        ("pipeline_bytes", Throughput::Bytes(bytes)),
    ] {
        let mut group = c.benchmark_group(name);
        group
            .throughput(throughput)
            .sampling_mode(SamplingMode::Flat)
            .sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(20));
        for threads in [1, 2] {
            group.bench_function(format!("news_{docs}_docs_{threads}_threads"), |b| {
                b.iter_batched(
                    || {
                        let _ = std::fs::remove_dir_all(&out);
                    },
                    |()| run_once(&pipeline, threads),
                    BatchSize::PerIteration,
                );
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
