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
