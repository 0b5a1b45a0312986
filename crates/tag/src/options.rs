//! Options of the `tag` stage.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Options of the `tag` stage, as written beside `uses = "tag"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct TagOptions {
    /// Run the part-of-speech tagger and set `pos` on every token (Penn
    /// Treebank tags). Default: true.
    pub pos: bool,
    /// Run the statistical entity recognizer (PERSON, ORG, LOC, MISC).
    /// Default: true.
    pub ner: bool,
    /// Run the rule-based recognizers of DATE, TIME, MONEY, PERCENT and
    /// QUANTITY, with a normalized `value`. Default: true.
    pub rules: bool,
    /// Path of a model file made by `docpipe train`, read once when the
    /// stage is built. Default: none, the embedded English model (trained
    /// on CoNLL-2003).
    pub model: Option<PathBuf>,
    /// Files of `label<TAB>name` lines (labels PERSON, ORG, LOC, MISC) whose
    /// names are tagged with that label wherever they occur, overriding the
    /// recognizer; the name is also the canonical form of its variants.
    /// Read once when the stage is built. Default: none.
    pub gazetteers: Vec<PathBuf>,
}

impl Default for TagOptions {
    fn default() -> Self {
        Self {
            pos: true,
            ner: true,
            rules: true,
            model: None,
            gazetteers: Vec::new(),
        }
    }
}
