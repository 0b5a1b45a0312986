//! Score vectors of the word forms of a document.
//!
//! Most static features of a position depend on one token only, at a
//! fixed offset (`pos_word`, `ner_word`: its form, affixes, shape, cluster
//! as the current, previous or next word). Their weights are summed once
//! per distinct form of a document and offset, into one vector of class
//! scores, instead of being looked up again for every occurrence; a
//! position's static scores are then three vectors plus the weights of its
//! context features (`pos_context`, `ner_context`).
//!
//! Sums are `f64` and exact for the weights of the shipped model (see
//! `Weights::add`), so this regrouping gives the very scores of summing
//! every feature of a position one by one.

use crate::features::TokenInfo;
use crate::fingerprint::FpMap;
use crate::perceptron::{Scores, Weights};

/// Offsets from the current position whose word-level features are summed
/// per form.
pub(crate) const OFFSETS: [isize; 3] = [-1, 0, 1];

/// Row of the padding before a sentence.
const PAD_BEFORE_ROW: u32 = 0;
/// Row of the padding after a sentence.
const PAD_AFTER_ROW: u32 = 1;

/// The distinct word forms of a document and the form of each token.
pub(crate) struct Forms {
    /// Summary of each distinct form (rows 0 and 1: the paddings).
    pub distinct: Vec<TokenInfo>,
    /// Per sentence, the row of each token, with one padding row on each
    /// side (`rows[i + 1]` is token `i`).
    pub rows: Vec<Vec<u32>>,
}

impl Forms {
    /// Finds the distinct forms of a document's sentences.
    pub(crate) fn new(sentences: &[Vec<TokenInfo>]) -> Self {
        let mut distinct = vec![TokenInfo::pad_before(), TokenInfo::pad_after()];
        let mut index: FpMap<u32> = FpMap::default();
        let n: usize = sentences.iter().map(Vec::len).sum();
        index.reserve(n);
        let rows = sentences
            .iter()
            .map(|s| {
                let mut rows = Vec::with_capacity(s.len() + 2);
                rows.push(PAD_BEFORE_ROW);
                for t in s {
                    let next = distinct.len() as u32;
                    let row = *index.entry(t.form).or_insert(next);
                    if row == next {
                        // The gazetteer match belongs to the position, not
                        // the form; word-level features never read it.
                        distinct.push(TokenInfo { gazetteer: 0, ..*t });
                    }
                    rows.push(row);
                }
                rows.push(PAD_AFTER_ROW);
                rows
            })
            .collect();
        Self { distinct, rows }
    }
}

/// Class scores of the word-level features of every distinct form, at
/// each of [`OFFSETS`].
pub(crate) struct WordScores {
    values: Vec<f64>,
    n: usize,
}

impl WordScores {
    /// Sums, for each form and offset, the weights of the features
    /// `extract` gives.
    pub(crate) fn new(
        weights: &Weights,
        n_classes: usize,
        forms: &Forms,
        feats: &mut Vec<u64>,
        starts: &mut Vec<usize>,
        extract: impl Fn(&TokenInfo, isize, &mut Vec<u64>),
    ) -> Self {
        feats.clear();
        starts.clear();
        for t in &forms.distinct {
            for k in OFFSETS {
                starts.push(feats.len());
                extract(t, k, feats);
            }
        }
        starts.push(feats.len());
        let mut values = vec![0.0; forms.distinct.len() * OFFSETS.len() * n_classes];
        add_batched(weights, feats, starts, &mut values, n_classes);
        Self {
            values,
            n: n_classes,
        }
    }

    /// Adds to `out` the scores of the word-level features of the token
    /// at position `i` of a sentence whose rows are `rows` (as in
    /// [`Forms::rows`]).
    #[inline]
    pub(crate) fn add(&self, rows: &[u32], i: usize, out: &mut [f64]) {
        let n = self.n;
        let at = |k: usize| {
            let start = (rows[i + k] as usize * OFFSETS.len() + k) * n;
            &self.values[start..start + n]
        };
        let (before, this, after) = (at(0), at(1), at(2));
        for (((o, a), b), c) in out.iter_mut().zip(before).zip(this).zip(after) {
            *o += *a + *b + *c;
        }
    }
}

/// For each segment `starts[j]..starts[j + 1]` of `feats`, adds the
/// weights of its features to the `j`-th `n`-wide chunk of `out`; the
/// table slots of a few hundred features are touched first, so that their
/// memory loads overlap.
pub(crate) fn add_batched(
    weights: &Weights,
    feats: &[u64],
    starts: &[usize],
    out: &mut [f64],
    n: usize,
) {
    const BATCH: usize = 512;
    let mut scores: Scores = [0.0; 256];
    let segments = starts.len().saturating_sub(1);
    let mut j = 0;
    while j < segments {
        let mut end = j + 1;
        while end < segments && starts[end + 1] - starts[j] <= BATCH {
            end += 1;
        }
        weights.warm(&feats[starts[j]..starts[end]]);
        for k in j..end {
            let out = &mut out[k * n..(k + 1) * n];
            scores[..n].copy_from_slice(out);
            weights.add(&feats[starts[k]..starts[k + 1]], &mut scores);
            out.copy_from_slice(&scores[..n]);
        }
        j = end;
    }
}
