//! The `clean` stage of docpipe: the first stage of a pipeline, turning a
//! scraped news page into the article a reader wants.
//!
//! It normalizes the text (NFC, whitespace, line endings, BOM, control and
//! zero-width characters, mojibake), removes page furniture line by line
//! (breadcrumbs, share and comment widgets, related-article lists, menus,
//! cookie and newsletter notices, copyright lines) by general line
//! features and widget phrases in several languages, lifts `title`,
//! `date` (ISO 8601), `byline`, `source`, `dateline` and `lang` into
//! `meta`, and drops lines in another language than the document's.
//! Hard-wrapped text (72 columns, say) is judged paragraph by paragraph,
//! not by its half-sentence lines.
//! Every removed line is listed in `attrs.clean.removed` with its reason.
//! A name under a contact heading next to the body (`Media Contact:`,
//! `For more information`) is whom to call, not the author: it is removed
//! as `contact` furniture and never becomes the byline. The date lines of
//! a dividend notice (`Pay April 30`, `Record March nine`) are content.
//!
//! `lang` is told from the stop words of the document's prose, else by
//! whatlang on a sample of it without rows of figures; a document with
//! too little text outside its tables to tell (under 40 letters of ASCII)
//! gets no `lang`.
//!
//! ```
//! use docpipe_clean::CleanSpec;
//! use docpipe_core::{Document, Outcome, StageDescriptor};
//!
//! let built = StageDescriptor::of::<CleanSpec>().build(serde_json::json!({})).unwrap();
//! let mut doc = Document::new(
//!     "1",
//!     "Home » News » Markets\n\nMarkets rally on rate hopes\n\n\
//!      Stocks rose sharply on Monday as investors bet that the central bank would cut rates soon.\n\n\
//!      Share this\n\nComments (0)",
//! );
//! assert_eq!(built.stage.process(&mut doc).unwrap(), Outcome::Keep);
//! assert!(doc.text.starts_with("Stocks rose"));
//! assert_eq!(doc.meta_str("title"), Some("Markets rally on rate hopes"));
//! assert_eq!(doc.meta_str("lang"), Some("en"));
//! ```

mod error;
mod features;
mod furniture;
mod language;
mod meta;
mod mojibake;
mod normalize;
mod options;
mod phrases;
mod wrap;

pub use error::CleanError;
pub use options::CleanOptions;

use docpipe_core::{Document, Layer, Outcome, Stage, StageError, StageSpec};
use furniture::{Plan, Removed, Settings};
use phrases::Phrases;
use serde_json::{Value, json};

/// The `clean` stage's registration: `uses = "clean"`.
pub struct CleanSpec;

impl StageSpec for CleanSpec {
    type Options = CleanOptions;
    const NAME: &'static str = "clean";
    const DESCRIPTION: &'static str =
        "Normalizes text, removes page furniture, lifts title/date/byline/source/lang into meta.";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    fn requires(_: &CleanOptions) -> Vec<Layer> {
        vec![Layer::TEXT]
    }

    fn produces(_: &CleanOptions) -> Vec<Layer> {
        vec![Layer::TEXT, Layer::META]
    }

    fn build(options: CleanOptions) -> Result<Box<dyn Stage>, StageError> {
        Ok(Box::new(Clean::new(options)?))
    }
}

/// The built stage.
struct Clean {
    options: CleanOptions,
    phrases: Phrases,
}

impl Clean {
    fn new(options: CleanOptions) -> Result<Self, CleanError> {
        if let Some(code) = options.languages.iter().find(|c| !language::is_code(c)) {
            return Err(CleanError::UnknownLanguage { code: code.clone() });
        }
        if let Some(index) = options
            .extra_furniture
            .iter()
            .position(|p| p.trim().is_empty())
        {
            return Err(CleanError::EmptyPhrase { index });
        }
        let phrases = Phrases::new(&options.extra_furniture);
        meta::compile_patterns();
        Ok(Self { options, phrases })
    }
}

fn removed_json(r: &[Removed]) -> Value {
    Value::Array(
        r.iter()
            .map(|r| json!({"line": r.line, "text": r.text, "reason": r.reason}))
            .collect(),
    )
}

/// What a drop reason adds about lines removed as furniture: how many, why,
/// and the option that keeps them (empty when none was removed).
fn furniture_note(removed: &[Removed]) -> String {
    if removed.is_empty() {
        return String::new();
    }
    let mut reasons: std::collections::BTreeMap<&str, usize> = Default::default();
    for r in removed {
        *reasons.entry(r.reason.as_str()).or_default() += 1;
    }
    let reasons: Vec<String> = reasons.iter().map(|(r, n)| format!("{r}: {n}")).collect();
    format!(
        "; {} line{} removed as page furniture ({}); set `remove_furniture = false` to keep them",
        removed.len(),
        if removed.len() == 1 { " was" } else { "s were" },
        reasons.join(", ")
    )
}

/// Rewrites a `date` the input gave in another form as ISO 8601 (the
/// document record's contract), keeping what was written as `date_raw`.
fn normalize_given_date(doc: &mut Document) {
    let Some(Value::String(raw)) = doc.meta.get("date") else {
        return;
    };
    let Some(iso) = meta::date::normalize_date(raw) else {
        return;
    };
    let raw = raw.clone();
    doc.meta.insert("date".to_owned(), Value::String(iso));
    doc.meta
        .entry("date_raw".to_owned())
        .or_insert(Value::String(raw));
}

/// Sets `meta[key]` unless the input already has a non-empty value.
fn set_meta(doc: &mut Document, key: &str, value: Option<String>) {
    let Some(value) = value.filter(|v| !v.is_empty()) else {
        return;
    };
    let present = match doc.meta.get(key) {
        Some(Value::String(s)) => !s.trim().is_empty(),
        Some(Value::Null) | None => false,
        Some(_) => true,
    };
    if !present {
        doc.meta.insert(key.to_owned(), Value::String(value));
    }
}

/// Joins kept lines, one blank line where the input had any between them.
fn assemble(plan: &Plan<'_>, original_lines: &[&str]) -> String {
    let mut text = String::with_capacity(plan.kept.iter().map(|(_, l)| l.len() + 2).sum());
    let mut prev: Option<usize> = None;
    for (i, line) in &plan.kept {
        if line.is_empty() {
            continue;
        }
        if let Some(p) = prev {
            let gap = original_lines[p + 1..*i].iter().any(|l| l.is_empty());
            text.push_str(if gap { "\n\n" } else { "\n" });
        }
        text.push_str(line);
        prev = Some(*i);
    }
    text
}

impl Stage for Clean {
    fn process(&self, doc: &mut Document) -> Result<Outcome, StageError> {
        let normalized = normalize::normalize(&doc.text, self.options.repair_mojibake);
        let known_title = doc.meta_str("title").map(str::to_owned);
        let settings = Settings {
            phrases: &self.phrases,
            remove_furniture: self.options.remove_furniture,
            drop_foreign_lines: self.options.drop_foreign_lines,
            known_title: known_title.as_deref(),
        };
        let plan = furniture::plan(&normalized, &settings);
        let lines: Vec<&str> = normalized.split('\n').collect();
        let text = assemble(&plan, &lines);

        let lang = plan.lang.map(language::iso_639_1);
        if let Some(code) = lang {
            set_meta(doc, "lang", Some(code.to_owned()));
        }
        if self.options.lift_metadata {
            normalize_given_date(doc);
            let l = plan.lifted.clone();
            set_meta(doc, "title", l.title);
            set_meta(doc, "date", l.date);
            set_meta(doc, "byline", l.byline);
            set_meta(doc, "source", l.source);
            set_meta(doc, "dateline", l.dateline);
        }
        let attrs = doc.attrs_mut("clean");
        attrs.insert("removed".into(), removed_json(&plan.removed));
        if !plan.stripped.is_empty() {
            attrs.insert("stripped".into(), removed_json(&plan.stripped));
        }
        if text != doc.text {
            doc.text = text;
            doc.clear_layers();
        }

        if !self.options.languages.is_empty() {
            let detected = doc.meta_str("lang").unwrap_or("unknown");
            if !self.options.languages.iter().any(|l| l == detected) {
                return Ok(Outcome::Drop(format!(
                    "language `{detected}` is not one of the allowed languages [{}]",
                    self.options.languages.join(", ")
                )));
            }
        }
        let chars = doc.text.chars().count();
        if chars < self.options.min_chars {
            let reason = if chars == 0 {
                "empty after cleaning".to_owned()
            } else {
                format!(
                    "{chars} characters after cleaning, fewer than min_chars = {}",
                    self.options.min_chars
                )
            };
            return Ok(Outcome::Drop(reason + &furniture_note(&plan.removed)));
        }
        Ok(Outcome::Keep)
    }
}
