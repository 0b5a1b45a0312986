//! The `segment` stage: paragraphs, sentences and Penn Treebank-style tokens
//! with exact offsets.
//!
//! `segment` runs after `clean` and before `tag`. It fills
//! [`Document::paragraphs`](docpipe_core::Document::paragraphs),
//! [`Document::sentences`](docpipe_core::Document::sentences) and
//! [`Document::tokens`](docpipe_core::Document::tokens), as byte offsets on
//! char boundaries (the JSON form carries code points). The invariants: spans
//! are in bounds, non-empty, ordered and non-overlapping; every sentence lies
//! inside a paragraph and every token inside a sentence; every
//! non-whitespace character is in exactly one token.
//!
//! It is rule-based: paragraphs come from blank lines, tokens from a byte
//! scanner ([`tokens`](crate)), sentences from the tokens plus an
//! abbreviation table (`data/abbreviations.txt`) the options extend.
//!
//! # Example
//!
//! ```
//! use docpipe_core::{Document, StageDescriptor};
//! use docpipe_segment::SegmentSpec;
//!
//! let built = StageDescriptor::of::<SegmentSpec>()
//!     .build(serde_json::json!({"abbreviations": ["approx."]}))
//!     .expect("valid options");
//! let mut doc = Document::new("1", "Mr. Smith didn't go. He stayed.");
//! built.stage.process(&mut doc).expect("segments");
//! let sentences = doc.sentences.as_deref().unwrap_or_default();
//! assert_eq!(sentences.len(), 2);
//! let tokens: Vec<&str> = doc.tokens.iter().flatten().map(|t| &doc.text[t.start..t.end]).collect();
//! assert_eq!(tokens, ["Mr.", "Smith", "did", "n't", "go", ".", "He", "stayed", "."]);
//! ```

mod abbreviations;
mod error;
mod options;
mod paragraphs;
mod segmenter;
mod sentences;
mod tokens;

pub use error::SegmentError;
pub use options::SegmentOptions;
pub use segmenter::{Segmentation, Segmenter};

use docpipe_core::{Layer, Stage, StageError, StageSpec};

/// The `segment` stage's registry entry.
pub struct SegmentSpec;

impl StageSpec for SegmentSpec {
    type Options = SegmentOptions;
    const NAME: &'static str = "segment";
    const DESCRIPTION: &'static str =
        "Splits text into paragraphs, sentences and Penn-style tokens (rule-based, exact offsets).";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    fn requires(_: &SegmentOptions) -> Vec<Layer> {
        vec![Layer::TEXT]
    }

    fn produces(_: &SegmentOptions) -> Vec<Layer> {
        vec![Layer::PARAGRAPHS, Layer::SENTENCES, Layer::TOKENS]
    }

    fn build(options: SegmentOptions) -> Result<Box<dyn Stage>, StageError> {
        Ok(Box::new(Segmenter::new(&options)?))
    }
}
