//! A buffered output file that remembers its path for error messages.

use crate::error::ExportError;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// A file being written under the stage's output directory.
pub(crate) struct OutputFile {
    path: PathBuf,
    out: BufWriter<File>,
}

impl OutputFile {
    /// Creates (or truncates) `dir/name`.
    pub(crate) fn create(dir: &Path, name: &str) -> Result<Self, ExportError> {
        let path = dir.join(name);
        let file = File::create(&path).map_err(|source| ExportError::Io {
            path: path.clone(),
            source,
        })?;
        Ok(Self {
            path,
            out: BufWriter::with_capacity(1 << 16, file),
        })
    }

    /// Appends bytes.
    pub(crate) fn write(&mut self, bytes: &[u8]) -> Result<(), ExportError> {
        self.out.write_all(bytes).map_err(|source| ExportError::Io {
            path: self.path.clone(),
            source,
        })
    }

    /// Appends a JSON value and a newline.
    pub(crate) fn write_json_line<T: serde::Serialize>(
        &mut self,
        value: &T,
    ) -> Result<(), ExportError> {
        serde_json::to_writer(&mut self.out, value).map_err(|source| ExportError::Json {
            path: self.path.clone(),
            source,
        })?;
        self.write(b"\n")
    }

    /// Flushes and closes the file.
    pub(crate) fn finish(mut self) -> Result<(), ExportError> {
        self.out.flush().map_err(|source| ExportError::Io {
            path: self.path.clone(),
            source,
        })
    }
}
