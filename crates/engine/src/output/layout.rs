//! File names inside an output directory (design.md, "Output").

use crate::pipeline::Compression;
use std::path::{Path, PathBuf};

/// One shard of a sharded run: `index` in `0..count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shard {
    /// This shard's index, from 0.
    pub index: usize,
    /// How many shards there are.
    pub count: usize,
}

impl Shard {
    /// The most shards a run can have: file names carry the index and the
    /// count in five digits (design.md, `.part-IIIII-of-NNNNN`).
    pub const MAX_COUNT: usize = 99_999;

    /// Parses `I/N` as written on the command line.
    pub fn parse(s: &str) -> Result<Shard, String> {
        let (i, n) = s
            .split_once('/')
            .ok_or_else(|| format!("`{s}` is not of the form I/N (e.g. 0/4)"))?;
        let index: usize = i
            .trim()
            .parse()
            .map_err(|_| format!("shard index `{i}` is not a number"))?;
        let count: usize = n
            .trim()
            .parse()
            .map_err(|_| format!("shard count `{n}` is not a number"))?;
        if count > Self::MAX_COUNT {
            return Err(format!(
                "shard count {count} is over {}, the most shard file names can carry",
                Self::MAX_COUNT
            ));
        }
        if count == 0 || index >= count {
            return Err(format!(
                "shard {index}/{count}: the index must be in 0..{count}"
            ));
        }
        Ok(Shard { index, count })
    }

    /// The `.part-IIIII-of-NNNNN` infix of this shard's files.
    pub fn infix(&self) -> String {
        format!(".part-{:05}-of-{:05}", self.index, self.count)
    }

    /// Finds the infix [`Shard::infix`] writes in a file name: the shard,
    /// the name before the infix and the name after it. Only that exact
    /// form counts (five digits each, a valid shard), so every part of
    /// docpipe that reads names (`status`, `merge`, clearing an output
    /// directory) agrees on which files are a shard's and a user's
    /// `notes.part-1-of-3.txt` is none.
    pub fn find_in(name: &str) -> Option<(Shard, &str, &str)> {
        const LEN: usize = ".part-00000-of-00000".len();
        let start = name.find(".part-")?;
        let infix = name.get(start..start + LEN)?;
        let b = infix.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        let rest = &name[start + LEN..];
        if !(digits(6..11) && &infix[11..15] == "-of-" && digits(15..20))
            || rest.starts_with(|c: char| c.is_ascii_digit())
        {
            return None;
        }
        let shard = Shard::parse(&format!("{}/{}", &infix[6..11], &infix[15..20])).ok()?;
        Some((shard, &name[..start], rest))
    }
}

/// Names every file of one run (or one shard of a run) in its directory.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The output directory.
    pub dir: PathBuf,
    /// Compression of the stage artifacts.
    pub compression: Compression,
    /// The shard, for a sharded run.
    pub shard: Option<Shard>,
}

/// The suffix of files still being written.
pub const PARTIAL: &str = ".partial";

impl Layout {
    fn infix(&self) -> String {
        self.shard.map(|s| s.infix()).unwrap_or_default()
    }

    /// `NN-<id>.jsonl` (with the shard infix and compression suffix).
    pub fn artifact(&self, position: usize, id: &str) -> PathBuf {
        self.dir.join(format!(
            "{position:02}-{id}{}.jsonl{}",
            self.infix(),
            self.compression.suffix()
        ))
    }

    /// `errors.jsonl`.
    pub fn errors(&self) -> PathBuf {
        self.dir.join(format!("errors{}.jsonl", self.infix()))
    }

    /// `dropped.jsonl`.
    pub fn dropped(&self) -> PathBuf {
        self.dir.join(format!("dropped{}.jsonl", self.infix()))
    }

    /// `manifest.json`.
    pub fn manifest(&self) -> PathBuf {
        self.dir.join(format!("manifest{}.json", self.infix()))
    }

    /// The directory a stage with a collector writes into: `<id>/`, or
    /// `<id>.part-…/` for a shard.
    pub fn stage_dir(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}{}", self.infix()))
    }

    /// The name a file has while it is being written.
    pub fn partial(path: &Path) -> PathBuf {
        let mut s = path.as_os_str().to_owned();
        s.push(PARTIAL);
        PathBuf::from(s)
    }
}

/// Whether `id` has the form a pipeline file allows for a stage id (one
/// rule for validation and for telling a run's files and directories).
pub(crate) fn is_stage_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Whether `name` is a file a run with this shard infix writes.
pub(crate) fn is_our_file(name: &str, infix: &str) -> bool {
    let name = name.strip_suffix(PARTIAL).unwrap_or(name);
    let name = name
        .strip_suffix(".zst")
        .or_else(|| name.strip_suffix(".gz"))
        .unwrap_or(name);
    let Some(stem) = name
        .strip_suffix(".jsonl")
        .or_else(|| name.strip_suffix(".json"))
    else {
        return false;
    };
    let Some(base) = stem.strip_suffix(infix) else {
        return false;
    };
    if base == "errors" || base == "dropped" || base == "manifest" {
        return true;
    }
    let b = base.as_bytes();
    b.len() > 3 && b[0].is_ascii_digit() && b[1].is_ascii_digit() && b[2] == b'-' && {
        is_stage_id(&base[3..])
    }
}

/// Whether `dir` holds an unsharded run that did not finish: no
/// `manifest.json`, but a file being written (`*.partial`) or a stage
/// artifact (`NN-<id>.jsonl…`), which only a run writes. This is what a
/// run killed or failed before its commit leaves (design.md: "one without
/// a manifest is an interrupted run: the same command resumes or redoes
/// it"). A shard's files do not count (`status` reads shards from their
/// markers), and `errors.jsonl` alone is no sign of a run: anyone may use
/// the name.
pub fn holds_unfinished_run(dir: &Path) -> bool {
    if dir.join("manifest.json").exists() {
        return false;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.flatten().any(|e| {
        let name = e.file_name();
        let name = name.to_string_lossy();
        (name.ends_with(PARTIAL) && Shard::find_in(&name).is_none())
            || (is_our_file(&name, "") && name.starts_with(|c: char| c.is_ascii_digit()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_design() {
        let l = Layout {
            dir: "out/news".into(),
            compression: Compression::None,
            shard: None,
        };
        assert_eq!(l.artifact(1, "clean"), Path::new("out/news/01-clean.jsonl"));
        assert_eq!(l.errors(), Path::new("out/news/errors.jsonl"));
        let s = Layout {
            shard: Some(Shard { index: 2, count: 8 }),
            compression: Compression::Zstd,
            ..l
        };
        assert_eq!(
            s.artifact(3, "tag"),
            Path::new("out/news/03-tag.part-00002-of-00008.jsonl.zst")
        );
        assert_eq!(
            s.manifest(),
            Path::new("out/news/manifest.part-00002-of-00008.json")
        );
        assert_eq!(
            Layout::partial(Path::new("a/b.jsonl")),
            Path::new("a/b.jsonl.partial")
        );
    }

    #[test]
    fn shard_infixes_are_found_in_names() {
        assert_eq!(
            Shard::find_in("03-tag.part-00001-of-00003.jsonl.zst"),
            Some((Shard { index: 1, count: 3 }, "03-tag", ".jsonl.zst"))
        );
        assert_eq!(
            Shard::find_in("export.part-00000-of-00002"),
            Some((Shard { index: 0, count: 2 }, "export", ""))
        );
        // Not the exact form a run writes, or not a shard at all.
        for name in [
            "notes.part-1-of-3.json",
            "manifest.part-+0001-of-00003.json",
            "manifest.part-00003-of-00003.json",
            "manifest.part-00000-of-00000.json",
            "manifest.part-00001-of-0003.json",
            "manifest.part-00001-of-000030.json",
            "attempt.part-x-of-00008.json",
            "manifest.json",
        ] {
            assert_eq!(Shard::find_in(name), None, "{name}");
        }
        let s = Shard {
            index: 41,
            count: 99_999,
        };
        let name = format!("errors{}.jsonl", s.infix());
        assert_eq!(Shard::find_in(&name), Some((s, "errors", ".jsonl")));
    }

    #[test]
    fn shard_parsing() {
        assert_eq!(Shard::parse("1/4"), Ok(Shard { index: 1, count: 4 }));
        assert!(Shard::parse("4/4").is_err());
        assert!(Shard::parse("x/4").is_err());
        assert!(Shard::parse("3").is_err());
        assert_eq!(
            Shard::parse("0/99999"),
            Ok(Shard {
                index: 0,
                count: 99_999
            })
        );
        assert!(Shard::parse("0/100000").unwrap_err().contains("over 99999"));
    }

    #[test]
    fn an_unfinished_unsharded_run_is_told_by_its_files() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        assert!(!holds_unfinished_run(d), "empty");
        std::fs::write(d.join("errors.jsonl"), "").unwrap();
        assert!(!holds_unfinished_run(d), "errors.jsonl is anyone's name");
        std::fs::write(d.join("01-clean.jsonl.partial"), "").unwrap();
        assert!(holds_unfinished_run(d), "a file being written");
        std::fs::remove_file(d.join("01-clean.jsonl.partial")).unwrap();
        std::fs::write(d.join("01-clean.jsonl"), "").unwrap();
        assert!(holds_unfinished_run(d), "an artifact without a manifest");
        std::fs::write(d.join("manifest.json"), "{}").unwrap();
        assert!(!holds_unfinished_run(d), "a manifest: finished");
        assert!(!holds_unfinished_run(&d.join("missing")));
    }
}
