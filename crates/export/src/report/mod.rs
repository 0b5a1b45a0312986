//! report.html: one self-contained page (inline CSS, SVG and a little
//! script; nothing fetched) with the run, the corpus, the entities and a
//! card per document for the first `max_cards` documents.

mod cards;
mod charts;
mod html;

pub(crate) use cards::rest as card_rest;

use crate::corpus::CorpusStats;
use crate::entity_index::EntityIndex;
use crate::error::ExportError;
use crate::output::OutputFile;
use docpipe_core::FinishContext;
use std::path::Path;

/// The report's per-document part: the capped cards.
#[derive(Debug, Default)]
pub(crate) struct Report {
    max_cards: usize,
    cards: Vec<String>,
}

impl Report {
    /// A report showing at most `max_cards` cards.
    pub(crate) fn new(max_cards: usize) -> Self {
        Self {
            max_cards,
            cards: Vec::new(),
        }
    }

    /// Whether the next document gets a card.
    pub(crate) fn wants_card(&self) -> bool {
        self.cards.len() < self.max_cards
    }

    /// Adds the card of the `n`th document from its [`card_rest`].
    pub(crate) fn push_card(&mut self, n: usize, rest: &str) {
        let mut card = cards::head(n);
        card.push_str(rest);
        self.cards.push(card);
    }

    /// Writes the report (report.html by default) as `dir/name`.
    pub(crate) fn write(
        &self,
        dir: &Path,
        name: &str,
        ctx: &FinishContext<'_>,
        stats: &CorpusStats,
        index: &EntityIndex,
    ) -> Result<(), ExportError> {
        let page = html::page(&html::Parts {
            pipeline: ctx.pipeline,
            run: ctx.run,
            stats,
            index,
            cards: &self.cards,
        });
        let mut out = OutputFile::create(dir, name)?;
        out.write(page.as_bytes())?;
        out.finish()
    }
}

/// Escapes text for HTML element content and quoted attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    // The special characters are ASCII, so they are found byte by byte and
    // the runs between them copied whole (a byte below 0x80 is never part
    // of a multi-byte character).
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[run..i]);
        out.push_str(entity);
        run = i + 1;
    }
    out.push_str(&s[run..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The character-by-character escaping that [`escape`] must equal.
    fn escape_each_char(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                '&' => "&amp;".to_owned(),
                '<' => "&lt;".to_owned(),
                '>' => "&gt;".to_owned(),
                '"' => "&quot;".to_owned(),
                '\'' => "&#39;".to_owned(),
                c => c.to_string(),
            })
            .collect()
    }

    #[test]
    fn escapes_the_five_characters_and_keeps_the_rest() {
        assert_eq!(
            escape(r#"Hà Nội <b>"A&B"</b> it's"#),
            "Hà Nội &lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt; it&#39;s"
        );
        assert_eq!(escape(""), "");
        assert_eq!(escape("&"), "&amp;");
    }

    proptest! {
        #[test]
        fn escape_is_the_per_character_escape(s in r#"[a-zà-ỹ&<>"' Đ\u{1F600}]{0,40}"#) {
            prop_assert_eq!(escape(&s), escape_each_char(&s));
        }
    }
}
