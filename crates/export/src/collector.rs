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
use crate::report::Report;
use crate::tables::CsvTables;
use docpipe_core::{Collector, Document, FinishContext, StageError};
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

    fn observe_view(&mut self, view: &DocView<'_>) -> Result<(), ExportError> {
        let n = self.stats.docs as usize;
        if let Some(out) = &mut self.documents {
            out.write_json_line(&view.record(&self.plan.fields))?;
        }
        if let Some(csv) = &mut self.csv {
            csv.write(view)?;
        }
        #[cfg(feature = "parquet")]
        if let Some(pq) = &mut self.parquet {
            pq.write(view)?;
        }
        if let Some(digest) = &mut self.digest {
            digest.write(view)?;
        }
        self.index.observe(view);
        self.report.observe(view, n);
        self.stats.observe(view);
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
        self.observe_view(&view).map_err(StageError::from)
    }

    fn finish(self: Box<Self>, ctx: &FinishContext<'_>) -> Result<(), StageError> {
        self.finish_all(ctx).map_err(StageError::from)
    }
}
