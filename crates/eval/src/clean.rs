//! Evaluation of the `clean` stage: line-level furniture removal against
//! a gold set.
//!
//! The gold directory holds `samples.json` (the sample articles, each line
//! annotated body or furniture), `synthetic.json` (recipes wrapping
//! Reuters-21578 articles of the bench corpus in furniture; the documents
//! are assembled here at run time, as the Reuters text may not be
//! committed) and, optionally, `heldout.json` (recipes of the same form
//! from site templates written after the stage was tuned, scored as a set
//! of their own). A body line counts as kept when `clean` did not list it
//! in `attrs.clean.removed`; a furniture line as removed when it did.

use anyhow::{Context, bail};
use docpipe_clean::CleanSpec;
use docpipe_core::{Document, Stage, StageDescriptor};
use serde::Deserialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Arguments of `docpipe-eval clean`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The gold directory (`crates/clean/gold/`).
    #[arg(long)]
    gold: PathBuf,
    /// The Reuters-21578 bench corpus the synthetic recipes draw on.
    #[arg(long, default_value = "../shared/data/bench/reuters21578.jsonl")]
    bench: PathBuf,
    /// Fail when the share of body lines kept (percent) is below this, in
    /// the sample or the synthetic set.
    #[arg(long)]
    min_body_kept: Option<f64>,
    /// Fail when the share of furniture lines removed (percent) is below
    /// this, in the sample or the synthetic set.
    #[arg(long)]
    min_furniture_removed: Option<f64>,
    /// Fail when the share of body lines kept (percent) is below this in
    /// the held-out template set.
    #[arg(long)]
    min_heldout_body_kept: Option<f64>,
    /// Fail when the share of furniture lines removed (percent) is below
    /// this in the held-out template set.
    #[arg(long)]
    min_heldout_furniture_removed: Option<f64>,
    /// Print every misclassified line.
    #[arg(long, short)]
    verbose: bool,
    /// Print the assembled text, cleaned text and removed lines of the
    /// documents whose name contains this.
    #[arg(long)]
    show: Option<String>,
}

#[derive(Deserialize)]
struct Samples {
    documents: Vec<SampleDoc>,
}

#[derive(Deserialize)]
struct SampleDoc {
    path: PathBuf,
    furniture: BTreeMap<String, String>,
    body: Vec<usize>,
}

#[derive(Deserialize)]
struct Synthetic {
    recipes: Vec<Recipe>,
}

#[derive(Deserialize)]
struct Recipe {
    bench_id: String,
    site: String,
    title: Option<String>,
    dateline: String,
    paragraphs: String,
    head: Vec<String>,
    after_title: Vec<String>,
    inserts: Vec<Insert>,
    tail: Vec<String>,
}

#[derive(Deserialize)]
struct Insert {
    after: usize,
    lines: Vec<String>,
}

/// A document with each line's gold label.
struct GoldDoc {
    name: String,
    text: String,
    /// 1-based line → is furniture.
    labels: BTreeMap<usize, bool>,
}

#[derive(Default)]
struct Score {
    docs: usize,
    body: usize,
    body_kept: usize,
    furniture: usize,
    furniture_removed: usize,
}

impl Score {
    fn body_pct(&self) -> f64 {
        pct(self.body_kept, self.body)
    }
    fn furniture_pct(&self) -> f64 {
        pct(self.furniture_removed, self.furniture)
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        100.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// Runs the evaluation.
pub(crate) fn run(args: Args) -> anyhow::Result<()> {
    let stage = StageDescriptor::of::<CleanSpec>()
        .build(serde_json::json!({}))
        .context("building the clean stage")?
        .stage;
    let samples = load_samples(&args.gold)?;
    let floors = (args.min_body_kept, args.min_furniture_removed);
    let heldout_floors = (
        args.min_heldout_body_kept,
        args.min_heldout_furniture_removed,
    );
    let mut sets = vec![("sample articles", samples, floors)];
    if args.bench.exists() {
        sets.push((
            "synthetic (Reuters + furniture)",
            load_synthetic(&args.gold.join("synthetic.json"), &args.bench)?,
            floors,
        ));
        let heldout = args.gold.join("heldout.json");
        if heldout.exists() {
            sets.push((
                "held-out templates (new sites)",
                load_synthetic(&heldout, &args.bench)?,
                heldout_floors,
            ));
        }
    } else {
        eprintln!(
            "note: {} not found, the synthetic set is skipped",
            args.bench.display()
        );
    }
    let mut failed = Vec::new();
    println!(
        "{:<34} {:>5} {:>16} {:>22}",
        "set", "docs", "body kept", "furniture removed"
    );
    for (name, docs, (min_body_kept, min_furniture_removed)) in &sets {
        let score = evaluate(stage.as_ref(), docs, args.verbose, args.show.as_deref())?;
        println!(
            "{:<34} {:>5} {:>7.2}% ({}/{}) {:>10.2}% ({}/{})",
            name,
            score.docs,
            score.body_pct(),
            score.body_kept,
            score.body,
            score.furniture_pct(),
            score.furniture_removed,
            score.furniture
        );
        if let Some(min) = *min_body_kept
            && score.body_pct() < min
        {
            failed.push(format!(
                "{name}: body kept {:.2}% < {min}%",
                score.body_pct()
            ));
        }
        if let Some(min) = *min_furniture_removed
            && score.furniture_pct() < min
        {
            failed.push(format!(
                "{name}: furniture removed {:.2}% < {min}%",
                score.furniture_pct()
            ));
        }
    }
    if !failed.is_empty() {
        bail!("below the floor: {}", failed.join("; "));
    }
    Ok(())
}

fn evaluate(
    stage: &dyn Stage,
    docs: &[GoldDoc],
    verbose: bool,
    show: Option<&str>,
) -> anyhow::Result<Score> {
    let mut score = Score::default();
    for gold in docs {
        let mut doc = Document::new(gold.name.clone(), gold.text.clone());
        stage
            .process(&mut doc)
            .with_context(|| format!("cleaning {}", gold.name))?;
        let removed: BTreeMap<usize, String> = doc
            .attrs
            .get("clean")
            .and_then(|c| c.get("removed"))
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|r| {
                        let line = usize::try_from(r.get("line")?.as_u64()?).ok()?;
                        let reason = r.get("reason")?.as_str()?.to_owned();
                        Some((line, reason))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let lines: Vec<&str> = gold.text.split('\n').collect();
        if show.is_some_and(|s| gold.name.contains(s)) {
            println!(
                "--- {}\n{}\n--- cleaned\n{}\n--- meta {}",
                gold.name,
                gold.text,
                doc.text,
                Value::Object(doc.meta.clone())
            );
            for (line, reason) in &removed {
                println!("  removed {line} ({reason})");
            }
        }
        score.docs += 1;
        for (&line, &furniture) in &gold.labels {
            let gone = removed.contains_key(&line);
            if furniture {
                score.furniture += 1;
                score.furniture_removed += usize::from(gone);
            } else {
                score.body += 1;
                score.body_kept += usize::from(!gone);
            }
            if verbose && gone != furniture {
                let what = match removed.get(&line) {
                    Some(reason) => format!("body removed ({reason})"),
                    None => "furniture kept".to_owned(),
                };
                let text = lines.get(line - 1).copied().unwrap_or_default();
                println!(
                    "  {} line {line}: {what}: {}",
                    gold.name,
                    text.chars().take(100).collect::<String>()
                );
            }
        }
    }
    Ok(score)
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> anyhow::Result<T> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

fn load_samples(gold: &Path) -> anyhow::Result<Vec<GoldDoc>> {
    let samples: Samples = read_json(&gold.join("samples.json"))?;
    let mut docs = Vec::new();
    for s in samples.documents {
        // Paths are relative to the repository root: the working directory,
        // or three levels above the gold directory.
        let path = if s.path.exists() {
            s.path.clone()
        } else {
            gold.join("../../..").join(&s.path)
        };
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        let mut labels = BTreeMap::new();
        for line in s.furniture.keys() {
            labels.insert(
                line.parse()
                    .with_context(|| format!("line number `{line}`"))?,
                true,
            );
        }
        for &line in &s.body {
            labels.insert(line, false);
        }
        docs.push(GoldDoc {
            name: s.path.display().to_string(),
            text,
            labels,
        });
    }
    Ok(docs)
}

/// Assembles the documents of a recipe file (`synthetic.json`,
/// `heldout.json`).
fn load_synthetic(recipes: &Path, bench: &Path) -> anyhow::Result<Vec<GoldDoc>> {
    let synthetic: Synthetic = read_json(recipes)?;
    let wanted: BTreeSet<&str> = synthetic
        .recipes
        .iter()
        .map(|r| r.bench_id.as_str())
        .collect();
    let text =
        std::fs::read_to_string(bench).with_context(|| format!("reading {}", bench.display()))?;
    let mut articles: HashMap<String, Value> = HashMap::new();
    for line in text.lines() {
        let v: Value =
            serde_json::from_str(line).with_context(|| format!("parsing {}", bench.display()))?;
        if let Some(id) = v.get("id").and_then(Value::as_str)
            && wanted.contains(id)
        {
            articles.insert(id.to_owned(), v);
        }
    }
    synthetic
        .recipes
        .iter()
        .map(|r| {
            let article = articles
                .get(&r.bench_id)
                .with_context(|| format!("{} is not in {}", r.bench_id, bench.display()))?;
            Ok(assemble(r, article))
        })
        .collect()
}

fn title_case(s: &str, mode: &str) -> String {
    let lower = s.to_lowercase();
    match mode {
        "upper" => s.to_owned(),
        "sentence" => {
            let mut c = lower.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
        _ => lower
            .split(' ')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect::<String>())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// Builds a scraped-looking document from a recipe and its article.
fn assemble(r: &Recipe, article: &Value) -> GoldDoc {
    let field = |k: &str| {
        article
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    let title = r
        .title
        .as_deref()
        .map(|mode| title_case(&field("title"), mode));
    let dateline = field("dateline");
    let mut lines: Vec<(String, Option<bool>)> = Vec::new();
    let sep = r.paragraphs != "tight";
    let push = |lines: &mut Vec<(String, Option<bool>)>, text: String, furniture: bool| {
        if sep && !lines.is_empty() {
            lines.push((String::new(), None));
        }
        let label = (!text.trim().is_empty()).then_some(furniture);
        lines.push((text, label));
    };
    let fill = |s: &str| s.replace("{title}", title.as_deref().unwrap_or_default());
    for l in &r.head {
        push(&mut lines, fill(l), true);
    }
    if let Some(t) = &title {
        push(&mut lines, t.clone(), true);
    }
    for l in &r.after_title {
        push(&mut lines, fill(l), true);
    }
    if r.dateline == "line" && !dateline.is_empty() {
        push(&mut lines, dateline.clone(), true);
    }
    let body = field("text");
    let paragraphs: Vec<&str> = body.split('\n').filter(|p| !p.trim().is_empty()).collect();
    for (i, p) in paragraphs.iter().enumerate() {
        let text = if i == 0 && r.dateline == "prefix" {
            format!("{dateline} {p}")
        } else {
            (*p).to_owned()
        };
        push(&mut lines, text, false);
        for insert in r
            .inserts
            .iter()
            .filter(|x| x.after == i + 1 && i + 1 < paragraphs.len())
        {
            for l in &insert.lines {
                push(&mut lines, fill(l), true);
            }
        }
    }
    for l in &r.tail {
        push(&mut lines, fill(l), true);
    }
    let labels = lines
        .iter()
        .enumerate()
        .filter_map(|(i, (_, label))| label.map(|f| (i + 1, f)))
        .collect();
    let text = lines
        .into_iter()
        .map(|(t, _)| t)
        .collect::<Vec<_>>()
        .join("\n");
    GoldDoc {
        name: format!("{} ({})", r.bench_id, r.site),
        text,
        labels,
    }
}
