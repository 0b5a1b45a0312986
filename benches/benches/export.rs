//! Criterion bench of the `export` stage: 10,000 documents through its
//! collector (documents.jsonl, CSV and Parquet tables, entity index,
//! report, digest) into a temporary directory.
//!
//! The bench corpus has text only, so each document gets synthetic tags:
//! every capitalized word becomes an entity (label by word length, canonical
//! its lower-cased text), a summary of its first sentences, a title and a
//! date.
//!
//! Run: `cargo bench -p docpipe-benches --bench export -- --warm-up-time 1
//! --measurement-time 5`. On the Reuters bench corpus (10,000 documents,
//! 8.3 MB of text) on a shared, loaded 2-core machine: defaults (jsonl,
//! csv, html, md) 1.19 s (6.6 MiB/s); every format with Parquet 1.58 s
//! (5.0 MiB/s).

// `criterion_group!` generates an undocumented public function.
#![allow(missing_docs)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use docpipe_core::{
    CollectorContext, Document, Entity, FinishContext, Keyphrase, RunSnapshot, StageDescriptor,
    Summary,
};
use docpipe_export::ExportSpec;

const LABELS: [&str; 4] = ["PERSON", "ORG", "LOC", "MISC"];

fn tag(mut doc: Document, i: usize) -> Document {
    let mut entities = Vec::new();
    let mut start = None;
    for (pos, c) in doc.text.char_indices().chain([(doc.text.len(), ' ')]) {
        match (start, c.is_alphabetic()) {
            (None, true) if c.is_uppercase() => start = Some(pos),
            (Some(s), false) => {
                let text = doc.text[s..pos].to_owned();
                if text.len() > 2 {
                    entities.push(Entity {
                        start: s,
                        end: pos,
                        label: LABELS[text.len() % LABELS.len()].into(),
                        canonical: Some(text.to_lowercase()),
                        text,
                        value: None,
                    });
                }
                start = None;
            }
            _ => {}
        }
    }
    let mut cut = doc.text.len().min(300);
    while !doc.text.is_char_boundary(cut) {
        cut -= 1;
    }
    doc.summary = Some(Summary {
        sentences: vec![0],
        text: doc.text[..cut].to_owned(),
    });
    doc.keyphrases = Some(vec![Keyphrase {
        text: "trade".into(),
        score: 0.5,
    }]);
    let title: String = doc.text.chars().take(60).collect();
    doc.meta.insert("title".into(), title.into());
    let date = format!("1987-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
    doc.meta.insert("date".into(), date.into());
    doc.meta.insert("lang".into(), "en".into());
    doc.entities = Some(entities);
    doc
}

fn run(docs: &[Document], options: &serde_json::Value) {
    let dir = tempfile::tempdir().expect("temp dir");
    let built = StageDescriptor::of::<ExportSpec>()
        .build(options.clone())
        .expect("valid options");
    let ctx = CollectorContext {
        stage_id: "export".into(),
        output_dir: dir.path().to_owned(),
        shard: None,
    };
    let mut collector = built
        .stage
        .collector(&ctx)
        .expect("collector")
        .expect("export has a collector");
    for doc in docs {
        collector.observe(doc).expect("observe");
    }
    let run = RunSnapshot::default();
    collector
        .finish(&FinishContext {
            output_dir: dir.path(),
            pipeline: "bench",
            run: &run,
        })
        .expect("finish");
}

fn bench(c: &mut Criterion) {
    let docs: Vec<Document> = docpipe_benches::bench_documents(10_000)
        .into_iter()
        .enumerate()
        .map(|(i, d)| tag(d, i))
        .collect();
    let mut group = c.benchmark_group("export");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(docpipe_benches::total_bytes(&docs)));
    let defaults = serde_json::json!({});
    group.bench_function("10k_docs/defaults", |b| b.iter(|| run(&docs, &defaults)));
    let all = serde_json::json!({"formats": ["jsonl", "csv", "parquet", "html", "md"]});
    group.bench_function("10k_docs/all_formats", |b| b.iter(|| run(&docs, &all)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
