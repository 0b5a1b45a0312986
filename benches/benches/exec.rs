//! Criterion bench of `exec`: the overhead per document of sending it to an
//! external program and reading it back, with programs that do nothing but
//! echo (`cat`, and a three-line Python loop), next to the JSON round trip
//! alone. Run: `cargo bench -p docpipe-benches --bench exec`.
// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use docpipe_core::{Document, StageDescriptor};
use docpipe_exec::ExecSpec;
use std::hint::black_box;

const PYTHON_ECHO: &str =
    "import sys\nfor line in sys.stdin:\n    sys.stdout.write(line)\n    sys.stdout.flush()\n";

fn bench(c: &mut Criterion) {
    let docs = docpipe_benches::bench_documents(64);
    let mut group = c.benchmark_group("exec");
    // One element = one document; criterion reports time per document.
    group.throughput(Throughput::Elements(1));

    let mut i = 0usize;
    group.bench_function("json_round_trip_only", |b| {
        b.iter(|| {
            let doc = &docs[i % docs.len()];
            i += 1;
            let line = serde_json::to_vec(doc).expect("serializes");
            black_box(serde_json::from_slice::<Document>(&line).expect("parses"))
        });
    });

    for (name, command) in [
        ("cat", serde_json::json!(["cat"])),
        (
            "python_echo",
            serde_json::json!(["python3", "-u", "-c", PYTHON_ECHO]),
        ),
    ] {
        let built = StageDescriptor::of::<ExecSpec>()
            .build(serde_json::json!({"command": command, "timeout": "10s"}))
            .expect("valid exec options");
        let mut i = 0usize;
        group.bench_function(format!("{name}_per_doc"), |b| {
            b.iter(|| {
                let mut doc = docs[i % docs.len()].clone();
                i += 1;
                black_box(built.stage.process(&mut doc).expect("the echo answers"))
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
