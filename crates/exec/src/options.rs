//! The `exec` stage's options, as written beside `uses = "exec"`.

use docpipe_core::Layer;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// Options of the `exec` stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ExecOptions {
    /// The program and its arguments, as an argv list (`["python3",
    /// "stages/lang.py"]`). Run directly, never through a shell. Required.
    pub command: Vec<String>,
    /// How many long-lived copies of the program run side by side; each
    /// handles one document at a time. Default 1.
    pub workers: usize,
    /// Time limit per document (`"500ms"`, `"30s"`, `"2m"`); a worker that
    /// takes longer is killed and restarted and the document fails.
    /// Default `"60s"`.
    #[schemars(with = "String")]
    pub timeout: Timeout,
    /// Extra time the first document sent to a newly started worker gets,
    /// for the program to start up (load a model, say). Default `"30s"`.
    #[schemars(with = "String")]
    pub startup_timeout: Timeout,
    /// Layers the program needs on every document (`"tokens"`,
    /// `"attrs.lang"`). Default `["text"]`.
    #[schemars(with = "Vec<String>")]
    pub requires: Vec<LayerName>,
    /// Layers the program adds or replaces, usually `["attrs.<id>"]`.
    /// Default `[]`.
    #[schemars(with = "Vec<String>")]
    pub produces: Vec<LayerName>,
    /// Environment variables set for the program, on top of docpipe's own
    /// environment. Default none.
    pub env: BTreeMap<String, String>,
    /// Working directory of the program. Default: docpipe's own.
    pub cwd: Option<PathBuf>,
    /// Longest stdout line (one answer) accepted from the program, in
    /// bytes. A longer line fails its document and restarts the worker,
    /// so a program that never writes a newline cannot fill memory.
    /// Default: 8 × the document's own line, at least 64 MiB.
    // Not written when unset, so pipelines that do not use it keep their
    // normalized options (and pipeline hash) as before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_reply_bytes: Option<u64>,
}

impl Default for ExecOptions {
    fn default() -> Self {
        Self {
            command: Vec::new(),
            workers: 1,
            timeout: Timeout::default(),
            startup_timeout: Timeout(Duration::from_secs(30)),
            requires: vec![LayerName(Layer::TEXT)],
            produces: Vec::new(),
            env: BTreeMap::new(),
            cwd: None,
            max_reply_bytes: None,
        }
    }
}

/// A layer name checked with [`Layer::parse`] when the options are read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LayerName(pub Layer);

impl TryFrom<String> for LayerName {
    type Error = String;

    fn try_from(name: String) -> Result<Self, String> {
        Layer::parse(&name).map(LayerName).ok_or_else(|| {
            let known: Vec<&str> = Layer::BUILT_IN.iter().map(Layer::as_str).collect();
            format!(
                "unknown layer `{name}`: expected one of {} or `attrs.<name>`",
                known.join(", ")
            )
        })
    }
}

impl From<LayerName> for String {
    fn from(l: LayerName) -> String {
        l.0.as_str().to_owned()
    }
}

/// A per-document time limit, written as a number and a unit: `ms`, `s`,
/// `m` or `h` (`"500ms"`, `"1.5s"`, `"2m"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Timeout(pub Duration);

impl Default for Timeout {
    fn default() -> Self {
        Timeout(Duration::from_secs(60))
    }
}

impl Timeout {
    /// The limit in whole milliseconds, at least 1.
    pub fn as_millis(&self) -> u64 {
        u64::try_from(self.0.as_millis()).unwrap_or(u64::MAX).max(1)
    }
}

impl TryFrom<String> for Timeout {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        parse_duration(&text).map(Timeout)
    }
}

impl From<Timeout> for String {
    fn from(t: Timeout) -> String {
        t.to_string()
    }
}

impl fmt::Display for Timeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.0.as_millis();
        if ms.is_multiple_of(1000) {
            write!(f, "{}s", ms / 1000)
        } else {
            write!(f, "{ms}ms")
        }
    }
}

/// Parses `"500ms"`, `"30s"`, `"1.5s"`, `"2m"`, `"1h"`. Zero is refused: a
/// document must get some time.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let bad = || {
        format!(
            "invalid duration `{text}`: write a number and a unit, like \"500ms\", \"30s\" or \"2m\""
        )
    };
    let value: f64 = number.parse().map_err(|_| bad())?;
    let seconds = match unit.trim() {
        "ms" => value / 1000.0,
        "s" => value,
        "m" | "min" => value * 60.0,
        "h" => value * 3600.0,
        _ => return Err(bad()),
    };
    let d = Duration::try_from_secs_f64(seconds).map_err(|_| bad())?;
    if d.as_millis() == 0 {
        return Err(format!("invalid duration `{text}`: must be at least 1ms"));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_durations() {
        for (text, ms) in [
            ("500ms", 500),
            ("30s", 30_000),
            ("1.5s", 1500),
            ("2m", 120_000),
            ("1h", 3_600_000),
            (" 7 s ", 7000),
        ] {
            assert_eq!(
                parse_duration(text).map(|d| d.as_millis()),
                Ok(ms),
                "{text}"
            );
        }
        for bad in ["", "30", "s", "0s", "-1s", "3 days", "1.2.3s"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn timeout_prints_back() {
        assert_eq!(Timeout(Duration::from_millis(1500)).to_string(), "1500ms");
        assert_eq!(Timeout::default().to_string(), "60s");
    }

    #[test]
    fn reads_options_and_checks_layers() {
        let o: ExecOptions = serde_json::from_value(serde_json::json!({
            "command": ["python3", "x.py"], "timeout": "2s", "produces": ["attrs.py"]
        }))
        .unwrap();
        assert_eq!(o.timeout.0, Duration::from_secs(2));
        assert_eq!(o.requires, vec![LayerName(Layer::TEXT)]);
        assert_eq!(o.produces, vec![LayerName(Layer::attr("py"))]);
        let e = serde_json::from_value::<ExecOptions>(serde_json::json!({"produces": ["tokenz"]}))
            .unwrap_err();
        assert!(e.to_string().contains("unknown layer `tokenz`"), "{e}");
        let e =
            serde_json::from_value::<ExecOptions>(serde_json::json!({"shell": true})).unwrap_err();
        assert!(e.to_string().contains("unknown field"), "{e}");
    }
}
