//! What a worker thread renders of one document for the export collector.
//!
//! The collector runs on the run's one ordering thread; everything it did
//! per document there (serializing the JSONL record, the CSV rows, the
//! digest section, the report card) limited how well a run scales with
//! threads. [`RenderedDoc`] is that work done beside the stages, in
//! parallel; the collector only appends the bytes and updates its
//! aggregates. Both paths, [`Collector::observe`] and
//! [`Collector::observe_prepared`], go through [`RenderedDoc::new`], so
//! their outputs cannot differ.
//!
//! [`Collector::observe`]: docpipe_core::Collector::observe
//! [`Collector::observe_prepared`]: docpipe_core::Collector::observe_prepared

use crate::corpus::DocFacts;
use crate::digest;
use crate::error::ExportError;
use crate::options::Plan;
use crate::record::DocView;
use crate::report::card_rest;
use crate::tables::CsvRows;
use std::path::PathBuf;

/// One document's bytes in each streamed file, and its facts for the
/// corpus statistics.
#[derive(Debug)]
pub(crate) struct RenderedDoc {
    /// Its documents.jsonl line, newline included (empty without `jsonl`).
    pub documents_jsonl: Vec<u8>,
    /// Its CSV rows (`None` without `csv`).
    pub csv: Option<CsvRows>,
    /// Its digest.md section (empty without `md`).
    pub digest: String,
    /// Its report card after the part that needs its number, when it was
    /// asked for.
    pub card: Option<String>,
    /// What the corpus statistics count of it.
    pub facts: DocFacts,
}

impl RenderedDoc {
    /// Renders what `plan` writes of the document seen as `view`; its card
    /// only when `card` (see [`crate::report::Report::wants_card`]).
    pub(crate) fn new(plan: &Plan, view: &DocView<'_>, card: bool) -> Result<Self, ExportError> {
        let mut documents_jsonl = Vec::new();
        if plan.jsonl {
            serde_json::to_writer(&mut documents_jsonl, &view.record(&plan.fields)).map_err(
                |source| ExportError::Json {
                    path: PathBuf::from(&plan.paths.documents_jsonl),
                    source,
                },
            )?;
            documents_jsonl.push(b'\n');
        }
        let csv = plan
            .csv
            .then(|| CsvRows::render(view, &plan.fields, plan.sentences, &plan.paths))
            .transpose()?;
        let mut digest = String::new();
        if plan.md {
            digest::section(&mut digest, view);
        }
        Ok(Self {
            documents_jsonl,
            csv,
            digest,
            card: (card && plan.html).then(|| card_rest(view)),
            facts: DocFacts::of(view),
        })
    }
}
