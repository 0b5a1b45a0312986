//! The engine's path (render on the worker, append in the collector) writes
//! the same bytes as the collector alone, which `docpipe merge` and retries
//! use, whatever position hints the engine gives.

use crate::fixtures::{export, export_prepared, news, small};
use std::path::Path;

/// Every file in `dir` with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// A name, the position the engine gives the `i`th document, and whether
/// the `i`th gets something the stage did not prepare.
type Hints = (&'static str, fn(usize) -> Option<u64>, fn(usize) -> bool);

#[test]
fn prepared_documents_write_what_observed_ones_do() {
    let mut docs = news();
    docs.extend(small());
    assert_eq!(docs.len(), 8);
    // Four cards for eight documents, so the cap falls inside the run.
    let mut formats = vec!["jsonl", "csv", "html", "md"];
    if cfg!(feature = "parquet") {
        formats.push("parquet");
    }
    let options = serde_json::json!({
        "formats": formats,
        "sentences_csv": true,
        "max_cards": 4,
    });
    let tmp = tempfile::tempdir().unwrap();
    let observed = tmp.path().join("observed");
    std::fs::create_dir(&observed).unwrap();
    export(&observed, options.clone(), &docs);
    let expected = files(&observed);
    assert!(expected.len() >= 7);

    let hints: [Hints; 5] = [
        // No drops before: every carded document's card is made on a worker.
        ("exact", |i| Some(i as u64), |_| false),
        // Two documents dropped earlier: the collector renders two cards.
        ("after drops", |i| Some(i as u64 + 2), |_| false),
        ("unknown", |_| None, |_| false),
        // A wrong hint makes extra cards, never different ones.
        ("too low", |_| Some(0), |_| false),
        ("foreign", |i| Some(i as u64), |i| i % 3 == 1),
    ];
    for (name, position, foreign) in hints {
        let dir = tmp.path().join(name);
        std::fs::create_dir(&dir).unwrap();
        export_prepared(&dir, options.clone(), &docs, position, foreign);
        let got = files(&dir);
        assert_eq!(
            got.iter().map(|f| &f.0).collect::<Vec<_>>(),
            expected.iter().map(|f| &f.0).collect::<Vec<_>>()
        );
        for ((file, bytes), (_, want)) in got.iter().zip(&expected) {
            assert!(bytes == want, "{file} differs with hints `{name}`");
        }
    }
}
