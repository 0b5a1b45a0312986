//! Lists the word forms found in the most documents of a JSONL corpus
//! (`text` of each line; words as `simple_words` splits them), most
//! documents first, ties in byte order: the list `data/frequent_words.txt`
//! that the stage works out index terms for once, when it is built.
//!
//! ```text
//! cargo run --release -p docpipe-summarize --example frequent_words -- \
//!     CORPUS.jsonl N OUT.txt
//! ```
//!
//! It also prints, for a few list sizes, the share of a document's
//! distinct word forms (what the stage normalizes once per document) that
//! a list of that size holds.

use docpipe_summarize::simple_words;
use std::collections::{HashMap, HashSet};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [corpus, n, out] = args.as_slice() else {
        return Err("usage: frequent_words CORPUS.jsonl N OUT.txt".into());
    };
    let n: usize = n.parse()?;
    let mut df: HashMap<String, u32> = HashMap::new();
    let mut distinct_total = 0u64;
    for line in std::fs::read_to_string(corpus)?.lines() {
        let record: serde_json::Value = serde_json::from_str(line)?;
        let Some(text) = record.get("text").and_then(|t| t.as_str()) else {
            continue;
        };
        let words: HashSet<&str> = simple_words(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        distinct_total += words.len() as u64;
        for w in words {
            *df.entry(w.to_owned()).or_default() += 1;
        }
    }
    let mut ranked: Vec<(String, u32)> = df.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for size in [1000, 2000, 5000, 10_000, 20_000, n] {
        let held: u64 = ranked.iter().take(size).map(|(_, d)| u64::from(*d)).sum();
        eprintln!(
            "{size:>6} forms: {:.1} % of the distinct forms of a document",
            100.0 * held as f64 / distinct_total.max(1) as f64
        );
    }
    let mut text = String::new();
    for (word, _) in ranked.iter().take(n) {
        text.push_str(word);
        text.push('\n');
    }
    std::fs::write(out, text)?;
    eprintln!("wrote {n} forms to {out}");
    Ok(())
}
