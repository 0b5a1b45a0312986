//! report.html: one self-contained page (inline CSS, SVG and a little
//! script; nothing fetched) with the run, the corpus, the entities and a
//! card per document for the first `max_cards` documents.

mod cards;
mod charts;
mod html;

use crate::corpus::CorpusStats;
use crate::entity_index::EntityIndex;
use crate::error::ExportError;
use crate::output::OutputFile;
use crate::record::DocView;
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

    /// Renders the card of the `n`th document while there is room.
    pub(crate) fn observe(&mut self, view: &DocView<'_>, n: usize) {
        if self.cards.len() < self.max_cards {
            self.cards.push(cards::card(view, n));
        }
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
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
