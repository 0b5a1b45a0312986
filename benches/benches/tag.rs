//! Criterion bench of `tag` (POS + NER + rules + canonical names) on the
//! Reuters bench corpus, segmented once beforehand. Throughput is in bytes
//! of text; tokens/s is printed alongside. Also times loading the model.
// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use docpipe_core::StageDescriptor;
use docpipe_segment::SegmentSpec;
use docpipe_tag::{Model, TagSpec};

/// CPU time of this thread so far, in seconds, where Linux reports it (on
/// a shared machine wall time understates speed); `None` elsewhere.
fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(s.split_whitespace().next()?.parse::<f64>().ok()? / 1e9)
}

fn bench(c: &mut Criterion) {
    let mut docs = docpipe_benches::bench_documents(500);
    let segment = StageDescriptor::of::<SegmentSpec>()
        .build(serde_json::json!({}))
        .expect("segment builds");
    for d in &mut docs {
        let _ = segment.stage.process(d);
    }
    let bytes = docpipe_benches::total_bytes(&docs);
    let tokens: usize = docs
        .iter()
        .map(|d| d.tokens.as_ref().map_or(0, Vec::len))
        .sum();
    let tag = StageDescriptor::of::<TagSpec>()
        .build(serde_json::json!({}))
        .expect("tag builds");
    let started = std::time::Instant::now();
    let cpu_started = cpu_seconds();
    let mut work = docs.clone();
    for d in &mut work {
        let _ = tag.stage.process(d);
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "tag: {tokens} tokens in {secs:.3} s = {:.0} tokens/s (one core)",
        tokens as f64 / secs
    );
    if let (Some(a), Some(b)) = (cpu_started, cpu_seconds()) {
        eprintln!(
            "tag: {:.0} tokens per CPU second (one thread)",
            tokens as f64 / (b - a)
        );
    }
    let mut group = c.benchmark_group("tag");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    group.bench_function("pos+ner+rules/500 docs", |b| {
        b.iter_batched(
            || docs.clone(),
            |mut batch| {
                for d in &mut batch {
                    let _ = tag.stage.process(d);
                }
                batch
            },
            criterion::BatchSize::LargeInput,
        );
    });
    group.finish();
    c.bench_function("tag/model load", |b| b.iter(Model::english));
}

criterion_group!(benches, bench);
criterion_main!(benches);
