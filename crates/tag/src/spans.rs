//! Overlap queries over a document's entity spans, answered from an index
//! built once per pass rather than by scanning every entity per query:
//! such scans made entity-dense documents quadratic (25,000 amounts in one
//! text took seconds in `merge` alone).
//!
//! "Overlap" is [`overlaps`](crate::repair::overlaps): `a.start < b.end &&
//! b.start < a.end`, so the answers are exactly those of the scans they
//! replace, for any spans (nested, overlapping, empty or out of order).

use std::collections::BTreeSet;

/// A fixed set of spans, sorted by start, with the running maximum of
/// their ends: the spans overlapping `start..end` all start before `end`
/// (a prefix) and, within it, reach past `start` (from the first point the
/// running maximum does).
#[derive(Debug, Default)]
pub(crate) struct SpanIndex {
    /// `(start, end, position in the input)`, sorted by start.
    spans: Vec<(usize, usize, usize)>,
    /// `max_end[i]`: the largest end among `spans[..=i]`.
    max_end: Vec<usize>,
}

impl SpanIndex {
    /// Indexes `spans`; query answers name them by their position here.
    pub(crate) fn new(spans: impl IntoIterator<Item = (usize, usize)>) -> Self {
        let mut spans: Vec<(usize, usize, usize)> = spans
            .into_iter()
            .enumerate()
            .map(|(i, (start, end))| (start, end, i))
            .collect();
        spans.sort_by_key(|&(start, _, i)| (start, i));
        let max_end = spans
            .iter()
            .scan(0, |max, &(_, end, _)| {
                *max = end.max(*max);
                Some(*max)
            })
            .collect();
        Self { spans, max_end }
    }

    /// Whether any span overlaps `start..end`.
    pub(crate) fn any_overlap(&self, start: usize, end: usize) -> bool {
        let before_end = self.spans.partition_point(|&(s, _, _)| s < end);
        before_end > 0 && self.max_end[before_end - 1] > start
    }

    /// Positions of the spans that overlap `start..end`, in order of start
    /// (then position). Costs a binary search plus the spans it walks: those
    /// that overlap, and any nested in an earlier, longer one.
    pub(crate) fn overlapping(&self, start: usize, end: usize) -> impl Iterator<Item = usize> + '_ {
        let before_end = self.spans.partition_point(|&(s, _, _)| s < end);
        let first = self.max_end[..before_end].partition_point(|&m| m <= start);
        self.spans[first..before_end]
            .iter()
            .filter(move |&&(_, e, _)| e > start)
            .map(|&(_, _, i)| i)
    }
}

/// A growing set of spans no two of which overlap (each is added only if
/// it overlaps none already there). Sorted by `(start, end)`, such spans
/// also have their ends in order, so the last one starting before `end` is
/// the only one that can reach past `start`.
#[derive(Debug, Default)]
pub(crate) struct DisjointSpans {
    spans: BTreeSet<(usize, usize)>,
}

impl DisjointSpans {
    /// Whether any span of the set overlaps `start..end`.
    pub(crate) fn any_overlap(&self, start: usize, end: usize) -> bool {
        self.spans
            .range(..(end, 0))
            .next_back()
            .is_some_and(|&(_, e)| e > start)
    }

    /// Adds `start..end`, which must overlap no span of the set.
    pub(crate) fn insert(&mut self, start: usize, end: usize) {
        debug_assert!(!self.any_overlap(start, end));
        self.spans.insert((start, end));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlap(a: (usize, usize), b: (usize, usize)) -> bool {
        a.0 < b.1 && b.0 < a.1
    }

    /// Every span `s..e` with `s <= e < 12`, and some out-of-order ones.
    fn queries() -> Vec<(usize, usize)> {
        (0..12).flat_map(|s| (s..12).map(move |e| (s, e))).collect()
    }

    /// The index answers as a scan does, for spans that nest, overlap,
    /// repeat, are empty or come out of order.
    #[test]
    fn index_agrees_with_a_scan() {
        let sets: [&[(usize, usize)]; 4] = [
            &[],
            &[(0, 2), (3, 5), (5, 5), (8, 11)],
            &[(6, 9), (0, 10), (2, 3), (2, 3), (4, 4), (9, 11)],
            &[(5, 7), (1, 2), (7, 9), (0, 1)],
        ];
        for spans in sets {
            let index = SpanIndex::new(spans.iter().copied());
            for q in queries() {
                let mut scan: Vec<usize> =
                    (0..spans.len()).filter(|&i| overlap(spans[i], q)).collect();
                let mut found: Vec<usize> = index.overlapping(q.0, q.1).collect();
                assert_eq!(
                    index.any_overlap(q.0, q.1),
                    !scan.is_empty(),
                    "{q:?} in {spans:?}"
                );
                scan.sort_unstable();
                found.sort_unstable();
                assert_eq!(found, scan, "{q:?} in {spans:?}");
            }
        }
    }

    /// Adding spans that overlap nothing added before, the set answers as
    /// a scan of them does.
    #[test]
    fn disjoint_set_agrees_with_a_scan() {
        let offers = [
            (4, 6),
            (5, 8),
            (0, 1),
            (6, 6),
            (6, 6),
            (1, 4),
            (8, 8),
            (2, 3),
            (9, 11),
        ];
        let mut set = DisjointSpans::default();
        let mut added: Vec<(usize, usize)> = Vec::new();
        for span in offers {
            for q in queries() {
                let scan = added.iter().any(|&a| overlap(a, q));
                assert_eq!(set.any_overlap(q.0, q.1), scan, "{q:?} after {added:?}");
            }
            if !added.iter().any(|&a| overlap(a, span)) {
                set.insert(span.0, span.1);
                added.push(span);
            }
        }
        assert_eq!(
            added,
            [(4, 6), (0, 1), (6, 6), (6, 6), (1, 4), (8, 8), (9, 11)]
        );
    }
}
