//! Layers: the named parts of a [`crate::Document`] a stage reads or writes.

use std::borrow::Cow;
use std::fmt;

/// A named part of a document that stages require and produce.
///
/// The built-in layers are associated constants; a custom stage that adds
/// fields under `attrs.<id>` names its layer with [`Layer::attr`]. The
/// engine checks at validate time that every layer a stage requires is
/// produced by an earlier stage (or by the reader, for `text` and `meta`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Layer(Cow<'static, str>);

impl Layer {
    /// The document text (set by the reader, replaced by `clean`).
    pub const TEXT: Layer = Layer(Cow::Borrowed("text"));
    /// The `meta` object (set by the reader and `clean`).
    pub const META: Layer = Layer(Cow::Borrowed("meta"));
    /// Paragraph spans.
    pub const PARAGRAPHS: Layer = Layer(Cow::Borrowed("paragraphs"));
    /// Sentence spans.
    pub const SENTENCES: Layer = Layer(Cow::Borrowed("sentences"));
    /// Token spans.
    pub const TOKENS: Layer = Layer(Cow::Borrowed("tokens"));
    /// Part-of-speech tags on tokens.
    pub const POS: Layer = Layer(Cow::Borrowed("pos"));
    /// Entity mentions.
    pub const ENTITIES: Layer = Layer(Cow::Borrowed("entities"));
    /// The extractive summary.
    pub const SUMMARY: Layer = Layer(Cow::Borrowed("summary"));
    /// Ranked keyphrases.
    pub const KEYPHRASES: Layer = Layer(Cow::Borrowed("keyphrases"));

    /// The layers every document has from the moment it is read.
    pub const FROM_READER: [Layer; 2] = [Layer::TEXT, Layer::META];

    /// The layers with a field of their own in the document record.
    pub const BUILT_IN: [Layer; 9] = [
        Layer::TEXT,
        Layer::META,
        Layer::PARAGRAPHS,
        Layer::SENTENCES,
        Layer::TOKENS,
        Layer::POS,
        Layer::ENTITIES,
        Layer::SUMMARY,
        Layer::KEYPHRASES,
    ];

    /// The layer of a custom stage's fields under `attrs.<name>`.
    pub fn attr(name: &str) -> Layer {
        Layer(Cow::Owned(format!("attrs.{name}")))
    }

    /// Parses a layer name as written in a pipeline file (`"tokens"`,
    /// `"attrs.lang"`). Returns `None` for names that are neither built in
    /// nor under `attrs.`.
    pub fn parse(name: &str) -> Option<Layer> {
        if let Some(l) = Layer::BUILT_IN.iter().find(|l| l.as_str() == name) {
            return Some(l.clone());
        }
        match name.strip_prefix("attrs.") {
            Some(rest) if !rest.is_empty() => Some(Layer(Cow::Owned(name.to_owned()))),
            _ => None,
        }
    }

    /// The layer's name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_built_in_and_attrs() {
        assert_eq!(Layer::parse("tokens"), Some(Layer::TOKENS));
        assert_eq!(Layer::parse("attrs.lang"), Some(Layer::attr("lang")));
        assert_eq!(Layer::parse("attrs."), None);
        assert_eq!(Layer::parse("tokenz"), None);
    }
}
