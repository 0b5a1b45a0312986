//! Segmentation of a sample news article, as a snapshot.

use crate::{corpus_article, segment};
use std::fmt::Write as _;

/// Renders paragraphs (blank line between), sentences (one a line) and
/// tokens (`|` between).
fn render(doc: &docpipe_core::Document) -> String {
    let mut out = String::new();
    let sentences = doc.sentences.as_deref().unwrap();
    let tokens = doc.tokens.as_deref().unwrap();
    for para in doc.paragraphs.as_deref().unwrap() {
        for s in sentences.iter().filter(|s| para.contains(s)) {
            let words: Vec<&str> = tokens
                .iter()
                .filter(|t| s.contains(&t.span()))
                .map(|t| &doc.text[t.start..t.end])
                .collect();
            writeln!(out, "{}", words.join("|")).unwrap();
        }
        out.push('\n');
    }
    out
}

#[test]
fn sample_article_snapshot() {
    let text = corpus_article("001_2da70bcbda43254d.txt");
    let doc = segment(&text, serde_json::json!({}));
    insta::assert_snapshot!(render(&doc));
}

#[test]
fn sample_article_cases() {
    let text = corpus_article("001_2da70bcbda43254d.txt");
    let doc = segment(&text, serde_json::json!({}));
    let sentences: Vec<&str> = doc
        .sentences
        .iter()
        .flatten()
        .map(|s| &doc.text[s.start..s.end])
        .collect();
    // `No.59` does not end a sentence, the Vietnamese name stays whole.
    assert!(
        sentences
            .iter()
            .any(|s| s.contains("Conclusion No.59 issued by the Politburo"))
    );
    let tokens: Vec<&str> = doc
        .tokens
        .iter()
        .flatten()
        .map(|t| &doc.text[t.start..t.end])
        .collect();
    for word in ["Đỗ", "Hùng", "Việt", "No.", "59", "'s"] {
        assert!(tokens.contains(&word), "{word} is a token");
    }
}

#[test]
fn every_sample_article_segments() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/news");
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let doc = segment(&text, serde_json::json!({}));
        let n = doc.sentences.as_ref().unwrap().len();
        let words = doc.tokens.as_ref().unwrap().len();
        // News sentences average 15–40 tokens.
        assert!(
            words / n >= 8 && words / n <= 45,
            "{words} tokens in {n} sentences"
        );
    }
}
