//! The JSON Schema of pipeline files, for editors (`docpipe schema`).

use crate::registry::Registry;
use serde_json::{Value, json};

/// A JSON Schema (draft 2020-12) of a pipeline file whose stages are the
/// registry's: each `[[stage]]` table is one of the registered stages,
/// told apart by `uses`, with that stage's own options.
pub fn pipeline_schema(registry: &Registry) -> Value {
    let stages: Vec<Value> = registry
        .iter()
        .map(|d| {
            let mut schema = d.options_schema();
            let obj = schema.as_object_mut();
            let mut props = obj
                .as_ref()
                .and_then(|o| o.get("properties"))
                .cloned()
                .unwrap_or_else(|| json!({}));
            if let Some(p) = props.as_object_mut() {
                p.insert("uses".into(), json!({"const": d.name, "description": d.description}));
                p.insert(
                    "id".into(),
                    json!({"type": "string", "pattern": "^[A-Za-z0-9_-]+$",
                           "description": "The artifact name; defaults to `uses`. Unique in the pipeline."}),
                );
            }
            let defs = obj.as_ref().and_then(|o| o.get("$defs")).cloned();
            let mut s = json!({
                "title": d.name,
                "description": d.description,
                "type": "object",
                "required": ["uses"],
                "properties": props,
                "additionalProperties": false,
            });
            if let (Some(defs), Some(o)) = (defs, s.as_object_mut()) {
                o.insert("$defs".into(), defs);
            }
            s
        })
        .collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "docpipe pipeline",
        "type": "object",
        "additionalProperties": false,
        "required": ["stage"],
        "properties": {
            "name": {"type": "string", "description": "The pipeline's name; defaults to the file name."},
            "input": {
                "description": "Files, directories or globs of .txt, .jsonl, .jsonl.gz or .jsonl.zst documents, relative to the working directory.",
                "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]
            },
            "output": {"type": "string", "description": "The output directory; defaults to out/<name>."},
            "compression": {"enum": ["none", "zstd", "gzip"], "default": "none", "description": "Compression of the per-stage artifacts."},
            "max_doc_bytes": {"type": "integer", "minimum": 1, "default": 16777216, "description": "Documents larger than this go to errors.jsonl."},
            "max_errors": {
                "description": "Failed documents tolerated before the run stops with exit 1: a count, a fraction (0.01) or a percentage (\"1%\"). Unlimited by default.",
                "oneOf": [{"type": "integer", "minimum": 0}, {"type": "number", "minimum": 0, "maximum": 1}, {"type": "string", "pattern": "^[0-9.]+%$"}]
            },
            "stage": {"type": "array", "minItems": 1, "items": {"oneOf": stages}}
        }
    })
}
