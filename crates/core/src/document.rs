//! The document record and its layers.
//!
//! Inside Rust every span is a **byte** offset pair into [`Document::text`],
//! on char boundaries, so stages can slice `&text[span.start..span.end]`
//! directly. On the wire (JSONL) spans are **code point** offsets, as
//! design.md fixes; the `Serialize`/`Deserialize` impls in
//! [`crate::wire`] convert in both directions.

use serde_json::{Map, Value};
use std::borrow::Cow;

/// A half-open byte range `[start, end)` into a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte of the span.
    pub start: usize,
    /// One past the last byte of the span.
    pub end: usize,
}

impl Span {
    /// Creates a span.
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// The span's length in bytes.
    pub const fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span is empty.
    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// Whether `other` lies inside this span.
    pub const fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// A token: a span and, once `tag` has run, its Penn Treebank tag.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Token {
    /// First byte of the token.
    pub start: usize,
    /// One past the last byte of the token.
    pub end: usize,
    /// Part-of-speech tag (Penn Treebank), set by `tag`. A `Cow` so a tagger
    /// can hand out its static tag names without allocating.
    pub pos: Option<Cow<'static, str>>,
}

impl Token {
    /// Creates an untagged token.
    pub const fn new(start: usize, end: usize) -> Self {
        Self {
            start,
            end,
            pos: None,
        }
    }

    /// The token's span.
    pub const fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// An entity mention.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Entity {
    /// First byte of the mention.
    pub start: usize,
    /// One past the last byte of the mention.
    pub end: usize,
    /// The mention as it stands in the text (`text[start..end]`).
    pub text: String,
    /// `PERSON`, `ORG`, `LOC`, `MISC`, `DATE`, `TIME`, `MONEY`, `PERCENT`
    /// or `QUANTITY`.
    pub label: String,
    /// The same real-world entity's name in every document.
    pub canonical: Option<String>,
    /// A normalized form: an ISO 8601 date, a number, an amount.
    pub value: Option<Value>,
}

impl Entity {
    /// The mention's span.
    pub const fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// An extractive summary.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    /// Indices into [`Document::sentences`], in document order.
    pub sentences: Vec<usize>,
    /// The chosen sentences joined.
    pub text: String,
}

/// A keyphrase and its score (higher is more important).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Keyphrase {
    /// The phrase.
    pub text: String,
    /// Its score, rounded to a fixed precision by the stage that set it.
    pub score: f64,
}

/// One document as it moves through the pipeline.
///
/// Layers that no stage has produced yet are `None`; the field order of the
/// JSON record is the order of the fields here.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// Unique id within the corpus.
    pub id: String,
    /// The text; `clean` replaces it, and every span indexes it.
    pub text: String,
    /// Document metadata: `title`, `date`, `byline`, `source`, `lang`, …
    /// (a `BTreeMap` underneath, so it serializes in a stable order).
    pub meta: Map<String, Value>,
    /// Paragraph spans, set by `segment`.
    pub paragraphs: Option<Vec<Span>>,
    /// Sentence spans, set by `segment`.
    pub sentences: Option<Vec<Span>>,
    /// Tokens, set by `segment` (`pos` by `tag`).
    pub tokens: Option<Vec<Token>>,
    /// Entity mentions, set by `tag`.
    pub entities: Option<Vec<Entity>>,
    /// Extractive summary, set by `summarize`.
    pub summary: Option<Summary>,
    /// Keyphrases, set by `summarize`.
    pub keyphrases: Option<Vec<Keyphrase>>,
    /// Stage-specific fields, one object per stage under its name.
    pub attrs: Map<String, Value>,
    /// Top-level fields this version of docpipe does not know (added by an
    /// external program through `exec`), kept verbatim.
    pub extra: Map<String, Value>,
}

impl Document {
    /// Creates a document with an id and a text and nothing else.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            text: text.into(),
            ..Self::default()
        }
    }

    /// The text of a span. Returns `""` for a span that is out of bounds or
    /// not on char boundaries rather than panicking.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// The `attrs.<stage>` object, created empty when missing.
    pub fn attrs_mut(&mut self, stage: &str) -> &mut Map<String, Value> {
        let slot = self
            .attrs
            .entry(stage.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if !slot.is_object() {
            *slot = Value::Object(Map::new());
        }
        match slot {
            Value::Object(map) => map,
            // invariant: the slot was made an object just above.
            _ => unreachable!("attrs slot is an object"),
        }
    }

    /// A `meta` field as a string, if it is one.
    pub fn meta_str(&self, key: &str) -> Option<&str> {
        self.meta.get(key).and_then(Value::as_str)
    }

    /// Drops every layer computed from the text. `clean` calls this when it
    /// replaces the text, so no span can point into the old one.
    pub fn clear_layers(&mut self) {
        self.paragraphs = None;
        self.sentences = None;
        self.tokens = None;
        self.entities = None;
        self.summary = None;
        self.keyphrases = None;
    }

    /// Checks that every span lies in bounds, on char boundaries, and that
    /// each layer is ordered. Returns a description of the first violation.
    pub fn check_spans(&self) -> Result<(), String> {
        let check = |what: &str, i: usize, s: Span| -> Result<(), String> {
            if s.start > s.end
                || s.end > self.text.len()
                || !self.text.is_char_boundary(s.start)
                || !self.text.is_char_boundary(s.end)
            {
                return Err(format!(
                    "{what}[{i}] {}..{} is not a valid span",
                    s.start, s.end
                ));
            }
            Ok(())
        };
        for (what, spans) in [
            ("paragraphs", &self.paragraphs),
            ("sentences", &self.sentences),
        ] {
            for (i, s) in spans.iter().flatten().enumerate() {
                check(what, i, *s)?;
            }
        }
        for (i, t) in self.tokens.iter().flatten().enumerate() {
            check("tokens", i, t.span())?;
        }
        for (i, e) in self.entities.iter().flatten().enumerate() {
            check("entities", i, e.span())?;
        }
        Ok(())
    }
}
