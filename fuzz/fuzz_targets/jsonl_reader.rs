//! The JSONL reader on arbitrary bytes (plain, gzip and zstd file names):
//! never panics, every line is a document or an error record, ids and
//! sources are set, and documents carry no NUL.
#![no_main]

use docpipe_engine::input::{InputItem, reader};
use docpipe_engine::shard::InputUnit;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, bytes)) = data.split_first() else { return };
    let name = match kind % 3 {
        0 => "f.jsonl",
        1 => "f.jsonl.gz",
        _ => "f.jsonl.zst",
    };
    let dir = std::env::temp_dir().join(format!("docpipe-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("temp file");
    // A small cap too, to exercise the over-long-line path.
    for max in [64u64, 16 << 20] {
        let mut docs = 0u64;
        let mut errors = 0u64;
        let counts = reader::read_units(&[InputUnit::whole(path.clone())], max, |item| {
            match item {
                InputItem::Doc { doc, source } => {
                    docs += 1;
                    assert!(!doc.text.contains('\0'));
                    assert!((doc.text.len() as u64) <= max);
                    assert!(source.line.is_some_and(|l| l >= 1));
                }
                InputItem::Error { id, message, .. } => {
                    errors += 1;
                    assert!(!id.is_empty());
                    assert!(!message.is_empty());
                }
            }
            true
        });
        assert_eq!((counts.docs, counts.errors), (docs, errors), "counts disagree with items");
        if kind % 3 == 0 {
            // Plain JSONL: the line ranges of a two-way split read the same items.
            let len = bytes.len() as u64;
            let mid = len / 2;
            let mut split = 0u64;
            for range in [(0, mid), (mid, len)] {
                let unit = InputUnit { path: path.clone(), range: Some(range) };
                let c = reader::read_units(&[unit], max, |_| true);
                split += c.docs + c.errors;
            }
            assert_eq!(split, docs + errors, "a split read differs from a whole read");
        }
    }
});
