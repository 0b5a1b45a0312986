//! Options of the `summarize` stage, as written beside `uses` in a
//! pipeline file.

use crate::error::SummarizeError;
use serde::{Deserialize, Serialize};

/// Options of the `summarize` stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SummarizeOptions {
    /// Number of sentences in the summary (default 3). Documents with fewer
    /// sentences get all of them. Ignored when `ratio` or `words` is set.
    pub sentences: usize,
    /// Summary length as a fraction of the document's sentences, in (0, 1],
    /// rounded up (default unset). Overrides `sentences`.
    pub ratio: Option<f64>,
    /// Summary length as a budget of words: the best sentences that fit
    /// (default unset). Overrides `sentences`; cannot be combined with
    /// `ratio`. When no sentence fits, the single best one is taken.
    pub words: Option<usize>,
    /// Number of keyphrases to extract (default 10; 0 for none).
    pub keyphrases: usize,
    /// How sentence scores are combined (defaults tuned on news).
    pub weights: SummarizeWeights,
}

impl Default for SummarizeOptions {
    fn default() -> Self {
        Self {
            sentences: 3,
            ratio: None,
            words: None,
            keyphrases: 10,
            weights: SummarizeWeights::default(),
        }
    }
}

/// Weights of the sentence-scoring features; each feature lies in [0, 1].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SummarizeWeights {
    /// Weight of graph centrality (LexRank over TF-IDF cosine similarity
    /// between sentences; sentences after the first 1,000 score 0 on it)
    /// (default 1.0).
    pub centrality: f64,
    /// Weight of the lead prior: news puts the gist first (default 2.0).
    pub position: f64,
    /// Weight of similarity to `meta.title`, when the document has one
    /// (default 0.5).
    pub title: f64,
    /// Weight of mentions of the document's recurring entities, when `tag`
    /// ran before (default 0.3).
    pub entities: f64,
    /// Weight of the length prior favouring full, informative sentences
    /// over fragments (default 1.0).
    pub length: f64,
    /// Redundancy penalty of maximal marginal relevance: how much a
    /// sentence's similarity to already chosen ones counts against it, in
    /// [0, 1] (default 0.1).
    pub redundancy: f64,
}

impl Default for SummarizeWeights {
    fn default() -> Self {
        Self {
            centrality: 1.0,
            position: 2.0,
            title: 0.5,
            entities: 0.3,
            length: 1.0,
            redundancy: 0.1,
        }
    }
}

impl SummarizeOptions {
    /// Checks ranges and conflicts serde cannot express.
    pub fn validate(&self) -> Result<(), SummarizeError> {
        let bad = |option, message: &str| {
            Err(SummarizeError::Option {
                option,
                message: message.to_owned(),
            })
        };
        if self.sentences == 0 {
            return bad("sentences", "must be at least 1");
        }
        if let Some(r) = self.ratio
            && !(r > 0.0 && r <= 1.0)
        {
            return bad("ratio", "must be in (0, 1]");
        }
        if self.words == Some(0) {
            return bad("words", "must be at least 1");
        }
        if self.ratio.is_some() && self.words.is_some() {
            return bad("words", "set either `ratio` or `words`, not both");
        }
        let w = &self.weights;
        let all = [
            ("weights.centrality", w.centrality),
            ("weights.position", w.position),
            ("weights.title", w.title),
            ("weights.entities", w.entities),
            ("weights.length", w.length),
            ("weights.redundancy", w.redundancy),
        ];
        for (name, value) in all {
            if !(value.is_finite() && value >= 0.0) {
                return bad(name, "must be a finite number ≥ 0");
            }
            // Weights are relative (2 counts twice as much as 1); huge
            // ones overflow the scores to infinity, which ties every
            // sentence and silently leaves the first ones as the summary.
            if value > MAX_WEIGHT {
                return bad(
                    name,
                    "must be at most 1000000: weights are relative, so scale them all down",
                );
            }
        }
        if w.redundancy > 1.0 {
            return bad("weights.redundancy", "must be in [0, 1]");
        }
        Ok(())
    }
}

/// The largest weight a summary accepts (see `validate`).
const MAX_WEIGHT: f64 = 1e6;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_weights_are_refused() {
        let mut o = SummarizeOptions::default();
        o.weights.centrality = 1e308;
        let e = o.validate().unwrap_err().to_string();
        assert!(
            e.contains("weights.centrality") && e.contains("at most"),
            "{e}"
        );
        o.weights.centrality = 1e6;
        assert!(o.validate().is_ok());
    }

    #[test]
    fn defaults_validate() {
        assert!(SummarizeOptions::default().validate().is_ok());
    }

    #[test]
    fn rejects_out_of_range_and_conflicts() {
        let cases = [
            SummarizeOptions {
                sentences: 0,
                ..Default::default()
            },
            SummarizeOptions {
                ratio: Some(0.0),
                ..Default::default()
            },
            SummarizeOptions {
                ratio: Some(1.5),
                ..Default::default()
            },
            SummarizeOptions {
                words: Some(0),
                ..Default::default()
            },
            SummarizeOptions {
                ratio: Some(0.5),
                words: Some(10),
                ..Default::default()
            },
        ];
        for o in cases {
            assert!(o.validate().is_err(), "{o:?}");
        }
    }
}
