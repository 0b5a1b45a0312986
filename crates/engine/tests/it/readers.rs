//! Each reader and its failure modes, through real runs.

use crate::{jsonl, run, toml};
use std::io::Write;

const STAGES: &str = "[[stage]]\nuses = \"upper\"\n";

#[test]
fn txt_jsonl_gz_zst_in_sorted_order() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("b.txt"), "bee").unwrap();
    std::fs::write(
        input.join("a.jsonl"),
        "{\"id\":\"a1\",\"text\":\"x\",\"title\":\"T\"}\n\n{\"text\":\"y\"}\n",
    )
    .unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"{\"id\":7,\"text\":\"gz\"}\n").unwrap();
    std::fs::write(input.join("c.jsonl.gz"), gz.finish().unwrap()).unwrap();
    std::fs::write(
        input.join("d.jsonl.zst"),
        zstd::encode_all(&b"{\"text\":\"zst\"}\n"[..], 3).unwrap(),
    )
    .unwrap();
    std::fs::write(input.join("ignored.csv"), "x").unwrap();
    let out = dir.path().join("out");
    let report = run(&toml(&input, &out, STAGES), 2);
    let docs = jsonl(&out.join("01-upper.jsonl"));
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a1", "a:3", "b", "7", "d:1"]);
    assert_eq!(docs[0]["meta"]["title"], "T");
    assert_eq!(docs[4]["text"], "ZST");
    assert_eq!(report.manifest.read.files, 4);
    assert_eq!(report.manifest.read.docs, 5);
}

#[test]
fn unreadable_input_becomes_error_records_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("bad-utf8.txt"), b"caf\xe9").unwrap();
    std::fs::write(input.join("binary.txt"), b"ab\0cd").unwrap();
    std::fs::write(input.join("empty.txt"), b"").unwrap();
    std::fs::write(
        input.join("lines.jsonl"),
        "{\"text\":\"ok\"}\n{broken\n{\"id\":\"n\"}\n{\"id\":\"w\",\"text\":5}\n[1,2]\n{\"text\":\"also ok\"}\n",
    )
    .unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&b"{\"text\":\"first\"}\n".repeat(2000))
        .unwrap();
    let bytes = gz.finish().unwrap();
    std::fs::write(input.join("truncated.jsonl.gz"), &bytes[..bytes.len() / 2]).unwrap();
    let out = dir.path().join("out");
    let report = run(&toml(&input, &out, STAGES), 2);
    let errors = jsonl(&out.join("errors.jsonl"));
    let summary: Vec<(String, String, Option<u64>)> = errors
        .iter()
        .map(|e| {
            assert_eq!(e["stage"], "read");
            (
                e["id"].as_str().unwrap().to_owned(),
                e["error"].as_str().unwrap().to_owned(),
                e["source"]["line"].as_u64(),
            )
        })
        .collect();
    let find = |id: &str| {
        summary
            .iter()
            .find(|s| s.0 == id)
            .unwrap_or_else(|| panic!("{id}: {summary:#?}"))
    };
    assert!(find("bad-utf8").1.contains("not valid UTF-8"));
    assert!(find("binary").1.contains("NUL byte"));
    assert!(find("lines:2").1.contains("not valid JSON"));
    assert_eq!(find("lines:2").2, Some(2));
    assert!(find("n").1.contains("no `text` field"));
    assert!(
        find("w")
            .1
            .contains("`text` must be a string, not a number")
    );
    assert!(find("lines:5").1.contains("not an object"));
    let truncated = summary
        .iter()
        .find(|s| s.0.starts_with("truncated:"))
        .expect("truncated gz");
    assert!(
        truncated.1.contains("the file is truncated"),
        "{}",
        truncated.1
    );
    // The run went on: the empty file and good lines are documents.
    let docs = jsonl(&out.join("01-upper.jsonl"));
    assert!(docs.iter().any(|d| d["id"] == "empty" && d["text"] == ""));
    assert!(docs.iter().any(|d| d["text"] == "ALSO OK"));
    assert!(docs.iter().filter(|d| d["text"] == "FIRST").count() > 10);
    // Every item is accounted for.
    let m = &report.manifest;
    assert_eq!(m.read.errors as usize, errors.len());
    assert_eq!(m.stages[0].input, m.read.docs);
}

/// `n` JSONL documents `{"id":"dI","text":…}` of a few sentences each.
fn documents(range: std::ops::Range<u32>) -> Vec<u8> {
    range
        .map(|i| {
            format!(
                "{{\"id\":\"d{i}\",\"text\":\"Document {i} opens here. Markets rallied on day {i} while officials met. Nobody said much. It rained later.\"}}\n"
            )
        })
        .collect::<String>()
        .into_bytes()
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(data).unwrap();
    gz.finish().unwrap()
}

/// A byte flipped in the middle of a compressed stream used to give a
/// flood of "not valid JSON" records for decoded garbage, at line numbers
/// the file does not have, and documents for garbage that parsed. Now the
/// damaged member gives one error record and no document.
#[test]
fn a_corrupt_compressed_file_gives_one_error_and_no_garbage() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    // One member, corrupt in the middle: nothing in it can be trusted.
    let mut one = gzip(&documents(0..300));
    let mid = one.len() / 2;
    one[mid] ^= 0xFF;
    std::fs::write(input.join("a-one.jsonl.gz"), &one).unwrap();
    // Two members, the second corrupt: the first one's 40 lines are read.
    let first = gzip(&documents(1000..1040));
    let mut second = gzip(&documents(1040..1300));
    let mid = second.len() / 2;
    second[mid] ^= 0xFF;
    std::fs::write(input.join("b-two.jsonl.gz"), [first, second].concat()).unwrap();
    // zstd with a content checksum, corrupt in the middle.
    let mut enc = zstd::stream::write::Encoder::new(Vec::new(), 3).unwrap();
    enc.include_checksum(true).unwrap();
    enc.write_all(&documents(2000..2300)).unwrap();
    let mut z = enc.finish().unwrap();
    let mid = z.len() / 2;
    z[mid] ^= 0xFF;
    std::fs::write(input.join("c-z.jsonl.zst"), &z).unwrap();
    std::fs::write(input.join("d-fine.jsonl"), documents(3000..3002)).unwrap();

    let out = dir.path().join("out");
    let report = run(&toml(&input, &out, STAGES), 2);
    let errors = jsonl(&out.join("errors.jsonl"));
    let docs = jsonl(&out.join("01-upper.jsonl"));
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    let expected: Vec<String> = (1000..1040)
        .chain(3000..3002)
        .map(|i| format!("d{i}"))
        .collect();
    assert_eq!(ids, expected, "{errors:#?}");
    assert_eq!(errors.len(), 3, "one record per damaged file: {errors:#?}");
    let record = |file: &str| {
        errors
            .iter()
            .find(|e| e["source"]["path"].as_str().unwrap().ends_with(file))
            .unwrap_or_else(|| panic!("{file}: {errors:#?}"))
    };
    let one = record("a-one.jsonl.gz");
    assert_eq!(one["stage"], "read");
    assert_eq!(one["id"], "a-one:1");
    assert_eq!(one["source"]["line"], 1);
    let m = one["error"].as_str().unwrap();
    assert!(m.contains("gzip data is corrupt"), "{m}");
    assert!(m.contains("no line of the file was read"), "{m}");
    let two = record("b-two.jsonl.gz");
    assert_eq!(two["source"]["line"], 41);
    let m = two["error"].as_str().unwrap();
    assert!(m.contains("lines 1-40 were read"), "{m}");
    assert!(m.contains("member that starts at compressed byte"), "{m}");
    let m = record("c-z.jsonl.zst")["error"].as_str().unwrap();
    assert!(m.contains("zstd data is corrupt"), "{m}");
    assert!(
        !errors
            .iter()
            .any(|e| e["error"].as_str().unwrap().contains("not valid JSON"))
    );
    // Every item is accounted for.
    let m = &report.manifest;
    assert_eq!(m.read.docs, 42);
    assert_eq!(m.read.errors, 3);
    assert_eq!(m.stages[0].input, m.read.docs);
}

#[test]
fn documents_over_max_doc_bytes_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("big.txt"), "x".repeat(5000)).unwrap();
    std::fs::write(
        input.join("lines.jsonl"),
        format!(
            "{{\"text\":\"{}\"}}\n{{\"text\":\"small\"}}\n",
            "y".repeat(5000)
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    run(
        &toml(&input, &out, &format!("max_doc_bytes = 1000\n{STAGES}")),
        1,
    );
    let errors = jsonl(&out.join("errors.jsonl"));
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors
            .iter()
            .all(|e| e["error"].as_str().unwrap().contains("max_doc_bytes"))
    );
    assert_eq!(jsonl(&out.join("01-upper.jsonl")).len(), 1);
}

#[test]
fn any_case_extensions_and_non_utf8_names_are_read_and_skips_counted() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("A.TXT"), "upper case").unwrap();
    std::fs::write(input.join("B.JSONL"), "{\"id\":\"b\",\"text\":\"x\"}\n").unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"{\"id\":\"c\",\"text\":\"gz\"}\n").unwrap();
    std::fs::write(input.join("C.JSONL.GZ"), gz.finish().unwrap()).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"d\xe9.txt");
        std::fs::write(input.join(name), "latin-1 name").unwrap();
    }
    for skipped in ["page.html", "data.json", "x.jsonl.bz2"] {
        std::fs::write(input.join(skipped), "x").unwrap();
    }
    let out = dir.path().join("out");
    let report = run(&toml(&input, &out, STAGES), 2);
    let ids: Vec<String> = jsonl(&out.join("01-upper.jsonl"))
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    let mut expected = vec!["A", "b", "c"];
    if cfg!(unix) {
        expected.push("d\u{fffd}");
    }
    assert_eq!(ids, expected);
    assert_eq!(report.skipped_inputs, 3);
}
