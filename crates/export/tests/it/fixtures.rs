//! Documents for the tests: small hand-made ones with exact expectations,
//! and the sample news corpus with plausible tags (a tiny gazetteer stands
//! in for the tag stage, which sets `canonical`).

use docpipe_core::{
    BuiltStage, Collector, CollectorContext, Document, Entity, FinishContext, Keyphrase,
    ReadCounts, RunSnapshot, Span, StageCounts, StageDescriptor, Summary,
};
use docpipe_export::ExportSpec;
use std::path::{Path, PathBuf};

/// `(surface, label, canonical)` looked up in the news corpus.
const GAZETTEER: &[(&str, &str, &str)] = &[
    ("Việt Nam", "LOC", "Việt Nam"),
    ("Viet Nam", "LOC", "Việt Nam"),
    ("Vietnam", "LOC", "Việt Nam"),
    ("Hà Nội", "LOC", "Hà Nội"),
    ("Hanoi", "LOC", "Hà Nội"),
    ("Laos", "LOC", "Laos"),
    ("Indonesia", "LOC", "Indonesia"),
    ("Cambodia", "LOC", "Cambodia"),
    ("Thailand", "LOC", "Thailand"),
    ("Singapore", "LOC", "Singapore"),
    ("Malaysia", "LOC", "Malaysia"),
    ("Philippines", "LOC", "Philippines"),
    ("Myanmar", "LOC", "Myanmar"),
    ("China", "LOC", "China"),
    ("ASEAN", "ORG", "ASEAN"),
    ("United Nations", "ORG", "United Nations"),
    (
        "Ministry of Foreign Affairs",
        "ORG",
        "Ministry of Foreign Affairs",
    ),
    ("Do Hung Viet", "PERSON", "Đỗ Hùng Việt"),
    ("Đỗ Hùng Việt", "PERSON", "Đỗ Hùng Việt"),
    ("Bui Thanh Son", "PERSON", "Bùi Thanh Sơn"),
    ("Pham Minh Chinh", "PERSON", "Phạm Minh Chính"),
    ("December 27", "DATE", "December 27"),
    ("1995", "DATE", "1995"),
    ("2023", "DATE", "2023"),
    ("2024", "DATE", "2024"),
    ("2045", "DATE", "2045"),
];

/// Builds a document from text: title from the first line, entities from
/// the gazetteer (longest match first, no overlaps), sentences split at
/// `. `, a two-sentence summary and keyphrases.
pub fn tagged(id: &str, text: &str, date: &str) -> Document {
    let mut doc = Document::new(id, text);
    let title = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("Home"))
        .unwrap_or(id);
    doc.meta.insert("title".into(), title.into());
    doc.meta.insert("date".into(), date.into());
    doc.meta.insert("source".into(), "news-sample".into());
    doc.meta.insert("lang".into(), "en".into());
    let mut entities: Vec<Entity> = Vec::new();
    let mut by_len: Vec<_> = GAZETTEER.to_vec();
    by_len.sort_by_key(|g| std::cmp::Reverse(g.0.len()));
    for (surface, label, canonical) in by_len {
        for (start, _) in text.match_indices(surface) {
            let end = start + surface.len();
            if entities.iter().any(|e| start < e.end && e.start < end) {
                continue;
            }
            let value = (label == "DATE" && surface.len() == 4).then(|| surface.into());
            entities.push(Entity {
                start,
                end,
                text: surface.into(),
                label: label.into(),
                canonical: Some(canonical.into()),
                value,
            });
        }
    }
    entities.sort_by_key(|e| e.start);
    doc.entities = Some(entities);
    let mut sentences = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices(". ") {
        sentences.push(Span::new(start, i + 1));
        start = i + 2;
    }
    if start < text.len() {
        sentences.push(Span::new(start, text.len()));
    }
    let chosen: Vec<usize> = (0..sentences.len().min(2)).collect();
    let summary_text: Vec<&str> = chosen
        .iter()
        .map(|&i| doc.slice(sentences[i]).trim())
        .collect();
    doc.summary = Some(Summary {
        sentences: chosen,
        text: summary_text.join(" "),
    });
    doc.sentences = Some(sentences);
    doc.keyphrases = Some(vec![
        Keyphrase {
            text: "ASEAN cooperation".into(),
            score: 0.91,
        },
        Keyphrase {
            text: "regional integration".into(),
            score: 0.72,
        },
    ]);
    doc
}

/// Three small documents covering the corner cases: all three spellings
/// of Việt Nam, an entity without `canonical`, a value, a missing date,
/// text with commas, quotes and newlines (CSV escaping), no summary.
pub fn small() -> Vec<Document> {
    let mut a = tagged(
        "a1",
        "Việt Nam joined ASEAN in 1995. Hà Nội said \"yes\", twice.",
        "2024-05-01",
    );
    a.meta
        .insert("title".into(), "Việt Nam, ASEAN and \"1995\"".into());
    let mut b = tagged(
        "b2",
        "Vietnam and Viet Nam\nare the same country. Laos agrees.",
        "2024-05-03",
    );
    b.meta.insert("byline".into(), "Nguyễn Văn A".into());
    if let Some(es) = &mut b.entities {
        let start = b.text.find("country").unwrap_or(0);
        es.push(Entity {
            start,
            end: start + "country".len(),
            text: "country".into(),
            label: "MISC".into(),
            canonical: None,
            value: None,
        });
        es.sort_by_key(|e| e.start);
    }
    let mut c = Document::new("c3", "No tags here.");
    c.meta.insert("lang".into(), "vi".into());
    c.entities = Some(Vec::new());
    vec![a, b, c]
}

/// The sample corpus (`corpus/news`), tagged, with plausible dates.
pub fn news() -> Vec<Document> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/news");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    let dates = [
        "2023-12-27",
        "2024-01-05",
        "2024-01-05",
        "2024-02-14",
        "2024-03-02",
    ];
    paths
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let text = std::fs::read_to_string(p).ok()?;
            let id = p.file_stem()?.to_str()?;
            Some(tagged(id, &text, dates[i % dates.len()]))
        })
        .collect()
}

/// A plausible run snapshot for the report's "run at a glance".
pub fn run_snapshot(docs: u64) -> RunSnapshot {
    let stage = |id: &str, dropped: u64, errors: u64, seconds: f64| StageCounts {
        id: id.into(),
        uses: id.into(),
        input: docs + dropped + errors,
        out: docs,
        dropped,
        errors,
        seconds,
        bytes: 0,
        reused: false,
    };
    RunSnapshot {
        read: ReadCounts {
            files: docs,
            docs,
            errors: 0,
            bytes: 0,
        },
        stages: vec![
            stage("clean", 0, 0, 0.012),
            stage("segment", 0, 0, 0.034),
            stage("tag", 0, 0, 0.151),
            stage("summarize", 0, 0, 0.046),
            stage("export", 0, 0, 0.003),
        ],
        wall_seconds: 0.31,
    }
}

/// Runs the export stage with `options` over `docs` into `dir`.
pub fn export(dir: &Path, options: serde_json::Value, docs: &[Document]) {
    let (built, mut collector) = open(dir, options);
    for doc in docs {
        let mut doc = doc.clone();
        assert_eq!(
            built.stage.process(&mut doc).unwrap(),
            docpipe_core::Outcome::Keep
        );
        assert_eq!(
            &doc,
            &docs[docs.iter().position(|d| d.id == doc.id).unwrap()]
        );
        collector.observe(&doc).unwrap();
    }
    finish(collector, dir, docs.len());
}

/// Runs the export stage like [`export`], but as the engine does: each
/// document is prepared first (`position(i)` is the position the engine
/// would give the `i`th), and the collector observes it with what was
/// prepared. `foreign(i)` swaps in something the stage did not prepare.
pub fn export_prepared(
    dir: &Path,
    options: serde_json::Value,
    docs: &[Document],
    position: impl Fn(usize) -> Option<u64>,
    foreign: impl Fn(usize) -> bool,
) {
    let (built, mut collector) = open(dir, options);
    for (i, doc) in docs.iter().enumerate() {
        let prepared = built.stage.prepare(doc, position(i)).unwrap().unwrap();
        let prepared: docpipe_core::Prepared = if foreign(i) { Box::new(i) } else { prepared };
        collector.observe_prepared(doc, prepared).unwrap();
    }
    finish(collector, dir, docs.len());
}

/// Builds the export stage with `options` and its collector into `dir`.
fn open(dir: &Path, options: serde_json::Value) -> (BuiltStage, Box<dyn Collector>) {
    let built = StageDescriptor::of::<ExportSpec>().build(options).unwrap();
    let ctx = CollectorContext {
        stage_id: "export".into(),
        output_dir: dir.to_owned(),
        shard: None,
    };
    let collector = built.stage.collector(&ctx).unwrap().unwrap();
    (built, collector)
}

/// Finishes a collector that saw `docs` documents, with a plausible run.
fn finish(collector: Box<dyn Collector>, dir: &Path, docs: usize) {
    let run = run_snapshot(docs as u64);
    collector
        .finish(&FinishContext {
            output_dir: dir,
            pipeline: "news",
            run: &run,
        })
        .unwrap();
}

/// Every format, sentences tables included.
pub fn all_formats() -> serde_json::Value {
    serde_json::json!({"formats": ["jsonl", "csv", "parquet", "html", "md"], "sentences_csv": true})
}

/// Reads a file of the output directory.
pub fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}
