//! Reading back the files of an earlier run, line by line: `replay` folds
//! new results into them and an incremental rerun copies what it reuses.

use crate::error::RunError;
use crate::pipeline::Compression;
use serde::Deserialize;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;

/// What a read failure in an earlier run's file means, and the way out.
const DAMAGED: &str = "the earlier run's file is damaged (cut short or changed since); run the pipeline again with --force --no-reuse to compute it anew";

/// The fields of an artifact line replay looks at.
#[derive(Deserialize)]
pub(crate) struct Head {
    pub(crate) id: String,
    #[serde(default)]
    pub(crate) text: String,
}

/// Just the id of an artifact line (the text is skipped, not copied).
#[derive(Deserialize)]
pub(crate) struct IdHead {
    pub(crate) id: String,
}

/// The fields of a dropped.jsonl record looked at.
#[derive(Deserialize)]
pub(crate) struct DropHead {
    pub(crate) id: String,
    pub(crate) stage: String,
    /// Absent in records written before docpipe 0.1 recorded it.
    #[serde(default)]
    pub(crate) source: Option<crate::input::Source>,
}

/// The fields of an errors.jsonl record looked at.
#[derive(Deserialize)]
pub(crate) struct ErrorHead {
    pub(crate) stage: String,
    pub(crate) source: crate::input::Source,
}

/// An old file read line by line with one line of look-ahead; each line is
/// kept whole (to be copied byte for byte) beside the fields `T` parsed.
pub(crate) struct OldLines<T> {
    path: PathBuf,
    reader: Option<Box<dyn BufRead + Send>>,
    peeked: Option<(String, T)>,
    line_no: u64,
}

impl<T: for<'de> Deserialize<'de>> OldLines<T> {
    /// Opens `path`; a file that does not exist reads as empty (a run writes
    /// every file, so a missing one had nothing in it).
    pub(crate) fn open(path: PathBuf, compression: Compression) -> Result<Self, RunError> {
        let reader: Option<Box<dyn BufRead + Send>> = match std::fs::File::open(&path) {
            Ok(file) => Some(match compression {
                Compression::None => Box::new(BufReader::with_capacity(1 << 20, file)),
                Compression::Zstd => Box::new(BufReader::new(
                    zstd::stream::read::Decoder::new(file).map_err(|e| RunError::Read {
                        path: path.clone(),
                        message: e.to_string(),
                    })?,
                )),
                Compression::Gzip => {
                    Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(file)))
                }
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                return Err(RunError::Read {
                    path,
                    message: e.to_string(),
                });
            }
        };
        Ok(Self {
            path,
            reader,
            peeked: None,
            line_no: 0,
        })
    }

    /// The file being read.
    pub(crate) fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// The next line's fields without consuming it.
    pub(crate) fn peek(&mut self) -> Result<Option<&T>, RunError> {
        if self.peeked.is_none()
            && let Some(r) = self.reader.as_mut()
        {
            let mut line = String::new();
            let n = r.read_line(&mut line).map_err(|e| RunError::Read {
                path: self.path.clone(),
                message: format!("{e}: {DAMAGED}"),
            })?;
            if n > 0 {
                self.line_no += 1;
                let head: T = serde_json::from_str(&line).map_err(|e| RunError::Read {
                    path: self.path.clone(),
                    message: format!(
                        "line {}: not a docpipe record: {e}; {DAMAGED}",
                        self.line_no
                    ),
                })?;
                if !line.ends_with('\n') {
                    line.push('\n');
                }
                self.peeked = Some((line, head));
            }
        }
        Ok(self.peeked.as_ref().map(|(_, h)| h))
    }

    /// The next line, whole, with its fields.
    pub(crate) fn take(&mut self) -> Result<Option<(String, T)>, RunError> {
        self.peek()?;
        Ok(self.peeked.take())
    }
}
