//! Integration tests of the `tag` stage on real news text.
//!
//! Tag must not depend on `segment`, so these tests tokenize with a small
//! Penn-like tokenizer of their own (one sentence per line).

#![allow(clippy::unwrap_used)]

mod canonical;
mod corpus;
mod properties;

use docpipe_core::{Document, Span, StageDescriptor, Token};
use docpipe_tag::TagSpec;

/// Splits `text` into line-sentences and Penn-like tokens (`ASEAN|'s`,
/// `end|.`).
pub(crate) fn segmented(id: &str, text: &str) -> Document {
    let mut doc = Document::new(id, text);
    let mut sentences = Vec::new();
    let mut tokens = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let before = tokens.len();
        let mut pos = line_start;
        for word in line.split_whitespace() {
            let start = pos + line[pos - line_start..].find(word).unwrap_or(0);
            pos = start + word.len();
            let mut s = start;
            let mut e = start + word.len();
            while s < e && text[s..].starts_with(['“', '"', '(', '‘']) {
                let n = text[s..].chars().next().map_or(1, char::len_utf8);
                tokens.push(Token::new(s, s + n));
                s += n;
            }
            let mut tail = Vec::new();
            loop {
                let w = &text[s..e];
                if let Some(c) = w.chars().last().filter(|c| ",.;:!?)”\"’".contains(*c))
                    && w.len() > c.len_utf8()
                {
                    let n = c.len_utf8();
                    tail.push(Token::new(e - n, e));
                    e -= n;
                } else if (w.ends_with("'s") || w.ends_with("’s")) && w.chars().count() > 2 {
                    let n = if w.ends_with("'s") { 2 } else { 4 };
                    tail.push(Token::new(e - n, e));
                    e -= n;
                } else {
                    break;
                }
            }
            if s < e {
                tokens.push(Token::new(s, e));
            }
            tokens.extend(tail.into_iter().rev());
        }
        if tokens.len() > before {
            sentences.push(Span::new(
                tokens[before].start,
                tokens[tokens.len() - 1].end,
            ));
        }
        line_start += line.len();
    }
    doc.sentences = Some(sentences);
    doc.tokens = Some(tokens);
    doc
}

/// Tags a document with default options.
pub(crate) fn tag(mut doc: Document) -> Document {
    let built = StageDescriptor::of::<TagSpec>()
        .build(serde_json::json!({}))
        .unwrap();
    built.stage.process(&mut doc).unwrap();
    doc
}

#[test]
fn test_tokenizer_splits_punctuation() {
    let d = segmented("t", "Việt Nam's GDP, (up 5%).\nNext line.");
    let words: Vec<&str> = d
        .tokens
        .unwrap()
        .iter()
        .map(|t| &d.text[t.start..t.end])
        .collect();
    assert_eq!(
        words,
        [
            "Việt", "Nam", "'s", "GDP", ",", "(", "up", "5%", ")", ".", "Next", "line", "."
        ]
    );
    assert_eq!(d.sentences.unwrap().len(), 2);
}
