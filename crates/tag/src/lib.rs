//! The `tag` stage: part-of-speech tags, named entities, normalized dates
//! and numbers, canonical names.
//!
//! `tag` runs after `segment` (it needs sentences and tokens) and adds:
//!
//! - `pos` on every token: Penn Treebank tags from an averaged-perceptron
//!   tagger ([`Model`]);
//! - `entities`: PERSON, ORG, LOC and MISC from an averaged-perceptron
//!   recognizer with greedy decoding over rich features (shape, affixes, a
//!   ±2 window, previous decisions, document-level history, a GeoNames
//!   gazetteer, word clusters learned from unlabeled news); DATE, TIME,
//!   MONEY, PERCENT and QUANTITY from rules, with a normalized `value`;
//!   names from user gazetteers;
//! - `canonical` on named entities: one name per real-world entity across
//!   documents (see the `canonical` module docs).
//!
//! The default English model is embedded (`models/en.dptag`, trained on
//! CoNLL-2003 by [`train()`]; `models/README.md` says how) and parsed once
//! per process.
//!
//! # Example
//!
//! ```
//! use docpipe_core::{Document, StageDescriptor, Span, Token};
//! use docpipe_tag::TagSpec;
//!
//! let built = StageDescriptor::of::<TagSpec>().build(serde_json::json!({})).unwrap();
//! let text = "Peter Blackburn visited Hanoi on December 27 .";
//! let mut doc = Document::new("1", text);
//! doc.meta.insert("date".into(), "2023-12-28".into());
//! let mut tokens = Vec::new();
//! let mut start = 0;
//! for w in text.split(' ') {
//!     tokens.push(Token::new(start, start + w.len()));
//!     start += w.len() + 1;
//! }
//! doc.sentences = Some(vec![Span::new(0, text.len())]);
//! doc.tokens = Some(tokens);
//! built.stage.process(&mut doc).unwrap();
//! let entities = doc.entities.unwrap();
//! let date = entities.iter().find(|e| e.label == "DATE").unwrap();
//! assert_eq!(date.value, Some(serde_json::json!("2023-12-27")));
//! assert!(entities.iter().any(|e| e.label == "PERSON" && e.text == "Peter Blackburn"));
//! ```

mod canonical;
pub mod conll;
mod error;
mod features;
mod files;
mod fingerprint;
pub mod fold;
mod gazetteer;
mod lexicon;
mod model;
mod options;
mod perceptron;
mod repair;
mod rules;
mod shortcuts;
mod spans;
mod stage;
mod train;
mod words;

pub use error::TagError;
pub use gazetteer::{Gazetteer, GazetteerEntry};
pub use lexicon::Lexicon;
pub use model::{MAX_PIECE_TOKENS, Model, Tagged};
pub use options::TagOptions;
pub use train::{DevScore, EpochReport, TrainConfig, evaluate, train};

use docpipe_core::{Layer, Stage, StageError, StageSpec};
use std::sync::{Arc, OnceLock};

/// The embedded English model, parsed once per process.
pub fn english_model() -> Result<Arc<Model>, TagError> {
    static MODEL: OnceLock<Result<Arc<Model>, String>> = OnceLock::new();
    MODEL
        .get_or_init(|| Model::english().map(Arc::new).map_err(|e| e.to_string()))
        .clone()
        .map_err(TagError::InvalidModel)
}

/// The built-in GeoNames gazetteer, parsed once per process.
pub fn builtin_gazetteer() -> Result<Arc<Gazetteer>, TagError> {
    static GAZ: OnceLock<Result<Arc<Gazetteer>, String>> = OnceLock::new();
    GAZ.get_or_init(|| {
        Gazetteer::builtin()
            .map(Arc::new)
            .map_err(|e| e.to_string())
    })
    .clone()
    .map_err(TagError::InvalidModel)
}

/// The `tag` stage.
pub struct TagSpec;

impl StageSpec for TagSpec {
    type Options = TagOptions;
    const NAME: &'static str = "tag";
    const DESCRIPTION: &'static str = "Part-of-speech tags, named entities (PERSON, ORG, LOC, MISC, DATE, TIME, MONEY, PERCENT, QUANTITY) with normalized values and canonical names.";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    fn requires(_: &TagOptions) -> Vec<Layer> {
        vec![Layer::SENTENCES, Layer::TOKENS]
    }

    fn produces(o: &TagOptions) -> Vec<Layer> {
        let mut out = Vec::new();
        if o.pos {
            out.push(Layer::POS);
        }
        if o.ner || o.rules || !o.gazetteers.is_empty() {
            out.push(Layer::ENTITIES);
        }
        out
    }

    fn build(options: TagOptions) -> Result<Box<dyn Stage>, StageError> {
        // The model and the built-in gazetteer take about as long to parse
        // (tens of milliseconds each, a few percent of a run of a few
        // thousand documents): parse them side by side. Without a thread
        // to spare, the gazetteer is parsed after the model.
        let (model, builtin) = std::thread::scope(|scope| {
            let helper = std::thread::Builder::new()
                .name("docpipe-tag-load".into())
                .spawn_scoped(scope, builtin_gazetteer)
                .ok();
            let model = match &options.model {
                Some(path) => Model::load(path)
                    .map(Arc::new)
                    .map_err(|e| StageError::Options {
                        option: "model".into(),
                        message: e.to_string(),
                    }),
                None => english_model().map_err(StageError::from),
            };
            let builtin = match helper {
                Some(h) => h.join().unwrap_or_else(|_| {
                    Err(TagError::InvalidModel(
                        "parsing the built-in gazetteer panicked".into(),
                    ))
                }),
                None => builtin_gazetteer(),
            };
            (model, builtin)
        });
        let (model, builtin) = (model?, builtin?);
        let mut user = Gazetteer::default();
        for path in &options.gazetteers {
            let g = Gazetteer::from_file(path).map_err(|e| StageError::Options {
                option: "gazetteers".into(),
                message: e.to_string(),
            })?;
            user.extend(&g);
        }
        Ok(Box::new(stage::Tagger {
            options,
            model,
            builtin,
            user,
        }))
    }
}
