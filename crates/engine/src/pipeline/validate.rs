//! Checks a parsed pipeline file and builds its stages.

use super::parse::Diagnostics;
use super::{Pipeline, PipelineFile, PlannedStage, STAGE_KEYS};
use crate::error::PipelineError;
use crate::input::discover;
use crate::registry::{Registry, closest};
use docpipe_core::{BuildError, Layer, StageError};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

pub(super) fn validate(
    file: &PipelineFile,
    registry: &Registry,
) -> Result<Pipeline, PipelineError> {
    let mut d = Diagnostics::new(&file.source);
    d.list.extend(file.problems.iter().cloned());
    let mut planned = Vec::new();
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    let mut available: BTreeSet<Layer> = Layer::FROM_READER.into_iter().collect();

    for entry in &file.stages {
        let Some(desc) = registry.get(&entry.uses.value) else {
            let help = match closest(&entry.uses.value, registry.names()) {
                Some(c) => format!("did you mean `{c}`? `docpipe stages` lists every stage"),
                None => format!(
                    "registered stages: {}; `docpipe stages` describes them",
                    registry.names().collect::<Vec<_>>().join(", ")
                ),
            };
            d.push(
                format!("unknown stage `{}`", entry.uses.value),
                Some(entry.uses.span.clone()),
                Some(help),
            );
            continue;
        };

        let id = entry.id.value.as_str();
        if !crate::output::layout::is_stage_id(id) {
            d.push(
                format!("stage id `{id}` must be letters, digits, `-` or `_`: it names the artifact file"),
                Some(entry.id.span.clone()),
                None,
            );
        } else if id == "read" {
            d.push(
                "stage id `read` is reserved: errors.jsonl uses it for input that could not be read".to_owned(),
                Some(entry.id.span.clone()),
                Some("give the stage another `id`, e.g. `reader`".to_owned()),
            );
        }
        if let Some(first) = ids.insert(id, entry.id.span.start) {
            let (line, _) = super::parse::line_col(&file.source, first);
            d.push(
                format!("duplicate stage id `{id}` (first used on line {line})"),
                Some(entry.id.span.clone()),
                Some("give one of the stages a distinct `id = \"…\"`".into()),
            );
        }

        // Unknown option keys, checked against the stage's own schema so the
        // hint can name the closest real option.
        let schema = desc.options_schema();
        let known: Vec<String> = schema
            .get("properties")
            .and_then(|p| p.as_object())
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        let mut bad_key = false;
        for (key, (_, key_span, _)) in &entry.options {
            if !known.iter().any(|k| k == key) {
                bad_key = true;
                let valid: Vec<&str> = known.iter().map(String::as_str).chain(STAGE_KEYS).collect();
                let help = match closest(key, valid.iter().copied()) {
                    Some(c) => format!(
                        "did you mean `{c}`? options of `{}`: {}",
                        desc.name,
                        valid.join(", ")
                    ),
                    None => format!("options of `{}`: {}", desc.name, valid.join(", ")),
                };
                d.push(
                    format!("unknown option `{key}` for stage `{}`", desc.name),
                    Some(key_span.clone()),
                    Some(help),
                );
            }
        }
        if bad_key {
            continue;
        }

        let options = serde_json::Value::Object(
            entry
                .options
                .iter()
                .map(|(k, (v, _, _))| (k.clone(), v.clone()))
                .collect(),
        );
        let built = match desc.build(options) {
            Ok(b) => b,
            // An option the stage itself found bad (a value out of range, a
            // path that leaves the output) points at that option too.
            Err(
                BuildError::Options { path, message }
                | BuildError::Stage(StageError::Options {
                    option: path,
                    message,
                }),
            ) => {
                let top = path.split(['.', '[']).next().unwrap_or_default();
                let span = entry
                    .options
                    .get(top)
                    .map(|(_, _, vs)| vs.clone())
                    .unwrap_or_else(|| entry.uses.span.clone());
                let what = if path.is_empty() {
                    format!("invalid options for stage `{}`: {message}", desc.name)
                } else {
                    format!(
                        "invalid option `{path}` for stage `{}`: {message}",
                        desc.name
                    )
                };
                d.push(
                    what,
                    Some(span),
                    Some(format!(
                        "`docpipe stages` shows the options of `{}`",
                        desc.name
                    )),
                );
                continue;
            }
            Err(e) => {
                d.push(
                    format!("stage `{}` could not be built: {e}", desc.name),
                    Some(entry.uses.span.clone()),
                    None,
                );
                continue;
            }
        };

        for layer in &built.requires {
            if !available.contains(layer) {
                let producer = registry
                    .iter()
                    .find(|r| r.default_layers().1.contains(layer))
                    .map(|r| r.name);
                let help = match producer {
                    Some(p) => format!("add `[[stage]]` `uses = \"{p}\"` before this stage"),
                    None => "add a stage that produces it before this one".into(),
                };
                d.push(
                    format!(
                        "stage `{}` needs the `{layer}` layer, which no earlier stage produces",
                        entry.id.value
                    ),
                    Some(entry.uses.span.clone()),
                    Some(help),
                );
            }
        }
        available.extend(built.produces.iter().cloned());
        planned.push(PlannedStage {
            id: entry.id.value.clone(),
            uses: desc.name.to_owned(),
            version: desc.version,
            built,
        });
    }

    let mut inputs: Vec<PathBuf> = Vec::new();
    if file.input.is_empty() {
        d.push(
            "no input: the pipeline file has no `input` and none was given".into(),
            None,
            Some("add `input = \"corpus/…\"` or pass `--input PATH`".into()),
        );
    }
    let mut skipped = discover::Skipped::default();
    for pattern in &file.input {
        // An input without a place in the file came from `--input`.
        let key = if pattern.span.is_empty() {
            "--input"
        } else {
            "input"
        };
        match discover::expand_with_skipped(&pattern.value) {
            Ok((found, passed_over)) if found.is_empty() => {
                skipped.extend(passed_over);
                push_at(
                    &mut d,
                    &pattern.span,
                    "--input",
                    format!(
                        "{key} `{}` holds no .txt, .jsonl, .jsonl.gz or .jsonl.zst file",
                        pattern.value
                    ),
                    Some(format!(
                        "point `{key}` at a file, a directory or a glob of supported files"
                    )),
                );
            }
            Ok((found, passed_over)) => {
                skipped.extend(passed_over);
                inputs.extend(found);
            }
            Err(e) => push_at(
                &mut d,
                &pattern.span,
                "--input",
                format!("{key} `{}`: {e}", pattern.value),
                Some("paths are relative to the directory docpipe runs in".into()),
            ),
        }
    }
    inputs.sort();
    inputs.dedup();
    // `--input corpus --input ./corpus`: a file reached under two spellings
    // (or through a symlink) is read once, under the first in path order.
    let mut resolved = std::collections::BTreeSet::new();
    inputs.retain(|p| resolved.insert(p.canonicalize().unwrap_or_else(|_| p.clone())));
    skipped.warn();

    let output = match &file.output {
        Some(o) if o.value.trim().is_empty() => {
            let key = if o.span.is_empty() {
                "--output"
            } else {
                "output"
            };
            push_at(
                &mut d,
                &o.span,
                "--output",
                format!("`{key}` is empty"),
                Some("name the directory the run writes to, e.g. `out/<name>`".into()),
            );
            PathBuf::new()
        }
        Some(o) => PathBuf::from(&o.value),
        None => PathBuf::from("out").join(&file.name.value),
    };

    if !output.as_os_str().is_empty() {
        check_overlap(file, &output, &mut d);
    }

    let pipeline = Pipeline {
        file: file.path.clone(),
        name: file.name.value.clone(),
        inputs,
        input_patterns: file.input.iter().map(|s| s.value.clone()).collect(),
        skipped,
        output,
        compression: file.compression,
        max_doc_bytes: file.max_doc_bytes,
        max_errors: file.max_errors,
        stages: planned,
    };
    d.into_result(&file.path, pipeline)
}

/// Reports every input that overlaps the output directory, at the input's
/// line (or the output's, when the input came from the command line).
fn check_overlap(file: &PipelineFile, output: &std::path::Path, d: &mut Diagnostics<'_>) {
    let output_text = output.display().to_string();
    let output_span = file.output.as_ref().map_or(0..0, |o| o.span.clone());
    for pattern in &file.input {
        let found = discover::roots(&pattern.value)
            .into_iter()
            .find_map(|root| super::overlap::overlap(&root, output));
        if let Some(o) = found {
            let help = Some(
                "choose an output directory outside every input, and no input inside it (e.g. `out/<name>`, with `--output` or `output = …`)"
                    .into(),
            );
            match span_or_none(&pattern.span).or_else(|| span_or_none(&output_span)) {
                Some(span) => d.push(o.describe(&pattern.value, &output_text), Some(span), help),
                // Neither is in the file: the input came from `--input`,
                // and the output from `--output` or the default.
                None => {
                    let flag = if file.output.is_some() {
                        "--input and --output"
                    } else {
                        "--input"
                    };
                    d.push_flag(flag, o.describe(&pattern.value, &output_text), help);
                }
            }
        }
    }
}

/// Reports a problem with a value at its place in the file, or, when it
/// has none (an empty span), as a problem of the command-line option `flag`
/// it came from.
fn push_at(
    d: &mut Diagnostics<'_>,
    span: &std::ops::Range<usize>,
    flag: &str,
    message: String,
    help: Option<String>,
) {
    match span_or_none(span) {
        Some(span) => d.push(message, Some(span), help),
        None => d.push_flag(flag, message, help),
    }
}

fn span_or_none(span: &std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
    (!span.is_empty()).then(|| span.clone())
}
