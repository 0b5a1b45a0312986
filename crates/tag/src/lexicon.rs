//! Word clusters: a table from lower-cased words to a cluster path learned
//! from unlabeled news, part of a trained model.

use crate::fingerprint::{FpMap, of_str};

/// Word → cluster path (a bit string such as `0110`; prefixes of it name
/// coarser clusters).
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    paths: Vec<(String, String)>,
    index: FpMap<[u64; 4]>,
}

/// Path prefix lengths used as features.
const PREFIXES: [usize; 4] = [4, 6, 10, 64];

impl Lexicon {
    /// Builds the table from `(word, path)` pairs; words are lower-cased
    /// with digits mapped to `0`, as the tagger sees them.
    pub fn new(mut paths: Vec<(String, String)>) -> Self {
        paths.sort();
        paths.dedup_by(|a, b| a.0 == b.0);
        let mut index = FpMap::default();
        for (word, path) in &paths {
            let mut keys = [0u64; 4];
            for (k, &len) in PREFIXES.iter().enumerate() {
                let end = len.min(path.len());
                keys[k] = of_str(&path[..end]) ^ (k as u64 + 1);
            }
            index.insert(of_str(word), keys);
        }
        Self { paths, index }
    }

    /// Parses `word<TAB>path` lines (the output of the `clusters` example).
    pub fn from_tsv(text: &str) -> Self {
        Self::new(
            text.lines()
                .filter_map(|l| l.split_once('\t'))
                .map(|(w, p)| (w.to_owned(), p.trim().to_owned()))
                .collect(),
        )
    }

    /// The cluster path prefixes of a normalized word (zeros when unknown).
    #[inline]
    pub(crate) fn cluster(&self, normalized: &str) -> [u64; 4] {
        if self.index.is_empty() {
            return [0; 4];
        }
        self.index
            .get(&of_str(normalized))
            .copied()
            .unwrap_or([0; 4])
    }

    /// The `(word, path)` pairs, sorted by word.
    pub fn paths(&self) -> &[(String, String)] {
        &self.paths
    }

    /// The number of words with a cluster.
    pub fn len(&self) -> usize {
        self.paths.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }
}
