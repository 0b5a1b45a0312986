//! Deterministic partition of the input files across shards.

use crate::output::Shard;
use std::path::PathBuf;

/// The files shard `shard` reads: files are dealt out largest first to the
/// shard with the fewest bytes so far (ties to the lowest index), a
/// partition that depends only on the file list and sizes, so every shard
/// computes the same one independently.
pub fn files_of_shard(files: &[PathBuf], shard: Shard) -> Vec<PathBuf> {
    let sizes: Vec<u64> = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .collect();
    let owner = assign(&sizes, shard.count);
    files
        .iter()
        .zip(owner)
        .filter(|(_, o)| *o == shard.index)
        .map(|(f, _)| f.clone())
        .collect()
}

/// For each file (by size), the shard that reads it.
pub fn assign(sizes: &[u64], count: usize) -> Vec<usize> {
    let count = count.max(1);
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    // Largest first; equal sizes keep path order.
    order.sort_by(|&a, &b| sizes[b].cmp(&sizes[a]).then(a.cmp(&b)));
    let mut load = vec![0u64; count];
    let mut owner = vec![0usize; sizes.len()];
    for i in order {
        let (target, _) = load
            .iter()
            .enumerate()
            .min_by_key(|(k, l)| (**l, *k))
            .unwrap_or((0, &0));
        owner[i] = target;
        // Count every file as at least one byte so empty files spread too.
        load[target] += sizes[i].max(1);
    }
    owner
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn partition_is_complete_disjoint_and_balanced(sizes in proptest::collection::vec(0u64..10_000, 0..60), count in 1usize..9) {
            let owner = assign(&sizes, count);
            prop_assert_eq!(owner.len(), sizes.len());
            prop_assert!(owner.iter().all(|o| *o < count));
            let mut load = vec![0u64; count];
            for (s, o) in sizes.iter().zip(&owner) { load[*o] += s.max(&1); }
            let max_file = sizes.iter().map(|s| *s.max(&1)).max().unwrap_or(0);
            let (lo, hi) = (load.iter().min().copied().unwrap_or(0), load.iter().max().copied().unwrap_or(0));
            // Greedy largest-first keeps shards within one file of each other.
            prop_assert!(hi - lo <= max_file);
            prop_assert_eq!(assign(&sizes, count), owner);
        }
    }
}
