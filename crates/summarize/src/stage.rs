//! The `summarize` stage itself: reads sentences and tokens (and entities
//! and POS tags when present), writes `summary` and `keyphrases`.

use crate::analysis::{Analysis, Vector};
use crate::background::BackgroundDf;
use crate::frequent::FrequentTerms;
use crate::keyphrases::keyphrases;
use crate::options::SummarizeOptions;
use crate::ranking::{Budget, Similarity, features, scale_to_max, select};
use crate::terms::{TermNormalizer, simple_words};
use docpipe_core::{Document, Entity, Layer, Outcome, Span, Stage, StageError, Summary};
use std::borrow::Cow;
use std::collections::HashMap;

/// The built `summarize` stage.
#[derive(Debug)]
pub(crate) struct Summarize {
    options: SummarizeOptions,
    normalizer: TermNormalizer,
    background: BackgroundDf,
    frequent: FrequentTerms,
}

impl Summarize {
    /// Builds the stage with the embedded background table.
    pub fn new(options: SummarizeOptions) -> Result<Self, StageError> {
        options.validate()?;
        let normalizer = TermNormalizer::new();
        let background = BackgroundDf::embedded()?;
        let frequent = FrequentTerms::new(&normalizer, &background);
        Ok(Self {
            options,
            normalizer,
            background,
            frequent,
        })
    }

    fn budget(&self, n: usize) -> Budget {
        if let Some(w) = self.options.words {
            Budget::Words(w)
        } else if let Some(r) = self.options.ratio {
            // Ratio is validated to (0, 1], so the product is in (0, n].
            Budget::Sentences(((r * n as f64).ceil() as usize).clamp(1, n.max(1)))
        } else {
            Budget::Sentences(self.options.sentences)
        }
    }

    fn title_vector(&self, doc: &Document, a: &Analysis<'_>) -> Option<Vector> {
        let title = doc.meta_str("title")?;
        let mut lower = String::new();
        let ids = simple_words(title).into_iter().filter_map(|(s, e)| {
            let (stem, _) = self
                .frequent
                .term(&title[s..e], &self.normalizer, &mut lower)?;
            a.term_id(&stem)
        });
        Some(a.vector(ids))
    }
}

impl Stage for Summarize {
    fn process(&self, doc: &mut Document) -> Result<Outcome, StageError> {
        let sentences = doc
            .sentences
            .as_deref()
            .ok_or(StageError::MissingLayer(Layer::SENTENCES))?;
        let tokens = doc
            .tokens
            .as_deref()
            .ok_or(StageError::MissingLayer(Layer::TOKENS))?;
        if sentences.is_empty() {
            return Ok(Outcome::Drop("no sentences to summarize".into()));
        }
        let mut a = Analysis::new(
            &doc.text,
            sentences,
            tokens,
            &self.normalizer,
            &self.background,
            &self.frequent,
        );
        if let Some(entities) = doc.entities.as_deref() {
            a.mark_entities(entities);
        }
        let n = a.len();
        let vectors: Vec<Vector> = (0..n).map(|i| a.sentence_vector(i)).collect();
        let sim = Similarity::new(&vectors);
        let title = self.title_vector(doc, &a);
        let entities = doc
            .entities
            .as_deref()
            .map(|e| entity_weights(sentences, e));
        let feats = features(&a, &vectors, &sim, title.as_ref(), entities);
        let scores = feats.scores(&self.options.weights);
        let word_counts: Vec<usize> = (0..n).map(|i| a.word_count(i)).collect();
        // MMR asks for similarities pair by pair: from the matrix where it
        // has them, computed beyond its first sentences.
        let chosen = select(
            &scores,
            |i, j| sim.pair(&vectors, i, j),
            &word_counts,
            self.budget(n),
            self.options.weights.redundancy,
        );
        let text = chosen
            .iter()
            .map(|&i| doc.slice(sentences[i]).trim())
            .collect::<Vec<_>>()
            .join(" ");
        let phrases = keyphrases(&a, self.options.keyphrases);
        doc.summary = Some(Summary {
            sentences: chosen,
            text,
        });
        doc.keyphrases = Some(phrases);
        Ok(Outcome::Keep)
    }
}

/// How much each sentence mentions the document's recurring entities:
/// the sum over its mentions of `ln(mentions of that entity in the
/// document)`, scaled so the top sentence is 1.
fn entity_weights(sentences: &[Span], entities: &[Entity]) -> Vec<f64> {
    let keys: Vec<Cow<'_, str>> = entities
        .iter()
        .map(|e| match &e.canonical {
            Some(c) => Cow::Borrowed(c.as_str()),
            None => Cow::Owned(e.text.to_lowercase()),
        })
        .collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for k in &keys {
        *counts.entry(k).or_default() += 1;
    }
    let finder = SentenceFinder::new(sentences);
    let mut w = vec![0.0; sentences.len()];
    for (e, k) in entities.iter().zip(&keys) {
        let c = counts.get(&**k).copied().unwrap_or(1);
        if let Some(i) = finder.find(e.span()) {
            w[i] += (c as f64).ln();
        }
    }
    scale_to_max(&mut w);
    w
}

/// Finds the sentence holding a span. `segment` writes sentences in
/// order, so one binary search finds it; a scan over every sentence per
/// entity would make entity-dense long documents quadratic. Sentences out
/// of order (possible only in hand-made input) are scanned.
struct SentenceFinder<'a> {
    sentences: &'a [Span],
    ordered: bool,
}

impl<'a> SentenceFinder<'a> {
    fn new(sentences: &'a [Span]) -> Self {
        let ordered = sentences
            .windows(2)
            .all(|w| w[0].start <= w[1].start && w[0].end <= w[1].end);
        Self { sentences, ordered }
    }

    /// The first sentence that contains `span`.
    fn find(&self, span: Span) -> Option<usize> {
        if !self.ordered {
            return self.sentences.iter().position(|s| s.contains(&span));
        }
        // Sentences before the first one reaching the span's end cannot
        // hold it; starts only grow, so if that one starts too late, so do
        // the rest.
        let i = self.sentences.partition_point(|s| s.end < span.end);
        self.sentences.get(i)?.contains(&span).then_some(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The binary search finds what a scan finds, in order or not.
    #[test]
    fn sentence_finder_agrees_with_a_scan() {
        let ordered = [
            Span::new(0, 10),
            Span::new(11, 20),
            Span::new(20, 20),
            Span::new(20, 30),
        ];
        let shuffled = [ordered[3], ordered[0], ordered[2], ordered[1]];
        let spans = (0..32).flat_map(|s| (s..32).map(move |e| Span::new(s, e)));
        for sentences in [&ordered[..], &shuffled[..], &[]] {
            let finder = SentenceFinder::new(sentences);
            for span in spans.clone() {
                let scan = sentences.iter().position(|s| s.contains(&span));
                assert_eq!(finder.find(span), scan, "{span:?} in {sentences:?}");
            }
        }
        assert!(SentenceFinder::new(&ordered).ordered);
        assert!(!SentenceFinder::new(&shuffled).ordered);
    }
}
