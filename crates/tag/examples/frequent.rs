//! Writes the most frequent word forms of a CoNLL-2003 file, most frequent
//! first (ties in byte order), one per line: `data/frequent.txt`, whose
//! word-level feature scores every model sums once at load.
//!
//! ```text
//! cargo run --release -p docpipe-tag --example frequent -- TRAIN.txt N OUT
//! ```

use std::collections::HashMap;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [train, n, out] = args.as_slice() else {
        return Err("usage: frequent TRAIN.txt N OUT".into());
    };
    let n: usize = n.parse()?;
    let docs = docpipe_tag::conll::parse(&std::fs::read_to_string(train)?)?;
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for t in docs.iter().flatten().flatten() {
        *counts.entry(t.word.as_str()).or_default() += 1;
    }
    let mut forms: Vec<(&str, usize)> = counts.into_iter().collect();
    forms.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut text = String::new();
    for (form, _) in forms.iter().take(n) {
        text.push_str(form);
        text.push('\n');
    }
    std::fs::write(out, text)?;
    Ok(())
}
