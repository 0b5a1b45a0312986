//! Prints the sentences of a text file, one a line, tokens separated by `|`;
//! with `--repeat N`, segments it N times and prints only the throughput.
//!
//! `cargo run -p docpipe-segment --example segment_file -- corpus/news/001_2da70bcbda43254d.txt`

use docpipe_segment::{SegmentOptions, Segmenter};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: segment_file PATH [--repeat N]")?;
    let repeat: Option<usize> = match (args.next().as_deref(), args.next()) {
        (Some("--repeat"), Some(n)) => Some(n.parse()?),
        _ => None,
    };
    let text = std::fs::read_to_string(path)?;
    let segmenter = Segmenter::new(&SegmentOptions::default())?;
    if let Some(n) = repeat {
        let started = std::time::Instant::now();
        let mut tokens = 0;
        for _ in 0..n {
            tokens += segmenter.segment(&text).tokens.len();
        }
        let secs = started.elapsed().as_secs_f64();
        let mb = (text.len() * n) as f64 / 1e6;
        println!(
            "{tokens} tokens, {mb:.1} MB in {secs:.2} s: {:.1} MB/s wall",
            mb / secs
        );
        return Ok(());
    }
    let seg = segmenter.segment(&text);
    let mut tokens = seg.tokens.iter().peekable();
    for s in &seg.sentences {
        let mut words = Vec::new();
        while let Some(t) = tokens.next_if(|t| t.end <= s.end) {
            words.push(&text[t.start..t.end]);
        }
        println!("{}", words.join("|"));
    }
    Ok(())
}
