//! A document card: title, date, source, summary, keyphrases and the text
//! with its entities highlighted.

use super::escape;
use crate::record::DocView;
use std::fmt::Write as _;

/// Bytes of text shown on a card; the rest is cut at a char boundary.
const CARD_TEXT_BYTES: usize = 4_000;
/// Keyphrases shown on a card.
const CARD_KEYPHRASES: usize = 8;

/// The CSS class of a label: letters and digits only.
pub(crate) fn label_class(label: &str) -> String {
    let clean: String = label.chars().filter(char::is_ascii_alphanumeric).collect();
    format!("e-{clean}")
}

/// Renders the card of document number `n` (0-based).
#[cfg(test)]
pub(crate) fn card(view: &DocView<'_>, n: usize) -> String {
    let mut html = head(n);
    html.push_str(&rest(view));
    html
}

/// The start of the card of document number `n`: the only part that
/// depends on the document's place, which only the collector knows.
pub(crate) fn head(n: usize) -> String {
    format!(r#"<article class="card" id="doc-{n}""#)
}

/// The card after [`head`]: everything the document alone decides, so a
/// worker thread can render it.
pub(crate) fn rest(view: &DocView<'_>) -> String {
    let doc = view.doc;
    let title = view.title();
    let mut html = String::with_capacity(doc.text.len().min(CARD_TEXT_BYTES) * 2 + 512);
    let search = format!("{} {}", title, doc.id).to_lowercase();
    let _ = write!(
        html,
        r#" data-search="{s}"><h3>{t}</h3><p class="facts">"#,
        s = escape(&search),
        t = escape(&title),
    );
    let mut facts = Vec::new();
    if let Some(d) = view.meta_text("date") {
        facts.push(format!("<time>{}</time>", escape(&d)));
    }
    for key in ["source", "byline", "lang"] {
        if let Some(v) = view.meta_text(key) {
            facts.push(format!(r#"<span class="{key}">{}</span>"#, escape(&v)));
        }
    }
    facts.push(format!("<code>{}</code>", escape(&doc.id)));
    html.push_str(&facts.join(" · "));
    html.push_str("</p>");
    if let Some(s) = doc.summary.as_ref().filter(|s| !s.text.trim().is_empty()) {
        let _ = write!(html, r#"<p class="summary">{}</p>"#, escape(&s.text));
    }
    let phrases: Vec<String> = doc
        .keyphrases
        .iter()
        .flatten()
        .take(CARD_KEYPHRASES)
        .map(|k| format!(r#"<span class="kp">{}</span>"#, escape(&k.text)))
        .collect();
    if !phrases.is_empty() {
        let _ = write!(html, r#"<p class="keyphrases">{}</p>"#, phrases.join(" "));
    }
    let _ = write!(
        html,
        r#"<div class="text">{}</div></article>"#,
        highlighted(view)
    );
    html
}

/// The start of the text, escaped, with each entity mention wrapped in a
/// `<mark>` titled with its label and canonical name. Overlapping mentions
/// after the first, and mentions past the cut, are left plain.
pub(crate) fn highlighted(view: &DocView<'_>) -> String {
    let text = view.doc.text.as_str();
    let mut cut = text.len().min(CARD_TEXT_BYTES);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut mentions: Vec<_> = view.mentions.iter().collect();
    mentions.sort_by_key(|m| (m.bytes.0, std::cmp::Reverse(m.bytes.1)));
    let mut out = String::with_capacity(cut * 2);
    let mut pos = 0;
    for m in mentions {
        let (start, end) = m.bytes;
        if start < pos || end > cut || start >= end || text.get(start..end).is_none() {
            continue;
        }
        out.push_str(&escape(&text[pos..start]));
        let _ = write!(
            out,
            r#"<mark class="{c}" title="{l} · {canon}">{t}</mark>"#,
            c = label_class(m.label),
            l = escape(m.label),
            canon = escape(m.canonical),
            t = escape(&text[start..end]),
        );
        pos = end;
    }
    out.push_str(&escape(&text[pos..cut]));
    if cut < text.len() {
        out.push_str(r#"<span class="more"> … (text continues)</span>"#);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use docpipe_core::{Document, Entity};

    fn ent(text: &str, s: &str, label: &str, canon: Option<&str>) -> Entity {
        crate::record::mention(text, s, 0, label, canon)
    }

    #[test]
    fn marks_entities_and_escapes_text() {
        let text = "Vietnam & <ASEAN> met in Hà Nội.";
        let mut d = Document::new("x", text);
        d.entities = Some(vec![
            ent(text, "Vietnam", "LOC", Some("Việt Nam")),
            ent(text, "ASEAN", "ORG", None),
            ent(text, "AS", "ORG", None), // overlaps ASEAN: left plain
            ent(text, "Hà Nội", "LOC", None),
        ]);
        let html = highlighted(&DocView::new(&d));
        assert_eq!(
            html,
            concat!(
                r#"<mark class="e-LOC" title="LOC · Việt Nam">Vietnam</mark> &amp; &lt;"#,
                r#"<mark class="e-ORG" title="ORG · ASEAN">ASEAN</mark>&gt; met in "#,
                r#"<mark class="e-LOC" title="LOC · Hà Nội">Hà Nội</mark>."#
            )
        );
    }

    #[test]
    fn long_texts_are_cut_on_a_char_boundary() {
        let d = Document::new("x", "ệ".repeat(3_000));
        let html = highlighted(&DocView::new(&d));
        assert!(html.ends_with("(text continues)</span>"));
        assert!(card(&DocView::new(&d), 3).starts_with(r#"<article class="card" id="doc-3""#));
    }
}
