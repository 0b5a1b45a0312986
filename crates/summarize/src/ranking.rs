//! Sentence scoring and selection: LexRank centrality, a lead prior,
//! title and entity overlap and a length prior, combined linearly; then
//! maximal marginal relevance picks sentences within the length budget.
//!
//! # Long documents
//!
//! Pairwise similarity is quadratic in the number of sentences, so the
//! work per document is capped at [`SENTENCE_CAP`] sentences (far more
//! than any news article has, so ordinary documents are ranked exactly as
//! without the cap):
//!
//! - **Centrality** is LexRank over the first `SENTENCE_CAP` sentences
//!   only; later sentences get centrality 0. News puts what matters first
//!   (the lead prior says the same), and scoring each later sentence
//!   against the ranked ones would cost `SENTENCE_CAP` cosines per
//!   sentence for sentences the lead prior already all but rules out.
//! - **MMR** considers the `SENTENCE_CAP` best-scoring sentences (ties to
//!   the earlier); should the budget ask for more sentences than that, the
//!   rest of it is filled by score alone, without the redundancy penalty.
//!
//! So a document of `n` sentences costs at most `SENTENCE_CAP²`
//! similarities plus `O(n log n)`, whatever `n` is.

use crate::analysis::{Analysis, Vector, cosine};
use crate::options::SummarizeWeights;

/// Most sentences of a document that LexRank ranks and MMR weighs against
/// each other (see the module doc). News articles have tens of sentences,
/// long features a few hundred; 1,000 leaves every ordinary document
/// untouched while bounding the similarity matrix at 1,000² cells (8 MB)
/// and its cosines at half a million.
pub(crate) const SENTENCE_CAP: usize = 1000;

/// Per-sentence features, each in [0, 1].
#[derive(Debug, Clone, Default)]
pub(crate) struct Features {
    /// LexRank centrality, scaled so the most central sentence is 1.
    pub centrality: Vec<f64>,

    /// Lead prior.
    pub position: Vec<f64>,
    /// Cosine with the title (all 0 without a title).
    pub title: Vec<f64>,
    /// Recurring-entity mentions, scaled so the top sentence is 1.
    pub entities: Vec<f64>,
    /// Length prior.
    pub length: Vec<f64>,
}

impl Features {
    /// Linear combination of the features.
    pub fn scores(&self, w: &SummarizeWeights) -> Vec<f64> {
        (0..self.position.len())
            .map(|i| {
                w.centrality * self.centrality[i]
                    + w.position * self.position[i]
                    + w.title * self.title[i]
                    + w.entities * self.entities[i]
                    + w.length * self.length[i]
            })
            .collect()
    }
}

/// Pairwise cosine similarities of the first [`SENTENCE_CAP`] sentence
/// vectors, row-major.
pub(crate) struct Similarity {
    n: usize,
    sim: Vec<f64>,
}

impl Similarity {
    /// Computes every pair among the first [`SENTENCE_CAP`] sentences;
    /// later ones are left out of the graph (see the module doc).
    pub fn new(vectors: &[Vector]) -> Self {
        let n = vectors.len().min(SENTENCE_CAP);
        let mut sim = vec![0.0; n * n];
        for i in 0..n {
            for j in (i + 1)..n {
                let c = cosine(&vectors[i], &vectors[j]);
                sim[i * n + j] = c;
                sim[j * n + i] = c;
            }
        }
        Self { n, sim }
    }

    /// The similarity of sentences `i` and `j` (`i != j`) of `vectors`,
    /// the vectors the matrix was built from: read from the matrix when
    /// both are in it, computed otherwise (the cosine gives exactly the
    /// matrix's values).
    pub fn pair(&self, vectors: &[Vector], i: usize, j: usize) -> f64 {
        if i < self.n && j < self.n && i != j {
            self.sim[i * self.n + j]
        } else {
            cosine(&vectors[i], &vectors[j])
        }
    }

    /// Number of cells of the matrix: at most `SENTENCE_CAP²`, whatever
    /// the document's length.
    #[cfg(test)]
    pub fn cells(&self) -> usize {
        self.sim.len()
    }

    /// Continuous LexRank: PageRank over the similarity graph, one score
    /// per sentence in the graph (the first [`SENTENCE_CAP`]).
    pub fn lexrank(&self) -> Vec<f64> {
        const DAMPING: f64 = 0.85;
        let n = self.n;
        if n == 0 {
            return Vec::new();
        }
        let uniform = 1.0 / n as f64;
        let row_sums: Vec<f64> = (0..n)
            .map(|i| self.sim[i * n..(i + 1) * n].iter().sum())
            .collect();
        let mut rank = vec![uniform; n];
        let mut next = vec![0.0; n];
        for _ in 0..50 {
            let dangling: f64 = (0..n)
                .filter(|&i| row_sums[i] <= 0.0)
                .map(|i| rank[i])
                .sum();
            next.fill((1.0 - DAMPING) * uniform + DAMPING * dangling * uniform);
            for i in 0..n {
                if row_sums[i] > 0.0 {
                    let share = DAMPING * rank[i] / row_sums[i];
                    for (j, nx) in next.iter_mut().enumerate() {
                        *nx += share * self.sim[i * n + j];
                    }
                }
            }
            let delta: f64 = rank.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
            std::mem::swap(&mut rank, &mut next);
            if delta < 1e-7 {
                break;
            }
        }
        scale_to_max(&mut rank);
        rank
    }
}

/// Divides by the maximum so the top value is 1 (all zeros stay zeros).
pub(crate) fn scale_to_max(v: &mut [f64]) {
    let max = v.iter().copied().fold(0.0, f64::max);
    if max > 0.0 {
        for x in v.iter_mut() {
            *x /= max;
        }
    }
}

/// The lead prior of sentence `i`: 1 for the first, decaying as 1/√(i+1).
pub(crate) fn position_prior(i: usize) -> f64 {
    1.0 / ((i + 1) as f64).sqrt()
}

/// The length prior of a sentence of `words` words: fragments score low,
/// full sentences 1, very long run-ons a little less.
pub(crate) fn length_prior(words: usize) -> f64 {
    let w = words as f64;
    if w < 20.0 {
        (w / 20.0).powi(2)
    } else if w <= 45.0 {
        1.0
    } else {
        (45.0 / w).sqrt()
    }
}

/// How long the summary may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Budget {
    /// At most this many sentences.
    Sentences(usize),
    /// At most this many words.
    Words(usize),
}

/// Maximal marginal relevance: repeatedly takes the sentence maximizing
/// `(1 - λ)·score − λ·max similarity to the chosen ones`, within the
/// budget, among the [`candidate_pool`]; any budget left once the pool is
/// used up is filled by score alone. `sim(i, j)` is the similarity of
/// sentences `i` and `j`, asked only for pairs in the pool. Returns
/// indices in document order. Ties go to the earlier sentence, so the
/// choice is deterministic.
pub(crate) fn select(
    scores: &[f64],
    sim: impl Fn(usize, usize) -> f64,
    word_counts: &[usize],
    budget: Budget,
    redundancy: f64,
) -> Vec<usize> {
    let n = scores.len();
    let mut norm = scores.to_vec();
    scale_to_max(&mut norm);
    let pool = candidate_pool(&norm);
    let mut chosen: Vec<usize> = Vec::new();
    // Indexed by position in `pool`, so their size is bounded too.
    let mut taken = vec![false; pool.len()];
    let mut max_sim = vec![0.0f64; pool.len()];
    let mut words_left = match budget {
        Budget::Words(w) => w,
        Budget::Sentences(_) => usize::MAX,
    };
    let max_count = match budget {
        Budget::Sentences(k) => k.min(n),
        Budget::Words(_) => n,
    };
    while chosen.len() < max_count {
        let mut best: Option<(usize, f64)> = None;
        for (p, &i) in pool.iter().enumerate() {
            if taken[p] || word_counts[i] > words_left {
                continue;
            }
            let mmr = (1.0 - redundancy) * norm[i] - redundancy * max_sim[p];
            if best.is_none_or(|(_, b)| mmr > b) {
                best = Some((p, mmr));
            }
        }
        let Some((p, _)) = best else { break };
        let i = pool[p];
        taken[p] = true;
        chosen.push(i);
        words_left -= word_counts[i];
        // Only sentences still in the running need the similarity: a taken
        // one's `max_sim` is never read again.
        for (q, m) in max_sim.iter_mut().enumerate() {
            if !taken[q] {
                *m = m.max(sim(i, pool[q]));
            }
        }
    }
    if chosen.len() < max_count && pool.len() < n {
        fill_by_score(
            &norm,
            &pool,
            word_counts,
            max_count,
            words_left,
            &mut chosen,
        );
    }
    if chosen.is_empty() && n > 0 {
        // Nothing fits the word budget: take the single best sentence.
        let best = (0..n).fold(0, |b, i| if norm[i] > norm[b] { i } else { b });
        chosen.push(best);
    }
    chosen.sort_unstable();
    chosen
}

/// The sentences MMR weighs against each other, in document order: all
/// of them up to [`SENTENCE_CAP`], else the `SENTENCE_CAP` best by score
/// (ties to the earlier), so that selection costs at most `SENTENCE_CAP²`
/// similarities.
pub(crate) fn candidate_pool(scores: &[f64]) -> Vec<usize> {
    let mut pool: Vec<usize> = (0..scores.len()).collect();
    if pool.len() > SENTENCE_CAP {
        pool.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
        pool.truncate(SENTENCE_CAP);
        pool.sort_unstable();
    }
    pool
}

/// Fills what is left of the budget with the best-scoring sentences
/// outside `pool` that fit (ties to the earlier), without the redundancy
/// penalty: only a budget of more than [`SENTENCE_CAP`] sentences or
/// their words gets here.
fn fill_by_score(
    scores: &[f64],
    pool: &[usize],
    word_counts: &[usize],
    max_count: usize,
    mut words_left: usize,
    chosen: &mut Vec<usize>,
) {
    let mut in_pool = vec![false; scores.len()];
    for &i in pool {
        in_pool[i] = true;
    }
    let mut rest: Vec<usize> = (0..scores.len()).filter(|&i| !in_pool[i]).collect();
    rest.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    for i in rest {
        if chosen.len() == max_count {
            break;
        }
        if word_counts[i] <= words_left {
            words_left -= word_counts[i];
            chosen.push(i);
        }
    }
}

/// Computes every feature of the analysed document.
pub(crate) fn features(
    a: &Analysis<'_>,
    vectors: &[Vector],
    sim: &Similarity,
    title: Option<&Vector>,
    entity_weight: Option<Vec<f64>>,
) -> Features {
    let n = a.len();
    let mut centrality = sim.lexrank();
    // Sentences past the cap are not in the graph (see the module doc).
    centrality.resize(n, 0.0);
    Features {
        centrality,
        position: (0..n).map(position_prior).collect(),
        title: match title {
            Some(t) if !t.is_empty() => vectors.iter().map(|v| cosine(v, t)).collect(),
            _ => vec![0.0; n],
        },
        entities: entity_weight.unwrap_or_else(|| vec![0.0; n]),
        length: (0..n).map(|i| length_prior(a.word_count(i))).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sim_of(n: usize, pairs: &[(usize, usize, f64)]) -> Similarity {
        let mut sim = vec![0.0; n * n];
        for &(i, j, c) in pairs {
            sim[i * n + j] = c;
            sim[j * n + i] = c;
        }
        Similarity { n, sim }
    }

    /// The similarity function of `pairs` (0 for any other pair).
    fn pairs(list: &[(usize, usize, f64)]) -> impl Fn(usize, usize) -> f64 {
        let list = list.to_vec();
        move |i, j| {
            list.iter()
                .find(|&&(a, b, _)| (a, b) == (i, j) || (b, a) == (i, j))
                .map_or(0.0, |&(_, _, c)| c)
        }
    }

    #[test]
    fn lexrank_favours_the_hub() {
        let s = sim_of(4, &[(0, 1, 0.5), (1, 2, 0.5), (1, 3, 0.5)]);
        let r = s.lexrank();
        assert_eq!(r[1], 1.0);
        assert!(r[0] < 1.0 && r[2] < 1.0);
    }

    #[test]
    fn mmr_skips_near_duplicates() {
        let picked = select(
            &[1.0, 0.99, 0.6],
            pairs(&[(0, 1, 0.95)]),
            &[10, 10, 10],
            Budget::Sentences(2),
            0.5,
        );
        assert_eq!(picked, [0, 2]);
    }

    #[test]
    fn word_budget_is_honoured() {
        let none = pairs(&[]);
        let picked = select(
            &[1.0, 0.9, 0.8],
            &none,
            &[30, 10, 10],
            Budget::Words(25),
            0.3,
        );
        assert_eq!(picked, [1, 2]);
        let picked = select(&[1.0, 0.9], &none, &[30, 40], Budget::Words(5), 0.3);
        assert_eq!(picked, [0]);
    }

    #[test]
    fn priors_are_bounded() {
        for i in 0..200 {
            assert!((0.0..=1.0).contains(&position_prior(i)));
            assert!((0.0..=1.0).contains(&length_prior(i)));
        }
        assert_eq!(position_prior(0), 1.0);
    }

    /// Unit vectors of `n` sentences, each sharing its term with the next.
    fn chain(n: usize) -> Vec<Vector> {
        let w = std::f64::consts::FRAC_1_SQRT_2;
        (0..n)
            .map(|i| vec![(i as u32, w), (i as u32 + 1, w)])
            .collect()
    }

    /// A document far over the cap gets no n×n matrix: the graph holds the
    /// first `SENTENCE_CAP` sentences, later ones have centrality 0.
    #[test]
    fn similarity_is_bounded_by_the_cap() {
        let vectors = chain(3 * SENTENCE_CAP);
        let sim = Similarity::new(&vectors);
        assert_eq!(sim.cells(), SENTENCE_CAP * SENTENCE_CAP);
        let rank = sim.lexrank();
        assert_eq!(rank.len(), SENTENCE_CAP);
        assert_eq!(rank.iter().copied().fold(0.0, f64::max), 1.0);

        let small = Similarity::new(&vectors[..10]);
        assert_eq!(small.cells(), 100);
    }

    /// MMR weighs at most `SENTENCE_CAP` sentences against each other, and
    /// a budget beyond the pool is filled by score.
    #[test]
    fn selection_is_bounded_by_the_cap() {
        let n = 3 * SENTENCE_CAP;
        // Scores fall with position, except every third sentence's.
        let scores: Vec<f64> = (0..n)
            .map(|i| {
                if i % 3 == 0 {
                    0.9
                } else {
                    1.0 / (i + 1) as f64
                }
            })
            .collect();
        let pool = candidate_pool(&scores);
        assert_eq!(pool.len(), SENTENCE_CAP);
        assert!(pool.windows(2).all(|w| w[0] < w[1]));
        assert!(pool.iter().all(|&i| i % 3 == 0), "{:?}", &pool[..5]);
        assert_eq!(candidate_pool(&scores[..10]), (0..10).collect::<Vec<_>>());

        let vectors = chain(n);
        let asked = std::cell::Cell::new(0usize);
        let sim = |i: usize, j: usize| {
            asked.set(asked.get() + 1);
            cosine(&vectors[i], &vectors[j])
        };
        let words = vec![10; n];
        let all = select(&scores, sim, &words, Budget::Sentences(n), 0.1);
        assert_eq!(all, (0..n).collect::<Vec<_>>());
        assert!(
            asked.get() <= SENTENCE_CAP * SENTENCE_CAP,
            "{}",
            asked.get()
        );

        let some = select(&scores, sim, &words, Budget::Words(25_000), 0.1);
        assert_eq!(some.len(), 2500);
        assert!(some.windows(2).all(|w| w[0] < w[1]));
    }
}
