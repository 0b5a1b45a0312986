//! Summaries and keyphrases of the sample news articles, as snapshots.

use crate::split::document;
use docpipe_core::StageDescriptor;
use docpipe_summarize::SummarizeSpec;
use std::path::Path;

#[test]
fn sample_articles() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/news");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    let stage = StageDescriptor::of::<SummarizeSpec>()
        .build(serde_json::json!({"keyphrases": 8}))
        .unwrap()
        .stage;
    for path in paths {
        let id = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let mut doc = document(&id, &text);
        stage.process(&mut doc).unwrap();
        let out = serde_json::json!({
            "summary": doc.summary.as_ref().map(|s| serde_json::json!({
                "sentences": s.sentences, "text": s.text,
            })),
            "keyphrases": doc.keyphrases.iter().flatten()
                .map(|k| serde_json::json!([k.text, k.score]))
                .collect::<Vec<_>>(),
        });
        insta::assert_json_snapshot!(id, out);
    }
}
