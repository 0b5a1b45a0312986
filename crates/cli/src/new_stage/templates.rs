//! The files of a new stage crate and its example pipeline.

use super::Names;
use std::fmt::Write as _;
use std::path::PathBuf;

/// The example pipeline file.
pub(super) fn pipeline_file(n: &Names) -> String {
    format!(
        "# Runs the `{dir}` stage over the sample corpus (scaffolded by `docpipe new-stage {dir}`).\n\
         name = \"{dir}\"\ninput = \"corpus/news\"\noutput = \"out/{dir}\"\n\n\
         [[stage]]\nuses = \"{dir}\"\nmin_words = 100\n",
        dir = n.dir
    )
}

/// The new crate's files, relative to its directory.
pub(super) fn crate_files(n: &Names) -> Vec<(PathBuf, String)> {
    vec![
        (PathBuf::from("Cargo.toml"), cargo_toml(n)),
        (PathBuf::from("src/lib.rs"), lib_rs(n)),
        (PathBuf::from("tests/it/main.rs"), integration_test(n)),
    ]
}

fn cargo_toml(n: &Names) -> String {
    format!(
        r#"[package]
name = "{package}"
description = "The docpipe `{dir}` stage."
version.workspace = true
edition.workspace = true
rust-version.workspace = true
license.workspace = true

[dependencies]
docpipe-core.workspace = true
schemars.workspace = true
serde.workspace = true
serde_json.workspace = true

[dev-dependencies]
toml.workspace = true

[lints]
workspace = true
"#,
        package = n.package,
        dir = n.dir
    )
}

fn lib_rs(n: &Names) -> String {
    let mut s = String::new();
    // invariant: writing to a String cannot fail.
    let _ = write!(
        s,
        r#"//! The `{dir}` stage: counts each document's words into
//! `attrs.{dir}.words` and drops documents with fewer than `min_words`.
//!
//! Scaffolded by `docpipe new-stage {dir}`: make it yours. The guide is
//! docs/writing-a-stage.md; `pipelines/{dir}.toml` runs it.
//!
//! ```
//! use docpipe_core::{{Document, Outcome, StageDescriptor}};
//!
//! let built = StageDescriptor::of::<{lib}::{camel}Spec>()
//!     .build(serde_json::json!({{"min_words": 2}}))
//!     .expect("valid options");
//! let mut doc = Document::new("a", "Three short words.");
//! assert_eq!(built.stage.process(&mut doc).expect("no error"), Outcome::Keep);
//! assert_eq!(doc.attrs["{dir}"]["words"], 3);
//! ```

use docpipe_core::{{Document, Layer, Outcome, Stage, StageError, StageSpec}};
use serde::{{Deserialize, Serialize}};

/// Options of the `{dir}` stage, written beside `uses = "{dir}"`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct {camel}Options {{
    /// Drop documents with fewer words than this. Default 0 (keep all).
    pub min_words: usize,
}}

/// The built `{dir}` stage. Shared by every worker thread: it holds only
/// its options, never mutable state.
#[derive(Debug)]
pub struct {camel} {{
    options: {camel}Options,
}}

impl Stage for {camel} {{
    fn process(&self, doc: &mut Document) -> Result<Outcome, StageError> {{
        let words = doc.text.split_whitespace().count();
        doc.attrs_mut({camel}Spec::NAME).insert("words".into(), words.into());
        if words < self.options.min_words {{
            return Ok(Outcome::Drop(format!(
                "{{words}} words, fewer than min_words = {{}}",
                self.options.min_words
            )));
        }}
        Ok(Outcome::Keep)
    }}
}}

/// The `{dir}` stage, for the registry.
pub struct {camel}Spec;

impl StageSpec for {camel}Spec {{
    type Options = {camel}Options;
    const NAME: &'static str = "{dir}";
    const DESCRIPTION: &'static str = "Counts words into attrs.{dir}.words; drops documents under min_words.";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    fn requires(_: &{camel}Options) -> Vec<Layer> {{
        vec![Layer::TEXT]
    }}

    fn produces(_: &{camel}Options) -> Vec<Layer> {{
        vec![Layer::attr(Self::NAME)]
    }}

    fn build(options: {camel}Options) -> Result<Box<dyn Stage>, StageError> {{
        Ok(Box::new({camel} {{ options }}))
    }}
}}

#[cfg(test)]
mod tests {{
    use super::*;
    use docpipe_core::StageDescriptor;
    use serde_json::json;

    /// Runs the stage with `options` on `text`; returns the outcome and
    /// the word count it recorded.
    fn check(options: serde_json::Value, text: &str) -> (Outcome, u64) {{
        let built = StageDescriptor::of::<{camel}Spec>().build(options).unwrap();
        let mut doc = Document::new("t", text);
        let outcome = built.stage.process(&mut doc).unwrap();
        (outcome, doc.attrs["{dir}"]["words"].as_u64().unwrap())
    }}

    #[test]
    fn counts_words_and_drops_short_documents() {{
        for (options, text, expected) in [
            (json!({{}}), "", (Outcome::Keep, 0)),
            (json!({{}}), "one  two\nthree", (Outcome::Keep, 3)),
            (json!({{"min_words": 3}}), "one two three", (Outcome::Keep, 3)),
            (
                json!({{"min_words": 4}}),
                "one two three",
                (Outcome::Drop("3 words, fewer than min_words = 4".into()), 3),
            ),
        ] {{
            assert_eq!(check(options.clone(), text), expected, "{{options}} {{text:?}}");
        }}
    }}

    #[test]
    fn refuses_unknown_options() {{
        let e = StageDescriptor::of::<{camel}Spec>().build(json!({{"min_wrods": 3}})).unwrap_err();
        assert!(e.to_string().contains("unknown field"), "{{e}}");
    }}
}}
"#,
        dir = n.dir,
        lib = n.lib,
        camel = n.camel,
    );
    s
}

fn integration_test(n: &Names) -> String {
    format!(
        r#"//! Runs the `{dir}` stage as `pipelines/{dir}.toml` configures it over
//! the sample corpus.

use docpipe_core::{{Document, Outcome, StageDescriptor}};
use std::path::Path;

#[test]
fn runs_the_example_pipeline_over_the_sample_corpus() {{
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let pipeline: toml::Table = std::fs::read_to_string(root.join("pipelines/{dir}.toml")).unwrap().parse().unwrap();
    let stages = pipeline["stage"].as_array().unwrap();
    let mut table = stages
        .iter()
        .find(|s| s["uses"].as_str() == Some("{dir}"))
        .and_then(|s| s.as_table())
        .cloned()
        .unwrap();
    table.remove("uses");
    table.remove("id");
    let options = serde_json::to_value(&table).unwrap();
    let min_words = options["min_words"].as_u64().unwrap_or(0);
    let built = StageDescriptor::of::<{lib}::{camel}Spec>().build(options).unwrap();

    let mut paths: Vec<_> = std::fs::read_dir(root.join("corpus/news"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    for path in paths {{
        let text = std::fs::read_to_string(&path).unwrap();
        let mut doc = Document::new(path.file_stem().unwrap().to_string_lossy(), text.clone());
        let outcome = built.stage.process(&mut doc).unwrap();
        let words = doc.attrs["{dir}"]["words"].as_u64().unwrap();
        assert_eq!(words as usize, text.split_whitespace().count());
        assert_eq!(outcome == Outcome::Keep, words >= min_words, "{{}}", doc.id);
    }}
}}
"#,
        dir = n.dir,
        lib = n.lib,
        camel = n.camel,
    )
}
