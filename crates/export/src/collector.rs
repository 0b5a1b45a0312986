//! The collector: streams per-document rows to the files as documents
//! come, keeps only aggregates (entity index, corpus stats, capped cards),
//! and writes the corpus-level files in `finish`.
//!
//! Its outputs are a pure function of the observed documents and the
//! [`FinishContext`], so `docpipe merge` re-running it over a sharded run's
//! documents reproduces the unsharded outputs byte for byte.

use crate::corpus::CorpusStats;
use crate::digest::Digest;
use crate::entity_index::EntityIndex;
use crate::error::ExportError;
use crate::options::Plan;
use crate::output::OutputFile;
use crate::record::DocView;
use crate::rendered::RenderedDoc;
use crate::report::{Report, card_rest};
use crate::tables::CsvTables;
use docpipe_core::{Collector, Document, FinishContext, Prepared, StageError};
use std::path::{Path, PathBuf};

/// The export collector of one run.
pub(crate) struct ExportCollector {
    plan: Plan,
    dir: PathBuf,
    documents: Option<OutputFile>,
    csv: Option<CsvTables>,
    #[cfg(feature = "parquet")]
    parquet: Option<crate::parquet::ParquetTables>,
    digest: Option<Digest>,
    index: EntityIndex,
    stats: CorpusStats,
    report: Report,
}

impl ExportCollector {
    /// Creates every streamed file under `dir` (so even an empty run leaves
    /// tables with their headers).
    pub(crate) fn create(plan: Plan, dir: &Path) -> Result<Self, ExportError> {
        Ok(Self {
            documents: plan
                .jsonl
                .then(|| OutputFile::create(dir, &plan.paths.documents_jsonl))
                .transpose()?,
            csv: plan
                .csv
                .then(|| CsvTables::create(dir, &plan.fields, plan.sentences, &plan.paths))
                .transpose()?,
            #[cfg(feature = "parquet")]
            parquet: plan
                .parquet
                .then(|| {
                    crate::parquet::ParquetTables::create(
                        dir,
                        &plan.fields,
                        plan.sentences,
                        &plan.paths,
                    )
                })
                .transpose()?,
            digest: plan
                .md
                .then(|| Digest::create(dir, &plan.paths.digest))
                .transpose()?,
            index: EntityIndex::default(),
            stats: CorpusStats::default(),
            report: Report::new(if plan.html { plan.max_cards } else { 0 }),
            dir: dir.to_owned(),
            plan,
        })
    }

    /// Appends a document rendered as `rendered`. `view` is the
    /// document's view when the caller has one, for Parquet.
    #[cfg_attr(not(feature = "parquet"), allow(unused_variables))]
    fn append(
        &mut self,
        doc: &Document,
        view: Option<&DocView<'_>>,
        rendered: RenderedDoc,
    ) -> Result<(), ExportError> {
        let n = self.stats.docs as usize;
        if let Some(out) = &mut self.documents {
            out.write(&rendered.documents_jsonl)?;
        }
        if let (Some(csv), Some(rows)) = (&mut self.csv, &rendered.csv) {
            csv.append(rows)?;
        }
        #[cfg(feature = "parquet")]
        if let Some(pq) = &mut self.parquet {
            match view {
                Some(view) => pq.write(view)?,
                None => pq.write(&DocView::new(doc))?,
            }
        }
        if let Some(digest) = &mut self.digest {
            digest.append(&rendered.digest)?;
        }
        if self.report.wants_card() {
            // `observe` renders every card it needs and a worker those it
            // knows are needed; one that turns out needed is rendered here.
            match &rendered.card {
                Some(rest) => self.report.push_card(n, rest),
                None => self.report.push_card(n, &card_rest(&DocView::new(doc))),
            }
        }
        self.index.observe(doc);
        self.stats.observe(rendered.facts);
        Ok(())
    }

    fn finish_all(self, ctx: &FinishContext<'_>) -> Result<(), ExportError> {
        if let Some(out) = self.documents {
            out.finish()?;
        }
        if let Some(csv) = self.csv {
            csv.finish()?;
        }
        #[cfg(feature = "parquet")]
        if let Some(pq) = self.parquet {
            pq.finish()?;
        }
        if let Some(digest) = self.digest {
            digest.finish()?;
        }
        if self.plan.jsonl {
            self.index.write(&self.dir, &self.plan.paths.entity_index)?;
        }
        if self.plan.html {
            self.report.write(
                &self.dir,
                &self.plan.paths.report,
                ctx,
                &self.stats,
                &self.index,
            )?;
        }
        Ok(())
    }
}

impl Collector for ExportCollector {
    fn observe(&mut self, doc: &Document) -> Result<(), StageError> {
        let view = DocView::new(doc);
        let rendered = RenderedDoc::new(&self.plan, &view, self.report.wants_card())?;
        self.append(doc, Some(&view), rendered)
            .map_err(StageError::from)
    }

    fn observe_prepared(&mut self, doc: &Document, prepared: Prepared) -> Result<(), StageError> {
        match prepared.downcast::<RenderedDoc>() {
            Ok(rendered) => self.append(doc, None, *rendered).map_err(StageError::from),
            // Not what `Export::prepare` makes: render it here.
            Err(_) => self.observe(doc),
        }
    }

    fn finish(self: Box<Self>, ctx: &FinishContext<'_>) -> Result<(), StageError> {
        self.finish_all(ctx).map_err(StageError::from)
    }
}
