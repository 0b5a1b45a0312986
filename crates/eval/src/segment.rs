//! Evaluation of the `segment` stage against UD gold (`*.docs.jsonl`: one
//! document a line with `text` and gold `sentences` and `tokens` as
//! `[start, end]` code point offsets).
//!
//! Sentence boundaries are scored as precision/recall/F1 of sentence end
//! offsets, counted in non-whitespace characters so that where whitespace
//! falls does not matter; tokens as F1 of exact spans, both with the options
//! given and with UD's surface-token conventions (contractions whole,
//! hyphens split) that the gold follows.

use anyhow::Context as _;
use docpipe_core::offsets::OffsetMap;
use docpipe_core::{Document, StageDescriptor};
use docpipe_segment::SegmentSpec;
use std::collections::BTreeSet;
use std::io::BufRead as _;

/// Arguments of `docpipe-eval segment`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The gold file (`../shared/data/ud/en_ewt-ud-dev.docs.jsonl`).
    #[arg(long)]
    gold: std::path::PathBuf,
    /// Fail when sentence-boundary F1 (percent) is below this.
    #[arg(long)]
    min_sentence_f1: Option<f64>,
    /// Fail when token F1 (percent) is below this. Scored with UD's surface
    /// conventions (`split_contractions = false`, `split_hyphens = true`),
    /// which the gold follows; the default Penn-style figure is printed too.
    #[arg(long)]
    min_token_f1: Option<f64>,
    /// Print up to this many sentence-boundary errors with context.
    #[arg(long, default_value_t = 0)]
    show_errors: usize,
    /// Print up to this many token errors with context.
    #[arg(long, default_value_t = 0)]
    show_token_errors: usize,
    /// Stage options as JSON (`{"line_breaks": false}`).
    #[arg(long, default_value = "{}")]
    options: String,
}

/// True/false positives and false negatives.
#[derive(Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn add<T: Ord>(&mut self, gold: &BTreeSet<T>, pred: &BTreeSet<T>) {
        let tp = gold.intersection(pred).count();
        self.tp += tp;
        self.fp += pred.len() - tp;
        self.fn_ += gold.len() - tp;
    }

    fn prf(&self) -> (f64, f64, f64) {
        let p = ratio(self.tp, self.tp + self.fp);
        let r = ratio(self.tp, self.tp + self.fn_);
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        100.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// Parses `[[s, e], …]` from a gold field.
fn spans(v: &serde_json::Value, field: &str) -> anyhow::Result<Vec<(usize, usize)>> {
    let arr = v
        .get(field)
        .and_then(|a| a.as_array())
        .with_context(|| format!("no `{field}` array"))?;
    arr.iter()
        .map(|p| {
            let s = p.get(0).and_then(serde_json::Value::as_u64);
            let e = p.get(1).and_then(serde_json::Value::as_u64);
            match (s, e) {
                (Some(s), Some(e)) => Ok((s as usize, e as usize)),
                _ => anyhow::bail!("bad span in `{field}`: {p}"),
            }
        })
        .collect()
}

/// Runs the evaluation.
pub(crate) fn run(args: Args) -> anyhow::Result<()> {
    let options: serde_json::Value =
        serde_json::from_str(&args.options).context("--options is not JSON")?;
    let built = StageDescriptor::of::<SegmentSpec>().build(options.clone())?;
    // UD's surface tokens keep contractions whole and split hyphens; score
    // tokens in that convention too, with the same other options.
    let mut ud_options = options;
    if let Some(o) = ud_options.as_object_mut() {
        o.insert("split_contractions".into(), false.into());
        o.insert("split_hyphens".into(), true.into());
    }
    let built_ud = StageDescriptor::of::<SegmentSpec>().build(ud_options)?;
    let file = std::fs::File::open(&args.gold)
        .with_context(|| format!("opening {}", args.gold.display()))?;
    let (mut sent, mut tok, mut tok_ud) = (Counts::default(), Counts::default(), Counts::default());
    let (mut shown, mut shown_tok) = (0, 0);
    let mut docs = 0;
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(&line).with_context(|| format!("line {}", n + 1))?;
        let text = v
            .get("text")
            .and_then(|t| t.as_str())
            .context("no `text`")?
            .to_owned();
        let gold_sents = spans(&v, "sentences")?;
        let gold_toks = spans(&v, "tokens")?;
        let mut doc_ud = Document::new(n.to_string(), text.clone());
        built_ud.stage.process(&mut doc_ud)?;
        let mut doc = Document::new(n.to_string(), text);
        built.stage.process(&mut doc)?;
        docs += 1;
        let map = OffsetMap::new(&doc.text);
        let chars: Vec<char> = doc.text.chars().collect();
        // Non-whitespace characters before each code point offset.
        let mut nonws = Vec::with_capacity(chars.len() + 1);
        nonws.push(0usize);
        for c in &chars {
            let last = nonws.last().copied().unwrap_or(0);
            nonws.push(last + usize::from(!c.is_whitespace()));
        }
        let at = |cp: usize| nonws.get(cp).copied().unwrap_or(0);
        let gold_ends: BTreeSet<usize> = gold_sents.iter().map(|&(_, e)| at(e)).collect();
        let pred_ends: BTreeSet<usize> = doc
            .sentences
            .iter()
            .flatten()
            .map(|s| at(map.to_char(s.end)))
            .collect();
        sent.add(&gold_ends, &pred_ends);
        let gold_tok: BTreeSet<(usize, usize)> = gold_toks.iter().copied().collect();
        let pred_tok: BTreeSet<(usize, usize)> = doc
            .tokens
            .iter()
            .flatten()
            .map(|t| (map.to_char(t.start), map.to_char(t.end)))
            .collect();
        tok.add(&gold_tok, &pred_tok);
        let pred_ud: BTreeSet<(usize, usize)> = doc_ud
            .tokens
            .iter()
            .flatten()
            .map(|t| (map.to_char(t.start), map.to_char(t.end)))
            .collect();
        tok_ud.add(&gold_tok, &pred_ud);
        let context = |cp: usize| -> String {
            let a = cp.saturating_sub(50);
            let b = (cp + 40).min(chars.len());
            let left: String = chars[a..cp.min(chars.len())].iter().collect();
            let right: String = chars[cp.min(chars.len())..b].iter().collect();
            format!("{left}‖{right}").replace('\n', "⏎")
        };
        if shown < args.show_errors {
            for &(_, e) in &gold_sents {
                if !pred_ends.contains(&at(e)) && shown < args.show_errors {
                    println!("MISSED  {}", context(e));
                    shown += 1;
                }
            }
            for s in doc.sentences.iter().flatten() {
                let e = map.to_char(s.end);
                if !gold_ends.contains(&at(e)) && shown < args.show_errors {
                    println!("SPURIOUS {}", context(e));
                    shown += 1;
                }
            }
        }
        if shown_tok < args.show_token_errors {
            for &(s, e) in gold_tok.difference(&pred_tok) {
                if shown_tok < args.show_token_errors {
                    let g: String = chars[s..e].iter().collect();
                    println!("TOKEN gold {g:?} in {}", context(s));
                    shown_tok += 1;
                }
            }
        }
    }
    let (sp, sr, sf) = sent.prf();
    let (tp, tr, tf) = tok.prf();
    let (up, ur, uf) = tok_ud.prf();
    println!("segment on {} ({docs} documents)", args.gold.display());
    println!("  sentence boundaries: P {sp:6.2}  R {sr:6.2}  F1 {sf:6.2}");
    println!("  tokens (UD surface): P {up:6.2}  R {ur:6.2}  F1 {uf:6.2}   <- --min-token-f1");
    println!(
        "  tokens (as given):   P {tp:6.2}  R {tr:6.2}  F1 {tf:6.2}   (default: Penn do|n't, self-reliant)"
    );
    let mut failed = Vec::new();
    if let Some(min) = args.min_sentence_f1
        && sf < min
    {
        failed.push(format!("sentence F1 {sf:.2} < {min}"));
    }
    if let Some(min) = args.min_token_f1
        && uf < min
    {
        failed.push(format!("token F1 {uf:.2} < {min}"));
    }
    if !failed.is_empty() {
        anyhow::bail!("below the floor: {}", failed.join(", "));
    }
    Ok(())
}
