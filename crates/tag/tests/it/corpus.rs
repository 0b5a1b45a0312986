//! Snapshots of the entities tagged in the sample articles.

use crate::{segmented, tag};
use std::fmt::Write;

fn articles() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/news");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let id = p.file_stem().unwrap().to_string_lossy().into_owned();
            (id, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// One line per entity: label, text, canonical, value.
fn render(doc: &docpipe_core::Document) -> String {
    let mut s = String::new();
    for e in doc.entities.as_deref().unwrap_or(&[]) {
        let _ = write!(s, "{:<8} {}", e.label, e.text);
        if let Some(c) = &e.canonical {
            let _ = write!(s, " => {c}");
        }
        if let Some(v) = &e.value {
            let _ = write!(s, " = {v}");
        }
        s.push('\n');
    }
    s
}

#[test]
fn sample_articles_entities() {
    for (id, text) in articles() {
        let mut doc = segmented(&id, &text);
        // What `clean` extracts from the article's dateline.
        if let Some(pos) = text.find(" date ") {
            doc.meta
                .insert("date".into(), text[pos + 6..pos + 16].into());
        }
        let doc = tag(doc);
        insta::assert_snapshot!(id.clone(), render(&doc));
    }
}

#[test]
fn sample_articles_find_people_places_and_organizations() {
    let all: Vec<docpipe_core::Document> = articles()
        .into_iter()
        .map(|(id, t)| tag(segmented(&id, &t)))
        .collect();
    let has = |label: &str, canonical: &str| {
        all.iter()
            .flat_map(|d| d.entities.as_deref().unwrap_or(&[]))
            .any(|e| e.label == label && e.canonical.as_deref() == Some(canonical))
    };
    assert!(has("PERSON", "Do Hung Viet"));
    // A short mention links to the full name given earlier.
    assert!(
        all.iter()
            .flat_map(|d| d.entities.as_deref().unwrap_or(&[]))
            .any(|e| e.text == "Việt" && e.canonical.as_deref() == Some("Do Hung Viet"))
    );
    // Titles are not part of names: `Deputy PM and FM Pham Binh Minh`.
    assert!(has("PERSON", "Pham Binh Minh"));
    assert!(!has("PERSON", "Binh Minh") && !has("ORG", "FM"));
    // A person is not resolved to a city through an alternate name.
    assert!(has("PERSON", "Vu Ho") && !has("LOC", "Wuhu"));
    assert!(has("ORG", "ASEAN"));
    assert!(has("LOC", "Vietnam"));
    assert!(has("LOC", "Hanoi"));
}

#[test]
fn every_token_gets_a_pos_tag() {
    for (id, text) in articles() {
        let doc = tag(segmented(&id, &text));
        assert!(doc.tokens.unwrap().iter().all(|t| t.pos.is_some()), "{id}");
    }
}

/// Reuters writes the currency of an amount with a nationality or a place
/// (`Swiss francs`, `Canadian dlrs`, `Hong Kong dlrs`): the name stays the
/// recognizer's (MISC/LOC, as CoNLL-2003 labels it), and the amount is a
/// MONEY entity up to it whose value gives the whole amount and currency.
#[test]
fn money_keeps_its_nationality() {
    let doc = tag(segmented(
        "money",
        "Nestle said it would raise 40 mln Swiss francs from the bond issue .\n\
         Sandoz paid 12 mln Canadian dlrs and 5 mln Hong Kong dlrs for the Swiss unit .\n",
    ));
    let got: Vec<(&str, &str, String)> = doc
        .entities
        .as_deref()
        .unwrap_or(&[])
        .iter()
        .map(|e| {
            let value = e.value.as_ref().map(|v| v.to_string()).unwrap_or_default();
            (e.label.as_str(), e.text.as_str(), value)
        })
        .collect();
    fn money<'a>(text: &'a str, amount: u64, currency: &str) -> (&'static str, &'a str, String) {
        (
            "MONEY",
            text,
            format!(r#"{{"amount":{amount},"currency":"{currency}"}}"#),
        )
    }
    for want in [
        money("40 mln", 40_000_000, "CHF"),
        money("12 mln", 12_000_000, "CAD"),
        money("5 mln", 5_000_000, "HKD"),
    ] {
        assert!(got.contains(&want), "{want:?} in {got:?}");
    }
    for (label, name) in [("MISC", "Canadian"), ("LOC", "Hong Kong")] {
        assert!(
            got.iter().any(|(l, t, _)| *l == label && *t == name),
            "{name} in {got:?}"
        );
    }
    let swiss = got.iter().filter(|(l, t, _)| *l == "MISC" && *t == "Swiss");
    assert_eq!(swiss.count(), 2, "{got:?}");
}
