//! Criterion bench of the `clean` stage alone on the Reuters bench corpus.
//! Before criterion's (wall-clock) figure it prints MB per CPU second of
//! this thread, which a loaded machine does not skew.
// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use docpipe_clean::CleanSpec;
use docpipe_core::StageDescriptor;

/// CPU time of this thread so far, in seconds, where Linux reports it (on
/// a shared machine wall time understates speed); `None` elsewhere.
fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(s.split_whitespace().next()?.parse::<f64>().ok()? / 1e9)
}

/// How many times the corpus is cleaned for the CPU-time figure.
const CPU_ROUNDS: usize = 10;

fn bench(c: &mut Criterion) {
    let docs = docpipe_benches::bench_documents(2000);
    let stage = StageDescriptor::of::<CleanSpec>()
        .build(serde_json::json!({}))
        .expect("default options build")
        .stage;
    let bytes = docpipe_benches::total_bytes(&docs);
    // One round first, so lazily built tables are not counted.
    for doc in &docs {
        let _ = stage.process(&mut doc.clone());
    }
    let started = std::time::Instant::now();
    let cpu_started = cpu_seconds();
    for _ in 0..CPU_ROUNDS {
        for doc in &docs {
            let _ = stage.process(&mut doc.clone());
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let mb = (bytes as f64 * CPU_ROUNDS as f64) / 1e6;
    eprintln!(
        "clean: {} docs x {CPU_ROUNDS}: {:.1} MB/s wall (one thread)",
        docs.len(),
        mb / secs
    );
    if let (Some(a), Some(b)) = (cpu_started, cpu_seconds()) {
        eprintln!("clean: {:.1} MB per CPU second (one thread)", mb / (b - a));
    }
    let mut group = c.benchmark_group("clean");
    group.throughput(Throughput::Bytes(bytes));
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
