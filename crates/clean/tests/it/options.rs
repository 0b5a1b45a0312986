//! Options, drops, and the example pipeline file.

use crate::clean;
use docpipe_clean::CleanSpec;
use docpipe_core::{Document, Outcome, StageDescriptor};

fn build(options: serde_json::Value) -> Box<dyn docpipe_core::Stage> {
    StageDescriptor::of::<CleanSpec>()
        .build(options)
        .expect("options build")
        .stage
}

const ARTICLE: &str = "The central bank kept its main interest rate unchanged on Tuesday, saying inflation was easing.\n\nAnalysts had expected the decision after a run of weaker data, and markets barely moved.";

#[test]
fn drops_documents_in_other_languages() {
    let stage = build(serde_json::json!({"languages": ["fr"]}));
    let mut doc = Document::new("1", ARTICLE);
    let outcome = stage.process(&mut doc).expect("no error");
    assert!(
        matches!(outcome, Outcome::Drop(ref r) if r.contains("`en`")),
        "{outcome:?}"
    );
    let stage = build(serde_json::json!({"languages": ["en", "vi"]}));
    let mut doc = Document::new("1", ARTICLE);
    assert_eq!(stage.process(&mut doc).expect("no error"), Outcome::Keep);
}

#[test]
fn drops_documents_left_empty() {
    let (doc, outcome) = clean("Home » News\n\nShare this\n\nComments (0)\n\n\u{200B}");
    // The reason says what was removed and which option keeps it.
    let Outcome::Drop(reason) = outcome else {
        panic!("{outcome:?}")
    };
    assert!(
        reason.starts_with("empty after cleaning; 3 lines were removed as page furniture ("),
        "{reason}"
    );
    assert!(
        reason.ends_with("set `remove_furniture = false` to keep them"),
        "{reason}"
    );
    assert_eq!(doc.text, "");
    let (_, outcome) = clean(" \n\u{200B}\n");
    assert_eq!(outcome, Outcome::Drop("empty after cleaning".into()));
}

/// Emoji are no page furniture: a line of words with many of them (one
/// family emoji is seven characters) is text.
#[test]
fn keeps_lines_with_many_emoji() {
    let line = "Hello 👋🏽 world 🇺🇸! Family: 👨‍👩‍👧‍👦. The CEO of 🍎 said $5B. 😀😀😀";
    let (doc, outcome) = clean(line);
    assert_eq!(outcome, Outcome::Keep);
    assert_eq!(doc.text, line);
    let (doc, _) = clean(&format!("★★★★☆ ✔✔✔ ➜➜\n\n{line}"));
    assert_eq!(doc.text, line);
}

#[test]
fn keeps_metadata_the_input_had() {
    let stage = build(serde_json::json!({}));
    let mut doc = Document::new("1", format!("Rates on hold\n\nBy Jane Doe\n\n{ARTICLE}"));
    doc.meta.insert("title".into(), "Given title".into());
    doc.meta.insert("byline".into(), "".into());
    stage.process(&mut doc).expect("no error");
    assert_eq!(doc.meta_str("title"), Some("Given title"));
    assert_eq!(doc.meta_str("byline"), Some("Jane Doe"));
}

#[test]
fn extra_furniture_phrases_and_invalid_options() {
    let stage = build(serde_json::json!({"extra_furniture": ["Brought to you by"]}));
    let mut doc = Document::new("1", format!("{ARTICLE}\n\nBrought to you by Acme Corp"));
    stage.process(&mut doc).expect("no error");
    assert!(!doc.text.contains("Acme"));
    let bad =
        StageDescriptor::of::<CleanSpec>().build(serde_json::json!({"languages": ["English"]}));
    assert!(bad.is_err());
    let bad =
        StageDescriptor::of::<CleanSpec>().build(serde_json::json!({"remove_furnitur": true}));
    assert!(bad.is_err());
}

#[test]
fn example_pipeline_parses_and_runs() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../pipelines/clean.toml");
    let text = std::fs::read_to_string(path).expect("pipelines/clean.toml exists");
    let pipeline: toml::Table = toml::from_str(&text).expect("valid TOML");
    let stages = pipeline
        .get("stage")
        .and_then(|s| s.as_array())
        .expect("[[stage]] tables");
    assert_eq!(stages.len(), 1);
    let mut table = stages[0].as_table().expect("a table").clone();
    assert_eq!(
        table
            .remove("uses")
            .and_then(|u| u.as_str().map(str::to_owned))
            .as_deref(),
        Some("clean")
    );
    let options = serde_json::to_value(&table).expect("options as JSON");
    let stage = build(options);
    let mut doc = Document::new("1", ARTICLE);
    assert_eq!(stage.process(&mut doc).expect("no error"), Outcome::Keep);
}

/// A date the input gives in another form becomes ISO 8601, as the
/// document record says `meta.date` is; what was written is kept.
#[test]
fn a_given_date_is_normalized_to_iso_8601() {
    let stage = build(serde_json::json!({}));
    let cases = [
        ("March 5, 2024", Some("2024-03-05")),
        ("26-FEB-1987 15:01:01.79", Some("1987-02-26T15:01:01")),
        ("2024-03-05", None),
        ("last spring", None),
    ];
    for (given, iso) in cases {
        let mut doc = Document::new("1", ARTICLE);
        doc.meta.insert("date".into(), given.into());
        assert_eq!(stage.process(&mut doc).expect("no error"), Outcome::Keep);
        let date = doc.meta.get("date").and_then(|v| v.as_str());
        let raw = doc.meta.get("date_raw").and_then(|v| v.as_str());
        match iso {
            Some(iso) => {
                assert_eq!(date, Some(iso), "{given}");
                assert_eq!(raw, Some(given), "{given}");
            }
            // Already ISO 8601, or no date to read: left as given.
            None => {
                assert_eq!(date, Some(given), "{given}");
                assert_eq!(raw, None, "{given}");
            }
        }
    }
    // With metadata lifting off, the stage leaves metadata alone.
    let stage = build(serde_json::json!({"lift_metadata": false}));
    let mut doc = Document::new("1", ARTICLE);
    doc.meta.insert("date".into(), "March 5, 2024".into());
    stage.process(&mut doc).expect("no error");
    assert_eq!(
        doc.meta.get("date").and_then(|v| v.as_str()),
        Some("March 5, 2024")
    );
}
