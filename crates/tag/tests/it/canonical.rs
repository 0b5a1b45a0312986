//! Canonical names and normalized values.

use crate::{segmented, tag};
use docpipe_core::{Entity, StageDescriptor};
use docpipe_tag::TagSpec;

fn entities(text: &str, date: Option<&str>) -> Vec<Entity> {
    let mut doc = segmented("t", text);
    if let Some(d) = date {
        doc.meta.insert("date".into(), d.into());
    }
    tag(doc).entities.unwrap_or_default()
}

fn canonical_of(es: &[Entity], text: &str) -> Option<String> {
    es.iter()
        .find(|e| e.text == text)
        .and_then(|e| e.canonical.clone())
}

#[test]
fn short_person_mentions_link_to_the_full_name() {
    let es = entities(
        "Deputy Minister of Foreign Affairs Đỗ Hùng Việt chaired the meeting in Hà Nội .\nViệt said the talks went well .",
        None,
    );
    assert_eq!(
        canonical_of(&es, "Đỗ Hùng Việt").as_deref(),
        Some("Do Hung Viet")
    );
    assert!(es.iter().all(|e| !e.text.starts_with("Deputy")), "{es:?}");
}

#[test]
fn titles_are_not_part_of_names_and_people_are_not_places() {
    let es = entities(
        "Deputy PM and FM Pham Binh Minh met Ambassador Vũ Hồ in Hà Nội .\nVũ Hồ , Director of the department , spoke .",
        None,
    );
    let label = |text: &str| {
        es.iter()
            .find(|e| e.text == text)
            .map(|e| (e.label.as_str(), e.canonical.as_deref()))
    };
    assert_eq!(
        label("Pham Binh Minh"),
        Some(("PERSON", Some("Pham Binh Minh"))),
        "{es:?}"
    );
    assert!(es.iter().all(|e| e.text != "FM"), "{es:?}");
    assert!(
        es.iter()
            .filter(|e| e.text == "Vũ Hồ")
            .all(|e| e.label == "PERSON" && e.canonical.as_deref() == Some("Vu Ho")),
        "{es:?}"
    );
    assert_eq!(label("Hà Nội"), Some(("LOC", Some("Hanoi"))), "{es:?}");
}

#[test]
fn an_acronym_has_one_type_in_a_document() {
    let es = entities(
        "Ministers of ASEAN met on Monday in the capital .\nThe ASEAN chair said that ASEAN would act and that the members of ASEAN agreed .",
        None,
    );
    let labels: Vec<&str> = es
        .iter()
        .filter(|e| e.text == "ASEAN")
        .map(|e| e.label.as_str())
        .collect();
    assert!(labels.len() >= 2, "{es:?}");
    assert!(labels.iter().all(|l| *l == labels[0]), "{es:?}");
}

#[test]
fn place_variants_resolve_to_one_name_across_documents() {
    let mut seen = Vec::new();
    for (text, name) in [
        ("Officials met in Hà Nội on Monday .", "Hà Nội"),
        ("Officials met in Ha Noi on Monday .", "Ha Noi"),
        ("Officials met in Hanoi on Monday .", "Hanoi"),
        ("HÀ NỘI — Officials met on Monday .", "HÀ NỘI"),
        ("The delegation of Việt Nam arrived .", "Việt Nam"),
        ("The delegation of Viet Nam arrived .", "Viet Nam"),
        ("The delegation of Vietnam arrived .", "Vietnam"),
    ] {
        let es = entities(text, None);
        seen.push((name, canonical_of(&es, name)));
    }
    for (name, c) in &seen[..4] {
        assert_eq!(c.as_deref(), Some("Hanoi"), "{name}");
    }
    for (name, c) in &seen[4..] {
        assert_eq!(c.as_deref(), Some("Vietnam"), "{name}");
    }
}

#[test]
fn acronyms_defined_in_the_document() {
    let es = entities(
        "The Association of Southeast Asian Nations ( ASEAN ) met in Jakarta .",
        None,
    );
    if let Some(c) = canonical_of(&es, "Association of Southeast Asian Nations") {
        assert_eq!(c, "ASEAN");
    }
}

#[test]
fn dates_carry_iso_values() {
    let es = entities(
        "On December 27 , the ministry met . Growth was 4.5 per cent in 2024 , worth $1.13bn .",
        Some("2023-12-28"),
    );
    let value = |label: &str| {
        es.iter()
            .find(|e| e.label == label)
            .and_then(|e| e.value.clone())
    };
    assert_eq!(value("DATE"), Some(serde_json::json!("2023-12-27")));
    assert_eq!(value("PERCENT"), Some(serde_json::json!(4.5)));
    assert_eq!(
        value("MONEY"),
        Some(serde_json::json!({"amount": 1130000000, "currency": "USD"}))
    );
    assert!(
        es.iter()
            .any(|e| e.label == "DATE" && e.value == Some(serde_json::json!("2024")))
    );
}

#[test]
fn user_gazetteers_override_the_recognizer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("names.tsv");
    std::fs::write(&path, "# mine\nORG\tBlue Ocean Framework\nPERSON\tVu Ho\n").unwrap();
    let built = StageDescriptor::of::<TagSpec>()
        .build(serde_json::json!({"gazetteers": [path]}))
        .unwrap();
    let mut doc = segmented("t", "Ambassador Vũ Hồ praised the Blue Ocean Framework .");
    built.stage.process(&mut doc).unwrap();
    let es = doc.entities.unwrap();
    let org = es.iter().find(|e| e.label == "ORG").unwrap();
    assert_eq!(org.text, "Blue Ocean Framework");
    let per = es.iter().find(|e| e.label == "PERSON").unwrap();
    assert_eq!(
        (per.text.as_str(), per.canonical.as_deref()),
        ("Vũ Hồ", Some("Vu Ho"))
    );
}

#[test]
fn bad_options_and_files_are_reported() {
    let d = StageDescriptor::of::<TagSpec>();
    assert!(d.build(serde_json::json!({"nre": true})).is_err());
    assert!(
        d.build(serde_json::json!({"model": "/nonexistent/model.dptag"}))
            .is_err()
    );
    assert!(
        d.build(serde_json::json!({"gazetteers": ["/nonexistent.tsv"]}))
            .is_err()
    );
}

#[test]
fn taggers_can_be_switched_off() {
    let built = StageDescriptor::of::<TagSpec>()
        .build(serde_json::json!({"pos": false, "ner": false}))
        .unwrap();
    let mut doc = segmented("t", "Peter Blackburn paid $5 million on August 8 .");
    built.stage.process(&mut doc).unwrap();
    assert!(doc.tokens.unwrap().iter().all(|t| t.pos.is_none()));
    let es = doc.entities.unwrap();
    assert!(
        es.iter().all(|e| e.label == "MONEY" || e.label == "DATE"),
        "{es:?}"
    );
}
