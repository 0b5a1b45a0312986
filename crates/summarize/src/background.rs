//! The background document-frequency table: how many news articles of a
//! large reference corpus contain each stemmed term. It makes IDF weights
//! independent of the batch or shard being processed.
//!
//! The committed table (`data/df.tsv`) is plain text: a header line
//! `#docs\t<N>` and then one `term\tdf` line per term, sorted by term.
//! [`BackgroundBuilder`] regenerates it (see `data/README.md`).

use crate::error::SummarizeError;
use crate::hashing::FxHashMap;
use crate::terms::{TermNormalizer, WordKind, simple_words};
use std::collections::{BTreeMap, HashSet};

/// The table compiled into the crate.
const EMBEDDED: &str = include_str!("../data/df.tsv");

/// Document frequencies of stemmed terms over a reference corpus.
#[derive(Debug, Clone, Default)]
pub struct BackgroundDf {
    docs: u32,
    df: FxHashMap<Box<str>, u32>,
}

impl BackgroundDf {
    /// The table shipped with the crate.
    pub fn embedded() -> Result<Self, SummarizeError> {
        Self::parse(EMBEDDED)
    }

    /// Parses a table in the `#docs\tN` + `term\tdf` format.
    pub fn parse(table: &str) -> Result<Self, SummarizeError> {
        let mut docs = None;
        let mut df = FxHashMap::default();
        for (i, line) in table.lines().enumerate() {
            let bad = || SummarizeError::Table {
                line: i + 1,
                content: line.chars().take(60).collect(),
            };
            if line.is_empty() {
                continue;
            }
            let (key, value) = line.split_once('\t').ok_or_else(bad)?;
            let value: u32 = value.parse().map_err(|_| bad())?;
            if key == "#docs" {
                docs = Some(value);
            } else {
                df.insert(key.into(), value);
            }
        }
        let docs = docs.ok_or(SummarizeError::Table {
            line: 1,
            content: "missing `#docs` header".into(),
        })?;
        Ok(Self { docs, df })
    }

    /// Number of documents the table was computed from.
    pub fn docs(&self) -> u32 {
        self.docs
    }

    /// Number of terms in the table.
    pub fn len(&self) -> usize {
        self.df.len()
    }

    /// Whether the table has no terms.
    pub fn is_empty(&self) -> bool {
        self.df.is_empty()
    }

    /// Document frequency of a stemmed term (0 when unknown).
    pub fn df(&self, term: &str) -> u32 {
        self.df.get(term).copied().unwrap_or(0)
    }

    /// Smoothed inverse document frequency, `ln(1 + (N - df + 0.5) / (df + 0.5))`
    /// (the BM25 form): always positive, highest for unseen terms.
    pub fn idf(&self, term: &str) -> f64 {
        let n = f64::from(self.docs);
        let df = f64::from(self.df(term)).min(n);
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }
}

/// Counts document frequencies over a corpus, to regenerate the table.
#[derive(Debug, Default)]
pub struct BackgroundBuilder {
    normalizer: TermNormalizer,
    docs: u32,
    df: BTreeMap<String, u32>,
}

impl BackgroundBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts the distinct terms of one document's text.
    pub fn add_text(&mut self, text: &str) {
        let mut lower = String::new();
        let mut seen = HashSet::new();
        for (s, e) in simple_words(text) {
            if let WordKind::Content(stem) = self.normalizer.classify(&text[s..e], &mut lower) {
                seen.insert(stem);
            }
        }
        self.docs += 1;
        for term in seen {
            *self.df.entry(term).or_default() += 1;
        }
    }

    /// Number of documents counted so far.
    pub fn docs(&self) -> u32 {
        self.docs
    }

    /// The table as text, keeping terms seen in at least `min_df` documents
    /// (rarer ones get the unseen-term IDF, which is nearly the same).
    pub fn to_table(&self, min_df: u32) -> String {
        let mut out = format!("#docs\t{}\n", self.docs);
        for (term, df) in &self.df {
            if *df >= min_df && !term.contains(['\t', '\n']) {
                out.push_str(term);
                out.push('\t');
                out.push_str(&df.to_string());
                out.push('\n');
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_text() {
        let mut b = BackgroundBuilder::new();
        b.add_text("Rice exports rose. Rice prices fell.");
        b.add_text("Coffee exports fell sharply.");
        let table = BackgroundDf::parse(&b.to_table(1)).unwrap();
        assert_eq!(table.docs(), 2);
        assert_eq!(table.df("export"), 2);
        assert_eq!(table.df("rice"), 1);
        assert_eq!(table.df("the"), 0);
        assert!(table.idf("rice") > table.idf("export"));
        assert!(table.idf("unseen") > table.idf("rice"));
    }

    #[test]
    fn embedded_table_loads() {
        let table = BackgroundDf::embedded().unwrap();
        assert!(table.docs() > 10_000);
        assert!(table.df("market") > table.df("cocoa"));
    }

    #[test]
    fn rejects_malformed_lines() {
        assert!(BackgroundDf::parse("#docs\t3\nterm 4\n").is_err());
        assert!(BackgroundDf::parse("term\t4\n").is_err());
    }
}
