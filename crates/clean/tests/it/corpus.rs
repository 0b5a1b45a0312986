//! The five sample articles: body kept, furniture gone, metadata right.

use crate::clean;
use std::path::PathBuf;

fn corpus() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/news");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus/news exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let stem = p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            (stem, std::fs::read_to_string(&p).expect("readable"))
        })
        .collect()
}

#[test]
fn sample_articles_snapshot() {
    for (name, text) in corpus() {
        let (doc, outcome) = clean(&text);
        let snapshot = serde_json::json!({
            "outcome": format!("{outcome:?}"),
            "meta": doc.meta,
            "removed": doc.attrs.get("clean").and_then(|c| c.get("removed")),
            "stripped": doc.attrs.get("clean").and_then(|c| c.get("stripped")),
            "text": doc.text.split('\n').collect::<Vec<_>>(),
        });
        insta::assert_json_snapshot!(name, snapshot);
    }
}
