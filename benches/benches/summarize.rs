//! Criterion bench of the `summarize` stage alone on the bench corpus
//! (Reuters-21578 when present, generated news otherwise). Documents are
//! segmented once in the setup; only `summarize` is timed. Besides the
//! bytes/s criterion prints, the documents/s figure is printed once.
#![allow(missing_docs)] // criterion_group! generates an undocumented function.
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use docpipe_core::{Document, Outcome, StageDescriptor};
use docpipe_segment::SegmentSpec;
use docpipe_summarize::SummarizeSpec;

const DOCS: usize = 2000;

fn segmented() -> Vec<Document> {
    let segment = StageDescriptor::of::<SegmentSpec>()
        .build(serde_json::json!({}))
        .unwrap_or_else(|e| panic!("segment builds with default options: {e}"));
    let mut docs = docpipe_benches::bench_documents(DOCS);
    docs.retain_mut(|d| matches!(segment.stage.process(d), Ok(Outcome::Keep)));
    docs
}

/// CPU time of this thread in nanoseconds (Linux), to report throughput per
/// core even on a loaded machine where wall time overstates it.
fn thread_cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

fn bench(c: &mut Criterion) {
    let docs = segmented();
    let built = StageDescriptor::of::<SummarizeSpec>()
        .build(serde_json::json!({}))
        .unwrap_or_else(|e| panic!("summarize builds with default options: {e}"));
    let run = |docs: &mut Vec<Document>| {
        for doc in docs.iter_mut() {
            let _ = built.stage.process(doc);
        }
    };
    let mut once = docs.clone();
    let (start, cpu_start) = (std::time::Instant::now(), thread_cpu_ns());
    run(&mut once);
    let secs = start.elapsed().as_secs_f64();
    let n = docs.len() as f64;
    eprintln!(
        "summarize: {n} documents in {secs:.3} s wall, {:.0} documents/s",
        n / secs
    );
    if let (Some(a), Some(b)) = (cpu_start, thread_cpu_ns()) {
        let cpu = (b - a) as f64 / 1e9;
        eprintln!(
            "summarize: {cpu:.3} s on the CPU, {:.0} documents/s per core",
            n / cpu
        );
    }
    let mut group = c.benchmark_group("summarize");
    group.throughput(Throughput::Bytes(docpipe_benches::total_bytes(&docs)));
    group.sample_size(10);
    group.bench_function("reuters", |b| {
        b.iter_batched_ref(|| docs.clone(), run, BatchSize::LargeInput);
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
