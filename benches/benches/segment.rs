//! Criterion bench of the `segment` stage alone on the bench corpus
//! (Reuters-21578 when present, generated news otherwise).

// `criterion_group!` generates an undocumented public function.
#![allow(missing_docs)]
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use docpipe_core::StageDescriptor;
use docpipe_segment::SegmentSpec;

fn bench(c: &mut Criterion) {
    let docs = docpipe_benches::bench_documents(2000);
    let built = StageDescriptor::of::<SegmentSpec>()
        .build(serde_json::json!({}))
        .unwrap_or_else(|e| panic!("segment builds with default options: {e}"));
    let mut group = c.benchmark_group("segment");
    group.throughput(Throughput::Bytes(docpipe_benches::total_bytes(&docs)));
    group.sample_size(10);
    group.bench_function("reuters", |b| {
        b.iter_batched_ref(
            || docs.clone(),
            |docs| {
                for doc in docs.iter_mut() {
                    let _ = built.stage.process(doc);
                }
            },
            criterion::BatchSize::LargeInput,
        );
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
