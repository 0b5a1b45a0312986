//! `manifest.json`: written last, it marks a run (or a shard) as finished
//! and records what produced it.

use crate::output::Shard;
use docpipe_core::{ReadCounts, StageCounts};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

/// One committed artifact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArtifactInfo {
    /// File name inside the output directory.
    pub path: String,
    /// Uncompressed bytes.
    pub bytes: u64,
    /// Bytes on disk (compressed, for a compressed artifact), so that a
    /// rerun can tell a cut or damaged file from the one the run wrote
    /// whatever the compression. Absent in manifests of docpipe before
    /// 0.6.10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_bytes: Option<u64>,
}

impl ArtifactInfo {
    /// The record of the committed artifact at `path` holding `bytes`
    /// uncompressed bytes; its size on disk is read from the file.
    pub fn committed(path: &Path, bytes: u64) -> ArtifactInfo {
        Self::sized_from(path, bytes, path)
    }

    /// The record of the artifact that will be committed at `path` and is
    /// still under its `.partial` name (a replay writes its manifest
    /// before it swaps the files).
    pub fn pending(path: &Path, bytes: u64) -> ArtifactInfo {
        Self::sized_from(path, bytes, &crate::output::Layout::partial(path))
    }

    fn sized_from(path: &Path, bytes: u64, on_disk: &Path) -> ArtifactInfo {
        ArtifactInfo {
            path: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            bytes,
            file_bytes: std::fs::metadata(on_disk).ok().map(|m| m.len()),
        }
    }
}

/// One stage as it ran: enough to build it again from the registry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanStage {
    /// The stage id.
    pub id: String,
    /// The registered stage.
    pub uses: String,
    /// Its options with defaults filled in.
    pub options: serde_json::Value,
}

/// What ran: the settings and stages of the pipeline, so that `merge` and
/// `replay` can rebuild it without the pipeline file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// The pipeline file the run was started from.
    pub file: String,
    /// Artifact compression (`none`, `zstd`, `gzip`).
    pub compression: String,
    /// `max_doc_bytes`.
    pub max_doc_bytes: u64,
    /// The input files, directories or globs as the run was given them.
    pub inputs: Vec<String>,
    /// The stages in order.
    pub stages: Vec<PlanStage>,
}

/// The contents of `manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The pipeline's name.
    pub pipeline: String,
    /// Hash of the stages, their versions and options (see
    /// [`crate::Pipeline::hash`]).
    pub pipeline_hash: String,
    /// Fingerprint of the input this run read (for a shard, its part).
    pub input_hash: String,
    /// Fingerprint of the whole input (paths, sizes, modification times);
    /// the same in every shard and in the merged run.
    pub corpus_hash: String,
    /// docpipe's version and each stage's (`stage:<uses>`).
    pub versions: BTreeMap<String, String>,
    /// When the run started (RFC 3339, UTC).
    pub started: String,
    /// When it finished (RFC 3339, UTC).
    pub finished: String,
    /// Worker threads used.
    pub threads: usize,
    /// The shard, for one shard of a sharded run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<Shard>,
    /// The reader's counts.
    pub read: ReadCounts,
    /// Per-stage counts, in pipeline order.
    pub stages: Vec<StageCounts>,
    /// The committed files.
    #[serde(default)]
    pub artifacts: Vec<ArtifactInfo>,
    /// Ids of the stages whose collector wrote a `<id>/` directory: the
    /// only stage directories a later run into the same directory removes
    /// (a directory of the same name that no collector wrote is left alone).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub collectors: Vec<String>,
    /// What ran.
    pub plan: Plan,
}

impl Manifest {
    /// Reads a manifest; `None` when the file does not exist.
    pub fn read(path: &Path) -> Result<Option<Manifest>, String> {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| format!("not a docpipe manifest: {e}")),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }

    /// Writes the manifest atomically (temporary file, then rename).
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        let mut bytes = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        bytes.push(b'\n');
        let tmp = crate::output::Layout::partial(path);
        std::fs::write(&tmp, bytes)?;
        std::fs::File::open(&tmp)?.sync_all()?;
        std::fs::rename(tmp, path)
    }
}

/// Now as RFC 3339 UTC with milliseconds (`2026-11-23T17:25:50.123Z`).
pub fn now_rfc3339() -> String {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    rfc3339(d.as_secs(), d.subsec_millis())
}

/// Reads back a time as [`now_rfc3339`] writes it (`2026-11-23T17:25:50.123Z`,
/// the fraction optional), as seconds since 1970; `None` for anything else.
pub fn parse_rfc3339(s: &str) -> Option<f64> {
    let (date, time) = s.strip_suffix('Z')?.split_once('T')?;
    let mut ymd = date.splitn(3, '-').map(str::parse::<i64>);
    let (y, m, d) = (ymd.next()?.ok()?, ymd.next()?.ok()?, ymd.next()?.ok()?);
    let (hms, fraction) = time.split_once('.').unwrap_or((time, "0"));
    let mut hms = hms.splitn(3, ':').map(str::parse::<u64>);
    let (hh, mm, ss) = (hms.next()?.ok()?, hms.next()?.ok()?, hms.next()?.ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    let fraction: f64 = format!("0.{fraction}").parse().ok()?;
    // Howard Hinnant's days_from_civil, the inverse of `rfc3339`'s.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days as f64 * 86_400.0 + (hh * 3600 + mm * 60 + ss) as f64 + fraction)
}

/// The wall-clock seconds of a run made of `shards`: from the earliest
/// start to the latest finish their manifests record. When the shards run
/// side by side, as on a cluster, that is what an unsharded run's wall time
/// measures; shards run one after another (or one retried later) count
/// the time in between too, which is how long the run did take. 0 when no
/// time can be read.
pub fn shards_wall_seconds(shards: &[Manifest]) -> f64 {
    let started = shards
        .iter()
        .filter_map(|m| parse_rfc3339(&m.started))
        .reduce(f64::min);
    let finished = shards
        .iter()
        .filter_map(|m| parse_rfc3339(&m.finished))
        .reduce(f64::max);
    match (started, finished) {
        (Some(s), Some(f)) if f > s => ((f - s) * 1000.0).round() / 1000.0,
        _ => 0.0,
    }
}

fn rfc3339(secs: u64, millis: u32) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_dates() {
        assert_eq!(rfc3339(0, 0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(1_709_251_199, 5), "2024-02-29T23:59:59.005Z");
        assert_eq!(rfc3339(1_795_454_750, 0), "2026-11-23T17:25:50.000Z");
    }

    #[test]
    fn reads_back_the_dates_it_writes() {
        for (secs, millis) in [
            (0, 0),
            (1_709_251_199, 5),
            (1_795_454_750, 123),
            (951_782_400, 999),
            (4_102_444_800, 1),
        ] {
            let text = rfc3339(secs, millis);
            let back = parse_rfc3339(&text).unwrap();
            let want = secs as f64 + f64::from(millis) / 1000.0;
            assert!((back - want).abs() < 1e-6, "{text}: {back} != {want}");
        }
        assert_eq!(parse_rfc3339("2026-11-23T17:25:50Z"), Some(1_795_454_750.0));
        for bad in [
            "",
            "yesterday",
            "2026-13-01T00:00:00Z",
            "2026-11-23 17:25:50Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_wall_time_of_shards_spans_the_first_start_to_the_last_finish() {
        let m: Manifest = serde_json::from_value(serde_json::json!({
            "pipeline": "p", "pipeline_hash": "h", "input_hash": "i", "corpus_hash": "c",
            "versions": {}, "started": "", "finished": "", "threads": 1,
            "read": {"files": 0, "docs": 0, "errors": 0, "bytes": 0}, "stages": [],
            "plan": {"file": "p.toml", "compression": "none", "max_doc_bytes": 1,
                     "inputs": [], "stages": []}
        }))
        .unwrap();
        let shard = |started: &str, finished: &str| Manifest {
            started: started.into(),
            finished: finished.into(),
            ..m.clone()
        };
        let shards = [
            shard("2026-11-23T17:25:51.000Z", "2026-11-23T17:25:53.250Z"),
            shard("2026-11-23T17:25:50.500Z", "2026-11-23T17:25:52.000Z"),
        ];
        assert_eq!(shards_wall_seconds(&shards), 2.75);
        assert_eq!(shards_wall_seconds(&[]), 0.0);
        assert_eq!(shards_wall_seconds(&[shard("?", "?")]), 0.0);
    }
}
