//! Reading the program's answer for one document.

use crate::error::ExecError;
use docpipe_core::{Document, Outcome};
use serde_json::{Map, Value};

/// What one stdout line means for the document that was sent.
#[derive(Debug)]
pub(crate) enum Reply {
    /// The whole record, to replace the document.
    Record(Box<Document>),
    /// `{"id": …, "drop": "reason"}`.
    Drop(String),
    /// `{"id": …, "error": "message"}`.
    Error(String),
}

/// Why a line is not a reply to the document: the worker is out of step
/// and must be restarted.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Garbage(pub String);

/// Reads one line as the reply to the document with id `expected`.
///
/// `Err(Garbage)` means the line cannot be a reply to this document at all
/// (not JSON, not an object, no or another id); `Ok(Err(_))` means it is
/// this document's reply but the record it carries is unusable.
pub(crate) fn parse(line: &[u8], expected: &str) -> Result<Result<Reply, ExecError>, Garbage> {
    let value: Value = serde_json::from_slice(line)
        .map_err(|e| Garbage(format!("not JSON ({e}): {}", preview(line))))?;
    let Value::Object(mut obj) = value else {
        return Err(Garbage(format!("not a JSON object: {}", preview(line))));
    };
    let id = match obj.get("id") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => {
            return Err(Garbage(format!(
                "`id` is not a string or number: {}",
                preview(line)
            )));
        }
        None => return Err(Garbage(format!("no `id`: {}", preview(line)))),
    };
    if id != expected {
        return Err(Garbage(format!(
            "answered for id `{id}` while docpipe waited for `{expected}`"
        )));
    }
    if let Some(e) = obj.remove("error") {
        let message = text_of(e);
        return Ok(Ok(Reply::Error(if message.trim().is_empty() {
            "the program reported an error without a message".into()
        } else {
            message
        })));
    }
    if let Some(reason) = obj.remove("drop") {
        let reason = text_of(reason);
        // dropped.jsonl is where a person looks for why a document went:
        // a drop must say.
        if reason.trim().is_empty() {
            return Ok(Err(ExecError::InvalidRecord(
                "`drop` with an empty reason: say why, e.g. {\"id\": …, \"drop\": \"too short\"}"
                    .into(),
            )));
        }
        return Ok(Ok(Reply::Drop(reason)));
    }
    Ok(record(obj))
}

fn record(obj: Map<String, Value>) -> Result<Reply, ExecError> {
    if !obj.contains_key("text") {
        return Err(ExecError::InvalidRecord(
            "no `text`: answer the whole record, or {\"id\", \"drop\"} or {\"id\", \"error\"}"
                .into(),
        ));
    }
    // Deserializing converts code point offsets back to bytes and checks
    // every span against the (possibly changed) text.
    let doc: Document = serde_json::from_value(Value::Object(obj))
        .map_err(|e| ExecError::InvalidRecord(e.to_string()))?;
    Ok(Reply::Record(Box::new(doc)))
}

fn text_of(v: Value) -> String {
    match v {
        Value::String(s) => s,
        other => other.to_string(),
    }
}

fn preview(line: &[u8]) -> String {
    const MAX: usize = 120;
    let text = String::from_utf8_lossy(line);
    let mut out: String = text.chars().take(MAX).collect();
    if text.chars().count() > MAX {
        out.push('…');
    }
    format!("{out:?}")
}

impl Reply {
    /// Applies the reply to the document sent.
    pub fn apply(self, doc: &mut Document) -> Result<Outcome, ExecError> {
        match self {
            Reply::Record(new) => {
                *doc = *new;
                Ok(Outcome::Keep)
            }
            Reply::Drop(reason) => Ok(Outcome::Drop(reason)),
            Reply::Error(message) => Err(ExecError::Reported(message)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str) -> Result<Result<Reply, ExecError>, Garbage> {
        parse(line.as_bytes(), "a")
    }

    #[test]
    fn reads_records_drops_and_errors() {
        let Ok(Ok(Reply::Record(d))) = check(
            r#"{"id":"a","text":"héllo","sentences":[{"start":0,"end":5}],"attrs":{"py":{"n":1}}}"#,
        ) else {
            panic!("record expected");
        };
        assert_eq!(d.sentences.as_deref().map(|s| s[0].end), Some(6));
        assert_eq!(d.attrs["py"]["n"], 1);
        assert!(
            matches!(check(r#"{"id":"a","drop":"too short"}"#), Ok(Ok(Reply::Drop(r))) if r == "too short")
        );
        assert!(
            matches!(check(r#"{"id":"a","error":"boom"}"#), Ok(Ok(Reply::Error(r))) if r == "boom")
        );
        assert!(matches!(parse(br#"{"id":7,"drop":1}"#, "7"), Ok(Ok(Reply::Drop(r))) if r == "1"));
        // An empty reason or message tells a person nothing.
        assert!(
            matches!(check(r#"{"id":"a","drop":" "}"#), Ok(Err(ExecError::InvalidRecord(m))) if m.contains("empty reason"))
        );
        assert!(
            matches!(check(r#"{"id":"a","error":""}"#), Ok(Ok(Reply::Error(m))) if m.contains("without a message"))
        );
    }

    #[test]
    fn refuses_garbage() {
        for (line, says) in [
            ("hello", "not JSON"),
            ("[1]", "not a JSON object"),
            (r#"{"text":"x"}"#, "no `id`"),
            (r#"{"id":true}"#, "not a string"),
            (r#"{"id":"b","text":"x"}"#, "answered for id `b`"),
        ] {
            let Err(Garbage(m)) = check(line) else {
                panic!("{line} is garbage")
            };
            assert!(m.contains(says), "{line}: {m}");
        }
    }

    #[test]
    fn refuses_invalid_records() {
        for (line, says) in [
            (r#"{"id":"a"}"#, "no `text`"),
            (
                r#"{"id":"a","text":"short","sentences":[{"start":0,"end":9}]}"#,
                "past the end",
            ),
            (
                r#"{"id":"a","text":"x","meta":3}"#,
                "`meta` must be an object",
            ),
        ] {
            let Ok(Err(e)) = check(line) else {
                panic!("{line} is invalid")
            };
            assert!(e.to_string().contains(says), "{line}: {e}");
        }
    }
}
