//! `docpipe stages` and `docpipe schema`.

use super::{CommandResult, Failure};
use serde_json::{Value, json};
use std::process::ExitCode;

/// One option of a stage, read from its JSON Schema.
struct OptionDoc {
    name: String,
    kind: String,
    default: Option<String>,
    doc: String,
}

fn options_of(schema: &Value) -> Vec<OptionDoc> {
    let Some(props) = schema.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    props
        .iter()
        .map(|(name, p)| OptionDoc {
            name: name.clone(),
            kind: kind_of(p, schema),
            default: p.get("default").map(|d| d.to_string()),
            doc: p
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or("")
                .replace('\n', " "),
        })
        .collect()
}

fn kind_of(p: &Value, root: &Value) -> String {
    if let Some(t) = p.get("type") {
        return match t {
            Value::String(s) if s == "array" => {
                let inner = p.get("items").map(|i| kind_of(i, root)).unwrap_or_default();
                format!("[{inner}]")
            }
            Value::String(s) => s.clone(),
            Value::Array(a) => a
                .iter()
                .filter_map(Value::as_str)
                .filter(|s| *s != "null")
                .collect::<Vec<_>>()
                .join("|"),
            _ => t.to_string(),
        };
    }
    if let Some(e) = p.get("enum").and_then(Value::as_array) {
        return e
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join("|");
    }
    if let Some(r) = p.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or(r);
        if let Some(def) = root.get("$defs").and_then(|d| d.get(name)) {
            let k = kind_of(def, root);
            if !k.is_empty() {
                return k;
            }
        }
        return name.to_owned();
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(alts) = p.get(key).and_then(Value::as_array) {
            return alts
                .iter()
                .map(|a| kind_of(a, root))
                .filter(|k| k != "null")
                .collect::<Vec<_>>()
                .join("|");
        }
    }
    String::new()
}

pub(crate) fn run(as_json: bool) -> CommandResult {
    let registry = crate::registry::registry();
    if as_json {
        let list: Vec<Value> = registry
            .iter()
            .map(|d| {
                let (req, prod) = d.default_layers();
                json!({
                    "name": d.name,
                    "version": d.version,
                    "description": d.description,
                    "requires": req.iter().map(|l| l.to_string()).collect::<Vec<_>>(),
                    "produces": prod.iter().map(|l| l.to_string()).collect::<Vec<_>>(),
                    "options": d.options_schema(),
                })
            })
            .collect();
        let text = serde_json::to_string_pretty(&list).map_err(|e| Failure::Run(e.into()))?;
        outln!("{text}");
        return Ok(ExitCode::SUCCESS);
    }
    for d in registry.iter() {
        let (req, prod) = d.default_layers();
        let join = |v: &[docpipe_core::Layer]| {
            if v.is_empty() {
                "—".to_owned()
            } else {
                v.iter()
                    .map(|l| l.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        outln!("{} {}\n  {}", d.name, d.version, d.description);
        outln!("  needs:    {}\n  adds:     {}", join(&req), join(&prod));
        let opts = options_of(&d.options_schema());
        if opts.is_empty() {
            outln!("  options:  none");
        } else {
            outln!("  options:");
            for o in opts {
                let default = o.default.map(|d| format!(" = {d}")).unwrap_or_default();
                outln!("    {} ({}){default}", o.name, o.kind);
                if !o.doc.is_empty() {
                    outln!("        {}", o.doc);
                }
            }
        }
        outln!();
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn schema() -> CommandResult {
    let schema = docpipe_engine::pipeline_schema(&crate::registry::registry());
    let text = serde_json::to_string_pretty(&schema).map_err(|e| Failure::Run(e.into()))?;
    outln!("{text}");
    Ok(ExitCode::SUCCESS)
}
