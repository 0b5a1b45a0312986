//! Criterion bench of the `clean` stage alone on the Reuters bench corpus.
// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use docpipe_clean::CleanSpec;
use docpipe_core::StageDescriptor;

fn bench(c: &mut Criterion) {
    let docs = docpipe_benches::bench_documents(2000);
    let stage = StageDescriptor::of::<CleanSpec>()
        .build(serde_json::json!({}))
        .expect("default options build")
        .stage;
    let mut group = c.benchmark_group("clean");
    group.throughput(Throughput::Bytes(docpipe_benches::total_bytes(&docs)));
    group.sample_size(10);
    group.bench_function("reuters_2000_docs", |b| {
        b.iter(|| {
            for doc in &docs {
                let mut d = doc.clone();
                let _ = stage.process(&mut d);
            }
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
