//! Offset invariants on arbitrary text.

use crate::segment;
use docpipe_core::{Document, Span};
use proptest::prelude::*;

/// Checks that `spans` are non-empty, in bounds, on char boundaries,
/// ordered and non-overlapping.
fn check_spans(text: &str, spans: &[Span], what: &str) {
    let mut prev_end = 0;
    for s in spans {
        assert!(s.start < s.end, "{what} {s:?} is empty");
        assert!(s.end <= text.len(), "{what} {s:?} out of bounds");
        assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "{what} {s:?} splits a char"
        );
        assert!(
            prev_end <= s.start,
            "{what} {s:?} overlaps or is out of order"
        );
        prev_end = s.end;
    }
}

/// Checks that each of `inner` lies inside one of `outer` (both ordered).
fn check_nested(inner: &[Span], outer: &[Span], what: &str) {
    let mut j = 0;
    for s in inner {
        while j < outer.len() && outer[j].end < s.end {
            j += 1;
        }
        assert!(
            j < outer.len() && outer[j].contains(s),
            "{what} {s:?} is not inside one span"
        );
    }
}

fn check_doc(doc: &Document) {
    let text = &doc.text;
    let paras = doc.paragraphs.as_deref().unwrap();
    let sents = doc.sentences.as_deref().unwrap();
    let toks: Vec<Span> = doc.tokens.iter().flatten().map(|t| t.span()).collect();
    check_spans(text, paras, "paragraph");
    check_spans(text, sents, "sentence");
    check_spans(text, &toks, "token");
    check_nested(sents, paras, "sentence");
    check_nested(&toks, sents, "token");
    // Every non-whitespace char is in a token; no token holds whitespace
    // at its edges.
    let covered: usize = toks
        .iter()
        .map(|t| {
            text[t.start..t.end]
                .chars()
                .filter(|c| !c.is_whitespace())
                .count()
        })
        .sum();
    assert_eq!(
        covered,
        text.chars().filter(|c| !c.is_whitespace()).count(),
        "tokens cover the text"
    );
    for t in &toks {
        let w = &text[t.start..t.end];
        assert_eq!(w.trim(), w, "token {w:?} has whitespace at an edge");
    }
    // The JSON form carries code points that select the same text.
    let json = serde_json::to_value(doc).unwrap();
    let chars: Vec<char> = text.chars().collect();
    for (t, j) in toks.iter().zip(json["tokens"].as_array().unwrap()) {
        let (s, e) = (
            j["start"].as_u64().unwrap() as usize,
            j["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            chars[s..e].iter().collect::<String>(),
            &text[t.start..t.end]
        );
    }
}

/// Text built from fragments that exercise the rules.
fn newsy() -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        Just("Mr."),
        Just("U.S."),
        Just("No.59"),
        Just("4.5"),
        Just("1,000"),
        Just("8/8/2023"),
        Just("don't"),
        Just("ASEAN's"),
        Just("students'"),
        Just("..."),
        Just("?!"),
        Just("\""),
        Just("“"),
        Just("”"),
        Just("("),
        Just(")"),
        Just("."),
        Just(","),
        Just(" "),
        Just(" "),
        Just("\n"),
        Just("\n\n"),
        Just("\r\n"),
        Just("Đỗ"),
        Just("Việt"),
        Just("e\u{301}"),
        Just("https://x.vn/a."),
        Just("a@b.co"),
        Just(":-)"),
        Just("--"),
        Just("'"),
        Just("’"),
        Just("J."),
        Just("a.m."),
        Just("The"),
        Just("word"),
        Just("1."),
        Just("-"),
        Just("\u{2029}"),
        Just("\u{a0}"),
        Just("北京。"),
        Just("$"),
        Just("#tag"),
        Just("b/c"),
    ];
    prop::collection::vec(fragment, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn invariants_on_arbitrary_unicode(text in "\\PC*") {
        check_doc(&segment(&text, serde_json::json!({})));
    }

    #[test]
    fn invariants_on_any_chars(text in ".*") {
        check_doc(&segment(&text, serde_json::json!({"split_hyphens": true, "split_contractions": false})));
    }

    #[test]
    fn invariants_on_newsy_text(text in newsy()) {
        check_doc(&segment(&text, serde_json::json!({})));
        check_doc(&segment(&text, serde_json::json!({"line_breaks": false, "split_hyphens": true})));
    }
}
