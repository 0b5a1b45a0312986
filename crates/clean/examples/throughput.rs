//! Measures the `clean` stage's throughput on a JSONL corpus in CPU time
//! (user + system of this process, from `/proc/self/stat`), and optionally
//! writes every cleaned document (text, meta, attrs) to a file so two
//! builds can be compared for identical output.
//!
//! ```text
//! cargo run --release -p docpipe-clean --example throughput -- \
//!     ../shared/data/bench/reuters21578.jsonl [limit] [rounds] [dump.jsonl]
//! ```
use docpipe_clean::CleanSpec;
use docpipe_core::{Document, StageDescriptor};
use std::io::Write;
use std::time::Instant;

/// CPU seconds (user + system) this process has used so far, on Linux.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    // The kernel's USER_HZ is 100 on every mainstream Linux build.
    Some((utime + stime) / 100.0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .map_or("../shared/data/bench/reuters21578.jsonl", String::as_str);
    let limit: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(2000);
    let rounds: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(5);
    let dump = args.get(4);

    let text = std::fs::read_to_string(path).expect("read the corpus");
    let docs: Vec<Document> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| {
            let text = v.get("text")?.as_str()?.to_owned();
            let id = v.get("id").map(|i| i.to_string()).unwrap_or_default();
            Some(Document::new(id, text))
        })
        .take(limit)
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let stage = StageDescriptor::of::<CleanSpec>()
        .build(serde_json::json!({}))
        .expect("default options build")
        .stage;

    if let Some(dump) = dump {
        let mut out = std::io::BufWriter::new(std::fs::File::create(dump).expect("create dump"));
        for doc in &docs {
            let mut d = doc.clone();
            let outcome = stage.process(&mut d);
            let line = serde_json::json!({
                "id": d.id,
                "outcome": format!("{outcome:?}"),
                "text": d.text,
                "meta": d.meta,
                "attrs": d.attrs,
            });
            writeln!(out, "{line}").expect("write dump");
        }
    }

    // Warm up (lazily compiled tables, allocator) outside the measurement.
    for doc in docs.iter().take(200) {
        let mut d = doc.clone();
        let _ = stage.process(&mut d);
    }
    let cpu0 = cpu_seconds().unwrap_or(0.0);
    let wall0 = Instant::now();
    for _ in 0..rounds {
        for doc in &docs {
            let mut d = doc.clone();
            let _ = stage.process(&mut d);
        }
    }
    let cpu = cpu_seconds().unwrap_or(0.0) - cpu0;
    let wall = wall0.elapsed().as_secs_f64();
    let mb = (bytes * rounds) as f64 / 1e6;
    println!(
        "{} docs, {:.2} MB x {rounds} rounds: cpu {cpu:.2}s = {:.1} MB/s per core; wall {wall:.2}s = {:.1} MB/s",
        docs.len(),
        bytes as f64 / 1e6,
        mb / cpu,
        mb / wall
    );
}
