//! Sentence scoring and selection: LexRank centrality, a lead prior,
//! title and entity overlap and a length prior, combined linearly; then
//! maximal marginal relevance picks sentences within the length budget.

use crate::analysis::{Analysis, Vector, cosine};
use crate::options::SummarizeWeights;

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

/// Pairwise cosine similarities of the sentence vectors, row-major.
pub(crate) struct Similarity {
    n: usize,
    sim: Vec<f64>,
}

impl Similarity {
    /// Computes every pair.
    pub fn new(vectors: &[Vector]) -> Self {
        let n = vectors.len();
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

    /// Similarity of sentences `i` and `j` (0 on the diagonal).
    pub fn get(&self, i: usize, j: usize) -> f64 {
        self.sim[i * self.n + j]
    }

    /// Continuous LexRank: PageRank over the similarity graph.
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
/// budget. Returns indices in document order. Ties go to the earlier
/// sentence, so the choice is deterministic.
pub(crate) fn select(
    scores: &[f64],
    sim: &Similarity,
    word_counts: &[usize],
    budget: Budget,
    redundancy: f64,
) -> Vec<usize> {
    let n = scores.len();
    let mut norm = scores.to_vec();
    scale_to_max(&mut norm);
    let mut chosen: Vec<usize> = Vec::new();
    let mut taken = vec![false; n];
    let mut max_sim = vec![0.0f64; n];
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
        for i in 0..n {
            if taken[i] || word_counts[i] > words_left {
                continue;
            }
            let mmr = (1.0 - redundancy) * norm[i] - redundancy * max_sim[i];
            if best.is_none_or(|(_, b)| mmr > b) {
                best = Some((i, mmr));
            }
        }
        let Some((i, _)) = best else { break };
        taken[i] = true;
        chosen.push(i);
        words_left -= word_counts[i];
        for (j, m) in max_sim.iter_mut().enumerate() {
            *m = m.max(sim.get(i, j));
        }
    }
    if chosen.is_empty() && n > 0 {
        // Nothing fits the word budget: take the single best sentence.
        let best = (0..n).fold(0, |b, i| if norm[i] > norm[b] { i } else { b });
        chosen.push(best);
    }
    chosen.sort_unstable();
    chosen
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
    Features {
        centrality: sim.lexrank(),
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

    #[test]
    fn lexrank_favours_the_hub() {
        let s = sim_of(4, &[(0, 1, 0.5), (1, 2, 0.5), (1, 3, 0.5)]);
        let r = s.lexrank();
        assert_eq!(r[1], 1.0);
        assert!(r[0] < 1.0 && r[2] < 1.0);
    }

    #[test]
    fn mmr_skips_near_duplicates() {
        let s = sim_of(3, &[(0, 1, 0.95)]);
        let picked = select(
            &[1.0, 0.99, 0.6],
            &s,
            &[10, 10, 10],
            Budget::Sentences(2),
            0.5,
        );
        assert_eq!(picked, [0, 2]);
    }

    #[test]
    fn word_budget_is_honoured() {
        let s = sim_of(3, &[]);
        let picked = select(&[1.0, 0.9, 0.8], &s, &[30, 10, 10], Budget::Words(25), 0.3);
        assert_eq!(picked, [1, 2]);
        let picked = select(&[1.0, 0.9], &s, &[30, 40], Budget::Words(5), 0.3);
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
}
