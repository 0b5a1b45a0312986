//! Invariants over generated documents.

use crate::fixtures::export;
use docpipe_core::{Document, Entity};
use proptest::prelude::*;

/// A text of words (some non-ASCII) with entities on some of them.
fn doc_strategy() -> impl Strategy<Value = Document> {
    let word = prop_oneof!["[a-z]{1,6}", "Việt|Hà Nội|Đà Nẵng|日本|naïve", "[\",\n]"];
    prop::collection::vec((word, any::<bool>()), 1..20).prop_map(|words| {
        let mut text = String::new();
        let mut entities = Vec::new();
        for (w, tagged) in words {
            let start = text.len();
            text.push_str(&w);
            if tagged {
                entities.push(Entity {
                    start,
                    end: text.len(),
                    text: w.clone(),
                    label: "MISC".into(),
                    canonical: None,
                    value: None,
                });
            }
            text.push(' ');
        }
        let mut d = Document::new("p", text);
        d.entities = Some(entities);
        d
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// entities.csv's code point offsets select the mention's text, and the
    /// CSV round-trips whatever the text holds.
    #[test]
    fn entity_rows_point_at_their_text(doc in doc_strategy()) {
        let tmp = tempfile::tempdir().unwrap();
        export(tmp.path(), serde_json::json!({"formats": ["csv"]}), std::slice::from_ref(&doc));
        let chars: Vec<char> = doc.text.chars().collect();
        let mut reader = csv::Reader::from_path(tmp.path().join("entities.csv")).unwrap();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        prop_assert_eq!(rows.len(), doc.entities.as_ref().map_or(0, Vec::len));
        for row in &rows {
            let (s, e): (usize, usize) = (row[1].parse().unwrap(), row[2].parse().unwrap());
            prop_assert_eq!(chars[s..e].iter().collect::<String>(), &row[3]);
        }
        let mut docs = csv::Reader::from_path(tmp.path().join("documents.csv")).unwrap();
        let first = docs.records().next().unwrap().unwrap();
        prop_assert_eq!(first[6].parse::<usize>().unwrap(), chars.len());
    }
}
