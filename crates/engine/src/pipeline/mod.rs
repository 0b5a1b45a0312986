//! The pipeline file: its types, parsing with positions, validation, and
//! its JSON Schema.
//!
//! Parsing keeps the byte span of every key and value so that each problem
//! [`validate`](PipelineFile::validate) finds points at its line and column.

mod overlap;
mod parse;
mod schema;
mod validate;

pub use schema::pipeline_schema;

use crate::error::PipelineError;
use crate::registry::Registry;
use docpipe_core::BuiltStage;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Keys allowed at the top of a pipeline file.
pub const TOP_LEVEL_KEYS: [&str; 7] = [
    "name",
    "input",
    "output",
    "compression",
    "max_doc_bytes",
    "max_errors",
    "stage",
];

/// Keys every `[[stage]]` table may have besides the stage's options.
pub const STAGE_KEYS: [&str; 2] = ["uses", "id"];

/// How artifacts are compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Compression {
    /// Plain `.jsonl`.
    #[default]
    None,
    /// `.jsonl.zst`.
    Zstd,
    /// `.jsonl.gz`.
    Gzip,
}

impl Compression {
    /// The file name suffix after `.jsonl`.
    pub fn suffix(self) -> &'static str {
        match self {
            Compression::None => "",
            Compression::Zstd => ".zst",
            Compression::Gzip => ".gz",
        }
    }

    /// The name used in pipeline files.
    pub fn name(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Zstd => "zstd",
            Compression::Gzip => "gzip",
        }
    }
}

/// How many failed documents a run tolerates before it stops with exit 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ErrorBudget {
    /// At most this many documents.
    Count(u64),
    /// At most this fraction (0..=1) of the documents read.
    Fraction(f64),
}

impl ErrorBudget {
    /// Whether `errors` failures out of `docs` documents exceed the budget
    /// (judged at the end of a run).
    pub fn exceeded(self, errors: u64, docs: u64) -> bool {
        match self {
            ErrorBudget::Count(n) => errors > n,
            ErrorBudget::Fraction(f) => (errors as f64) > f * docs as f64,
        }
    }

    /// Whether the run can already stop: a count is over as soon as it is
    /// passed, but a fraction can only be judged over the whole input, since
    /// failures may cluster at its start.
    pub fn exceeded_early(self, errors: u64, _docs: u64) -> bool {
        matches!(self, ErrorBudget::Count(n) if errors > n)
    }
}

impl std::fmt::Display for ErrorBudget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ErrorBudget::Count(n) => write!(f, "{n} documents"),
            ErrorBudget::Fraction(x) => write!(f, "{}% of documents", x * 100.0),
        }
    }
}

/// A value from the pipeline file and where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Its byte range in the file (empty when it came from elsewhere, such
    /// as a command-line override).
    pub span: Range<usize>,
}

impl<T> Spanned<T> {
    /// A value with no place in the file.
    pub fn detached(value: T) -> Self {
        Self { value, span: 0..0 }
    }
}

/// One `[[stage]]` table as written.
#[derive(Debug, Clone)]
pub struct StageEntry {
    /// `uses`: the registered stage name.
    pub uses: Spanned<String>,
    /// `id`, or `uses` when absent.
    pub id: Spanned<String>,
    /// Every other key, as JSON, with the spans of key and value.
    pub options: BTreeMap<String, (serde_json::Value, Range<usize>, Range<usize>)>,
    /// The span of the table header.
    pub span: Range<usize>,
}

/// A pipeline file parsed but not yet validated.
#[derive(Debug, Clone)]
pub struct PipelineFile {
    /// Where it was read from (for messages).
    pub path: PathBuf,
    /// Its text.
    pub source: String,
    /// `name`.
    pub name: Spanned<String>,
    /// `input`: files, directories or globs.
    pub input: Vec<Spanned<String>>,
    /// `output`.
    pub output: Option<Spanned<String>>,
    /// `compression`.
    pub compression: Compression,
    /// `max_doc_bytes`.
    pub max_doc_bytes: u64,
    /// `max_errors`.
    pub max_errors: Option<ErrorBudget>,
    /// The `[[stage]]` tables in order.
    pub stages: Vec<StageEntry>,
    /// Problems found while parsing that did not stop it (unknown keys,
    /// wrong types); [`validate`](Self::validate) reports them together with
    /// its own, so a user sees every problem of the file at once.
    pub problems: Vec<crate::error::Diagnostic>,
}

/// The default `max_doc_bytes`: 16 MiB.
pub const DEFAULT_MAX_DOC_BYTES: u64 = 16 * 1024 * 1024;

impl PipelineFile {
    /// Reads and parses a pipeline file.
    pub fn read(path: &Path) -> Result<Self, PipelineError> {
        match std::fs::read(path) {
            Ok(bytes) => match not_utf8(path, &bytes) {
                Some(e) => Err(e),
                None => Self::parse(path, String::from_utf8_lossy(&bytes).into_owned()),
            },
            Err(e) => Err(PipelineError {
                path: path.to_path_buf(),
                source_text: String::new(),
                diagnostics: vec![crate::error::Diagnostic {
                    message: format!("cannot read the pipeline file: {e}"),
                    span: None,
                    line: 1,
                    column: 1,
                    help: Some(
                        "check the path; it is relative to the directory docpipe runs in".into(),
                    ),
                    flag: None,
                }],
            }),
        }
    }

    /// Parses pipeline-file text; `path` is only used in messages.
    pub fn parse(path: &Path, source: String) -> Result<Self, PipelineError> {
        parse::parse(path, source)
    }

    /// Replaces `input` (the command line's `--input`).
    pub fn override_input(&mut self, inputs: Vec<String>) {
        if !inputs.is_empty() {
            self.input = inputs.into_iter().map(Spanned::detached).collect();
        }
    }

    /// Replaces `output` (the command line's `--output`).
    pub fn override_output(&mut self, output: Option<String>) {
        if let Some(o) = output {
            self.output = Some(Spanned::detached(o));
        }
    }

    /// Checks everything a run would check and builds the stages.
    pub fn validate(&self, registry: &Registry) -> Result<Pipeline, PipelineError> {
        validate::validate(self, registry)
    }
}

/// The error for a pipeline file that is not UTF-8 text, pointing at the
/// first byte that is not; `None` when it is UTF-8.
///
/// UTF-16 (told by a byte order mark, or by the NULs beside ASCII letters,
/// which are valid UTF-8 but would otherwise surface as a puzzling TOML
/// error) is named as such, since "not UTF-8" alone does not tell a person
/// what their editor saved.
fn not_utf8(path: &Path, bytes: &[u8]) -> Option<PipelineError> {
    let diagnostic = |message: String, span, line, column, help: &str| crate::error::Diagnostic {
        message,
        span,
        line,
        column,
        help: Some(help.to_owned()),
        flag: None,
    };
    if let Some(order) = crate::input::reader::utf16_order(bytes) {
        return Some(PipelineError {
            path: path.to_path_buf(),
            // Decoded as UTF-8, UTF-16 is noise: show no source.
            source_text: String::new(),
            diagnostics: vec![diagnostic(
                format!("the pipeline file is UTF-16 text ({order}); it must be UTF-8"),
                None,
                1,
                1,
                "save it as UTF-8 in your editor, or convert it: `iconv -f UTF-16 -t UTF-8 OLD.toml > NEW.toml`",
            )],
        });
    }
    let error = std::str::from_utf8(bytes).err()?;
    let offset = error.valid_up_to();
    // The bytes before `offset` are valid UTF-8, and the lossy text keeps
    // them as they are, so the offset, line and column hold in it too; the
    // bad byte itself shows as U+FFFD there, which the label points at.
    let text = String::from_utf8_lossy(bytes).into_owned();
    let (line, column) = parse::line_col(&text, offset);
    let byte = bytes.get(offset).copied().unwrap_or_default();
    Some(PipelineError {
        path: path.to_path_buf(),
        source_text: text,
        diagnostics: vec![diagnostic(
            format!(
                "the pipeline file is not valid UTF-8: byte 0x{byte:02X} (byte offset {offset}) is not UTF-8 text; a pipeline file must be UTF-8"
            ),
            Some(offset..offset + char::REPLACEMENT_CHARACTER.len_utf8()),
            line,
            column,
            "save it as UTF-8 in your editor, or convert it (from Latin-1 or Windows-1252: `iconv -f WINDOWS-1252 -t UTF-8 OLD.toml > NEW.toml`)",
        )],
    })
}

/// A stage ready to run.
#[derive(Debug)]
pub struct PlannedStage {
    /// Its id: the artifact name.
    pub id: String,
    /// The registered stage it uses.
    pub uses: String,
    /// The stage's version.
    pub version: &'static str,
    /// The built stage with its layers and normalized options.
    pub built: BuiltStage,
}

/// A validated pipeline: every stage built, every input found.
#[derive(Debug)]
pub struct Pipeline {
    /// The pipeline file it came from (for messages and retry commands).
    pub file: PathBuf,
    /// `name`.
    pub name: String,
    /// The input files, expanded and sorted.
    pub inputs: Vec<PathBuf>,
    /// The input patterns as written (for messages).
    pub input_patterns: Vec<String>,
    /// What the patterns matched but the run does not read: files of an
    /// unknown kind and entries that are not regular files.
    pub skipped: crate::input::discover::Skipped,
    /// The output directory.
    pub output: PathBuf,
    /// Artifact compression.
    pub compression: Compression,
    /// Documents larger than this go to errors.jsonl.
    pub max_doc_bytes: u64,
    /// The error budget, if any.
    pub max_errors: Option<ErrorBudget>,
    /// The stages in order.
    pub stages: Vec<PlannedStage>,
}

impl Pipeline {
    /// The plan recorded in the manifest.
    pub fn plan(&self) -> crate::manifest::Plan {
        crate::manifest::Plan {
            file: self.file.to_string_lossy().into_owned(),
            compression: self.compression.name().to_owned(),
            max_doc_bytes: self.max_doc_bytes,
            inputs: self.input_patterns.clone(),
            stages: self
                .stages
                .iter()
                .map(|s| crate::manifest::PlanStage {
                    id: s.id.clone(),
                    uses: s.uses.clone(),
                    options: s.built.options.clone(),
                })
                .collect(),
        }
    }

    /// Rebuilds a pipeline from a manifest's plan (for `merge` and
    /// `replay`), reading from `inputs` and writing to `output`.
    pub fn from_manifest(
        manifest: &crate::manifest::Manifest,
        registry: &Registry,
        inputs: Vec<PathBuf>,
        output: PathBuf,
    ) -> Result<Pipeline, String> {
        let plan = &manifest.plan;
        let compression = match plan.compression.as_str() {
            "zstd" => Compression::Zstd,
            "gzip" => Compression::Gzip,
            _ => Compression::None,
        };
        let mut stages = Vec::new();
        for s in &plan.stages {
            let desc = registry
                .get(&s.uses)
                .ok_or_else(|| format!("stage `{}` is not registered in this docpipe", s.uses))?;
            let built = desc
                .build(s.options.clone())
                .map_err(|e| format!("stage `{}` cannot be rebuilt: {e}", s.id))?;
            stages.push(PlannedStage {
                id: s.id.clone(),
                uses: s.uses.clone(),
                version: desc.version,
                built,
            });
        }
        Ok(Pipeline {
            file: PathBuf::from(&plan.file),
            name: manifest.pipeline.clone(),
            input_patterns: inputs
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect(),
            inputs,
            skipped: crate::input::discover::Skipped::default(),
            output,
            compression,
            max_doc_bytes: plan.max_doc_bytes,
            max_errors: None,
            stages,
        })
    }

    /// A hash of everything that determines the outputs besides the input:
    /// stage names, ids, versions and normalized options, and the settings
    /// that change artifact bytes.
    pub fn hash(&self) -> String {
        let mut h = crate::fingerprint::Fingerprint::new();
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        h.update(self.compression.name().as_bytes());
        h.update(&self.max_doc_bytes.to_le_bytes());
        for s in &self.stages {
            h.update(s.id.as_bytes());
            h.update(s.uses.as_bytes());
            h.update(s.version.as_bytes());
            h.update(s.built.options.to_string().as_bytes());
        }
        h.hex()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> PipelineError {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.toml");
        std::fs::write(&path, bytes).unwrap();
        match PipelineFile::read(&path) {
            Ok(_) => panic!("{bytes:?} was accepted"),
            Err(e) => e,
        }
    }

    #[test]
    fn a_file_that_is_not_utf8_points_at_the_first_bad_byte() {
        let e = read(b"name = \"x\"\n# caf\xE9 au lait\n[[stage]]\nuses = \"clean\"\n");
        let d = &e.diagnostics[0];
        assert_eq!((d.line, d.column), (2, 6), "{e}");
        assert!(d.message.contains("not valid UTF-8"), "{e}");
        assert!(d.message.contains("0xE9"), "{e}");
        assert!(d.message.contains("must be UTF-8"), "{e}");
        assert!(d.help.as_deref().unwrap_or("").contains("iconv"), "{e}");
        // The label's span lies on the replacement character in the text
        // shown with it.
        let span = d.span.clone().unwrap_or_default();
        assert_eq!(e.source_text.get(span), Some("\u{FFFD}"));
    }

    #[test]
    fn utf16_is_named() {
        for (bytes, order) in [
            (
                &b"\xFF\xFEn\0a\0m\0e\0"[..],
                "little-endian, with a byte order mark",
            ),
            (
                &b"\xFE\xFF\0n\0a\0m\0e"[..],
                "big-endian, with a byte order mark",
            ),
            (&b"n\0a\0m\0e\0"[..], "little-endian"),
        ] {
            let e = read(bytes);
            let d = &e.diagnostics[0];
            assert!(d.message.contains("UTF-16"), "{e}");
            assert!(d.message.contains(order), "{e}");
            assert!(d.message.contains("must be UTF-8"), "{e}");
            assert_eq!((d.line, d.column), (1, 1));
        }
    }
}
