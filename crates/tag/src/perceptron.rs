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
        let mut kept: Vec<(u64, Vec<(u8, f32)>)> = Vec::new();
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
            kept.push((key, entries));
        }
        let mut out = Weights::with_capacity(kept.len());
        for (key, entries) in &kept {
            out.push(*key, entries);
        }
        out
    }
}

/// One slot of the frozen table: the upper half of a feature fingerprint
/// (0: empty) and up to three packed class weights inline, or, when the
/// last one is [`OVERFLOW`], the start and length of the feature's entries
/// in the overflow array.
#[derive(Debug, Clone, Copy, Default)]
#[repr(align(16))]
struct Slot {
    key: u32,
    e: [u32; 3],
}

/// Class scores being summed, with room for every class a packed entry
/// can name.
pub(crate) type Scores = [f64; 256];

/// Marks a slot whose entries live in the overflow array.
const OVERFLOW: u32 = u32::MAX;

/// Packs a class and a weight in a `u32`: the weight's `f32` bits with the
/// low 8 mantissa bits replaced by the class (15 bits of precision left).
#[inline]
pub(crate) fn pack(class: u8, weight: f32) -> u32 {
    (weight.to_bits() & !0xff) | u32::from(class)
}

/// The class and weight of a packed entry.
#[inline]
pub(crate) fn unpack(e: u32) -> (u8, f32) {
    ((e & 0xff) as u8, f32::from_bits(e & !0xff))
}

/// Frozen perceptron weights: a flat open-addressing table (linear
/// probing, at most 3/4 full) indexed by the low bits of the feature
/// fingerprint; read-only, shared across threads.
#[derive(Debug, Clone)]
pub(crate) struct Weights {
    slots: Vec<Slot>,
    mask: usize,
    overflow: Vec<u32>,
    len: usize,
}

#[inline]
fn split_key(key: u64) -> (usize, u32) {
    let hi = (key >> 32) as u32;
    (key as usize, if hi == 0 { 1 } else { hi })
}

impl Weights {
    /// An empty table sized for `n` features.
    pub(crate) fn with_capacity(n: usize) -> Self {
        let size = (n * 4 / 3 + 1).next_power_of_two().max(16);
        Self {
            slots: vec![Slot::default(); size],
            mask: size - 1,
            overflow: Vec::new(),
            len: 0,
        }
    }

    /// Adds a feature's class weights (entries packed by [`pack`]); a
    /// feature must be added once, and at most the capacity the table was
    /// made with (the table does not grow: slots keep half a fingerprint).
    pub(crate) fn push_packed(&mut self, key: u64, entries: &[u32]) {
        assert!(self.len + 1 < self.slots.len(), "weight table full");
        let (mut i, k) = split_key(key);
        loop {
            i &= self.mask;
            if self.slots[i].key == 0 {
                break;
            }
            i += 1;
        }
        let slot = &mut self.slots[i];
        slot.key = k;
        if entries.len() <= 3 {
            slot.e[..entries.len()].copy_from_slice(entries);
        } else {
            slot.e = [self.overflow.len() as u32, entries.len() as u32, OVERFLOW];
            self.overflow.extend_from_slice(entries);
        }
        self.len += 1;
    }

    /// Adds a feature's class weights.
    pub(crate) fn push(&mut self, key: u64, entries: &[(u8, f32)]) {
        let packed: Vec<u32> = entries.iter().map(|&(c, w)| pack(c, w)).collect();
        self.push_packed(key, &packed);
    }

    /// The packed entries of a feature: its overflow entries, or the
    /// three inline ones (unused ones are 0, which adds 0.0 to class 0).
    #[inline]
    fn get(&self, key: u64) -> &[u32] {
        let (mut i, k) = split_key(key);
        loop {
            let Some(s) = self.slots.get(i & self.mask) else {
                return &[];
            };
            if s.key == k {
                return if s.e[2] == OVERFLOW {
                    let start = s.e[0] as usize;
                    self.overflow
                        .get(start..start + s.e[1] as usize)
                        .unwrap_or(&[])
                } else {
                    &s.e
                };
            }
            if s.key == 0 {
                return &[];
            }
            i += 1;
        }
    }

    /// Adds the class weights of `features` to `scores` (the first
    /// `n_classes` of them are the classes'; every class an entry can name
    /// has room, so no entry needs a bounds check). The sums are `f64`:
    /// weights are `f32` with 16 significant bits, so for weights between
    /// 2^-22 and 2^11 in magnitude (all those of the shipped model) every
    /// partial sum is exact, and the order in which features are added
    /// cannot change a score.
    #[inline]
    pub(crate) fn add(&self, features: &[u64], scores: &mut Scores) {
        for &f in features {
            for &e in self.get(f) {
                let (class, weight) = unpack(e);
                scores[usize::from(class)] += f64::from(weight);
            }
        }
    }

    /// Touches the table memory of `features` so that the memory loads of
    /// a following [`Weights::add`] overlap (independent loads): first
    /// their home slots, then the overflow entries of those found there.
    #[inline]
    pub(crate) fn warm(&self, features: &[u64]) {
        let mut sink = 0u32;
        for &f in features {
            sink ^= self.slots[f as usize & self.mask].key;
        }
        for &f in features {
            let (i, k) = split_key(f);
            let s = &self.slots[i & self.mask];
            if s.key == k && s.e[2] == OVERFLOW {
                let (start, len) = (s.e[0] as usize, s.e[1] as usize);
                if let Some(e) = self.overflow.get(start) {
                    sink ^= e;
                }
                if let Some(e) = self.overflow.get(start + len.saturating_sub(1)) {
                    sink ^= e;
                }
            }
        }
        std::hint::black_box(sink);
    }

    /// Sums the class weights of `features` into `scores` (cleared first).
    #[cfg(test)]
    pub(crate) fn score(&self, features: &[u64], scores: &mut [f64]) {
        let mut all = [0.0; 256];
        self.add(features, &mut all);
        scores.copy_from_slice(&all[..scores.len()]);
    }

    /// Appends the table's binary form: table size, feature count and
    /// overflow length, then each column of the slots and the overflow
    /// array, as little-endian `u32`s (columns compress better than rows).
    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        for n in [self.slots.len(), self.len, self.overflow.len()] {
            out.extend_from_slice(&(n as u32).to_le_bytes());
        }
        for s in &self.slots {
            out.extend_from_slice(&s.key.to_le_bytes());
        }
        for k in 0..3 {
            for s in &self.slots {
                out.extend_from_slice(&s.e[k].to_le_bytes());
            }
        }
        for e in &self.overflow {
            out.extend_from_slice(&e.to_le_bytes());
        }
    }

    /// Reads what [`Weights::write`] wrote from the start of `buf`; returns
    /// the table and the number of bytes read. `n_classes` bounds the
    /// classes of the entries.
    pub(crate) fn read(buf: &[u8], n_classes: usize) -> Result<(Self, usize), String> {
        let word = |i: usize| -> Result<u32, String> {
            buf.get(4 * i..4 * i + 4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .ok_or_else(|| "truncated weight table".to_owned())
        };
        let (size, len, n_over) = (word(0)? as usize, word(1)? as usize, word(2)? as usize);
        if !size.is_power_of_two() || len >= size {
            return Err(format!("bad weight table size {size} for {len} features"));
        }
        let total = 3 + 4 * size + n_over;
        if buf.len() < 4 * total {
            return Err("truncated weight table".into());
        }
        let words: Vec<u32> = buf[12..4 * total]
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let mut slots = vec![Slot::default(); size];
        for (i, s) in slots.iter_mut().enumerate() {
            *s = Slot {
                key: words[i],
                e: [words[size + i], words[2 * size + i], words[3 * size + i]],
            };
        }
        let overflow = words[4 * size..].to_vec();
        let class_ok = |e: u32| e == 0 || ((e & 0xff) as usize) < n_classes;
        for s in &slots {
            let ok = if s.e[2] == OVERFLOW {
                (s.e[0] as usize)
                    .checked_add(s.e[1] as usize)
                    .is_some_and(|end| end <= overflow.len())
            } else {
                s.e.iter().all(|&e| class_ok(e))
            };
            if !ok {
                return Err("weight table entry out of range".into());
            }
        }
        if !overflow.iter().all(|&e| class_ok(e)) {
            return Err("weight table class out of range".into());
        }
        Ok((
            Self {
                slots,
                mask: size - 1,
                overflow,
                len,
            },
            4 * total,
        ))
    }
}

/// Index of the best score among the allowed classes (ties: lowest index).
#[inline]
pub(crate) fn best<T: Copy + Into<f64>>(scores: &[T], allowed: impl Fn(usize) -> bool) -> usize {
    let mut best = 0;
    let mut best_score = f64::NEG_INFINITY;
    for (i, &s) in scores.iter().enumerate() {
        let s: f64 = s.into();
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
        let mut sums = [0.0; 2];
        for (feats, gold) in &data {
            w.score(feats, &mut sums);
            assert_eq!(best(&sums, |_| true), *gold);
        }
    }
}
