//! The Python examples in `examples/` run through the stage.

use super::{doc, example, exec};
use docpipe_core::{Outcome, Span};
use serde_json::json;

#[test]
fn add_length_adds_a_field_in_code_points() {
    let built = exec(
        json!({"command": ["python3", example("add_length.py"), "py"], "produces": ["attrs.py"]}),
    );
    let mut d = doc("1", "Đỗ Hùng Việt\nmet ASEAN.");
    d.sentences = Some(vec![Span::new(0, d.text.len())]);
    d.meta.insert("title".into(), "Hà Nội".into());
    let before = d.clone();
    assert_eq!(built.stage.process(&mut d).unwrap(), Outcome::Keep);
    assert_eq!(d.attrs["py"], json!({"chars": 23, "words": 5, "lines": 2}));
    // Everything else comes back as it went out, spans included.
    d.attrs.clear();
    assert_eq!(d, before);
}

#[test]
fn filter_short_drops_with_a_reason_and_keeps_the_rest() {
    let built =
        exec(json!({"command": ["python3", example("filter_short.py"), "--min-words", "3"]}));
    let mut short = doc("s", "two words");
    assert_eq!(
        built.stage.process(&mut short).unwrap(),
        Outcome::Drop("2 words, fewer than 3".into())
    );
    let mut long = doc("l", "one two three four");
    assert_eq!(built.stage.process(&mut long).unwrap(), Outcome::Keep);
    assert_eq!(long.text, "one two three four");
}

#[test]
fn examples_chain_over_the_sample_corpus() {
    let length = exec(json!({"command": ["python3", example("add_length.py")], "workers": 2}));
    let filter =
        exec(json!({"command": ["python3", example("filter_short.py"), "--min-words", "100"]}));
    let dir = super::crate_dir().join("../../corpus/news");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    for p in paths {
        let text = std::fs::read_to_string(&p).unwrap();
        let mut d = doc(&p.file_stem().unwrap().to_string_lossy(), &text);
        assert_eq!(length.stage.process(&mut d).unwrap(), Outcome::Keep);
        let words = d.attrs["length"]["words"].as_u64().unwrap();
        assert_eq!(words as usize, text.split_whitespace().count());
        let outcome = filter.stage.process(&mut d).unwrap();
        assert_eq!(outcome == Outcome::Keep, words >= 100, "{}", d.id);
    }
}
