//! Every output file, read back and checked.

use crate::fixtures::{all_formats, export, news, read, small};
use crate::html_check;
use serde_json::{Value, json};
use std::collections::BTreeSet;

fn files(dir: &std::path::Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

fn jsonl(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn csv_rows(dir: &std::path::Path, name: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(dir.join(name)).unwrap();
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

#[test]
fn writes_every_requested_file_and_only_those() {
    let tmp = tempfile::tempdir().unwrap();
    export(tmp.path(), all_formats(), &small());
    let expected = [
        "digest.md",
        "documents.csv",
        "documents.jsonl",
        "documents.parquet",
        "entities.csv",
        "entities.parquet",
        "entity_index.jsonl",
        "report.html",
        "sentences.csv",
        "sentences.parquet",
    ];
    assert_eq!(
        files(tmp.path()),
        expected.iter().map(|s| (*s).to_owned()).collect()
    );

    let tmp = tempfile::tempdir().unwrap();
    export(tmp.path(), json!({"formats": ["csv"]}), &small());
    assert_eq!(
        files(tmp.path()),
        ["documents.csv", "entities.csv"].map(String::from).into()
    );

    let tmp = tempfile::tempdir().unwrap();
    export(tmp.path(), json!({}), &small());
    let defaults = [
        "digest.md",
        "documents.csv",
        "documents.jsonl",
        "entities.csv",
        "entity_index.jsonl",
        "report.html",
    ];
    assert_eq!(files(tmp.path()), defaults.map(String::from).into());
}

#[test]
fn documents_jsonl_is_flat_with_code_point_offsets() {
    let tmp = tempfile::tempdir().unwrap();
    export(tmp.path(), json!({}), &small());
    let text = read(tmp.path(), "documents.jsonl");
    insta::assert_snapshot!("documents_jsonl", text);
    let docs = jsonl(&text);
    assert_eq!(docs.len(), 3);
    let a = &docs[0];
    let chars: Vec<char> = small()[0].text.chars().collect();
    for e in a["entities"].as_array().unwrap() {
        let (s, t) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            chars[s..t].iter().collect::<String>(),
            e["text"].as_str().unwrap()
        );
    }
}

#[test]
fn fields_select_and_order_columns() {
    let tmp = tempfile::tempdir().unwrap();
    export(
        tmp.path(),
        json!({"fields": ["date", "meta.byline", "sentences"], "formats": ["jsonl", "csv"]}),
        &small(),
    );
    let docs = jsonl(&read(tmp.path(), "documents.jsonl"));
    assert_eq!(
        docs[1],
        json!({"id": "b2", "date": "2024-05-03", "byline": "Nguyễn Văn A", "sentences": 2})
    );
    assert_eq!(
        docs[2],
        json!({"id": "c3", "date": null, "byline": null, "sentences": null})
    );
    let (header, rows) = csv_rows(tmp.path(), "documents.csv");
    assert_eq!(header, ["id", "date", "byline", "sentences"]);
    assert_eq!(rows[2], ["c3", "", "", ""]);
}

#[test]
fn csv_tables_round_trip_through_the_csv_crate() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = small();
    export(tmp.path(), all_formats(), &docs);
    let (header, rows) = csv_rows(tmp.path(), "documents.csv");
    assert_eq!(
        header,
        [
            "id",
            "title",
            "date",
            "source",
            "byline",
            "lang",
            "chars",
            "summary",
            "keyphrases",
            "entities"
        ]
    );
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0][1], "Việt Nam, ASEAN and \"1995\"");
    assert_eq!(rows[0][9], "Việt Nam; ASEAN; 1995; Hà Nội");
    assert_eq!(rows[0][8], "ASEAN cooperation; regional integration");
    assert_eq!(
        rows[1][7],
        "Vietnam and Viet Nam\nare the same country. Laos agrees."
    );

    let (header, rows) = csv_rows(tmp.path(), "entities.csv");
    assert_eq!(
        header,
        ["doc", "start", "end", "text", "label", "canonical", "value"]
    );
    for row in &rows {
        let doc = docs.iter().find(|d| d.id == row[0]).unwrap();
        let chars: Vec<char> = doc.text.chars().collect();
        let (s, e): (usize, usize) = (row[1].parse().unwrap(), row[2].parse().unwrap());
        assert_eq!(chars[s..e].iter().collect::<String>(), row[3]);
    }
    assert!(
        rows.contains(
            &["b2", "34", "41", "country", "MISC", "country", ""]
                .map(String::from)
                .to_vec()
        )
    );
    assert!(rows.iter().any(|r| r[3] == "1995" && r[6] == "1995"));

    let (header, rows) = csv_rows(tmp.path(), "sentences.csv");
    assert_eq!(header, ["doc", "index", "start", "end", "text"]);
    assert_eq!(
        rows[0],
        ["a1", "0", "0", "30", "Việt Nam joined ASEAN in 1995."]
    );
    let raw = read(tmp.path(), "entities.csv");
    assert!(raw.contains("\r\n"), "RFC 4180 line ends");
}

#[test]
fn entity_index_collapses_vietnam_spellings() {
    let tmp = tempfile::tempdir().unwrap();
    export(tmp.path(), json!({}), &small());
    let text = read(tmp.path(), "entity_index.jsonl");
    insta::assert_snapshot!("entity_index_small", text);

    let tmp = tempfile::tempdir().unwrap();
    let docs = news();
    assert_eq!(docs.len(), 5, "the sample corpus is in corpus/news");
    export(tmp.path(), json!({}), &docs);
    let index = jsonl(&read(tmp.path(), "entity_index.jsonl"));
    let vietnam: Vec<&Value> = index
        .iter()
        .filter(|l| {
            l["variants"]
                .as_array()
                .unwrap()
                .iter()
                .any(|v| v.as_str().unwrap().contains("Nam"))
        })
        .collect();
    assert_eq!(vietnam.len(), 1, "{vietnam:?}");
    assert_eq!(vietnam[0]["canonical"], "Việt Nam");
    assert_eq!(vietnam[0]["label"], "LOC");
    let mentions: u64 = index.iter().map(|l| l["mentions"].as_u64().unwrap()).sum();
    let csv_mentions = csv::Reader::from_path(tmp.path().join("entities.csv"))
        .unwrap()
        .records()
        .count();
    assert_eq!(mentions, csv_mentions as u64);
    let sorted = index
        .windows(2)
        .all(|w| w[0]["mentions"].as_u64() >= w[1]["mentions"].as_u64());
    assert!(sorted, "most mentioned first");
}

#[test]
fn digest_lists_every_document() {
    let tmp = tempfile::tempdir().unwrap();
    export(tmp.path(), json!({"formats": ["md"]}), &small());
    insta::assert_snapshot!("digest_small", read(tmp.path(), "digest.md"));
}

#[test]
fn report_is_well_formed_and_has_its_sections() {
    let tmp = tempfile::tempdir().unwrap();
    export(tmp.path(), json!({"formats": ["html"]}), &news());
    let html = read(tmp.path(), "report.html");
    let tags = html_check::check(&html);
    for id in ["run", "corpus", "entities", "documents", "cards"] {
        assert!(html.contains(&format!(r#"id="{id}""#)), "section {id}");
    }
    assert_eq!(tags.iter().filter(|t| *t == "article").count(), 5);
    assert!(tags.iter().filter(|t| *t == "svg").count() >= 5);
    assert!(html.contains(r#"<mark class="e-LOC" title="LOC · Việt Nam">Vietnam</mark>"#));
    assert!(!html.contains("Showing the first"));
}

#[test]
fn report_caps_cards_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let docs: Vec<_> = (0..30)
        .flat_map(|_| small())
        .enumerate()
        .map(|(i, mut d)| {
            d.id = format!("d{i}");
            d
        })
        .collect();
    export(
        tmp.path(),
        json!({"formats": ["html"], "max_cards": 7}),
        &docs,
    );
    let html = read(tmp.path(), "report.html");
    html_check::check(&html);
    assert_eq!(html.matches("<article").count(), 7);
    assert!(html.contains("Showing the first 7 of 90 documents"));
}

#[test]
fn same_documents_give_the_same_bytes() {
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let docs = news();
    export(one.path(), all_formats(), &docs);
    export(two.path(), all_formats(), &docs);
    for name in files(one.path()) {
        let (a, b) = (
            std::fs::read(one.path().join(&name)).unwrap(),
            std::fs::read(two.path().join(&name)).unwrap(),
        );
        assert!(a == b, "{name} differs between runs");
    }
}

#[test]
fn empty_run_writes_headers_and_an_empty_report() {
    let tmp = tempfile::tempdir().unwrap();
    export(tmp.path(), all_formats(), &[]);
    assert_eq!(
        read(tmp.path(), "entities.csv"),
        "doc,start,end,text,label,canonical,value\r\n"
    );
    assert_eq!(read(tmp.path(), "documents.jsonl"), "");
    html_check::check(&read(tmp.path(), "report.html"));
}

#[test]
fn bad_options_are_rejected_at_build() {
    let build = |o: Value| {
        docpipe_core::StageDescriptor::of::<docpipe_export::ExportSpec>()
            .build(o)
            .map(|_| ())
    };
    let err = build(json!({"fields": ["titel"]})).unwrap_err().to_string();
    assert!(err.contains("unknown field `titel`"), "{err}");
    let err = build(json!({"formats": ["xlsx"]})).unwrap_err().to_string();
    assert!(err.contains("xlsx"), "{err}");
    assert!(build(json!({"max_card": 3})).is_err());
}

#[test]
fn output_paths_rename_and_place_files_inside_the_stage_directory() {
    let tmp = tempfile::tempdir().unwrap();
    export(
        tmp.path(),
        json!({
            "formats": ["jsonl", "csv", "html", "md"],
            "paths": {
                "report": "site/index.html",
                "digest": "README.md",
                "documents_csv": "tables/documents.csv",
                "entity_index": "index/entities.jsonl"
            }
        }),
        &small(),
    );
    for f in [
        "site/index.html",
        "README.md",
        "tables/documents.csv",
        "entities.csv",
        "index/entities.jsonl",
        "documents.jsonl",
    ] {
        assert!(tmp.path().join(f).is_file(), "{f} missing");
    }
    for f in [
        "report.html",
        "digest.md",
        "documents.csv",
        "entity_index.jsonl",
    ] {
        assert!(
            !tmp.path().join(f).exists(),
            "{f} written under its default name"
        );
    }
    let html = std::fs::read_to_string(tmp.path().join("site/index.html")).unwrap();
    html_check::check(&html);
    let (header, rows) = csv_rows(tmp.path(), "tables/documents.csv");
    assert_eq!(header[0], "id");
    assert_eq!(rows.len(), small().len());
}
