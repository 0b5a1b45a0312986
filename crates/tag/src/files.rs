//! Reading the files the pipeline file names (`model`, `gazetteers`)
//! defensively: only regular files, and only up to a size limit, so that a
//! path naming a device or a FIFO (`/dev/zero`, `/dev/stdin`) fails at
//! build time instead of hanging or exhausting memory.

use std::io::{self, Read};
use std::path::Path;

/// The largest model file read (256 MiB).
pub(crate) const MODEL_LIMIT: u64 = 256 << 20;
/// The largest gazetteer file read (64 MiB).
pub(crate) const GAZETTEER_LIMIT: u64 = 64 << 20;

/// Reads a regular file of at most `limit` bytes. Anything else (a
/// directory, device, FIFO or socket) is refused before it is opened,
/// since opening a FIFO blocks until a writer comes.
pub(crate) fn read_regular(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    check(&std::fs::metadata(path)?, limit)?;
    let file = std::fs::File::open(path)?;
    // Checked again on the open file, in case the path changed meanwhile.
    check(&file.metadata()?, limit)?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

fn check(meta: &std::fs::Metadata, limit: u64) -> io::Result<()> {
    if !meta.is_file() {
        let kind = if meta.is_dir() {
            "a directory"
        } else {
            "a device, FIFO or socket"
        };
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("not a regular file ({kind})"),
        ));
    }
    if meta.len() > limit {
        return Err(too_large(limit));
    }
    Ok(())
}

fn too_large(limit: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("larger than the limit of {} MiB", limit >> 20),
    )
}

#[cfg(test)]
mod tests {
    use crate::TagSpec;
    use docpipe_core::StageDescriptor;
    use std::time::{Duration, Instant};

    fn build_error(options: serde_json::Value) -> String {
        let started = Instant::now();
        let err = match StageDescriptor::of::<TagSpec>().build(options) {
            Ok(_) => panic!("built"),
            Err(e) => e.to_string(),
        };
        assert!(started.elapsed() < Duration::from_secs(5), "{err}");
        err
    }

    #[test]
    fn devices_and_directories_are_refused_quickly() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let dir = dir.path().to_string_lossy().into_owned();
        for path in ["/dev/zero", "/dev/null", dir.as_str()] {
            if !std::path::Path::new(path).exists() {
                continue;
            }
            let err = build_error(serde_json::json!({ "model": path }));
            assert!(err.contains("model") && err.contains(path), "{err}");
            assert!(err.contains("not a regular file"), "{err}");
            let err = build_error(serde_json::json!({ "gazetteers": [path] }));
            assert!(err.contains("gazetteers") && err.contains(path), "{err}");
            assert!(err.contains("not a regular file"), "{err}");
        }
    }

    #[test]
    fn size_is_capped() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("big.tsv");
        let file = std::fs::File::create(&path).expect("create");
        file.set_len(super::GAZETTEER_LIMIT + 1)
            .expect("sparse file");
        let err = build_error(serde_json::json!({ "gazetteers": [path] }));
        assert!(err.contains("gazetteers") && err.contains("limit"), "{err}");
    }
}
