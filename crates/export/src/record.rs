//! One document seen flat: the values every output reads, with entity
//! offsets converted to code points once.

use crate::calendar::Date;
use crate::options::Field;
use docpipe_core::Document;
use docpipe_core::offsets::OffsetMap;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;
#[cfg(test)]
use serde_json::json;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// Labels whose entities are values (dates, amounts) rather than names;
/// "top entities" lists leave them out.
pub(crate) const VALUE_LABELS: [&str; 5] = ["DATE", "TIME", "MONEY", "PERCENT", "QUANTITY"];

/// An entity mention with code point offsets.
#[derive(Debug, Clone)]
pub(crate) struct Mention<'a> {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// Byte span in the text, for highlighting.
    pub bytes: (usize, usize),
    /// The mention as written.
    pub text: &'a str,
    /// Its label.
    pub label: &'a str,
    /// The canonical name, or the mention's text when the tagger set none.
    pub canonical: &'a str,
    /// The normalized value, if any.
    pub value: Option<&'a Value>,
}

impl Mention<'_> {
    /// The value as a table cell: strings as they are, anything else as
    /// JSON, nothing as an empty cell.
    pub(crate) fn value_cell(&self) -> Option<Cow<'_, str>> {
        self.value.map(value_text)
    }
}

/// A JSON value as text: a string's contents, or compact JSON.
pub(crate) fn value_text(v: &Value) -> Cow<'_, str> {
    match v {
        Value::String(s) => Cow::Borrowed(s),
        other => Cow::Owned(other.to_string()),
    }
}

/// An entity in documents.jsonl, its keys in this order.
#[derive(serde::Serialize)]
struct MentionJson<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    label: &'a str,
    canonical: &'a str,
    value: Option<&'a Value>,
}

/// A documents.jsonl record: serializes its fields in the configured
/// order (a `serde_json::Map` would sort them).
pub(crate) struct Record<'v, 'a> {
    view: &'v DocView<'a>,
    fields: &'v [Field],
}

impl Serialize for Record<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Each value is serialized from the document's own data, as
        // `DocView::json` would build it, without copying it into a `Value`
        // first (this runs for every document of a run).
        let view = self.view;
        let doc = view.doc;
        let mut map = s.serialize_map(Some(self.fields.len()))?;
        for field in self.fields {
            let key = field.column();
            match field {
                Field::Id => map.serialize_entry(key, &doc.id)?,
                Field::Date => map.serialize_entry(key, &doc.meta.get("date"))?,
                Field::Meta(name) => map.serialize_entry(key, &doc.meta.get(name))?,
                Field::Chars => map.serialize_entry(key, &view.chars())?,
                Field::Sentences => {
                    map.serialize_entry(key, &doc.sentences.as_ref().map(Vec::len))?;
                }
                Field::Summary => {
                    map.serialize_entry(key, &doc.summary.as_ref().map(|s| &s.text))?;
                }
                Field::Keyphrases => {
                    let texts = doc
                        .keyphrases
                        .as_ref()
                        .map(|k| k.iter().map(|k| k.text.as_str()).collect::<Vec<_>>());
                    map.serialize_entry(key, &texts)?;
                }
                Field::Entities => match doc.entities {
                    Some(_) => map.serialize_entry(key, &view.mentions_json())?,
                    None => map.serialize_entry(key, &())?,
                },
            }
        }
        map.end()
    }
}

/// A document with what the exports derive from it.
pub(crate) struct DocView<'a> {
    /// The document.
    pub doc: &'a Document,
    /// Byte ↔ code point offsets of its text.
    pub offsets: OffsetMap,
    /// Its entity mentions in document order.
    pub mentions: Vec<Mention<'a>>,
}

impl<'a> DocView<'a> {
    /// Derives the view of `doc`.
    pub(crate) fn new(doc: &'a Document) -> Self {
        let offsets = OffsetMap::new(&doc.text);
        let mentions = doc
            .entities
            .iter()
            .flatten()
            .map(|e| Mention {
                start: offsets.to_char(e.start),
                end: offsets.to_char(e.end),
                bytes: (e.start, e.end),
                text: &e.text,
                label: &e.label,
                canonical: e.canonical.as_deref().unwrap_or(&e.text),
                value: e.value.as_ref(),
            })
            .collect();
        Self {
            doc,
            offsets,
            mentions,
        }
    }

    /// A `meta` field as text, if it is present and not null.
    pub(crate) fn meta_text(&self, key: &str) -> Option<Cow<'a, str>> {
        match self.doc.meta.get(key)? {
            Value::Null => None,
            v => Some(value_text(v)),
        }
    }

    /// The document's title, or its id when it has none.
    pub(crate) fn title(&self) -> Cow<'a, str> {
        self.meta_text("title")
            .filter(|t| !t.trim().is_empty())
            .unwrap_or(Cow::Borrowed(&self.doc.id))
    }

    /// `meta.date` parsed as an ISO date.
    pub(crate) fn date(&self) -> Option<Date> {
        self.doc.meta_str("date").and_then(Date::parse)
    }

    /// The text's length in code points.
    pub(crate) fn chars(&self) -> usize {
        self.offsets.len_chars()
    }

    /// The most mentioned named entities (values such as dates left out),
    /// as `(canonical, label, mentions)`, ties in order of first mention.
    pub(crate) fn top_entities(&self, n: usize) -> Vec<(&'a str, &'a str, usize)> {
        // An index beside the list keeps this linear in the mentions: a
        // long document can name thousands of distinct entities.
        let mut counts: Vec<(&'a str, &'a str, usize)> = Vec::new();
        let mut index: HashMap<(&'a str, &'a str), usize> = HashMap::new();
        for m in &self.mentions {
            if VALUE_LABELS.contains(&m.label) {
                continue;
            }
            let next = counts.len();
            let i = *index.entry((m.canonical, m.label)).or_insert(next);
            if i == next {
                counts.push((m.canonical, m.label, 0));
            }
            counts[i].2 += 1;
        }
        // Stable: ties keep the order of first mention.
        counts.sort_by_key(|c| std::cmp::Reverse(c.2));
        counts.truncate(n);
        counts
    }

    /// Distinct canonical names in order of first mention.
    pub(crate) fn distinct_canonicals(&self) -> Vec<&'a str> {
        let mut seen: HashSet<&'a str> = HashSet::new();
        self.mentions
            .iter()
            .map(|m| m.canonical)
            .filter(|c| seen.insert(c))
            .collect()
    }

    /// A field's value in the JSONL record, built as a `Value`: what
    /// [`Record`] must serialize.
    #[cfg(test)]
    pub(crate) fn json(&self, field: &Field) -> Value {
        let doc = self.doc;
        match field {
            Field::Id => Value::String(doc.id.clone()),
            Field::Date => doc.meta.get("date").cloned().unwrap_or(Value::Null),
            Field::Meta(key) => doc.meta.get(key).cloned().unwrap_or(Value::Null),
            Field::Chars => json!(self.chars()),
            Field::Sentences => doc
                .sentences
                .as_ref()
                .map_or(Value::Null, |s| json!(s.len())),
            Field::Summary => doc
                .summary
                .as_ref()
                .map_or(Value::Null, |s| Value::String(s.text.clone())),
            Field::Keyphrases => doc.keyphrases.as_ref().map_or(Value::Null, |k| {
                Value::Array(k.iter().map(|k| Value::String(k.text.clone())).collect())
            }),
            Field::Entities => match doc.entities {
                None => Value::Null,
                Some(_) => serde_json::to_value(self.mentions_json()).unwrap_or(Value::Null),
            },
        }
    }

    /// The mentions as JSON records, fields in a fixed order.
    fn mentions_json(&self) -> Vec<MentionJson<'_>> {
        self.mentions
            .iter()
            .map(|m| MentionJson {
                start: m.start,
                end: m.end,
                text: m.text,
                label: m.label,
                canonical: m.canonical,
                value: m.value,
            })
            .collect()
    }

    /// The flat JSONL record of the given fields, in their order.
    pub(crate) fn record<'v>(&'v self, fields: &'v [Field]) -> Record<'v, 'a> {
        Record { view: self, fields }
    }

    /// A field's value as a CSV cell: lists joined with `"; "` (keyphrase
    /// texts; distinct canonical entity names), missing values empty.
    pub(crate) fn cell(&self, field: &Field) -> Cow<'a, str> {
        let doc = self.doc;
        match field {
            Field::Id => Cow::Borrowed(&doc.id),
            Field::Date => self.meta_text("date").unwrap_or_default(),
            Field::Meta(key) => self.meta_text(key).unwrap_or_default(),
            Field::Chars => Cow::Owned(self.chars().to_string()),
            Field::Sentences => doc
                .sentences
                .as_ref()
                .map_or(Cow::Borrowed(""), |s| Cow::Owned(s.len().to_string())),
            Field::Summary => doc
                .summary
                .as_ref()
                .map_or(Cow::Borrowed(""), |s| Cow::Borrowed(&s.text)),
            Field::Keyphrases => Cow::Owned(
                doc.keyphrases
                    .iter()
                    .flatten()
                    .map(|k| k.text.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            Field::Entities => Cow::Owned(self.distinct_canonicals().join("; ")),
        }
    }
}

/// An entity at the `nth` occurrence of `s` in `text` (start 0 if there is
/// none), for the tests of this crate.
#[cfg(test)]
pub(crate) fn mention(
    text: &str,
    s: &str,
    nth: usize,
    label: &str,
    canon: Option<&str>,
) -> docpipe_core::Entity {
    let start = text.match_indices(s).nth(nth).map(|(i, _)| i).unwrap_or(0);
    docpipe_core::Entity {
        start,
        end: start + s.len(),
        text: s.into(),
        label: label.into(),
        canonical: canon.map(Into::into),
        value: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Document {
        let text = "Việt Nam and ASEAN. Vietnam again.";
        let mut d = Document::new("d1", text);
        d.meta.insert("title".into(), "T".into());
        d.meta.insert("date".into(), "2024-05-01".into());
        let ent = |s: &str, nth: usize, label: &str, canon: Option<&str>| {
            mention(text, s, nth, label, canon)
        };
        d.entities = Some(vec![
            ent("Việt Nam", 0, "LOC", Some("Việt Nam")),
            ent("ASEAN", 0, "ORG", None),
            ent("Vietnam", 0, "LOC", Some("Việt Nam")),
        ]);
        d
    }

    #[test]
    fn mentions_carry_code_points_and_fallback_canonical() {
        let d = doc();
        let v = DocView::new(&d);
        assert_eq!((v.mentions[1].start, v.mentions[1].end), (13, 18));
        assert_eq!(v.mentions[1].canonical, "ASEAN");
        let chars: Vec<char> = d.text.chars().collect();
        for m in &v.mentions {
            let s: String = chars[m.start..m.end].iter().collect();
            assert_eq!(s, m.text);
        }
    }

    #[test]
    fn top_entities_count_by_canonical() {
        let d = doc();
        let v = DocView::new(&d);
        assert_eq!(
            v.top_entities(5),
            [("Việt Nam", "LOC", 2), ("ASEAN", "ORG", 1)]
        );
        assert_eq!(v.cell(&Field::Entities), "Việt Nam; ASEAN");
        assert_eq!(v.cell(&Field::Summary), "");
        assert_eq!(v.json(&Field::Summary), Value::Null);
        assert_eq!(v.title(), "T");
    }

    /// Counts are per (canonical, label); ties keep the order of first
    /// mention; values (dates, money) are left out; distinct canonicals
    /// come in order of first mention, whatever their label.
    #[test]
    fn top_entities_break_ties_by_first_mention() {
        let text = "Hanoi, Lao, Hanoi, May 2024, Lao, Hanoi FC, Mekong, Hanoi.";
        let mut d = Document::new("d2", text);
        let ent = |s: &str, nth: usize, label: &str| mention(text, s, nth, label, None);
        d.entities = Some(vec![
            ent("Hanoi", 0, "LOC"),
            ent("Lao", 0, "LOC"),
            ent("Hanoi", 1, "LOC"),
            ent("May 2024", 0, "DATE"),
            ent("Lao", 1, "LOC"),
            ent("Hanoi", 2, "ORG"),
            ent("Mekong", 0, "LOC"),
            ent("Hanoi", 3, "LOC"),
        ]);
        let v = DocView::new(&d);
        assert_eq!(
            v.top_entities(3),
            [("Hanoi", "LOC", 3), ("Lao", "LOC", 2), ("Hanoi", "ORG", 1)]
        );
        assert_eq!(v.top_entities(10).len(), 4, "the date is not counted");
        assert_eq!(
            v.distinct_canonicals(),
            ["Hanoi", "Lao", "May 2024", "Mekong"]
        );
    }

    /// A record serializes each field exactly as its `Value` would, in the
    /// configured order, for present and missing layers alike.
    #[test]
    fn records_serialize_what_json_builds() {
        let fields: Vec<Field> = [
            "id",
            "date",
            "meta.title",
            "meta.score",
            "meta.missing",
            "chars",
            "sentences",
            "summary",
            "keyphrases",
            "entities",
        ]
        .iter()
        .filter_map(|f| Field::parse(f))
        .collect();
        assert_eq!(fields.len(), 10);
        let bare = Document::new("d0", "No layers \"here\".");
        let mut full = doc();
        full.meta.insert("score".into(), serde_json::json!(0.25));
        full.meta.insert("date".into(), Value::Null);
        full.sentences = Some(vec![docpipe_core::Span::new(0, 19)]);
        full.summary = Some(docpipe_core::Summary {
            sentences: vec![0],
            text: "Việt Nam and \"ASEAN\".".into(),
        });
        full.keyphrases = Some(vec![docpipe_core::Keyphrase {
            text: "ASEAN".into(),
            score: 0.5,
        }]);
        full.entities.as_mut().unwrap()[0].value = Some(serde_json::json!({"iso": "VN"}));
        for d in [bare, full] {
            let v = DocView::new(&d);
            let got = serde_json::to_string(&v.record(&fields)).unwrap();
            let want: Vec<String> = fields
                .iter()
                .map(|f| {
                    let key = serde_json::to_string(f.column()).unwrap();
                    // Mentions keep their field order, which a `Value`
                    // would sort.
                    let value = match (f, &d.entities) {
                        (Field::Entities, Some(_)) => {
                            serde_json::to_string(&v.mentions_json()).unwrap()
                        }
                        _ => v.json(f).to_string(),
                    };
                    format!("{key}:{value}")
                })
                .collect();
            assert_eq!(got, format!("{{{}}}", want.join(",")));
        }
    }
}
