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

/// Creates (or truncates) `dir/name`, and the directories `name` names
/// (the options checked that it stays inside `dir`).
pub(crate) fn create_file(dir: &Path, name: &str) -> Result<(PathBuf, File), ExportError> {
    let path = dir.join(name);
    let io = |source| ExportError::Io {
        path: path.clone(),
        source,
    };
    if let Some(parent) = path.parent()
        && parent != dir
    {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let file = File::create(&path).map_err(io)?;
    Ok((path, file))
}

impl OutputFile {
    /// Creates (or truncates) `dir/name`.
    pub(crate) fn create(dir: &Path, name: &str) -> Result<Self, ExportError> {
        let (path, file) = create_file(dir, name)?;
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
