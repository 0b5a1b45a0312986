//! The options of the `clean` stage.

use serde::{Deserialize, Serialize};

/// Options of the `clean` stage, written beside `uses = "clean"`.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CleanOptions {
    /// Remove page furniture (breadcrumbs, menus, share and comment widgets,
    /// related-article lists, cookie and newsletter notices, copyright
    /// lines). Every removed line is listed in `attrs.clean.removed`.
    /// Default: `true`.
    pub remove_furniture: bool,
    /// Lift `title`, `date`, `byline`, `source` and `dateline` into `meta`
    /// (fields the input already has are kept unless empty; a `date` it
    /// gave in another form is rewritten as ISO 8601, the original kept as
    /// `date_raw`). Default: `true`.
    pub lift_metadata: bool,
    /// Repair mojibake: UTF-8 that was decoded as Windows-1252 or Latin-1
    /// (`Ã©` → `é`, `â€™` → `’`). Default: `true`.
    pub repair_mojibake: bool,
    /// Remove lines written in another language than the document's (a
    /// photo caption in Vietnamese inside an English article, say).
    /// Default: `true`.
    pub drop_foreign_lines: bool,
    /// Keep only documents in these languages (ISO 639-1 codes such as
    /// `"en"`); others are dropped with the reason. Empty keeps every
    /// language. A document whose language cannot be told has no
    /// `meta.lang` (a table of figures with hardly a sentence beside it,
    /// say) and is dropped too when this is set. Default: `[]`.
    pub languages: Vec<String>,
    /// Extra furniture phrases of your own sites: a line that equals one of
    /// them or starts with it (case-insensitive) is removed. Default: `[]`.
    pub extra_furniture: Vec<String>,
    /// Documents whose cleaned text has fewer characters than this are
    /// dropped with the reason. Default: `1` (drop empty documents).
    pub min_chars: usize,
}

impl Default for CleanOptions {
    fn default() -> Self {
        Self {
            remove_furniture: true,
            lift_metadata: true,
            repair_mojibake: true,
            drop_foreign_lines: true,
            languages: Vec::new(),
            extra_furniture: Vec::new(),
            min_chars: 1,
        }
    }
}
