//! The docpipe stage API.
//!
//! This crate is all a stage crate depends on: the [`Document`] record and
//! its layers, the [`Stage`] trait a stage implements, [`StageSpec`] that
//! describes it to the engine's registry, and the typed [`StageError`]. It
//! has light dependencies on purpose, so a stage crate compiles fast.
//!
//! Spans inside Rust are **byte** offsets on char boundaries; the JSON form
//! (see [`Document`]'s serde impls) carries code point offsets, as
//! docpipe's design fixes for artifacts.
//!
//! # Example: a stage that upper-cases titles
//!
//! ```
//! use docpipe_core::{Document, Layer, Outcome, Stage, StageError, StageSpec, StageDescriptor};
//! use serde::{Deserialize, Serialize};
//!
//! /// Options of the `shout` stage.
//! #[derive(Debug, Default, Serialize, Deserialize, schemars::JsonSchema)]
//! #[serde(deny_unknown_fields, default)]
//! pub struct ShoutOptions {
//!     /// Drop documents without a title instead of keeping them.
//!     pub require_title: bool,
//! }
//!
//! struct Shout(ShoutOptions);
//!
//! impl Stage for Shout {
//!     fn process(&self, doc: &mut Document) -> Result<docpipe_core::Outcome, StageError> {
//!         match doc.meta_str("title").map(str::to_uppercase) {
//!             Some(t) => { doc.meta.insert("title".into(), t.into()); Ok(Outcome::Keep) }
//!             None if self.0.require_title => Ok(Outcome::Drop("no title".into())),
//!             None => Ok(Outcome::Keep),
//!         }
//!     }
//! }
//!
//! /// The `shout` stage.
//! pub struct ShoutSpec;
//!
//! impl StageSpec for ShoutSpec {
//!     type Options = ShoutOptions;
//!     const NAME: &'static str = "shout";
//!     const DESCRIPTION: &'static str = "Upper-cases meta.title.";
//!     const VERSION: &'static str = "1";
//!     fn requires(_: &ShoutOptions) -> Vec<Layer> { vec![Layer::META] }
//!     fn produces(_: &ShoutOptions) -> Vec<Layer> { vec![Layer::META] }
//!     fn build(o: ShoutOptions) -> Result<Box<dyn Stage>, StageError> { Ok(Box::new(Shout(o))) }
//! }
//!
//! let built = StageDescriptor::of::<ShoutSpec>()
//!     .build(serde_json::json!({"require_title": true}))
//!     .expect("valid options");
//! let mut doc = Document::new("1", "Body.");
//! doc.meta.insert("title".into(), "hello".into());
//! assert_eq!(built.stage.process(&mut doc).unwrap(), Outcome::Keep);
//! assert_eq!(doc.meta_str("title"), Some("HELLO"));
//! ```

mod document;
mod error;
mod layer;
pub mod offsets;
mod run;
mod spec;
mod stage;
mod wire;

pub use document::{Document, Entity, Keyphrase, Span, Summary, Token};
pub use error::{BuildError, StageError};
pub use layer::Layer;
pub use run::{ReadCounts, RunSnapshot, StageCounts};
pub use spec::{BuiltStage, StageDescriptor, StageSpec};
pub use stage::{Collector, CollectorContext, FinishContext, Outcome, Prepared, Stage};

/// Re-exported so stage crates derive `JsonSchema` for their options with
/// the same version the engine reads.
pub use schemars;
