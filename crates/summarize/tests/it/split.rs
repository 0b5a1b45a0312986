//! A deliberately simple local segmenter (the segment crate is not a
//! dependency here): a sentence ends at `.`, `!` or `?` followed by
//! whitespace, or at a line break; tokens are `simple_words` plus
//! punctuation characters.

use docpipe_core::{Document, Span, Token};
use docpipe_summarize::simple_words;

/// Sentence spans of `text`.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = None;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if !c.is_whitespace() && start.is_none() {
            start = Some(i);
        }
        let end_here = c == '\n'
            || (matches!(c, '.' | '!' | '?')
                && bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace()));
        if end_here && let Some(s) = start.take() {
            let e = if c == '\n' { i } else { i + 1 };
            let span = Span::new(s, e);
            if !text[s..e].trim().is_empty() {
                out.push(span);
            }
        }
    }
    if let Some(s) = start {
        out.push(Span::new(s, text.trim_end().len().max(s)));
    }
    out
}

/// Tokens of `text`: words and single punctuation characters.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut toks: Vec<Token> = simple_words(text)
        .into_iter()
        .map(|(s, e)| Token::new(s, e))
        .collect();
    let mut covered = vec![false; text.len()];
    for t in &toks {
        covered[t.start..t.end].iter_mut().for_each(|c| *c = true);
    }
    for (i, c) in text.char_indices() {
        if !covered[i] && !c.is_whitespace() {
            toks.push(Token::new(i, i + c.len_utf8()));
        }
    }
    toks.sort_by_key(|t| t.start);
    toks
}

/// A document with sentences and tokens.
pub fn document(id: &str, text: &str) -> Document {
    let mut doc = Document::new(id, text);
    doc.sentences = Some(sentences(text));
    doc.tokens = Some(tokens(text));
    doc
}
