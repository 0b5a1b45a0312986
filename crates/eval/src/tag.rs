//! Evaluation of the `tag` stage on a CoNLL-format file, through the real
//! pipeline: each gold document's text is rebuilt from its tokens (a
//! sentence's tokens joined by spaces, sentences as paragraphs separated by
//! a blank line), run through `segment` and then `tag`, and the predicted
//! tokens and entities are aligned back to the gold tokens by character
//! offsets. Entities are scored by exact span and type (the CoNLL
//! convention: precision, recall and F1 per type and micro-averaged); POS
//! by the share of gold tokens whose span was predicted with the gold tag.

use anyhow::{Context, bail};
use docpipe_core::{Document, StageDescriptor};
use docpipe_segment::SegmentSpec;
use docpipe_tag::{TagSpec, conll};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

/// Arguments of `docpipe-eval tag`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The gold file (CoNLL format: `word POS chunk NER`, IOB tags).
    #[arg(long)]
    gold: PathBuf,
    /// A model file to evaluate instead of the embedded English model.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Exit non-zero when the micro-averaged entity F1 (percent) is below.
    #[arg(long)]
    min_ner_f1: Option<f64>,
    /// Exit non-zero when POS accuracy (percent) is below.
    #[arg(long)]
    min_pos_acc: Option<f64>,
    /// Print up to this many entity errors with context (wrong type, wrong
    /// boundaries, spurious, missed).
    #[arg(long, default_value_t = 0)]
    show_errors: usize,
}

/// Kinds of entity error, as counted in the error breakdown.
#[derive(Default)]
struct ErrorKinds {
    /// The gold span, another type.
    wrong_type: usize,
    /// Overlapping a gold entity, other boundaries.
    wrong_span: usize,
    /// Overlapping no gold entity.
    spurious: usize,
    /// A gold entity no prediction overlaps.
    missed: usize,
}

type Span = (usize, usize, String);

fn overlaps(a: &Span, b: &Span) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// `text[start..end]` in brackets with up to 40 bytes of context each side,
/// line breaks shown as `⏎`.
fn in_context(text: &str, start: usize, end: usize) -> String {
    let mut from = start.saturating_sub(40);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (end + 40).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    format!(
        "{}[[{}]]{}",
        &text[from..start],
        &text[start..end],
        &text[end..to]
    )
    .replace('\n', "⏎")
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn prf(self) -> (f64, f64, f64) {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (100.0 * p, 100.0 * r, 100.0 * f)
    }
}

/// The CoNLL type of an entity label, or `None` for rule-based labels.
fn conll_type(label: &str) -> Option<&'static str> {
    match label {
        "PERSON" => Some("PER"),
        "ORG" => Some("ORG"),
        "LOC" => Some("LOC"),
        "MISC" => Some("MISC"),
        _ => None,
    }
}

/// Runs the evaluation.
pub(crate) fn run(args: Args) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("reading {}", args.gold.display()))?;
    let docs = conll::parse(&text)?;
    let segment = StageDescriptor::of::<SegmentSpec>().build(serde_json::json!({}))?;
    let mut options = serde_json::json!({});
    if let Some(m) = &args.model {
        options["model"] = serde_json::json!(m);
    }
    let started = std::time::Instant::now();
    let tag = StageDescriptor::of::<TagSpec>().build(options)?;
    let load_ms = started.elapsed().as_millis();
    let mut by_type: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut kinds = ErrorKinds::default();
    let mut shown = Vec::new();
    let (mut pos_ok, mut pos_total, mut misaligned) = (0usize, 0usize, 0usize);
    let started = std::time::Instant::now();
    for (d, gold_doc) in docs.iter().enumerate() {
        // Rebuild the text, remembering each gold token's byte span.
        let mut text = String::new();
        let mut gold_spans: Vec<Vec<(usize, usize)>> = Vec::new();
        for s in gold_doc {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let mut spans = Vec::with_capacity(s.len());
            for (i, t) in s.iter().enumerate() {
                if i > 0 {
                    text.push(' ');
                }
                spans.push((text.len(), text.len() + t.word.len()));
                text.push_str(&t.word);
            }
            gold_spans.push(spans);
        }
        let mut doc = Document::new(format!("doc-{d}"), text);
        segment.stage.process(&mut doc)?;
        tag.stage.process(&mut doc)?;
        let predicted_pos: HashMap<(usize, usize), &str> = doc
            .tokens
            .as_deref()
            .unwrap_or(&[])
            .iter()
            .map(|t| ((t.start, t.end), t.pos.as_deref().unwrap_or("")))
            .collect();
        let mut gold_entities: HashSet<(usize, usize, String)> = HashSet::new();
        for (s, spans) in gold_doc.iter().zip(&gold_spans) {
            for (t, span) in s.iter().zip(spans) {
                pos_total += 1;
                match predicted_pos.get(span) {
                    Some(p) if *p == t.pos => pos_ok += 1,
                    Some(_) => {}
                    None => misaligned += 1,
                }
            }
            let tags: Vec<&str> = s.iter().map(|t| t.ner.as_str()).collect();
            for (a, b, kind) in conll::spans(&tags) {
                gold_entities.insert((spans[a].0, spans[b - 1].1, kind));
            }
        }
        let predicted: HashSet<(usize, usize, String)> = doc
            .entities
            .as_deref()
            .unwrap_or(&[])
            .iter()
            .filter_map(|e| conll_type(&e.label).map(|k| (e.start, e.end, k.to_owned())))
            .collect();
        for e in &predicted {
            let c = by_type.entry(conll_label(&e.2)).or_default();
            if gold_entities.contains(e) {
                c.tp += 1;
            } else {
                c.fp += 1;
            }
        }
        for e in gold_entities.difference(&predicted) {
            by_type.entry(conll_label(&e.2)).or_default().fn_ += 1;
        }
        let mut errors: Vec<(usize, String)> = Vec::new();
        for e in predicted.difference(&gold_entities) {
            let what = if let Some(g) = gold_entities.iter().find(|g| (g.0, g.1) == (e.0, e.1)) {
                kinds.wrong_type += 1;
                format!("TYPE     {} for {}", e.2, g.2)
            } else if let Some(g) = gold_entities.iter().filter(|g| overlaps(g, e)).min() {
                // The first gold name it overlaps, not whichever a hash set
                // yields first: the listing is the same from run to run.
                kinds.wrong_span += 1;
                format!("SPAN     {} for {} {:?}", e.2, g.2, &doc.text[g.0..g.1])
            } else {
                kinds.spurious += 1;
                format!("SPURIOUS {}", e.2)
            };
            errors.push((
                e.0,
                format!("{what:<40} {}", in_context(&doc.text, e.0, e.1)),
            ));
        }
        for g in gold_entities.difference(&predicted) {
            if !predicted.iter().any(|e| overlaps(g, e)) {
                kinds.missed += 1;
                let what = format!("MISSED   {}", g.2);
                errors.push((
                    g.0,
                    format!("{what:<40} {}", in_context(&doc.text, g.0, g.1)),
                ));
            }
        }
        errors.sort();
        for (_, e) in errors {
            if shown.len() < args.show_errors {
                shown.push(e);
            }
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let mut micro = Counts::default();
    println!(
        "tag on {} ({} documents, {pos_total} tokens)",
        args.gold.display(),
        docs.len()
    );
    println!(
        "{:<6} {:>9} {:>9} {:>9} {:>7}",
        "type", "precision", "recall", "f1", "gold"
    );
    for (k, c) in &by_type {
        let (p, r, f) = c.prf();
        println!("{k:<6} {p:>9.2} {r:>9.2} {f:>9.2} {:>7}", c.tp + c.fn_);
        micro.tp += c.tp;
        micro.fp += c.fp;
        micro.fn_ += c.fn_;
    }
    let (p, r, f1) = micro.prf();
    println!(
        "{:<6} {p:>9.2} {r:>9.2} {f1:>9.2} {:>7}",
        "micro",
        micro.tp + micro.fn_
    );
    let acc = 100.0 * pos_ok as f64 / pos_total.max(1) as f64;
    println!("ner micro f1: {f1:.2}");
    println!(
        "ner errors: {} wrong type, {} wrong boundaries, {} spurious, {} missed",
        kinds.wrong_type, kinds.wrong_span, kinds.spurious, kinds.missed
    );
    for e in &shown {
        println!("  {e}");
    }
    println!("pos accuracy: {acc:.2} ({misaligned} gold tokens not matched by a predicted token)");
    println!(
        "model load: {load_ms} ms; segment+tag: {:.0} tokens/s",
        pos_total as f64 / elapsed.max(1e-9)
    );
    let mut failed = Vec::new();
    if let Some(min) = args.min_ner_f1
        && f1 < min
    {
        failed.push(format!("ner micro f1 {f1:.2} < {min}"));
    }
    if let Some(min) = args.min_pos_acc
        && acc < min
    {
        failed.push(format!("pos accuracy {acc:.2} < {min}"));
    }
    if !failed.is_empty() {
        bail!("below the floor: {}", failed.join("; "));
    }
    Ok(())
}

fn conll_label(k: &str) -> &'static str {
    match k {
        "PER" => "PER",
        "ORG" => "ORG",
        "LOC" => "LOC",
        _ => "MISC",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_shown_in_context_on_char_boundaries() {
        let (a, b) = ("a".repeat(39), "b".repeat(38));
        let text = format!("ộ{a}Acme\n{b}ộ");
        let start = text.find("Acme").unwrap();
        // 40 bytes either side would split an `ộ`: the context takes it whole.
        assert_eq!(
            in_context(&text, start, start + 4),
            format!("ộ{a}[[Acme]]⏎{b}ộ")
        );
        assert!(overlaps(&(0, 5, "ORG".into()), &(4, 9, "ORG".into())));
        assert!(!overlaps(&(0, 5, "ORG".into()), &(5, 9, "ORG".into())));
    }
}
