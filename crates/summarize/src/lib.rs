//! The `summarize` stage: extractive summaries and keyphrases for news.
//!
//! It runs after `segment` (it needs `sentences` and `tokens`) and, when
//! they are there, uses `tag`'s part-of-speech tags and entities. For each
//! document it
//!
//! - scores sentences by **LexRank centrality** over TF-IDF cosine
//!   similarity (Snowball-stemmed, stop words out, IDF from a background
//!   table of news document frequencies committed in `data/df.tsv`), a
//!   **lead prior**, similarity to `meta.title`, mentions of recurring
//!   **entities** and a **length prior**; then picks sentences with
//!   **maximal marginal relevance** within the budget (`sentences`,
//!   `ratio` or `words`) and writes them, in document order, to `summary`;
//! - extracts ranked, stem-deduplicated **keyphrases** (noun phrases when
//!   POS tags exist, a stop-word/capitalization heuristic otherwise); a
//!   named entity is never cut, and a person is a phrase of their own,
//!   shown by their fullest name.
//!
//! Documents with no sentences are dropped; documents with fewer sentences
//! than asked keep all of them.
//!
//! Work per document stays near-linear in its length: centrality is
//! computed over the first 1,000 sentences (later ones score 0 on it), and
//! MMR weighs the 1,000 best-scoring sentences against each other, filling
//! any larger budget by score alone. No news article comes near the cap,
//! so it changes nothing there; it keeps a document of tens of thousands
//! of sentences from needing gigabytes for its similarity matrix.
//!
//! # Example
//!
//! ```
//! use docpipe_core::{Document, Outcome, Span, StageDescriptor, Token};
//! use docpipe_summarize::{SummarizeSpec, simple_words};
//!
//! let built = StageDescriptor::of::<SummarizeSpec>()
//!     .build(serde_json::json!({"sentences": 1, "keyphrases": 3}))
//!     .expect("valid options");
//! let text = "Rice exports rose sharply in May. Traders expect rice exports to keep rising. \
//!             The weather was fine.";
//! let mut doc = Document::new("d1", text);
//! doc.sentences = Some(vec![Span::new(0, 33), Span::new(34, 77), Span::new(78, text.len())]);
//! doc.tokens = Some(simple_words(text).into_iter().map(|(s, e)| Token::new(s, e)).collect());
//! assert_eq!(built.stage.process(&mut doc).unwrap(), Outcome::Keep);
//! let summary = doc.summary.unwrap();
//! assert_eq!(summary.sentences, [0]);
//! assert_eq!(summary.text, "Rice exports rose sharply in May.");
//! assert_eq!(doc.keyphrases.unwrap()[0].score, 1.0);
//! ```

mod analysis;
mod background;
mod error;
mod frequent;
mod hashing;
mod keyphrases;
mod options;
mod ranking;
mod stage;
mod stopwords;
mod terms;

pub use background::{BackgroundBuilder, BackgroundDf};
pub use error::SummarizeError;
pub use options::{SummarizeOptions, SummarizeWeights};
pub use terms::{TermNormalizer, simple_words};

use docpipe_core::{Layer, Stage, StageError, StageSpec};

/// The `summarize` stage's registry entry.
pub struct SummarizeSpec;

impl StageSpec for SummarizeSpec {
    type Options = SummarizeOptions;
    const NAME: &'static str = "summarize";
    const DESCRIPTION: &'static str =
        "Extractive summary (centrality + lead + title/entity overlap, MMR) and ranked keyphrases.";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    fn requires(_: &SummarizeOptions) -> Vec<Layer> {
        vec![Layer::SENTENCES, Layer::TOKENS]
    }

    fn produces(_: &SummarizeOptions) -> Vec<Layer> {
        vec![Layer::SUMMARY, Layer::KEYPHRASES]
    }

    fn build(options: SummarizeOptions) -> Result<Box<dyn Stage>, StageError> {
        Ok(Box::new(stage::Summarize::new(options)?))
    }
}
