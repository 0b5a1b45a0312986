//! Evaluation of the `summarize` stage: ROUGE-1/2/L F1 of docpipe's
//! summaries (text → `segment` → `summarize`) and of the Lead-N baseline
//! (the first N sentences of the same segmentation) against reference
//! summaries, printed side by side.
//!
//! ROUGE follows the rouge-score package: lower-case, every run of
//! characters outside `[a-z0-9]` becomes a space, tokens longer than 3
//! characters are stemmed (here with Snowball English, the Porter2
//! revision of rouge-score's Porter stemmer), F1 per document averaged
//! over documents; ROUGE-L is the LCS over the whole text (`rougeL`).
//!
//! `--build-df CORPUS.jsonl` instead regenerates the summarize stage's
//! background document-frequency table from a news corpus:
//!
//! ```text
//! docpipe-eval summarize --build-df ../shared/data/bench/reuters21578.jsonl \
//!     --out crates/summarize/data/df.tsv
//! ```

use anyhow::{Context, bail};
use docpipe_core::{BuiltStage, Document, Outcome, StageDescriptor};
use docpipe_segment::SegmentSpec;
use docpipe_summarize::{BackgroundBuilder, SummarizeSpec};
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;

/// Arguments of `docpipe-eval summarize`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The gold file: JSONL with `text`, `summary` and optionally `title`, `id`.
    #[arg(long, required_unless_present = "build_df")]
    gold: Option<PathBuf>,
    /// Number of sentences of docpipe's summaries and of the Lead-N baseline.
    #[arg(long, default_value_t = 3)]
    sentences: usize,
    /// Extra `summarize` options as a JSON object (for tuning), merged over
    /// `{"sentences": N}`.
    #[arg(long)]
    options: Option<String>,
    /// Score only the first N gold documents.
    #[arg(long)]
    limit: Option<usize>,
    /// Fail when docpipe's mean ROUGE-1 F1 is below this.
    #[arg(long)]
    min_rouge1: Option<f64>,
    /// Fail when docpipe's mean ROUGE-2 F1 is below this.
    #[arg(long)]
    min_rouge2: Option<f64>,
    /// Fail when docpipe's mean ROUGE-L F1 is below this.
    #[arg(long = "min-rougeL", alias = "min-rouge-l")]
    min_rouge_l: Option<f64>,
    /// Instead of scoring, build the background df table from this JSONL
    /// news corpus (one `text` per line).
    #[arg(long)]
    build_df: Option<PathBuf>,
    /// Where `--build-df` writes the table.
    #[arg(long, default_value = "crates/summarize/data/df.tsv")]
    out: PathBuf,
    /// Terms in fewer documents than this are left out of the table.
    #[arg(long, default_value_t = 3)]
    min_df: u32,
}

/// Runs the evaluation.
pub(crate) fn run(args: Args) -> anyhow::Result<()> {
    if let Some(corpus) = &args.build_df {
        return build_df(corpus, &args.out, args.min_df);
    }
    let Some(gold) = &args.gold else {
        bail!("give --gold or --build-df");
    };
    let segment = StageDescriptor::of::<SegmentSpec>().build(serde_json::json!({}))?;
    let mut options = serde_json::json!({ "sentences": args.sentences });
    if let Some(extra) = &args.options {
        let extra: serde_json::Value = serde_json::from_str(extra).context("--options")?;
        merge(&mut options, extra);
    }
    let summarize = StageDescriptor::of::<SummarizeSpec>().build(options)?;
    let scorer = Rouge::new();
    let file = std::fs::File::open(gold).with_context(|| format!("opening {}", gold.display()))?;
    let (mut ours, mut lead) = (Scores::default(), Scores::default());
    let mut dropped = 0;
    let (mut ours_words, mut lead_words) = (0usize, 0usize);
    // How many of docpipe's chosen sentences were among the first N.
    let mut lead_picks = 0usize;
    for (i, line) in BufReader::new(file).lines().enumerate() {
        if args.limit.is_some_and(|l| ours.n >= l) {
            break;
        }
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let row: serde_json::Value =
            serde_json::from_str(&line).with_context(|| format!("{}:{}", gold.display(), i + 1))?;
        let (Some(text), Some(reference)) = (row["text"].as_str(), row["summary"].as_str()) else {
            bail!("{}:{}: needs `text` and `summary`", gold.display(), i + 1);
        };
        let mut doc = Document::new(format!("{}", i + 1), text);
        if let Some(title) = row["title"].as_str() {
            doc.meta.insert("title".into(), title.into());
        }
        let Some((summary, lead_text, in_lead)) =
            summarize_doc(&segment, &summarize, &mut doc, args.sentences)?
        else {
            dropped += 1;
            continue;
        };
        let reference = scorer.tokens(reference);
        lead_picks += in_lead;
        ours_words += scorer.tokens(&summary).len();
        lead_words += scorer.tokens(&lead_text).len();
        ours.add(scorer.score(&scorer.tokens(&summary), &reference));
        lead.add(scorer.score(&scorer.tokens(&lead_text), &reference));
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "summarize on {} ({} documents, {dropped} dropped)",
        gold.display(),
        ours.n
    )?;
    writeln!(
        out,
        "{:<10} {:>8} {:>8} {:>8} {:>8}",
        "F1", "ROUGE-1", "ROUGE-2", "ROUGE-L", "words"
    )?;
    let lead_name = format!("lead-{}", args.sentences);
    for (name, s, words) in [
        ("docpipe", &ours, ours_words),
        (lead_name.as_str(), &lead, lead_words),
    ] {
        let [r1, r2, rl] = s.means();
        let words = words as f64 / s.n.max(1) as f64;
        writeln!(out, "{name:<10} {r1:>8.4} {r2:>8.4} {rl:>8.4} {words:>8.1}")?;
    }
    writeln!(
        out,
        "docpipe picked {:.1} of its sentences per document among the first {}",
        lead_picks as f64 / ours.n.max(1) as f64,
        args.sentences
    )?;
    let [r1, r2, rl] = ours.means();
    let mut failed = Vec::new();
    for (name, value, floor) in [
        ("ROUGE-1", r1, args.min_rouge1),
        ("ROUGE-2", r2, args.min_rouge2),
        ("ROUGE-L", rl, args.min_rouge_l),
    ] {
        if let Some(floor) = floor
            && value < floor
        {
            failed.push(format!("{name} {value:.4} < {floor}"));
        }
    }
    if !failed.is_empty() {
        bail!("below the floor: {}", failed.join(", "));
    }
    Ok(())
}

/// Segments and summarizes one document; returns docpipe's summary text,
/// the Lead-N text and how many of docpipe's sentences are among the first
/// N, or `None` when a stage dropped it.
fn summarize_doc(
    segment: &BuiltStage,
    summarize: &BuiltStage,
    doc: &mut Document,
    n: usize,
) -> anyhow::Result<Option<(String, String, usize)>> {
    for stage in [segment, summarize] {
        if let Outcome::Drop(_) = stage.stage.process(doc)? {
            return Ok(None);
        }
    }
    let lead = doc
        .sentences
        .iter()
        .flatten()
        .take(n)
        .map(|s| doc.slice(*s))
        .collect::<Vec<_>>()
        .join(" ");
    let summary = doc
        .summary
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    let in_lead = doc
        .summary
        .iter()
        .flat_map(|s| &s.sentences)
        .filter(|&&i| i < n)
        .count();
    Ok(Some((summary, lead, in_lead)))
}

fn merge(base: &mut serde_json::Value, extra: serde_json::Value) {
    match (base, extra) {
        (serde_json::Value::Object(b), serde_json::Value::Object(e)) => {
            for (k, v) in e {
                merge(b.entry(k).or_insert(serde_json::Value::Null), v);
            }
        }
        (b, e) => *b = e,
    }
}

fn build_df(corpus: &std::path::Path, out: &std::path::Path, min_df: u32) -> anyhow::Result<()> {
    let file =
        std::fs::File::open(corpus).with_context(|| format!("opening {}", corpus.display()))?;
    let mut builder = BackgroundBuilder::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let row: serde_json::Value = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}", corpus.display(), i + 1))?;
        if let Some(text) = row["text"].as_str() {
            builder.add_text(text);
        }
    }
    let table = builder.to_table(min_df);
    std::fs::write(out, &table).with_context(|| format!("writing {}", out.display()))?;
    println!(
        "wrote {} ({} documents, {} terms with df >= {min_df})",
        out.display(),
        builder.docs(),
        table.lines().count().saturating_sub(1)
    );
    Ok(())
}

/// ROUGE-1/2/L F1 of one document.
type Triple = [f64; 3];

#[derive(Default)]
struct Scores {
    n: usize,
    sum: Triple,
}

impl Scores {
    fn add(&mut self, s: Triple) {
        self.n += 1;
        for (a, b) in self.sum.iter_mut().zip(s) {
            *a += b;
        }
    }

    fn means(&self) -> Triple {
        let n = self.n.max(1) as f64;
        self.sum.map(|s| s / n)
    }
}

/// rouge-score's tokenizer and scorer.
struct Rouge {
    stemmer: Stemmer,
}

impl Rouge {
    fn new() -> Self {
        Self {
            stemmer: Stemmer::create(Algorithm::English),
        }
    }

    fn tokens(&self, text: &str) -> Vec<String> {
        let lower = text.to_lowercase();
        lower
            .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
            .filter(|t| !t.is_empty())
            .map(|t| {
                if t.len() > 3 {
                    self.stemmer.stem(t).into_owned()
                } else {
                    t.to_owned()
                }
            })
            .collect()
    }

    fn score(&self, pred: &[String], reference: &[String]) -> Triple {
        [
            ngram_f1(pred, reference, 1),
            ngram_f1(pred, reference, 2),
            lcs_f1(pred, reference),
        ]
    }
}

fn f1(overlap: usize, pred: usize, reference: usize) -> f64 {
    if overlap == 0 || pred == 0 || reference == 0 {
        return 0.0;
    }
    let p = overlap as f64 / pred as f64;
    let r = overlap as f64 / reference as f64;
    2.0 * p * r / (p + r)
}

fn ngram_f1(pred: &[String], reference: &[String], n: usize) -> f64 {
    let (p, r) = (ngrams(pred, n), ngrams(reference, n));
    let overlap = p
        .iter()
        .map(|(g, c)| (*c).min(r.get(g).copied().unwrap_or(0)))
        .sum();
    f1(
        overlap,
        pred.len().saturating_sub(n - 1),
        reference.len().saturating_sub(n - 1),
    )
}

fn ngrams(tokens: &[String], n: usize) -> HashMap<&[String], usize> {
    let mut m: HashMap<&[String], usize> = HashMap::new();
    for w in tokens.windows(n) {
        *m.entry(w).or_default() += 1;
    }
    m
}

fn lcs_f1(pred: &[String], reference: &[String]) -> f64 {
    let mut prev = vec![0usize; reference.len() + 1];
    let mut cur = vec![0usize; reference.len() + 1];
    for p in pred {
        for (j, r) in reference.iter().enumerate() {
            cur[j + 1] = if p == r {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    f1(prev[reference.len()], pred.len(), reference.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rouge_matches_hand_computed_values() {
        let r = Rouge::new();
        let reference = r.tokens("The cat sat on the mat.");
        let pred = r.tokens("the cat was on the mat");
        assert_eq!(reference, ["the", "cat", "sat", "on", "the", "mat"]);
        let [r1, r2, rl] = r.score(&pred, &reference);
        assert!((r1 - 5.0 / 6.0).abs() < 1e-9);
        assert!((r2 - 3.0 / 5.0).abs() < 1e-9);
        assert!((rl - 5.0 / 6.0).abs() < 1e-9);
    }
}
