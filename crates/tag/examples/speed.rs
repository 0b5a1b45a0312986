//! Times model loading and tagging on a JSONL corpus (`{"text": …}` lines),
//! tokenized naively (whitespace, punctuation split off), one sentence per
//! line. For quick measurements without building `segment`; the reference
//! figures come from the `tag` bench of `docpipe-benches`.
//!
//! ```text
//! cargo run --release -p docpipe-tag --example speed -- CORPUS.jsonl [DOCS] [DUMP]
//! ```
//!
//! With `DUMP`, the tags and entities of every document are written there
//! (one line per document), to check that a speed change leaves the
//! output unchanged.

use docpipe_core::{Document, Span, StageDescriptor, Token};
use docpipe_tag::{Gazetteer, Model, TagSpec};
use std::time::Instant;

fn segmented(id: &str, text: &str) -> Document {
    let mut doc = Document::new(id, text);
    let mut sentences = Vec::new();
    let mut tokens = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let before = tokens.len();
        let mut start = None;
        for (i, c) in line.char_indices() {
            let at = offset + i;
            if c.is_alphanumeric() || c == '\'' || c == '-' {
                start.get_or_insert(at);
                continue;
            }
            if let Some(s) = start.take() {
                tokens.push(Token::new(s, at));
            }
            if !c.is_whitespace() {
                tokens.push(Token::new(at, at + c.len_utf8()));
            }
        }
        if let Some(s) = start.take() {
            tokens.push(Token::new(
                s,
                offset + line.trim_end().len().max(s - offset),
            ));
        }
        if tokens.len() > before {
            sentences.push(Span::new(
                tokens[before].start,
                tokens[tokens.len() - 1].end,
            ));
        }
        offset += line.len();
    }
    doc.sentences = Some(sentences);
    doc.tokens = Some(tokens);
    doc
}

/// CPU time of this thread so far, in seconds (wall time is meaningless
/// on a shared machine).
fn cpu() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args.first().ok_or("usage: speed CORPUS.jsonl [DOCS]")?;
    let n: usize = args.get(1).map_or(Ok(500), |s| s.parse())?;
    let dump = args.get(2);
    let (t, c) = (Instant::now(), cpu());
    let _m = Model::english()?;
    let model_ms = t.elapsed().as_secs_f64() * 1e3;
    let model_cpu = (cpu() - c) * 1e3;
    let (t, c) = (Instant::now(), cpu());
    let _g = Gazetteer::builtin()?;
    let gaz_ms = t.elapsed().as_secs_f64() * 1e3;
    let gaz_cpu = (cpu() - c) * 1e3;
    eprintln!(
        "load: model {model_ms:.1} ms ({model_cpu:.1} ms cpu), gazetteer {gaz_ms:.1} ms ({gaz_cpu:.1} ms cpu)"
    );
    let text = std::fs::read_to_string(path)?;
    let docs: Vec<Document> = text
        .lines()
        .take(n)
        .enumerate()
        .filter_map(|(i, l)| {
            let v: serde_json::Value = serde_json::from_str(l).ok()?;
            Some(segmented(&i.to_string(), v["text"].as_str()?))
        })
        .collect();
    let tokens: usize = docs
        .iter()
        .map(|d| d.tokens.as_ref().map_or(0, Vec::len))
        .sum();
    let stage = StageDescriptor::of::<TagSpec>().build(serde_json::json!({}))?;
    if let Some(dump) = dump {
        let mut out = String::new();
        for d in &docs {
            let mut d = d.clone();
            stage.stage.process(&mut d)?;
            out.push_str(&serde_json::to_string(&d)?);
            out.push('\n');
        }
        std::fs::write(dump, out)?;
    }
    for round in 0..3 {
        let mut work = docs.clone();
        let (t, c) = (Instant::now(), cpu());
        for d in &mut work {
            stage.stage.process(d)?;
        }
        let secs = t.elapsed().as_secs_f64();
        let cpu_secs = cpu() - c;
        eprintln!(
            "round {round}: {tokens} tokens in {secs:.3} s = {:.0} tokens/s wall, {:.0} tokens/s cpu",
            tokens as f64 / secs,
            tokens as f64 / cpu_secs
        );
    }
    Ok(())
}
