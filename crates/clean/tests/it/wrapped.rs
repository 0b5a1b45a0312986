//! Hard-wrapped text (72 columns, as in e-mail, Project Gutenberg and many
//! archives; CRLF line ends too) keeps every sentence of its body.

use crate::clean;
use docpipe_core::Outcome;

const PARAGRAPHS: [&str; 3] = [
    "The city council voted on Tuesday to approve a new budget that raises spending on schools and roads by 4 percent.",
    "Mayor Linda Park said the plan would be paid for without raising property taxes, a promise she made during her campaign last year.",
    "Opponents on the council argued that the revenue forecasts were too optimistic and warned of cuts next year.",
];

/// Greedy wrapping at `width` columns, as `textwrap.fill` or `fmt` do it.
fn fill(paragraph: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for word in paragraph.split(' ') {
        match lines.last_mut() {
            Some(line) if line.len() + 1 + word.len() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines.join("\n")
}

fn wrapped(width: usize, newline: &str) -> String {
    PARAGRAPHS
        .iter()
        .map(|p| fill(p, width).replace('\n', newline))
        .collect::<Vec<_>>()
        .join(&format!("{newline}{newline}"))
}

/// The cleaned text with its lines joined back into one line of words.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn assert_keeps_every_sentence(input: &str) {
    let (doc, outcome) = clean(input);
    assert_eq!(outcome, Outcome::Keep);
    assert_eq!(words(&doc.text), PARAGRAPHS.join(" "), "input:\n{input}");
    assert_eq!(doc.meta_str("title"), None, "half a sentence is no title");
    let removed = &doc.attrs["clean"]["removed"];
    assert_eq!(removed, &serde_json::json!([]), "input:\n{input}");
}

#[test]
fn keeps_text_wrapped_at_72_columns() {
    assert_keeps_every_sentence(&wrapped(72, "\n"));
}

#[test]
fn keeps_text_wrapped_at_72_columns_with_crlf() {
    assert_keeps_every_sentence(&wrapped(72, "\r\n"));
}

#[test]
fn keeps_text_wrapped_at_other_widths() {
    for width in [30, 50, 60, 66, 76, 80] {
        assert_keeps_every_sentence(&wrapped(width, "\n"));
    }
}

#[test]
fn keeps_a_lead_of_two_short_sentences() {
    let input = format!(
        "Rain is coming.\nTake an umbrella.\n\n{}\n\n{}",
        PARAGRAPHS[1], PARAGRAPHS[2]
    );
    let (doc, _) = clean(&input);
    assert!(
        doc.text
            .starts_with("Rain is coming.\nTake an umbrella.\n\n"),
        "{}",
        doc.text
    );
    assert_eq!(doc.attrs["clean"]["removed"], serde_json::json!([]));
}

#[test]
fn a_wrapped_page_still_loses_its_furniture() {
    // Title, byline and widgets around a wrapped body: the title is the
    // headline, not the first half-line, and removed lines are reported
    // one by one with their line numbers.
    let input = format!(
        "Council approves budget\n\nBy Jane Doe\n\n{}\n\nShare this\n\nComments (0)",
        wrapped(72, "\n")
    );
    let (doc, _) = clean(&input);
    assert_eq!(words(&doc.text), PARAGRAPHS.join(" "));
    assert_eq!(doc.meta_str("title"), Some("Council approves budget"));
    assert_eq!(doc.meta_str("byline"), Some("Jane Doe"));
    let removed: Vec<(u64, &str)> = doc.attrs["clean"]["removed"]
        .as_array()
        .expect("removed is a list")
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().unwrap_or_default(),
                r["text"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        removed,
        [
            (1, "Council approves budget"),
            (3, "By Jane Doe"),
            (14, "Share this"),
            (16, "Comments (0)"),
        ]
    );
}
