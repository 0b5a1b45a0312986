//! The stage's options and their validated form.

use docpipe_core::StageError;
use serde::{Deserialize, Serialize};

/// An output format the stage can write.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// `documents.jsonl` and `entity_index.jsonl`.
    Jsonl,
    /// `documents.csv`, `entities.csv` (and `sentences.csv` on request).
    Csv,
    /// `documents.parquet`, `entities.parquet` (and `sentences.parquet`).
    Parquet,
    /// `report.html`.
    Html,
    /// `digest.md`.
    Md,
}

/// Options of the `export` stage.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ExportOptions {
    /// Which outputs to write under `<output>/<stage id>/`: any of `jsonl`
    /// (documents.jsonl, entity_index.jsonl), `csv` (documents.csv,
    /// entities.csv), `parquet` (documents.parquet, entities.parquet),
    /// `html` (report.html) and `md` (digest.md).
    /// Default: `["jsonl", "csv", "html", "md"]`.
    pub formats: Vec<Format>,
    /// Columns of documents.jsonl/.csv/.parquet, in order: `id`, `title`,
    /// `date`, `source`, `byline`, `lang`, `chars` (length in code points),
    /// `sentences` (sentence count), `summary`, `keyphrases`, `entities`, or
    /// `meta.<key>` for any other metadata field. `id` is always the first
    /// column, listed or not. Default: `["id", "title", "date", "source",
    /// "byline", "lang", "chars", "summary", "keyphrases", "entities"]`.
    pub fields: Vec<String>,
    /// Also write one row per sentence (doc, index, start, end, text) to
    /// sentences.csv, and to sentences.parquet when `parquet` is among the
    /// formats. Default: `false`.
    pub sentences_csv: bool,
    /// How many document cards report.html shows (the first ones in input
    /// order); the report says how many it left out. Default: `500`.
    pub max_cards: usize,
    /// File names of the outputs, relative to `<output>/<stage id>/`; a
    /// name may have subdirectories (`tables/documents.csv`) but may not
    /// leave that directory (no `..`, no absolute path). E.g.
    /// `paths = { report = "index.html", digest = "README.md" }`.
    pub paths: OutputPaths,
}

/// Where each output of the stage is written, relative to the stage's
/// directory. Each defaults to the name design.md gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct OutputPaths {
    /// Default: `documents.jsonl`.
    pub documents_jsonl: String,
    /// Default: `documents.csv`.
    pub documents_csv: String,
    /// Default: `entities.csv`.
    pub entities_csv: String,
    /// Default: `sentences.csv`.
    pub sentences_csv: String,
    /// Default: `documents.parquet`.
    pub documents_parquet: String,
    /// Default: `entities.parquet`.
    pub entities_parquet: String,
    /// Default: `sentences.parquet`.
    pub sentences_parquet: String,
    /// Default: `entity_index.jsonl`.
    pub entity_index: String,
    /// Default: `report.html`.
    pub report: String,
    /// Default: `digest.md`.
    pub digest: String,
}

impl Default for OutputPaths {
    fn default() -> Self {
        Self {
            documents_jsonl: "documents.jsonl".into(),
            documents_csv: "documents.csv".into(),
            entities_csv: "entities.csv".into(),
            sentences_csv: "sentences.csv".into(),
            documents_parquet: "documents.parquet".into(),
            entities_parquet: "entities.parquet".into(),
            sentences_parquet: "sentences.parquet".into(),
            entity_index: "entity_index.jsonl".into(),
            report: "report.html".into(),
            digest: "digest.md".into(),
        }
    }
}

impl OutputPaths {
    /// Every path with its option key.
    fn entries(&self) -> [(&'static str, &str); 10] {
        [
            ("documents_jsonl", &self.documents_jsonl),
            ("documents_csv", &self.documents_csv),
            ("entities_csv", &self.entities_csv),
            ("sentences_csv", &self.sentences_csv),
            ("documents_parquet", &self.documents_parquet),
            ("entities_parquet", &self.entities_parquet),
            ("sentences_parquet", &self.sentences_parquet),
            ("entity_index", &self.entity_index),
            ("report", &self.report),
            ("digest", &self.digest),
        ]
    }

    /// Checks that every path stays inside the stage's directory and that
    /// no two outputs share one.
    fn check(&self) -> Result<(), StageError> {
        let bad = |key: &str, message: String| StageError::Options {
            option: format!("paths.{key}"),
            message,
        };
        let entries = self.entries();
        for (i, (key, path)) in entries.iter().enumerate() {
            let p = std::path::Path::new(path);
            if path.is_empty() || path.ends_with('/') || path.ends_with('\\') {
                return Err(bad(key, format!("`{path}` is not a file name")));
            }
            if !p
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)))
                || path.contains('\\')
            {
                return Err(bad(
                    key,
                    format!(
                        "`{path}` leaves the stage's output directory: use a relative name without `..`, `.` or `\\`, e.g. `tables/{}`",
                        p.file_name().map_or("out".into(), |n| n.to_string_lossy())
                    ),
                ));
            }
            // Compared as paths: `site//r.html` is `site/r.html`.
            if let Some((other, _)) = entries[..i]
                .iter()
                .find(|(_, q)| std::path::Path::new(q) == p)
            {
                return Err(bad(
                    key,
                    format!("`{path}` is also the path of `{other}`: each output needs its own"),
                ));
            }
        }
        // `report = "x/r.html"` with `digest = "x"`: one output would need
        // a directory where the other is a file. Checked once every path
        // is known to be a plain relative name.
        for (key, path) in entries {
            let p = std::path::Path::new(path);
            let nested = |q: &str| {
                let q = std::path::Path::new(q);
                q != p && (p.starts_with(q) || q.starts_with(p))
            };
            if let Some((other, q)) = entries.iter().find(|(_, q)| nested(q)) {
                return Err(bad(
                    key,
                    format!(
                        "`{path}` and `{other}` = `{q}` clash: one names a directory the other \
                         needs as a file; give them paths side by side"
                    ),
                ));
            }
        }
        Ok(())
    }
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            formats: vec![Format::Jsonl, Format::Csv, Format::Html, Format::Md],
            fields: DEFAULT_FIELDS.iter().map(|f| (*f).to_owned()).collect(),
            sentences_csv: false,
            max_cards: 500,
            paths: OutputPaths::default(),
        }
    }
}

const DEFAULT_FIELDS: [&str; 10] = [
    "id",
    "title",
    "date",
    "source",
    "byline",
    "lang",
    "chars",
    "summary",
    "keyphrases",
    "entities",
];

/// One column of the documents tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Field {
    /// The document id.
    Id,
    /// `meta.date`, typed as a date in Parquet.
    Date,
    /// Length of the text in code points.
    Chars,
    /// Number of sentences.
    Sentences,
    /// The summary text.
    Summary,
    /// The keyphrases' texts.
    Keyphrases,
    /// Every entity mention.
    Entities,
    /// A `meta` field, by key (`title`, `source`, … or `meta.<key>`).
    Meta(String),
}

impl Field {
    /// Parses a field name as written in the options.
    pub(crate) fn parse(name: &str) -> Option<Field> {
        Some(match name {
            "id" => Field::Id,
            "date" => Field::Date,
            "chars" => Field::Chars,
            "sentences" => Field::Sentences,
            "summary" => Field::Summary,
            "keyphrases" => Field::Keyphrases,
            "entities" => Field::Entities,
            "title" | "source" | "byline" | "lang" => Field::Meta(name.to_owned()),
            _ => match name.strip_prefix("meta.") {
                Some("date") => Field::Date,
                Some(key) if !key.is_empty() => Field::Meta(key.to_owned()),
                _ => return None,
            },
        })
    }

    /// The column name in the tables.
    pub(crate) fn column(&self) -> &str {
        match self {
            Field::Id => "id",
            Field::Date => "date",
            Field::Chars => "chars",
            Field::Sentences => "sentences",
            Field::Summary => "summary",
            Field::Keyphrases => "keyphrases",
            Field::Entities => "entities",
            Field::Meta(key) => key,
        }
    }
}

/// The options, checked and resolved once when the stage is built.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// The documents tables' columns, `id` first, without duplicates.
    pub fields: Vec<Field>,
    /// Write documents.jsonl and entity_index.jsonl.
    pub jsonl: bool,
    /// Write the CSV tables.
    pub csv: bool,
    /// Write the Parquet tables.
    #[cfg_attr(not(feature = "parquet"), allow(dead_code))]
    pub parquet: bool,
    /// Write report.html.
    pub html: bool,
    /// Write digest.md.
    pub md: bool,
    /// Write the sentences tables.
    pub sentences: bool,
    /// Cards in the report.
    pub max_cards: usize,
    /// The output file names, checked.
    pub paths: OutputPaths,
}

impl Plan {
    /// Checks the options: known field names, no duplicate columns, and
    /// Parquet only when the crate was built with it.
    pub(crate) fn new(options: &ExportOptions) -> Result<Plan, StageError> {
        let mut fields = vec![Field::Id];
        for name in &options.fields {
            let field = Field::parse(name).ok_or_else(|| StageError::Options {
                option: "fields".into(),
                message: format!(
                    "unknown field `{name}`: use one of {} or `meta.<key>`",
                    DEFAULT_FIELDS.join(", ") + ", sentences"
                ),
            })?;
            if field == Field::Id {
                continue;
            }
            if fields.iter().any(|f| f.column() == field.column()) {
                return Err(StageError::Options {
                    option: "fields".into(),
                    message: format!("field `{name}` is listed twice"),
                });
            }
            fields.push(field);
        }
        let has = |f: Format| options.formats.contains(&f);
        if has(Format::Parquet) && !cfg!(feature = "parquet") {
            return Err(StageError::Options {
                option: "formats".into(),
                message: "this docpipe was built without the `parquet` feature of docpipe-export"
                    .into(),
            });
        }
        options.paths.check()?;
        Ok(Plan {
            fields,
            jsonl: has(Format::Jsonl),
            csv: has(Format::Csv),
            parquet: has(Format::Parquet),
            html: has(Format::Html),
            md: has(Format::Md),
            sentences: options.sentences_csv,
            max_cards: options.max_cards,
            paths: options.paths.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(fields: &[&str]) -> Result<Plan, StageError> {
        Plan::new(&ExportOptions {
            fields: fields.iter().map(|f| (*f).to_owned()).collect(),
            ..ExportOptions::default()
        })
    }

    #[test]
    fn default_fields_resolve_with_id_first() {
        let p = Plan::new(&ExportOptions::default()).unwrap();
        let cols: Vec<&str> = p.fields.iter().map(Field::column).collect();
        assert_eq!(cols, DEFAULT_FIELDS);
        assert!(p.jsonl && p.csv && p.html && p.md && !p.parquet && !p.sentences);
    }

    #[test]
    fn id_is_always_first_and_meta_keys_work() {
        let p = plan(&["meta.topics", "title", "id"]).unwrap();
        let cols: Vec<&str> = p.fields.iter().map(Field::column).collect();
        assert_eq!(cols, ["id", "topics", "title"]);
        assert_eq!(plan(&["meta.date"]).unwrap().fields[1], Field::Date);
    }

    #[test]
    fn unknown_and_duplicate_fields_are_rejected() {
        let err = plan(&["titel"]).unwrap_err().to_string();
        assert!(err.contains("unknown field `titel`"), "{err}");
        let err = plan(&["title", "meta.title"]).unwrap_err().to_string();
        assert!(err.contains("listed twice"), "{err}");
        assert!(plan(&["meta."]).is_err());
    }

    fn paths(edit: impl Fn(&mut OutputPaths)) -> Result<Plan, StageError> {
        let mut o = ExportOptions::default();
        edit(&mut o.paths);
        Plan::new(&o)
    }

    #[test]
    fn output_paths_stay_inside_the_stage_directory() {
        assert!(paths(|p| p.report = "index.html".into()).is_ok());
        assert!(paths(|p| p.documents_csv = "tables/documents.csv".into()).is_ok());
        for bad in [
            "../report.html",
            "/tmp/report.html",
            "a/../../b",
            "./r.html",
            "",
            "dir/",
            "a\\b",
        ] {
            let err = paths(|p| p.report = bad.into()).unwrap_err().to_string();
            assert!(err.contains("paths.report"), "{bad}: {err}");
        }
    }

    #[test]
    fn one_file_named_twice_is_said_to_be_one_file() {
        let err = paths(|p| {
            p.report = "site/r.html".into();
            p.digest = "site//r.html".into();
        })
        .unwrap_err()
        .to_string();
        assert!(err.contains("is also the path of"), "{err}");
    }

    #[test]
    fn an_output_cannot_be_the_directory_of_another() {
        let err = paths(|p| {
            p.report = "x/r.html".into();
            p.digest = "x".into();
        })
        .unwrap_err()
        .to_string();
        assert!(err.contains("clash"), "{err}");
        let err = paths(|p| {
            p.digest = "x".into();
            p.report = "x/r.html".into();
        })
        .unwrap_err()
        .to_string();
        assert!(err.contains("clash"), "{err}");
        assert!(
            paths(|p| {
                p.report = "x/r.html".into();
                p.digest = "x/d.md".into();
                p.entity_index = "xy".into();
            })
            .is_ok()
        );
    }

    #[test]
    fn two_outputs_cannot_share_a_path() {
        let err = paths(|p| p.digest = "report.html".into())
            .unwrap_err()
            .to_string();
        assert!(err.contains("also the path of `report`"), "{err}");
    }
}
