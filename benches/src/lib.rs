//! Criterion benchmarks for docpipe, one file per stage under `benches/`
//! plus the engine and the whole pipeline. This library holds what they
//! share: loading the bench corpus.

use docpipe_core::Document;
use std::path::{Path, PathBuf};

/// Where the bench corpus lives, relative to the workspace root.
pub const BENCH_CORPUS: &str = "../shared/data/bench/reuters21578.jsonl";

/// The workspace root (benches run with the package dir as cwd).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Loads up to `limit` documents of the Reuters bench corpus, or, when the
/// corpus is absent (it is never in the repository), generates news-like
/// documents from the sample corpus so benches still run.
pub fn bench_documents(limit: usize) -> Vec<Document> {
    let path = workspace_root().join(BENCH_CORPUS);
    if let Ok(text) = std::fs::read_to_string(&path) {
        let docs: Vec<Document> = text
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| {
                let text = v.get("text")?.as_str()?.to_owned();
                let id = v.get("id").map(|i| i.to_string()).unwrap_or_default();
                Some(Document::new(id, text))
            })
            .take(limit)
            .collect();
        if !docs.is_empty() {
            return docs;
        }
    }
    generated_documents(limit)
}

/// Documents built by repeating the sample corpus's articles.
pub fn generated_documents(limit: usize) -> Vec<Document> {
    let dir = workspace_root().join("corpus/news");
    let mut texts: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .collect()
        })
        .unwrap_or_default();
    texts.sort();
    if texts.is_empty() {
        texts.push("The quick brown fox jumps over the lazy dog. ".repeat(50));
    }
    (0..limit)
        .map(|i| Document::new(format!("gen-{i}"), texts[i % texts.len()].clone()))
        .collect()
}

/// Total bytes of text in `docs`.
pub fn total_bytes(docs: &[Document]) -> u64 {
    docs.iter().map(|d| d.text.len() as u64).sum()
}
