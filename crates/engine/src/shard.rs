//! Deterministic partition of the input across shards.
//!
//! The sorted input is seen as one byte stream (files end to end) and cut
//! into `count` contiguous ranges of equal size. A plain `.jsonl` file is
//! split at those cuts, each line going to the shard its first byte falls
//! in; a file that cannot be split (`.txt`, compressed JSONL) goes whole to
//! the shard its first byte falls in. Because ranges are contiguous and in
//! input order, concatenating the shards' artifacts in shard order gives
//! exactly the unsharded run's artifacts.

use crate::input::discover::InputKind;
use crate::output::Shard;
use std::path::PathBuf;

/// A file, or a byte range of one, that a run reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputUnit {
    /// The file.
    pub path: PathBuf,
    /// `[start, end)` byte range of a JSONL file: the lines whose first byte
    /// lies in it. `None` for the whole file.
    pub range: Option<(u64, u64)>,
}

impl InputUnit {
    /// The whole of `path`.
    pub fn whole(path: PathBuf) -> Self {
        Self { path, range: None }
    }
}

/// The units of every file, unsharded.
pub fn all_units(files: &[PathBuf]) -> Vec<InputUnit> {
    files.iter().cloned().map(InputUnit::whole).collect()
}

/// The units shard `shard` reads.
pub fn units_of_shard(files: &[PathBuf], shard: Shard) -> Vec<InputUnit> {
    let sizes: Vec<u64> = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .collect();
    let splittable: Vec<bool> = files
        .iter()
        .map(|f| InputKind::of(f) == Some(InputKind::Jsonl))
        .collect();
    plan(&sizes, &splittable, shard)
        .into_iter()
        .map(|(i, range)| InputUnit {
            path: files[i].clone(),
            range,
        })
        .collect()
}

/// For shard `shard`: (file index, range) pairs, given file sizes and
/// whether each file can be split.
pub fn plan(sizes: &[u64], splittable: &[bool], shard: Shard) -> Vec<(usize, Option<(u64, u64)>)> {
    let total: u128 = sizes.iter().map(|s| u128::from(*s)).sum();
    let n = shard.count.max(1) as u128;
    let bound = |i: u128| -> u128 { total * i / n };
    let (lo, hi) = (bound(shard.index as u128), bound(shard.index as u128 + 1));
    let last = shard.index + 1 == shard.count;
    let mut out = Vec::new();
    let mut start: u128 = 0;
    for (i, (&size, &split)) in sizes.iter().zip(splittable).enumerate() {
        let (a, b) = (start, start + u128::from(size));
        start = b;
        // Whose is a point `p` of the stream? The shard whose range holds
        // it; the very end belongs to the last shard.
        let owns = |p: u128| (lo <= p && p < hi) || (last && p == total);
        if split && size > 0 {
            let (s, e) = (a.max(lo), b.min(hi));
            if s < e {
                // The whole file needs no range.
                let range = if s == a && e == b {
                    None
                } else {
                    Some(((s - a) as u64, (e - a) as u64))
                };
                out.push((i, range));
            }
        } else if owns(a) {
            out.push((i, None));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Every byte of every splittable file, and every unsplittable file,
        /// belongs to exactly one shard, in order.
        #[test]
        fn partition_is_complete_disjoint_ordered(
            files in proptest::collection::vec((0u64..5_000, any::<bool>()), 0..40),
            count in 1usize..9,
        ) {
            let sizes: Vec<u64> = files.iter().map(|f| f.0).collect();
            let split: Vec<bool> = files.iter().map(|f| f.1).collect();
            let mut seen: Vec<Vec<(u64, u64)>> = vec![Vec::new(); sizes.len()];
            let mut order = Vec::new();
            for index in 0..count {
                for (i, r) in plan(&sizes, &split, Shard { index, count }) {
                    seen[i].push(r.unwrap_or((0, sizes[i])));
                    order.push(i);
                }
            }
            // Files come out in input order across shards.
            prop_assert!(order.windows(2).all(|w| w[0] <= w[1]));
            for (i, ranges) in seen.iter().enumerate() {
                if split[i] && sizes[i] > 0 {
                    let mut pos = 0;
                    for (s, e) in ranges {
                        prop_assert_eq!(*s, pos);
                        pos = *e;
                    }
                    prop_assert_eq!(pos, sizes[i]);
                } else {
                    prop_assert_eq!(ranges.len(), 1, "file {} seen {} times", i, ranges.len());
                }
            }
        }

        /// Shards differ in bytes by at most the largest unsplittable file.
        #[test]
        fn partition_is_balanced(
            files in proptest::collection::vec((1u64..5_000, any::<bool>()), 1..40),
            count in 1usize..9,
        ) {
            let sizes: Vec<u64> = files.iter().map(|f| f.0).collect();
            let split: Vec<bool> = files.iter().map(|f| f.1).collect();
            let total: u64 = sizes.iter().sum();
            let biggest_whole = sizes.iter().zip(&split).filter(|(_, s)| !**s).map(|(z, _)| *z).max().unwrap_or(0);
            for index in 0..count {
                let load: u64 = plan(&sizes, &split, Shard { index, count })
                    .iter()
                    .map(|(i, r)| r.map_or(sizes[*i], |(s, e)| e - s))
                    .sum();
                let fair = total / count as u64;
                prop_assert!(load <= fair + biggest_whole + 1, "shard {} has {} of {}", index, load, total);
            }
        }
    }

    #[test]
    fn a_big_jsonl_file_is_split() {
        let p = |index| plan(&[1000], &[true], Shard { index, count: 4 });
        assert_eq!(p(0), vec![(0, Some((0, 250)))]);
        assert_eq!(p(3), vec![(0, Some((750, 1000)))]);
        assert_eq!(
            plan(&[1000], &[true], Shard { index: 0, count: 1 }),
            vec![(0, None)]
        );
    }
}
