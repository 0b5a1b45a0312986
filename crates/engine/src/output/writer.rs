//! Writes one artifact on its own thread: chunks of complete JSONL lines
//! arrive in order through a bounded channel, go through optional
//! compression to a `.partial` file, and the file is renamed to its final
//! name only by [`ArtifactWriter::commit`].

use crate::pipeline::Compression;
use crossbeam_channel::{Sender, bounded};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use super::Layout;

/// What a writer thread reports when it ends.
#[derive(Debug, Clone, Copy, Default)]
pub struct Written {
    /// Uncompressed bytes written.
    pub bytes: u64,
}

/// A running artifact writer.
#[derive(Debug)]
pub struct ArtifactWriter {
    path: PathBuf,
    tx: Option<Sender<Vec<u8>>>,
    handle: Option<JoinHandle<std::io::Result<Written>>>,
}

enum Sink {
    Plain(BufWriter<File>),
    Zstd(zstd::stream::write::Encoder<'static, BufWriter<File>>),
    Gzip(flate2::write::GzEncoder<BufWriter<File>>),
}

impl Sink {
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match self {
            Sink::Plain(w) => w.write_all(buf),
            Sink::Zstd(w) => w.write_all(buf),
            Sink::Gzip(w) => w.write_all(buf),
        }
    }

    fn finish(self) -> std::io::Result<()> {
        let mut inner = match self {
            Sink::Plain(w) => w,
            Sink::Zstd(w) => w.finish()?,
            Sink::Gzip(w) => w.finish()?,
        };
        inner.flush()?;
        inner.get_ref().sync_all()
    }
}

impl ArtifactWriter {
    /// Starts a writer for `path` (written as `path.partial` until commit).
    pub fn start(path: PathBuf, compression: Compression) -> std::io::Result<Self> {
        let partial = Layout::partial(&path);
        // Chunks of a batch's lines larger than the buffer go to the file
        // directly, without a copy into it; small ones are gathered.
        let file = BufWriter::with_capacity(1 << 16, File::create(&partial)?);
        let mut sink = match compression {
            Compression::None => Sink::Plain(file),
            Compression::Zstd => Sink::Zstd(zstd::stream::write::Encoder::new(file, 3)?),
            Compression::Gzip => Sink::Gzip(flate2::write::GzEncoder::new(
                file,
                flate2::Compression::default(),
            )),
        };
        let (tx, rx) = bounded::<Vec<u8>>(64);
        let handle = std::thread::Builder::new()
            .name(format!("write {}", path.display()))
            .spawn(move || {
                let mut written = Written::default();
                for chunk in rx {
                    sink.write_all(&chunk)?;
                    written.bytes += chunk.len() as u64;
                }
                sink.finish()?;
                Ok(written)
            })?;
        Ok(Self {
            path,
            tx: Some(tx),
            handle: Some(handle),
        })
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Queues a chunk of complete lines. Returns `false` when the writer
    /// thread has stopped (its error is reported by [`finish`](Self::finish)).
    #[must_use]
    pub fn send(&self, chunk: Vec<u8>) -> bool {
        if chunk.is_empty() {
            return true;
        }
        self.tx.as_ref().is_some_and(|tx| tx.send(chunk).is_ok())
    }

    /// Closes the channel: the writer thread writes what is queued, then
    /// flushes and syncs the file. [`finish`](Self::finish) waits for that.
    pub fn close(&mut self) {
        self.tx.take();
    }

    /// Closes the channel and waits for the file to be flushed and synced;
    /// the file keeps its `.partial` name.
    pub fn finish(&mut self) -> std::io::Result<Written> {
        self.tx.take();
        match self.handle.take() {
            Some(h) => h
                .join()
                .unwrap_or_else(|_| Err(std::io::Error::other("writer thread panicked"))),
            None => Ok(Written::default()),
        }
    }

    /// Renames the finished `.partial` file to its final name.
    pub fn commit(&self) -> std::io::Result<()> {
        std::fs::rename(Layout::partial(&self.path), &self.path)
    }
}

impl Drop for ArtifactWriter {
    fn drop(&mut self) {
        // Let the thread end; an uncommitted file stays `.partial`.
        self.tx.take();
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn writes_partial_then_commits() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("01-x.jsonl");
        let mut w = ArtifactWriter::start(path.clone(), Compression::None).unwrap();
        assert!(w.send(b"{\"a\":1}\n".to_vec()));
        assert!(!path.exists());
        let written = w.finish().unwrap();
        assert_eq!(written.bytes, 8);
        assert!(Layout::partial(&path).exists());
        w.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{\"a\":1}\n");
    }

    #[test]
    fn zstd_and_gzip_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        for (c, name) in [
            (Compression::Zstd, "a.jsonl.zst"),
            (Compression::Gzip, "a.jsonl.gz"),
        ] {
            let path = dir.path().join(name);
            let mut w = ArtifactWriter::start(path.clone(), c).unwrap();
            for i in 0..1000 {
                assert!(w.send(format!("{{\"i\":{i}}}\n").into_bytes()));
            }
            w.finish().unwrap();
            w.commit().unwrap();
            let file = File::open(&path).unwrap();
            let mut text = String::new();
            match c {
                Compression::Zstd => zstd::stream::read::Decoder::new(file)
                    .unwrap()
                    .read_to_string(&mut text)
                    .unwrap(),
                _ => flate2::read::GzDecoder::new(file)
                    .read_to_string(&mut text)
                    .unwrap(),
            };
            assert_eq!(text.lines().count(), 1000);
            assert_eq!(text.lines().last(), Some("{\"i\":999}"));
        }
    }
}
