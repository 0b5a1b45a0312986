//! The example pipeline `pipelines/segment.toml` parses and its options run.

use crate::{corpus_article, segment};

#[test]
fn example_pipeline_options_build_and_run() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../pipelines/segment.toml");
    let file: toml::Table = std::fs::read_to_string(path).unwrap().parse().unwrap();
    let stages = file["stage"].as_array().unwrap();
    let mut table = stages[0].as_table().unwrap().clone();
    assert_eq!(table.remove("uses").unwrap().as_str(), Some("segment"));
    let options = serde_json::to_value(table).unwrap();
    let doc = segment(&corpus_article("000_7bcd217a13c55e39.txt"), options);
    assert!(doc.sentences.unwrap().len() > 10);
}

#[test]
fn unknown_and_bad_options_are_refused() {
    let spec = docpipe_core::StageDescriptor::of::<docpipe_segment::SegmentSpec>();
    assert!(spec.build(serde_json::json!({"abbrevs": []})).is_err());
    assert!(
        spec.build(serde_json::json!({"line_breaks": "yes"}))
            .is_err()
    );
    assert!(
        spec.build(serde_json::json!({"abbreviations": ["a b"]}))
            .is_err()
    );
}

#[test]
fn token_style_options() {
    let text = "I don't like self-reliant ASEAN's plans.";
    let words = |o| {
        let doc = segment(text, o);
        doc.tokens
            .unwrap()
            .iter()
            .map(|t| text[t.start..t.end].to_owned())
            .collect::<Vec<_>>()
            .join("|")
    };
    assert_eq!(
        words(serde_json::json!({})),
        "I|do|n't|like|self-reliant|ASEAN|'s|plans|."
    );
    assert_eq!(
        words(serde_json::json!({"split_contractions": false, "split_hyphens": true})),
        "I|don't|like|self|-|reliant|ASEAN's|plans|."
    );
}

#[test]
fn json_offsets_are_code_points() {
    let doc = segment("Đỗ Hùng Việt nói. Ông đi.", serde_json::json!({}));
    let json = serde_json::to_value(&doc).unwrap();
    assert_eq!(
        json["sentences"],
        serde_json::json!([{"start": 0, "end": 17}, {"start": 18, "end": 25}])
    );
}
