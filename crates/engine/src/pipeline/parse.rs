//! TOML → [`PipelineFile`], keeping the span of every key and value.

use super::{
    Compression, DEFAULT_MAX_DOC_BYTES, ErrorBudget, PipelineFile, STAGE_KEYS, Spanned, StageEntry,
    TOP_LEVEL_KEYS,
};
use crate::error::{Diagnostic, PipelineError};
use crate::registry::closest;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use toml_edit::{Item, Value};

/// Collects diagnostics with positions for one file.
pub(crate) struct Diagnostics<'a> {
    source: &'a str,
    pub(crate) list: Vec<Diagnostic>,
}

impl<'a> Diagnostics<'a> {
    pub(crate) fn new(source: &'a str) -> Self {
        Self {
            source,
            list: Vec::new(),
        }
    }

    pub(crate) fn push(
        &mut self,
        message: String,
        span: Option<Range<usize>>,
        help: Option<String>,
    ) {
        let (line, column) = span
            .as_ref()
            .map(|s| line_col(self.source, s.start))
            .unwrap_or((1, 1));
        self.list.push(Diagnostic {
            message,
            span,
            line,
            column,
            help,
            flag: None,
        });
    }

    /// Records a problem with a value given on the command line as `flag`
    /// rather than in the file: it has no place in the file to point at.
    pub(crate) fn push_flag(&mut self, flag: &str, message: String, help: Option<String>) {
        self.list.push(Diagnostic {
            message,
            span: None,
            line: 1,
            column: 1,
            help,
            flag: Some(flag.to_owned()),
        });
    }

    pub(crate) fn into_result<T>(mut self, path: &Path, ok: T) -> Result<T, PipelineError> {
        if self.list.is_empty() {
            return Ok(ok);
        }
        // Command-line problems first (they have no line), then file order.
        self.list
            .sort_by_key(|d| (d.flag.is_none(), d.line, d.column));
        Err(PipelineError {
            path: path.to_path_buf(),
            source_text: self.source.to_owned(),
            diagnostics: self.list,
        })
    }
}

/// 1-based line and column (in chars) of a byte offset.
pub(crate) fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> Option<String> {
    let all: Vec<&str> = candidates.clone().into_iter().collect();
    match closest(word, candidates) {
        Some(c) => Some(format!("did you mean `{c}`? (valid: {})", all.join(", "))),
        None => Some(format!("valid: {}", all.join(", "))),
    }
}

fn type_name(item: &Item) -> &'static str {
    match item {
        Item::None => "nothing",
        Item::Table(_) | Item::Value(Value::InlineTable(_)) => "a table",
        Item::ArrayOfTables(_) | Item::Value(Value::Array(_)) => "an array",
        Item::Value(Value::String(_)) => "a string",
        Item::Value(Value::Integer(_)) => "an integer",
        Item::Value(Value::Float(_)) => "a float",
        Item::Value(Value::Boolean(_)) => "a boolean",
        Item::Value(Value::Datetime(_)) => "a date-time",
    }
}

/// Converts a TOML item to JSON (date-times become strings).
pub(crate) fn to_json(item: &Item) -> Json {
    match item {
        Item::None => Json::Null,
        Item::Value(v) => value_to_json(v),
        Item::Table(t) => Json::Object(t.iter().map(|(k, v)| (k.to_owned(), to_json(v))).collect()),
        Item::ArrayOfTables(a) => Json::Array(
            a.iter()
                .map(|t| Json::Object(t.iter().map(|(k, v)| (k.to_owned(), to_json(v))).collect()))
                .collect(),
        ),
    }
}

fn value_to_json(v: &Value) -> Json {
    match v {
        Value::String(s) => Json::String(s.value().clone()),
        Value::Integer(i) => Json::from(*i.value()),
        Value::Float(f) => {
            serde_json::Number::from_f64(*f.value()).map_or(Json::Null, Json::Number)
        }
        Value::Boolean(b) => Json::Bool(*b.value()),
        Value::Datetime(d) => Json::String(d.value().to_string()),
        Value::Array(a) => Json::Array(a.iter().map(value_to_json).collect()),
        Value::InlineTable(t) => Json::Object(
            t.iter()
                .map(|(k, v)| (k.to_owned(), value_to_json(v)))
                .collect(),
        ),
    }
}

/// Whether a value is or holds `nan` or `inf`, which JSON (and so a
/// stage's options) cannot carry: converted, they would read as unset.
fn has_non_finite(item: &Item) -> bool {
    fn value(v: &Value) -> bool {
        match v {
            Value::Float(f) => !f.value().is_finite(),
            Value::Array(a) => a.iter().any(value),
            Value::InlineTable(t) => t.iter().any(|(_, v)| value(v)),
            _ => false,
        }
    }
    match item {
        Item::Value(v) => value(v),
        Item::Table(t) => t.iter().any(|(_, i)| has_non_finite(i)),
        Item::ArrayOfTables(a) => a.iter().any(|t| t.iter().any(|(_, i)| has_non_finite(i))),
        Item::None => false,
    }
}

/// The (key, key span, item) entries of a table or inline table.
fn entries(item: &Item) -> Option<Vec<(String, Range<usize>, Item)>> {
    match item {
        Item::Table(t) => Some(
            t.iter()
                .map(|(k, v)| {
                    let ks = t.key(k).and_then(|k| k.span()).unwrap_or(0..0);
                    (k.to_owned(), ks, v.clone())
                })
                .collect(),
        ),
        Item::Value(Value::InlineTable(t)) => Some(
            t.iter()
                .map(|(k, v)| {
                    let ks = t.key(k).and_then(|k| k.span()).unwrap_or(0..0);
                    (k.to_owned(), ks, Item::Value(v.clone()))
                })
                .collect(),
        ),
        _ => None,
    }
}

pub(super) fn parse(path: &Path, source: String) -> Result<PipelineFile, PipelineError> {
    // toml_edit 0.23 panics on some malformed dotted keys (found by the
    // `pipeline_file` fuzz target, seed `toml_edit_panic.toml`): a panic in
    // the parser is reported as invalid TOML, never a crash.
    crate::run::panic::install_hook();
    let parsed = match crate::run::panic::catch(|| toml_edit::Document::parse(source.clone())) {
        Ok(parsed) => parsed,
        Err(_) => {
            let mut d = Diagnostics::new(&source);
            d.push(
                "invalid TOML: the parser gave up on this file (look for a malformed dotted key such as `a..b = 1` or a broken table header)".to_owned(),
                None,
                Some("see https://toml.io for the syntax".into()),
            );
            return d.into_result(path, PipelineFile::empty(path, String::new()));
        }
    };
    let doc = match parsed {
        Ok(d) => d,
        Err(e) => {
            let mut d = Diagnostics::new(&source);
            d.push(
                format!("invalid TOML: {}", e.message().trim()),
                e.span(),
                Some("see https://toml.io for the syntax".into()),
            );
            return d.into_result(path, PipelineFile::empty(path, String::new()));
        }
    };
    let mut d = Diagnostics::new(&source);
    let root = doc.as_table();
    let mut file = PipelineFile::empty(path, source.clone());
    let span_of = |item: &Item| item.span().unwrap_or(0..0);

    for (key, item) in root.iter() {
        let key_span = root.key(key).and_then(|k| k.span());
        if !TOP_LEVEL_KEYS.contains(&key) {
            d.push(
                format!("unknown key `{key}` in the pipeline file"),
                key_span,
                did_you_mean(key, TOP_LEVEL_KEYS),
            );
            continue;
        }
        let span = span_of(item);
        let wrong = |expected: &str| format!("`{key}` must be {expected}, not {}", type_name(item));
        match key {
            "name" => match item.as_str() {
                Some(s) => {
                    file.name = Spanned {
                        value: s.to_owned(),
                        span,
                    }
                }
                None => d.push(wrong("a string"), Some(span), None),
            },
            "input" => match item {
                Item::Value(Value::String(s)) => {
                    file.input = vec![Spanned {
                        value: s.value().clone(),
                        span,
                    }];
                }
                Item::Value(Value::Array(a)) => {
                    file.input.clear();
                    for v in a.iter() {
                        match v.as_str() {
                            Some(s) => file.input.push(Spanned {
                                value: s.to_owned(),
                                span: v.span().unwrap_or(span.clone()),
                            }),
                            None => d.push(
                                "every `input` entry must be a string (a file, directory or glob)"
                                    .into(),
                                v.span(),
                                None,
                            ),
                        }
                    }
                }
                _ => d.push(wrong("a string or an array of strings"), Some(span), None),
            },
            "output" => match item.as_str() {
                Some(s) => {
                    file.output = Some(Spanned {
                        value: s.to_owned(),
                        span,
                    });
                }
                None => d.push(wrong("a string (a directory)"), Some(span), None),
            },
            "compression" => match item.as_str() {
                Some("none") => file.compression = Compression::None,
                Some("zstd") => file.compression = Compression::Zstd,
                Some("gzip") => file.compression = Compression::Gzip,
                Some(other) => d.push(
                    format!("unknown compression `{other}`"),
                    Some(span),
                    did_you_mean(other, ["none", "zstd", "gzip"]),
                ),
                None => d.push(wrong("a string"), Some(span), None),
            },
            "max_doc_bytes" => match item.as_integer() {
                Some(n) if n > 0 => file.max_doc_bytes = n as u64,
                _ => d.push(
                    format!(
                        "`max_doc_bytes` must be a positive integer, not {}",
                        item_repr(item)
                    ),
                    Some(span),
                    Some("e.g. `max_doc_bytes = 16777216` (16 MiB, the default)".into()),
                ),
            },
            "max_errors" => match parse_budget(item) {
                Some(b) => file.max_errors = Some(b),
                None => d.push(
                    format!(
                        "`max_errors` must be a count, a fraction or a percentage, not {}",
                        item_repr(item)
                    ),
                    Some(span),
                    Some(
                        "e.g. `max_errors = 100`, `max_errors = 0.01` or `max_errors = \"1%\"`"
                            .into(),
                    ),
                ),
            },
            "stage" => parse_stages(item, &mut d, &mut file),
            _ => {}
        }
    }
    if root.get("stage").is_none() {
        d.push(
            "the pipeline has no stages".into(),
            None,
            Some("add at least one `[[stage]]` table with `uses = \"…\"`".into()),
        );
    }
    if file.name.value.is_empty() {
        file.name = Spanned::detached(
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "pipeline".into()),
        );
    }
    file.problems = d.list;
    Ok(file)
}

fn item_repr(item: &Item) -> String {
    match item {
        Item::Value(v) => format!("`{}`", v.to_string().trim()),
        other => type_name(other).to_owned(),
    }
}

fn parse_budget(item: &Item) -> Option<ErrorBudget> {
    match item {
        Item::Value(Value::Integer(i)) if *i.value() >= 0 => {
            Some(ErrorBudget::Count(*i.value() as u64))
        }
        Item::Value(Value::Float(f)) if (0.0..=1.0).contains(f.value()) => {
            Some(ErrorBudget::Fraction(*f.value()))
        }
        Item::Value(Value::String(s)) => {
            let pct: f64 = s.value().trim().strip_suffix('%')?.trim().parse().ok()?;
            (0.0..=100.0)
                .contains(&pct)
                .then_some(ErrorBudget::Fraction(pct / 100.0))
        }
        _ => None,
    }
}

fn parse_stages(item: &Item, d: &mut Diagnostics<'_>, file: &mut PipelineFile) {
    let tables: Vec<(Item, Range<usize>)> = match item {
        Item::ArrayOfTables(a) => a
            .iter()
            .map(|t| (Item::Table(t.clone()), t.span().unwrap_or(0..0)))
            .collect(),
        Item::Value(Value::Array(a)) => a
            .iter()
            .map(|v| (Item::Value(v.clone()), v.span().unwrap_or(0..0)))
            .collect(),
        other => {
            d.push(
                format!(
                    "`stage` must be an array of tables (`[[stage]]`), not {}",
                    type_name(other)
                ),
                other.span(),
                Some("write each stage as a `[[stage]]` table with `uses = \"…\"`".into()),
            );
            return;
        }
    };
    for (table, span) in tables {
        let Some(entries) = entries(&table) else {
            d.push(
                format!("each stage must be a table, not {}", type_name(&table)),
                Some(span),
                None,
            );
            continue;
        };
        let mut uses: Option<Spanned<String>> = None;
        let mut id: Option<Spanned<String>> = None;
        let mut options = BTreeMap::new();
        let mut uses_mistyped = false;
        for (key, key_span, value) in entries {
            let value_span = value.span().unwrap_or(key_span.clone());
            match key.as_str() {
                "uses" | "id" => match value.as_str() {
                    Some(s) => {
                        let sp = Spanned {
                            value: s.to_owned(),
                            span: value_span,
                        };
                        if key == "uses" {
                            uses = Some(sp);
                        } else {
                            id = Some(sp);
                        }
                    }
                    None => {
                        uses_mistyped |= key == "uses";
                        d.push(
                            format!("`{key}` must be a string, not {}", type_name(&value)),
                            Some(value_span),
                            None,
                        );
                    }
                },
                _ if has_non_finite(&value) => d.push(
                    format!(
                        "`{key}` holds {}, which is no number a stage can use",
                        item_repr(&value)
                    ),
                    Some(value_span),
                    Some(
                        "write a finite number (`0.5`, `3`); `nan` and `inf` are not options"
                            .into(),
                    ),
                ),
                _ => {
                    options.insert(key, (to_json(&value), key_span, value_span));
                }
            }
        }
        let header = span.start..span.start + "[[stage]]".len().min(span.len().max(1));
        let Some(uses) = uses else {
            if uses_mistyped {
                continue;
            }
            d.push(
                "this stage has no `uses` key".into(),
                Some(header),
                Some("add `uses = \"<stage>\"`; `docpipe stages` lists the stages".into()),
            );
            continue;
        };
        let id = id.unwrap_or_else(|| uses.clone());
        file.stages.push(StageEntry {
            uses,
            id,
            options,
            span: header,
        });
    }
    let _ = STAGE_KEYS;
}

impl PipelineFile {
    fn empty(path: &Path, source: String) -> Self {
        PipelineFile {
            path: path.to_path_buf(),
            source,
            name: Spanned::detached(String::new()),
            input: Vec::new(),
            output: None,
            compression: Compression::None,
            max_doc_bytes: DEFAULT_MAX_DOC_BYTES,
            max_errors: None,
            stages: Vec::new(),
            problems: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars() {
        let s = "a = 1\nbé = 2\n";
        assert_eq!(line_col(s, 0), (1, 1));
        assert_eq!(line_col(s, 6), (2, 1));
        assert_eq!(line_col(s, s.find('=').unwrap()), (1, 3));
        assert_eq!(line_col(s, s.rfind('=').unwrap()), (2, 4));
    }

    #[test]
    fn a_panic_in_the_toml_parser_is_an_invalid_toml_diagnostic() {
        let bytes = include_bytes!("../../../../fuzz/seeds/pipeline_file/toml_edit_panic.toml");
        let text = String::from_utf8_lossy(bytes).into_owned();
        let Err(e) = parse(Path::new("f.toml"), text) else {
            panic!("the file was accepted")
        };
        assert!(
            e.diagnostics
                .iter()
                .any(|d| d.message.contains("the parser gave up")),
            "{e}"
        );
    }

    #[test]
    fn budgets() {
        let p = |s: &str| {
            let doc = toml_edit::Document::parse(format!("x = {s}")).unwrap();
            parse_budget(&doc.as_table()["x"])
        };
        assert_eq!(p("5"), Some(ErrorBudget::Count(5)));
        assert_eq!(p("0.25"), Some(ErrorBudget::Fraction(0.25)));
        assert_eq!(p("\"2%\""), Some(ErrorBudget::Fraction(0.02)));
        assert_eq!(p("-1"), None);
        assert_eq!(p("\"lots\""), None);
    }
}
