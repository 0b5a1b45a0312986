//! Behaviour on hand-made documents: budgets, order, edge cases, options.

use crate::split::document;
use docpipe_core::{BuildError, BuiltStage, Document, Layer, Outcome, StageDescriptor, StageError};
use docpipe_summarize::SummarizeSpec;
use serde_json::json;

const TEXT: &str = "The central bank raised interest rates by half a point on Tuesday. \
Analysts had expected the bank to hold rates steady this month. \
The decision sent the currency to a two-year high against the dollar. \
Shares in exporters fell sharply after the announcement. \
The bank said inflation remained well above its target. \
Officials will meet again in six weeks to review interest rates. \
Weather in the capital was mild.";

fn build(options: serde_json::Value) -> BuiltStage {
    StageDescriptor::of::<SummarizeSpec>()
        .build(options)
        .unwrap()
}

fn summarize(options: serde_json::Value, doc: &mut Document) -> Outcome {
    build(options).stage.process(doc).unwrap()
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

#[test]
fn declares_its_layers() {
    let built = build(json!({}));
    assert_eq!(built.requires, [Layer::SENTENCES, Layer::TOKENS]);
    assert_eq!(built.produces, [Layer::SUMMARY, Layer::KEYPHRASES]);
    assert_eq!(built.options["sentences"], 3);
    assert_eq!(built.options["keyphrases"], 10);
}

#[test]
fn sentence_count_is_honoured_in_document_order() {
    for n in 1..=7 {
        let mut doc = document("d", TEXT);
        assert_eq!(
            summarize(json!({ "sentences": n }), &mut doc),
            Outcome::Keep
        );
        let s = doc.summary.unwrap();
        assert_eq!(s.sentences.len(), n);
        assert!(
            s.sentences.windows(2).all(|w| w[0] < w[1]),
            "{:?}",
            s.sentences
        );
        assert!(s.sentences.iter().all(|&i| i < 7));
    }
}

#[test]
fn text_joins_the_chosen_sentences() {
    let mut doc = document("d", TEXT);
    summarize(json!({ "sentences": 2 }), &mut doc);
    let s = doc.summary.as_ref().unwrap();
    let sents = doc.sentences.as_ref().unwrap();
    let expected: Vec<&str> = s.sentences.iter().map(|&i| doc.slice(sents[i])).collect();
    assert_eq!(s.text, expected.join(" "));
}

#[test]
fn lead_sentence_is_chosen_and_filler_is_not() {
    let mut doc = document("d", TEXT);
    summarize(json!({ "sentences": 3 }), &mut doc);
    let s = doc.summary.unwrap();
    assert_eq!(s.sentences[0], 0);
    assert!(!s.sentences.contains(&6), "{:?}", s.sentences);
}

#[test]
fn ratio_rounds_up() {
    for (ratio, expected) in [(0.1, 1), (0.3, 3), (0.5, 4), (1.0, 7)] {
        let mut doc = document("d", TEXT);
        summarize(json!({ "ratio": ratio }), &mut doc);
        assert_eq!(
            doc.summary.unwrap().sentences.len(),
            expected,
            "ratio {ratio}"
        );
    }
}

#[test]
fn word_budget_is_honoured() {
    for budget in [15, 25, 40, 80] {
        let mut doc = document("d", TEXT);
        summarize(json!({ "words": budget }), &mut doc);
        let s = doc.summary.unwrap();
        assert!(!s.sentences.is_empty());
        assert!(words(&s.text) <= budget, "{budget}: {}", s.text);
    }
    // Nothing fits: the single best sentence.
    let mut doc = document("d", TEXT);
    summarize(json!({ "words": 3 }), &mut doc);
    assert_eq!(doc.summary.unwrap().sentences.len(), 1);
}

#[test]
fn fewer_sentences_than_asked_gives_all() {
    let mut doc = document("d", "Only one sentence here. And a second.");
    assert_eq!(
        summarize(json!({ "sentences": 5 }), &mut doc),
        Outcome::Keep
    );
    assert_eq!(doc.summary.unwrap().sentences, [0, 1]);
}

#[test]
fn empty_documents_are_dropped() {
    let mut doc = document("d", "   ");
    assert_eq!(doc.sentences.as_deref(), Some(&[][..]));
    match summarize(json!({}), &mut doc) {
        Outcome::Drop(reason) => assert!(reason.contains("no sentences")),
        Outcome::Keep => panic!("kept an empty document"),
    }
    assert!(doc.summary.is_none());
}

#[test]
fn missing_layers_are_errors() {
    let stage = build(json!({})).stage;
    let mut doc = Document::new("d", TEXT);
    assert!(matches!(
        stage.process(&mut doc),
        Err(StageError::MissingLayer(l)) if l == Layer::SENTENCES
    ));
    doc.sentences = Some(Vec::new());
    assert!(matches!(
        stage.process(&mut doc),
        Err(StageError::MissingLayer(l)) if l == Layer::TOKENS
    ));
}

#[test]
fn output_is_deterministic() {
    let stage = build(json!({}));
    let runs: Vec<Document> = (0..3)
        .map(|_| {
            let mut doc = document("d", TEXT);
            stage.stage.process(&mut doc).unwrap();
            doc
        })
        .collect();
    assert!(runs.windows(2).all(|w| w[0] == w[1]));
}

#[test]
fn keyphrase_count_and_precision() {
    let mut doc = document("d", TEXT);
    summarize(json!({ "keyphrases": 4 }), &mut doc);
    let k = doc.keyphrases.unwrap();
    assert_eq!(k.len(), 4);
    assert_eq!(k[0].score, 1.0);
    for p in &k {
        assert_eq!(p.score, (p.score * 10_000.0).round() / 10_000.0);
    }
    assert!(
        k.iter()
            .any(|p| p.text.to_lowercase().contains("interest rates")),
        "{k:?}"
    );
    let mut doc = document("d", TEXT);
    summarize(json!({ "keyphrases": 0 }), &mut doc);
    assert_eq!(doc.keyphrases.unwrap(), []);
}

#[test]
fn title_pulls_matching_sentences() {
    let mut plain = document("d", TEXT);
    summarize(json!({ "sentences": 2 }), &mut plain);
    let mut titled = document("d", TEXT);
    titled
        .meta
        .insert("title".into(), "Exporters' shares fall".into());
    summarize(
        json!({ "sentences": 2, "weights": {"title": 5.0} }),
        &mut titled,
    );
    assert!(!plain.summary.unwrap().sentences.contains(&3));
    assert!(titled.summary.unwrap().sentences.contains(&3));
}

#[test]
fn bad_options_are_rejected_with_their_path() {
    let descriptor = StageDescriptor::of::<SummarizeSpec>();
    for (options, path) in [
        (json!({"sentence": 3}), "sentence"),
        (json!({"sentences": "three"}), "sentences"),
        (json!({"weights": {"postion": 1.0}}), "weights.postion"),
    ] {
        match descriptor.build(options) {
            Err(BuildError::Options { path: p, .. }) => assert_eq!(p, path),
            other => panic!("expected an options error, got {other:?}"),
        }
    }
    for options in [
        json!({"sentences": 0}),
        json!({"ratio": 1.5}),
        json!({"ratio": 0.5, "words": 20}),
        json!({"weights": {"redundancy": 2.0}}),
    ] {
        assert!(matches!(
            descriptor.build(options),
            Err(BuildError::Stage(StageError::Options { .. }))
        ),);
    }
}

/// A document far longer than any article (30,000 sentences) is summarized
/// with bounded work (the ranking caps its sentence graph) and valid
/// sentence indices, whatever the budget.
#[test]
fn very_long_documents_are_summarized() {
    const N: usize = 30_000;
    let text = (0..N)
        .map(|i| format!("Item {i} costs money."))
        .collect::<Vec<_>>()
        .join(" ");
    for (options, expected) in [
        (json!({ "sentences": 3 }), 3),
        (json!({ "ratio": 0.5 }), N / 2),
    ] {
        let mut doc = document("long", &text);
        assert_eq!(doc.sentences.as_ref().unwrap().len(), N);
        assert_eq!(summarize(options, &mut doc), Outcome::Keep);
        let s = doc.summary.unwrap();
        assert_eq!(s.sentences.len(), expected);
        assert!(s.sentences.windows(2).all(|w| w[0] < w[1]));
        assert!(s.sentences.iter().all(|&i| i < N));
        assert!(s.text.starts_with("Item "), "{}", &s.text[..40]);
        assert!(!doc.keyphrases.unwrap().is_empty());
    }
}
