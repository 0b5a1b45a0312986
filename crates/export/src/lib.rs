//! The `export` stage: what people open after a batch ran.
//!
//! `export` is the last stage of a pipeline. Its `process` keeps every
//! document unchanged; its collector sees every kept document in input
//! order and writes, under `<output>/<stage id>/`:
//!
//! | file | format option | what |
//! |---|---|---|
//! | `documents.jsonl` | `jsonl` | one flat record per document (`fields`) |
//! | `entity_index.jsonl` | `jsonl` | one line per `(label, canonical)` entity: variants, counts, documents |
//! | `documents.csv`, `entities.csv`, `sentences.csv` | `csv` | RFC 4180 tables, one row per document / mention / sentence |
//! | `documents.parquet`, `entities.parquet`, `sentences.parquet` | `parquet` | the same tables, typed (feature `parquet`, on by default) |
//! | `report.html` | `html` | one self-contained page: run, corpus, entities, document cards |
//! | `digest.md` | `md` | title, date, source, summary and top entities per document |
//!
//! Offsets in every table are Unicode code points, like the JSONL
//! artifacts. An entity without a `canonical` name is filed under its text.
//! Rows are streamed to the files as documents arrive; only aggregates (the
//! index, corpus counts, the first `max_cards` cards) stay in memory. In a
//! run, each document's record, rows, digest section and card are rendered
//! by [`Stage::prepare`] on the worker threads, and the collector, which
//! runs on one thread, only appends them. The
//! outputs depend on the documents and the run's counts alone, so
//! `docpipe merge` reproduces a single run's files from a sharded run.
//!
//! # Example
//!
//! ```
//! use docpipe_core::{CollectorContext, Document, FinishContext, RunSnapshot, StageDescriptor};
//! use docpipe_export::ExportSpec;
//!
//! let dir = std::env::temp_dir().join(format!("docpipe-export-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let built = StageDescriptor::of::<ExportSpec>()
//!     .build(serde_json::json!({"formats": ["jsonl", "md"]}))
//!     .unwrap();
//! let ctx = CollectorContext { stage_id: "export".into(), output_dir: dir.clone(), shard: None };
//! let mut collector = built.stage.collector(&ctx).unwrap().unwrap();
//! let mut doc = Document::new("a1", "Hà Nội hosts the summit.");
//! doc.meta.insert("title".into(), "Summit".into());
//! built.stage.process(&mut doc).unwrap();
//! collector.observe(&doc).unwrap();
//! let run = RunSnapshot::default();
//! collector.finish(&FinishContext { output_dir: &dir, pipeline: "demo", run: &run }).unwrap();
//! let jsonl = std::fs::read_to_string(dir.join("documents.jsonl")).unwrap();
//! assert!(jsonl.starts_with(r#"{"id":"a1","title":"Summit""#));
//! assert!(std::fs::read_to_string(dir.join("digest.md")).unwrap().contains("## Summit"));
//! # std::fs::remove_dir_all(&dir).ok();
//! ```

mod calendar;
mod collector;
mod corpus;
mod digest;
mod entity_index;
mod error;
mod options;
mod output;
#[cfg(feature = "parquet")]
mod parquet;
mod record;
mod rendered;
mod report;
mod tables;

pub use error::ExportError;
pub use options::{ExportOptions, Format};

use collector::ExportCollector;
use docpipe_core::{
    Collector, CollectorContext, Document, Layer, Outcome, Prepared, Stage, StageError, StageSpec,
};
use options::Plan;
use record::DocView;
use rendered::RenderedDoc;

/// The `export` stage's registry entry.
pub struct ExportSpec;

impl StageSpec for ExportSpec {
    type Options = ExportOptions;
    const NAME: &'static str = "export";
    const DESCRIPTION: &'static str = "Writes documents and entity tables (JSONL, CSV, Parquet), an entity index, an HTML report and a Markdown digest.";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    fn requires(_: &ExportOptions) -> Vec<Layer> {
        Layer::FROM_READER.to_vec()
    }

    fn produces(_: &ExportOptions) -> Vec<Layer> {
        Vec::new()
    }

    fn build(options: ExportOptions) -> Result<Box<dyn Stage>, StageError> {
        Ok(Box::new(Export {
            plan: Plan::new(&options)?,
        }))
    }
}

/// The built stage.
struct Export {
    plan: Plan,
}

impl Stage for Export {
    fn process(&self, _doc: &mut Document) -> Result<Outcome, StageError> {
        Ok(Outcome::Keep)
    }

    fn collector(&self, ctx: &CollectorContext) -> Result<Option<Box<dyn Collector>>, StageError> {
        let collector = ExportCollector::create(self.plan.clone(), &ctx.output_dir)?;
        Ok(Some(Box::new(collector)))
    }

    /// Renders the document's rows, digest section and facts on the
    /// worker, and its report card when its input position says it surely
    /// gets one (its place among the kept documents is no larger).
    fn prepare(
        &self,
        doc: &Document,
        position: Option<u64>,
    ) -> Result<Option<Prepared>, StageError> {
        let card = position.is_some_and(|p| p < self.plan.max_cards as u64);
        let rendered = RenderedDoc::new(&self.plan, &DocView::new(doc), card)?;
        Ok(Some(Box::new(rendered)))
    }
}
