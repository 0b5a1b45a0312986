//! The options of the `segment` stage.

use serde::{Deserialize, Serialize};

/// Options of the `segment` stage, written beside `uses = "segment"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SegmentOptions {
    /// Extra abbreviations that may end a sentence when the next word
    /// clearly starts one (like `Inc.` or `Jan.`), written with or without
    /// the final period: `["Rep.", "approx"]`. They add to the built-in
    /// list in `crates/segment/data/abbreviations.txt`. Default: `[]`.
    pub abbreviations: Vec<String>,
    /// Extra abbreviations that stand before a name and never end a
    /// sentence (like `Mr.` or `Gen.`). Default: `[]`.
    pub title_abbreviations: Vec<String>,
    /// Whether a line break ends a sentence when the next line starts a new
    /// one (headlines, subheads, list items, unpunctuated lines). Hard-wrapped
    /// paragraphs are recognized and never split at line breaks. Default:
    /// `true`.
    pub line_breaks: bool,
    /// Whether contractions and possessives are split the Penn Treebank way
    /// (`do|n't`, `ASEAN|'s`, `we|'ll`), as the `tag` stage expects; `false`
    /// keeps them whole (`don't`), like UD surface tokens. Default: `true`.
    pub split_contractions: bool,
    /// Whether hyphenated compounds are split (`self|-|reliant`), as
    /// Universal Dependencies does; `false` keeps them whole
    /// (`self-reliant`, `15-year`) as Penn and CoNLL-2003 do. Default:
    /// `false`.
    pub split_hyphens: bool,
}

impl Default for SegmentOptions {
    fn default() -> Self {
        Self {
            abbreviations: Vec::new(),
            title_abbreviations: Vec::new(),
            line_breaks: true,
            split_contractions: true,
            split_hyphens: false,
        }
    }
}
