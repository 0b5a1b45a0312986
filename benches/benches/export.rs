//! Criterion bench of `export` (to be written).
use criterion::{Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let docs = docpipe_benches::bench_documents(10);
    c.bench_function("export/placeholder", |b| b.iter(|| docpipe_benches::total_bytes(&docs)));
}

criterion_group!(benches, bench);
criterion_main!(benches);
