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
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            formats: vec![Format::Jsonl, Format::Csv, Format::Html, Format::Md],
            fields: DEFAULT_FIELDS.iter().map(|f| (*f).to_owned()).collect(),
            sentences_csv: false,
            max_cards: 500,
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
    fn parse(name: &str) -> Option<Field> {
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
        Ok(Plan {
            fields,
            jsonl: has(Format::Jsonl),
            csv: has(Format::Csv),
            parquet: has(Format::Parquet),
            html: has(Format::Html),
            md: has(Format::Md),
            sentences: options.sentences_csv,
            max_cards: options.max_cards,
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
}
