//! digest.md: a Markdown digest, one section per document, streamed.

use crate::error::ExportError;
use crate::output::OutputFile;
use crate::record::DocView;
use std::fmt::Write as _;
use std::path::Path;

/// Named entities listed per document.
const TOP_ENTITIES: usize = 8;
/// Characters of text shown when a document has no summary.
const LEAD_CHARS: usize = 300;

/// The digest being written.
pub(crate) struct Digest {
    out: OutputFile,
}

impl Digest {
    /// Creates the digest (digest.md by default) as `dir/name` and writes
    /// its heading.
    pub(crate) fn create(dir: &Path, name: &str) -> Result<Self, ExportError> {
        let mut out = OutputFile::create(dir, name)?;
        out.write(b"# Digest\n")?;
        Ok(Self { out })
    }

    /// Appends a document's section, as [`section`] rendered it.
    pub(crate) fn append(&mut self, section: &str) -> Result<(), ExportError> {
        self.out.write(section.as_bytes())
    }

    /// Flushes the file.
    pub(crate) fn finish(self) -> Result<(), ExportError> {
        self.out.finish()
    }
}

/// Renders one document's section into `out`.
pub(crate) fn section(out: &mut String, view: &DocView<'_>) {
    let doc = view.doc;
    let _ = write!(out, "\n## {}\n\n", escape(&one_line(&view.title())));
    let mut facts: Vec<String> = Vec::new();
    if let Some(date) = view.meta_text("date") {
        facts.push(escape(&date));
    }
    if let Some(source) = view.meta_text("source") {
        facts.push(escape(&source));
    }
    facts.push(format!("`{}`", doc.id.replace('`', "'")));
    let _ = write!(out, "{}\n\n", facts.join(" · "));
    match doc.summary.as_ref().filter(|s| !s.text.trim().is_empty()) {
        Some(s) => {
            let _ = write!(out, "{}\n\n", escape(&one_line(&s.text)));
        }
        None => {
            let lead: String = doc.text.chars().take(LEAD_CHARS).collect();
            let more = if doc.text.chars().nth(LEAD_CHARS).is_some() {
                "…"
            } else {
                ""
            };
            let _ = write!(out, "{}{more}\n\n", escape(&one_line(&lead)));
        }
    }
    let top = view.top_entities(TOP_ENTITIES);
    if !top.is_empty() {
        let list: Vec<String> = top
            .iter()
            .map(|(name, label, n)| format!("{} ({label}, {n})", escape(name)))
            .collect();
        let _ = writeln!(out, "**Entities:** {}", list.join(", "));
    }
}

/// Collapses whitespace runs (newlines included) to single spaces.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escapes the characters Markdown would read as markup.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // The markup characters are ASCII: find them byte by byte and copy the
    // runs between them whole.
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        if matches!(
            b,
            b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'>' | b'#' | b'|'
        ) {
            out.push_str(&s[run..i]);
            out.push('\\');
            run = i;
        }
    }
    out.push_str(&s[run..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use docpipe_core::{Document, Summary};
    use proptest::prelude::*;

    proptest! {
        /// Byte-run escaping equals putting a backslash before each markup
        /// character, whatever the other characters are.
        #[test]
        fn escape_backslashes_each_markup_character(s in r"[a-zà-ỹ\\`*_\[\]<>#| Đ\u{1F600}]{0,40}") {
            let each: String = s
                .chars()
                .flat_map(|c| {
                    let markup = "\\`*_[]<>#|".contains(c);
                    markup.then_some('\\').into_iter().chain([c])
                })
                .collect();
            prop_assert_eq!(escape(&s), each);
        }
    }

    #[test]
    fn section_has_title_facts_summary() {
        let mut d = Document::new("n1", "Body text.");
        d.meta.insert("title".into(), "A *bold* title".into());
        d.meta.insert("date".into(), "2024-05-01".into());
        d.meta.insert("source".into(), "VnExpress".into());
        d.summary = Some(Summary {
            sentences: vec![0],
            text: "Line one.\nLine two.".into(),
        });
        let mut s = String::new();
        section(&mut s, &DocView::new(&d));
        assert_eq!(
            s,
            "\n## A \\*bold\\* title\n\n2024-05-01 · VnExpress · `n1`\n\nLine one. Line two.\n\n"
        );
    }

    #[test]
    fn falls_back_to_lead_text_and_id() {
        let d = Document::new("n2", "x".repeat(400));
        let mut s = String::new();
        section(&mut s, &DocView::new(&d));
        assert!(s.starts_with("\n## n2\n\n`n2`\n\n"), "{s}");
        assert!(s.contains(&format!("{}…", "x".repeat(300))));
    }
}
