//! The averaged perceptron: sparse class weights per feature, trained
//! online, averaged at the end, and frozen into a compact read-only table.

use crate::fingerprint::FpMap;

/// One class weight of a feature, with what averaging needs.
#[derive(Clone, Copy)]
struct TrainEntry {
    class: u16,
    weight: f32,
    total: f64,
    stamp: u32,
}

/// A perceptron being trained.
pub(crate) struct Trainer {
    index: FpMap<u32>,
    rows: Vec<Vec<TrainEntry>>,
    counts: Vec<u32>,
    step: u32,
}

impl Trainer {
    /// A trainer for `n_classes` classes.
    pub(crate) fn new(n_classes: usize) -> Self {
        let _ = n_classes;
        Self {
            index: FpMap::default(),
            rows: Vec::new(),
            counts: Vec::new(),
            step: 0,
        }
    }

    /// Adds the current (not averaged) scores of `features` into `scores`.
    pub(crate) fn score(&self, features: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in features {
            if let Some(&row) = self.index.get(f) {
                for e in &self.rows[row as usize] {
                    scores[e.class as usize] += e.weight;
                }
            }
        }
    }

    /// Counts one training example; call once per example, before `update`.
    pub(crate) fn tick(&mut self) {
        self.step += 1;
    }

    /// Moves weights towards `gold` and away from `guess` for `features`.
    pub(crate) fn update(&mut self, features: &[u64], gold: usize, guess: usize) {
        for f in features {
            let next = self.rows.len() as u32;
            let row = *self.index.entry(*f).or_insert(next);
            if row == next {
                self.rows.push(Vec::with_capacity(2));
                self.counts.push(0);
            }
            self.counts[row as usize] += 1;
            if gold == guess {
                continue;
            }
            let step = self.step;
            let entries = &mut self.rows[row as usize];
            for (class, delta) in [(gold, 1.0f32), (guess, -1.0f32)] {
                let pos = match entries.iter().position(|e| e.class as usize == class) {
                    Some(p) => p,
                    None => {
                        entries.push(TrainEntry {
                            class: class as u16,
                            weight: 0.0,
                            total: 0.0,
                            stamp: step,
                        });
                        entries.len() - 1
                    }
                };
                let e = &mut entries[pos];
                e.total += f64::from(e.weight) * f64::from(step - e.stamp);
                e.stamp = step;
                e.weight += delta;
            }
        }
    }

    /// Averages the weights and keeps those of features seen at least
    /// `min_count` times whose averaged weight reaches `min_weight`.
    pub(crate) fn finish(&self, min_count: u32, min_weight: f32) -> Weights {
        let step = f64::from(self.step.max(1));
        let mut keys: Vec<(u64, u32)> = self.index.iter().map(|(k, v)| (*k, *v)).collect();
        keys.sort_unstable();
        let mut out = Weights::empty();
        for (key, row) in keys {
            if self.counts[row as usize] < min_count {
                continue;
            }
            let mut entries: Vec<(u8, f32)> = self.rows[row as usize]
                .iter()
                .map(|e| {
                    let total = e.total + f64::from(e.weight) * (step - f64::from(e.stamp));
                    (e.class as u8, (total / step) as f32)
                })
                .filter(|(_, w)| w.abs() >= min_weight)
                .collect();
            if entries.is_empty() {
                continue;
            }
            entries.sort_unstable_by_key(|e| e.0);
            out.push(key, &entries);
        }
        out
    }
}

/// Frozen perceptron weights: read-only, shared across threads.
#[derive(Debug, Clone)]
pub(crate) struct Weights {
    index: FpMap<(u32, u32)>,
    classes: Vec<u8>,
    weights: Vec<f32>,
}

impl Weights {
    /// Weights with no feature.
    pub(crate) fn empty() -> Self {
        Self {
            index: FpMap::default(),
            classes: Vec::new(),
            weights: Vec::new(),
        }
    }

    /// Adds a feature's class weights.
    pub(crate) fn push(&mut self, key: u64, entries: &[(u8, f32)]) {
        let start = self.classes.len() as u32;
        for &(c, w) in entries {
            self.classes.push(c);
            self.weights.push(w);
        }
        self.index.insert(key, (start, entries.len() as u32));
    }

    /// Sums the class weights of `features` into `scores` (cleared first).
    #[inline]
    pub(crate) fn score(&self, features: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in features {
            if let Some(&(start, len)) = self.index.get(f) {
                let (s, e) = (start as usize, (start + len) as usize);
                for (c, w) in self.classes[s..e].iter().zip(&self.weights[s..e]) {
                    if let Some(slot) = scores.get_mut(*c as usize) {
                        *slot += *w;
                    }
                }
            }
        }
    }

    /// Every feature with its entries, sorted by key (for serialization).
    pub(crate) fn entries(&self) -> Vec<(u64, Vec<(u8, f32)>)> {
        let mut out: Vec<(u64, Vec<(u8, f32)>)> = self
            .index
            .iter()
            .map(|(&k, &(start, len))| {
                let (s, e) = (start as usize, (start + len) as usize);
                let v = self.classes[s..e]
                    .iter()
                    .copied()
                    .zip(self.weights[s..e].iter().copied())
                    .collect();
                (k, v)
            })
            .collect();
        out.sort_unstable_by_key(|e| e.0);
        out
    }
}

/// Index of the best score among the allowed classes (ties: lowest index).
#[inline]
pub(crate) fn best(scores: &[f32], allowed: impl Fn(usize) -> bool) -> usize {
    let mut best = 0;
    let mut best_score = f32::NEG_INFINITY;
    for (i, &s) in scores.iter().enumerate() {
        if s > best_score && allowed(i) {
            best = i;
            best_score = s;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_averages() {
        let mut t = Trainer::new(2);
        let data = [(vec![1u64, 10], 0usize), (vec![2u64, 10], 1)];
        let mut scores = [0.0; 2];
        for _ in 0..5 {
            for (feats, gold) in &data {
                t.tick();
                t.score(feats, &mut scores);
                let guess = best(&scores, |_| true);
                t.update(feats, *gold, guess);
            }
        }
        let w = t.finish(1, 0.0);
        for (feats, gold) in &data {
            w.score(feats, &mut scores);
            assert_eq!(best(&scores, |_| true), *gold);
        }
    }
}
