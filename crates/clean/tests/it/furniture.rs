//! Furniture of kinds the sample corpus does not have, in several
//! languages, around a body written for this test.

use crate::clean;

const BODY: &[&str] = &[
    "MADRID, March 3 - The regional government approved a new water plan on Monday after months of drought.",
    "The plan limits irrigation in the driest districts and funds repairs to leaking pipes.",
    "What happens next?",
    "Farmers' groups said they would study the details before deciding whether to appeal.",
    "Officials declined to comment.",
];

fn page(head: &[&str], inserts: &[&str], tail: &[&str]) -> (String, Vec<&'static str>) {
    let mut lines: Vec<String> = head.iter().map(|s| s.to_string()).collect();
    for (i, b) in BODY.iter().enumerate() {
        lines.push((*b).to_owned());
        if i == 1 {
            lines.extend(inserts.iter().map(|s| s.to_string()));
        }
    }
    lines.extend(tail.iter().map(|s| s.to_string()));
    (lines.join("\n\n"), BODY.to_vec())
}

fn check(head: &[&str], inserts: &[&str], tail: &[&str]) -> docpipe_core::Document {
    let (text, body) = page(head, inserts, tail);
    let (doc, _) = clean(&text);
    let kept: Vec<&str> = doc.text.split('\n').filter(|l| !l.is_empty()).collect();
    assert_eq!(kept, body, "input:\n{text}");
    doc
}

#[test]
fn english_site() {
    let doc = check(
        &[
            "We use cookies to improve your experience. By continuing you accept our cookie policy.",
            "Accept all",
            "News | World | Business | Sport | Culture",
            "Drought plan approved for southern farms",
            "By Elena Ruiz | Example Wire",
            "Published: Tuesday, 4 March 2025, 09:30 GMT",
        ],
        &["Read more: How the drought is changing Spanish farming"],
        &[
            "Share on Facebook",
            "Related articles",
            "Reservoir levels fall to record low",
            "Olive harvest expected to shrink again",
            "Sign up for our morning newsletter and never miss a story.",
            "© 2025 Example Wire. All rights reserved.",
        ],
    );
    assert_eq!(
        doc.meta_str("title"),
        Some("Drought plan approved for southern farms")
    );
    assert_eq!(doc.meta_str("byline"), Some("Elena Ruiz"));
    assert_eq!(doc.meta_str("date"), Some("2025-03-04T09:30+00:00"));
    assert_eq!(doc.meta_str("dateline"), Some("MADRID"));
}

#[test]
fn german_french_and_spanish_widgets() {
    check(
        &["Startseite › Politik › Ausland", "Anzeige"],
        &["Lesen Sie auch: Dürre in Europa"],
        &[
            "Artikel teilen",
            "Mehr zum Thema",
            "© 2025 Zeitung – Alle Rechte vorbehalten",
        ],
    );
    check(
        &[
            "Accueil > International",
            "Par Claire Martin",
            "Publié le 4 mars 2025 à 10h12",
        ],
        &["Lire aussi : La sécheresse gagne du terrain"],
        &["Partager :", "Sur le même sujet", "Tous droits réservés"],
    );
    check(
        &[
            "Inicio / Internacional",
            "Por Ana López",
            "4 de marzo de 2025",
        ],
        &[],
        &[
            "Compartir",
            "Te puede interesar",
            "Suscríbete a nuestro boletín",
        ],
    );
}

#[test]
fn notices_and_link_lists_go() {
    check(
        &["Home | World | Asia | Vietnam", "Share | Tweet | Email"],
        &[],
        &[
            "© 2023 The Associated Press",
            "Copyright 2024 Reuters. All rights reserved.",
        ],
    );
}

/// Prose that opens with `Copyright` or has pipes in it is no furniture.
#[test]
fn sentences_shaped_like_furniture_stay() {
    for text in [
        "Copyright law in the United States was changed in 1998 by Congress, which extended protection terms by 20 years for most works.\n\n\
         Critics said the change mostly benefited large studios. Supporters argued it aligned American law with European rules.\n\n\
         The Supreme Court upheld the law in 2003.",
        "Copyright law was changed in 1998 by Congress, which extended terms by 20 years for works.",
        "The committee split 5 | 4 on the motion, with the chair | as usual | abstaining.",
        "Text with | pipes | and ``` fences in it, as people write them in forum posts about code. \
         More text about Microsoft Corp. and its results this quarter.",
    ] {
        let (doc, outcome) = clean(text);
        assert_eq!(outcome, docpipe_core::Outcome::Keep, "{text}");
        assert_eq!(doc.text, text);
        assert_eq!(
            doc.attrs["clean"]["removed"],
            serde_json::json!([]),
            "{text}"
        );
    }
}

/// The payment and record dates of a dividend notice are its content.
#[test]
fn dividend_dates_are_no_byline() {
    let text = "Qtly div 21-1/2 cts vs 21-1/2 cts prior\n\nPay Aug Three\n\nReord July Seven";
    let (doc, _) = clean(text);
    assert_eq!(doc.text, text);
    assert_eq!(doc.meta_str("byline"), None);
}

/// A press release's contact is not its author, and its contact block
/// goes (as `contact`, the address as a widget).
#[test]
fn a_press_contact_is_no_byline() {
    let doc = check(
        &[],
        &[],
        &["Media Contact:\nJohn Smith\njohn.smith@example.com"],
    );
    assert_eq!(doc.meta_str("byline"), None);
    let reasons: Vec<&str> = doc.attrs["clean"]["removed"]
        .as_array()
        .expect("removed is a list")
        .iter()
        .filter_map(|r| r["reason"].as_str())
        .collect();
    assert_eq!(reasons, ["widget", "contact", "widget"]);
    // Without the heading the name is the byline.
    let doc = check(&[], &[], &["Mary Major"]);
    assert_eq!(doc.meta_str("byline"), Some("Mary Major"));
}
