//! Learns word clusters from unlabeled news for the tagger's cluster
//! features: each frequent word is described by the words seen right before
//! and after it, and the words are split in two again and again by 2-means
//! on those context vectors (cosine), giving each word a bit-string path
//! (like Brown clusters: prefixes of the path are coarser clusters).
//!
//! ```text
//! cargo run --release -p docpipe-tag --example clusters -- OUT.tsv NEWS.jsonl [CONLL.txt]...
//! ```
//! `.jsonl` inputs are read for their `text` field; other files as CoNLL
//! (first column). Deterministic: no randomness anywhere.

use std::collections::HashMap;

const MIN_COUNT: u32 = 4;
const MAX_WORDS: usize = 40_000;
const CONTEXT_WORDS: usize = 1_000;
const MAX_DEPTH: usize = 16;
const MIN_SPLIT: usize = 6;
const ITERATIONS: usize = 8;

fn normalize(w: &str) -> String {
    w.chars()
        .map(|c| if c.is_ascii_digit() { '0' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

fn tokenize(text: &str, out: &mut Vec<String>) {
    let mut word = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let inner = matches!(c, '.' | ',' | '\'' | '-')
            && !word.is_empty()
            && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        if c.is_alphanumeric() || inner {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            out.push(normalize(&word));
            word.clear();
        }
        if !c.is_whitespace() {
            out.push(c.to_string());
        }
    }
    if !word.is_empty() {
        out.push(normalize(&word));
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((out_path, inputs)) = args.split_first() else {
        return Err("usage: clusters OUT.tsv INPUT...".into());
    };
    let mut sentences: Vec<Vec<String>> = Vec::new();
    for path in inputs {
        let text = std::fs::read_to_string(path)?;
        if path.ends_with(".jsonl") {
            for line in text.lines() {
                let v: serde_json::Value = serde_json::from_str(line)?;
                if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                    for para in t.split("\n") {
                        let mut toks = Vec::new();
                        tokenize(para, &mut toks);
                        if !toks.is_empty() {
                            sentences.push(toks);
                        }
                    }
                }
            }
        } else {
            let mut cur = Vec::new();
            for line in text.lines() {
                match line.split_whitespace().next() {
                    Some("-DOCSTART-") => {}
                    Some(w) => cur.push(normalize(w)),
                    None => {
                        if !cur.is_empty() {
                            sentences.push(std::mem::take(&mut cur));
                        }
                    }
                }
            }
        }
    }
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for s in &sentences {
        for w in s {
            *counts.entry(w.as_str()).or_default() += 1;
        }
    }
    let mut vocab: Vec<(&str, u32)> = counts
        .into_iter()
        .filter(|(_, c)| *c >= MIN_COUNT)
        .collect();
    vocab.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    vocab.truncate(MAX_WORDS);
    let id: HashMap<&str, usize> = vocab
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (*w, i))
        .collect();
    eprintln!(
        "{} sentences, {} words in the vocabulary",
        sentences.len(),
        vocab.len()
    );
    // Context vectors: left and right neighbours among the most frequent words.
    let dims = 2 * CONTEXT_WORDS + 2;
    let mut ctx: Vec<HashMap<u32, f32>> = vec![HashMap::new(); vocab.len()];
    for s in &sentences {
        for (i, w) in s.iter().enumerate() {
            let Some(&wi) = id.get(w.as_str()) else {
                continue;
            };
            let left = if i == 0 {
                None
            } else {
                id.get(s[i - 1].as_str()).copied()
            };
            let right = s.get(i + 1).and_then(|n| id.get(n.as_str()).copied());
            let l = left.map_or(CONTEXT_WORDS, |l| l.min(CONTEXT_WORDS));
            let r = right.map_or(CONTEXT_WORDS, |r| r.min(CONTEXT_WORDS));
            *ctx[wi].entry(l as u32).or_default() += 1.0;
            *ctx[wi].entry((CONTEXT_WORDS + 1 + r) as u32).or_default() += 1.0;
        }
    }
    let vectors: Vec<Vec<(u32, f32)>> = ctx
        .into_iter()
        .map(|m| {
            let mut v: Vec<(u32, f32)> = m.into_iter().map(|(k, c)| (k, c.sqrt())).collect();
            v.sort_by_key(|e| e.0);
            let norm = v.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt().max(1e-9);
            v.iter_mut().for_each(|e| e.1 /= norm);
            v
        })
        .collect();
    let mut paths = vec![String::new(); vocab.len()];
    let mut stack: Vec<(Vec<usize>, usize)> = vec![((0..vocab.len()).collect(), 0)];
    let dot = |v: &[(u32, f32)], c: &[f32]| v.iter().map(|(k, x)| x * c[*k as usize]).sum::<f32>();
    while let Some((set, depth)) = stack.pop() {
        if set.len() < MIN_SPLIT || depth >= MAX_DEPTH {
            continue;
        }
        // Initial split: the sign of each word's projection on the set's
        // principal direction (power iteration from a fixed vector).
        let mut mean = vec![0.0f32; dims];
        for &w in &set {
            for (k, x) in &vectors[w] {
                mean[*k as usize] += x / set.len() as f32;
            }
        }
        let mut v: Vec<f32> = (0..dims)
            .map(|k| ((k * 2_654_435_761) % 1000) as f32 / 1000.0 - 0.5)
            .collect();
        for _ in 0..12 {
            let mv = mean.iter().zip(&v).map(|(a, b)| a * b).sum::<f32>();
            let mut u = vec![0.0f32; dims];
            for &w in &set {
                let p = dot(&vectors[w], &v) - mv;
                for (k, x) in &vectors[w] {
                    u[*k as usize] += p * x;
                }
                // minus p * mean, folded in below
            }
            let total_p: f32 = set.iter().map(|&w| dot(&vectors[w], &v) - mv).sum();
            for (ui, mi) in u.iter_mut().zip(&mean) {
                *ui -= total_p * mi;
            }
            let norm = u.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
            v = u.into_iter().map(|x| x / norm).collect();
        }
        let mv = mean.iter().zip(&v).map(|(a, b)| a * b).sum::<f32>();
        let mut c0 = vec![0.0f32; dims];
        let mut c1 = vec![0.0f32; dims];
        for &w in &set {
            let c = if dot(&vectors[w], &v) > mv {
                &mut c1
            } else {
                &mut c0
            };
            for (k, x) in &vectors[w] {
                c[*k as usize] += x;
            }
        }
        for c in [&mut c0, &mut c1] {
            let norm = c.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-9);
            c.iter_mut().for_each(|x| *x /= norm);
        }
        let mut side = vec![false; set.len()];
        for _ in 0..ITERATIONS {
            for (i, &w) in set.iter().enumerate() {
                side[i] = dot(&vectors[w], &c1) > dot(&vectors[w], &c0);
            }
            for (c, s) in [(&mut c0, false), (&mut c1, true)] {
                c.iter_mut().for_each(|x| *x = 0.0);
                for (i, &w) in set.iter().enumerate() {
                    if side[i] == s {
                        for (k, x) in &vectors[w] {
                            c[*k as usize] += x;
                        }
                    }
                }
                let norm = c.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-9);
                c.iter_mut().for_each(|x| *x /= norm);
            }
        }
        let (a, b): (Vec<usize>, Vec<usize>) =
            set.iter()
                .enumerate()
                .fold((vec![], vec![]), |(mut a, mut b), (i, &w)| {
                    if side[i] {
                        b.push(w);
                    } else {
                        a.push(w);
                    }
                    (a, b)
                });
        if a.is_empty() || b.is_empty() {
            continue;
        }
        for &w in &a {
            paths[w].push('0');
        }
        for &w in &b {
            paths[w].push('1');
        }
        stack.push((a, depth + 1));
        stack.push((b, depth + 1));
    }
    let mut out = String::new();
    let mut rows: Vec<(&str, &String)> = vocab.iter().map(|(w, _)| *w).zip(paths.iter()).collect();
    rows.sort();
    for (w, p) in rows {
        if !p.is_empty() && !w.contains('\t') {
            out.push_str(&format!("{w}\t{p}\n"));
        }
    }
    std::fs::write(out_path, out)?;
    eprintln!("wrote {out_path}");
    Ok(())
}
