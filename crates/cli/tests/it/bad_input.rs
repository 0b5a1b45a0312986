//! Hostile and broken input through the real `docpipe` binary and the real
//! stages: every input item ends up in an artifact, dropped.jsonl or
//! errors.jsonl with a clear message; nothing panics; every stage's counts
//! add up; nothing is written outside the output directory.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

const FULL: &str = "[[stage]]\nuses = \"clean\"\n[[stage]]\nuses = \"segment\"\n[[stage]]\nuses = \"tag\"\n[[stage]]\nuses = \"summarize\"\n[[stage]]\nuses = \"export\"\n";
const SEGMENT: &str = "[[stage]]\nuses = \"clean\"\n[[stage]]\nuses = \"segment\"\n";

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).expect("records are JSON"))
        .collect()
}

/// Every file under `dir` (not following symlinks) with its size, `skip`
/// excluded.
fn files(dir: &Path, skip: &Path) -> BTreeMap<PathBuf, u64> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p == skip {
                continue;
            }
            let Ok(m) = std::fs::symlink_metadata(&p) else {
                continue;
            };
            if m.is_dir() {
                stack.push(p);
            } else {
                out.insert(p, m.len());
            }
        }
    }
    out
}

/// A scratch directory holding `in/` and a pipeline file `p.toml` reading
/// `in` into `out`.
struct Scratch {
    root: tempfile::TempDir,
}

impl Scratch {
    fn new(stages: &str, extra: &str) -> Self {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("in")).unwrap();
        std::fs::write(
            root.path().join("p.toml"),
            format!("name = \"bad\"\ninput = \"in\"\noutput = \"out\"\n{extra}\n{stages}"),
        )
        .unwrap();
        Self { root }
    }
    fn path(&self, rel: &str) -> PathBuf {
        self.root.path().join(rel)
    }
    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        std::fs::write(self.path(rel), bytes).unwrap();
    }
    fn out(&self) -> PathBuf {
        self.path("out")
    }

    /// Runs the pipeline; checks no panic, nothing written outside `out`.
    fn run(&self) -> std::process::Output {
        let before = files(self.root.path(), &self.out());
        let output = Command::cargo_bin("docpipe")
            .unwrap()
            .current_dir(self.root.path())
            .args(["run", "p.toml", "--threads", "2"])
            .timeout(Duration::from_secs(300))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "docpipe panicked:\n{stderr}");
        assert_eq!(
            files(self.root.path(), &self.out()),
            before,
            "files outside the output directory changed"
        );
        output
    }

    fn errors(&self) -> Vec<Value> {
        lines(&self.out().join("errors.jsonl"))
    }

    /// The error record of input file `name`, line `line`.
    fn error_of(&self, name: &str, line: Option<u64>) -> Value {
        let want = format!("in/{name}");
        self.errors()
            .into_iter()
            .find(|e| {
                e["source"]["path"] == want.as_str()
                    && e["source"]["line"] == serde_json::json!(line)
            })
            .unwrap_or_else(|| {
                panic!(
                    "no error record for {want}:{line:?} in {:#?}",
                    self.errors()
                )
            })
    }

    /// The manifest's counts add up and agree with the records.
    fn check_counts(&self) -> Value {
        let m: Value =
            serde_json::from_slice(&std::fs::read(self.out().join("manifest.json")).unwrap())
                .unwrap();
        let mut expected_in = m["read"]["docs"].as_u64().unwrap();
        let mut errors = m["read"]["errors"].as_u64().unwrap();
        let mut dropped = 0;
        for s in m["stages"].as_array().unwrap() {
            let n = |k: &str| s[k].as_u64().unwrap();
            assert_eq!(n("in"), expected_in, "{s}");
            assert_eq!(n("in"), n("out") + n("dropped") + n("errors"), "{s}");
            expected_in = n("out");
            errors += n("errors");
            dropped += n("dropped");
        }
        assert_eq!(self.errors().len() as u64, errors);
        assert_eq!(
            lines(&self.out().join("dropped.jsonl")).len() as u64,
            dropped
        );
        for e in self.errors() {
            let msg = e["error"].as_str().unwrap();
            assert!(!msg.contains("panicked"), "a stage panicked: {e}");
            assert!(!msg.is_empty());
        }
        m
    }

    /// Ids of the documents in artifact `name`.
    fn ids(&self, name: &str) -> Vec<String> {
        lines(&self.out().join(name))
            .iter()
            .map(|d| d["id"].as_str().unwrap().to_owned())
            .collect()
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut child = std::process::Command::new("gzip")
        .arg("-c")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("gzip on PATH");
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    use std::io::Read;
    child.stdout.take().unwrap().read_to_end(&mut out).unwrap();
    child.wait().unwrap();
    out
}

fn zstd(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut child = std::process::Command::new("zstd")
        .args(["-c", "-q"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    let mut out = Vec::new();
    use std::io::Read;
    child.stdout.take().unwrap().read_to_end(&mut out).unwrap();
    child.wait().unwrap();
    Some(out)
}

fn jsonl_docs(n: usize, prefix: &str) -> String {
    (0..n)
        .map(|i| {
            format!(
                "{}\n",
                serde_json::json!({"id": format!("{prefix}{i}"), "text": format!("Hanoi reported {i} new cases on Monday. Officials said more tests were planned.")})
            )
        })
        .collect()
}

const ARTICLE: &str = "Vietnam's economy grew 6 percent in 2024, the statistics office said on Monday. Exports rose sharply.\n\nOfficials in Hanoi expect growth to continue next year.";

#[test]
fn a_hostile_corpus_is_fully_accounted_for() {
    let s = Scratch::new(FULL, "");
    // Plain good documents, to see they survive their neighbours.
    s.write("in/good.txt", ARTICLE);
    // Invalid UTF-8 and Windows-1252 text.
    s.write("in/latin1.txt", b"Caf\xe9 cr\xe8me \x93quoted\x94 \x80 5");
    // Empty files.
    s.write("in/empty.txt", "");
    s.write("in/empty.jsonl", "");
    s.write("in/blank.jsonl", "\n\n   \n");
    // Binary with NULs.
    s.write(
        "in/binary.txt",
        b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0",
    );
    // CRLF and a BOM, in a .txt and a .jsonl.
    s.write(
        "in/crlf_bom.txt",
        format!("\u{FEFF}{}", ARTICLE.replace('\n', "\r\n")),
    );
    s.write(
        "in/crlf_bom.jsonl",
        "\u{FEFF}{\"id\":\"bom1\",\"text\":\"First line.\"}\r\n{\"id\":\"bom2\",\"text\":\"Second line.\"}\r\n",
    );
    // JSONL: malformed line, no text, text of the wrong type, Windows-1252
    // inside a line, deeply nested JSON, a NUL inside text.
    let nested = format!(
        "{{\"id\":\"deep\",\"text\":\"x\",\"meta\":{}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let mixed = [
        r#"{"id":"ok1","text":"Fine document one."}"#.to_owned(),
        r#"{"id":"broken","text":"no closing brace""#.to_owned(),
        r#"{"id":"notext","title":"Only a title"}"#.to_owned(),
        r#"{"id":"numtext","text":42}"#.to_owned(),
        r#"{"id":"arrtext","text":["a","b"]}"#.to_owned(),
        r#"[1,2,3]"#.to_owned(),
        nested,
        r#"{"id":"nul","text":"a\u0000b"}"#.to_owned(),
        r#"{"id":"ok2","text":"Fine document two."}"#.to_owned(),
    ];
    let mut bytes = mixed.join("\n").into_bytes();
    bytes.extend_from_slice(b"\n{\"id\":\"cp1252\",\"text\":\"caf\xe9\"}\n");
    s.write("in/mixed.jsonl", bytes);
    // Duplicate ids, ids with path separators and `..`.
    s.write(
        "in/ids.jsonl",
        [
            r#"{"id":"dup","text":"The first of two documents with one id."}"#,
            r#"{"id":"dup","text":"The second of two documents with one id."}"#,
            r#"{"id":"../../escape","text":"An id that climbs out."}"#,
            r#"{"id":"/etc/passwd","text":"An absolute id."}"#,
            r#"{"id":"a/b\\c","text":"Separators in the id."}"#,
            r#"{"id":12345,"text":"A numeric id."}"#,
            r#"{"id":"","text":"An empty id gets the default one."}"#,
        ]
        .join("\n"),
    );
    // Truncated compressed JSONL.
    let docs = jsonl_docs(2000, "gz");
    let gz = gzip(docs.as_bytes());
    s.write("in/trunc.jsonl.gz", &gz[..gz.len() / 2]);
    let zst = zstd(docs.replace("gz", "zs").as_bytes());
    if let Some(z) = &zst {
        s.write("in/trunc.jsonl.zst", &z[..z.len() / 2]);
    } else {
        eprintln!("skipping the truncated .zst case: no `zstd` program on PATH");
    }
    // A symlink loop and a symlink to itself, a dangling one.
    std::fs::create_dir(s.path("in/sub")).unwrap();
    s.write(
        "in/sub/inner.txt",
        "A document in a subdirectory, reached once.",
    );
    std::os::unix::fs::symlink("..", s.path("in/sub/loop")).unwrap();
    std::os::unix::fs::symlink("self.txt", s.path("in/self.txt")).unwrap();
    std::os::unix::fs::symlink("nowhere.txt", s.path("in/dangling.txt")).unwrap();

    let out = s.run();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m = s.check_counts();

    let read_error = |name: &str, line: Option<u64>, needle: &str| {
        let e = s.error_of(name, line);
        assert_eq!(e["stage"], "read", "{e}");
        let m = e["error"].as_str().unwrap();
        assert!(
            m.contains(needle),
            "{name}:{line:?}: {m:?} should mention {needle:?}"
        );
    };
    read_error("latin1.txt", None, "iconv -f WINDOWS-1252");
    read_error("binary.txt", None, "NUL");
    read_error("mixed.jsonl", Some(2), "not valid JSON");
    read_error("mixed.jsonl", Some(3), "no `text`");
    read_error("mixed.jsonl", Some(4), "must be a string, not a number");
    read_error("mixed.jsonl", Some(5), "must be a string, not an array");
    read_error("mixed.jsonl", Some(6), "not an object");
    read_error("mixed.jsonl", Some(7), "recursion limit");
    read_error("mixed.jsonl", Some(8), "NUL");
    read_error("mixed.jsonl", Some(10), "UTF-8");
    assert_eq!(s.error_of("mixed.jsonl", Some(2))["id"], "mixed:2");
    assert_eq!(s.error_of("mixed.jsonl", Some(3))["id"], "notext");
    let gz_error = s
        .errors()
        .into_iter()
        .find(|e| e["source"]["path"] == "in/trunc.jsonl.gz")
        .expect("a truncated .gz gives an error record");
    assert!(
        gz_error["error"].as_str().unwrap().contains("truncated"),
        "{gz_error}"
    );
    if zst.is_some() {
        let e = s
            .errors()
            .into_iter()
            .find(|e| e["source"]["path"] == "in/trunc.jsonl.zst")
            .expect("a truncated .zst gives an error record, not a silent end");
        assert!(e["error"].as_str().unwrap().contains("truncated"), "{e}");
    }
    read_error("self.txt", None, "cannot open");
    read_error("dangling.txt", None, "cannot open");

    let clean_ids = s.ids("01-clean.jsonl");
    let dropped: Vec<Value> = lines(&s.out().join("dropped.jsonl"));
    let accounted = |id: &str| {
        clean_ids.iter().any(|x| x == id)
            || dropped.iter().any(|d| d["id"] == id)
            || s.errors().iter().any(|e| e["id"] == id)
    };
    for id in [
        "good",
        "empty",
        "crlf_bom",
        "bom1",
        "bom2",
        "ok1",
        "ok2",
        "inner",
        "../../escape",
        "/etc/passwd",
        "a/b\\c",
        "12345",
        "ids:7",
    ] {
        assert!(accounted(id), "{id} is in no artifact, dropped or errors");
    }
    // The BOM'd JSONL's first line is a document, not an error.
    assert!(
        clean_ids.contains(&"bom1".to_owned()),
        "a UTF-8 BOM must not cost the first line"
    );
    // Duplicate ids are both kept, in input order.
    assert_eq!(clean_ids.iter().filter(|x| *x == "dup").count(), 2);
    // CRLF and BOM are normalized away by clean.
    for d in lines(&s.out().join("01-clean.jsonl")) {
        let t = d["text"].as_str().unwrap();
        assert!(!t.contains('\u{FEFF}'), "BOM kept in {}", d["id"]);
        assert!(!t.contains('\r'), "CR kept in {}", d["id"]);
    }
    // The symlink loop is walked once: `inner` appears once.
    assert_eq!(clean_ids.iter().filter(|x| *x == "inner").count(), 1);
    // The part of the truncated files before the damage was read.
    assert!(clean_ids.iter().any(|x| x == "gz0"));
    // Every input item is accounted for.
    let read_docs = m["read"]["docs"].as_u64().unwrap();
    let first = &m["stages"][0];
    assert_eq!(first["in"].as_u64().unwrap(), read_docs);
    // Nothing the ids name exists anywhere.
    assert!(!s.path("escape").exists() && !s.root.path().parent().unwrap().join("escape").exists());
}

/// Peak resident memory of a child process in kB, sampled until it exits.
fn run_measuring(cmd: &mut std::process::Command) -> (std::process::ExitStatus, u64) {
    let mut child = cmd.spawn().unwrap();
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = 0u64;
    loop {
        if let Ok(s) = std::fs::read_to_string(&status_path) {
            for l in s.lines() {
                if let Some(v) = l.strip_prefix("VmHWM:") {
                    peak = peak.max(v.trim().trim_end_matches(" kB").trim().parse().unwrap_or(0));
                }
            }
        }
        if let Some(status) = child.try_wait().unwrap() {
            return (status, peak);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_50_mb_single_line_document_is_an_error_record_in_bounded_memory() {
    let big = Scratch::new(SEGMENT, "");
    let small = Scratch::new(SEGMENT, "");
    let line = format!(
        "{{\"id\":\"huge\",\"text\":\"{}\"}}\n",
        "word ".repeat(10 << 20)
    );
    assert!(line.len() > 50 << 20);
    let doc = format!("{}{line}{}", jsonl_docs(3, "a"), jsonl_docs(3, "b"));
    big.write("in/big.jsonl", doc);
    big.write("in/big.txt", "word ".repeat(10 << 20));
    small.write("in/small.jsonl", jsonl_docs(6, "a"));
    let docpipe = assert_cmd::cargo::cargo_bin("docpipe");
    let measure = |s: &Scratch| {
        let (status, peak) = run_measuring(
            std::process::Command::new(&docpipe)
                .current_dir(s.root.path())
                .args(["run", "p.toml", "--quiet", "--threads", "2"]),
        );
        assert!(status.success());
        peak
    };
    let small_peak = measure(&small);
    let big_peak = measure(&big);
    eprintln!(
        "peak RSS: {small_peak} kB for 6 small documents, {big_peak} kB with two 50 MB documents"
    );
    // The cap is 16 MiB: a .txt is read up to the cap + 1 byte, a line is
    // skipped without being kept. Never the whole 50 MB. The small run can
    // end between two samples of a loaded machine (its peak then reads as
    // a few kB), so the baseline is at least docpipe's usual 20 MB.
    let baseline = small_peak.max(20 * 1024);
    assert!(
        big_peak < baseline + 40 * 1024,
        "{big_peak} kB vs a baseline of {baseline} kB"
    );
    big.check_counts();
    for (name, line) in [("big.jsonl", Some(4)), ("big.txt", None)] {
        let e = big.error_of(name, line);
        assert_eq!(e["stage"], "read");
        assert!(
            e["error"].as_str().unwrap().contains("max_doc_bytes"),
            "{e}"
        );
    }
    assert_eq!(
        big.ids("02-segment.jsonl"),
        ["a0", "a1", "a2", "b0", "b1", "b2"]
    );
}

#[test]
fn max_doc_bytes_is_honoured_from_the_pipeline_file() {
    let s = Scratch::new(SEGMENT, "max_doc_bytes = 100");
    s.write(
        "in/a.jsonl",
        jsonl_docs(2, "a")
            + &format!(
                "{}\n",
                serde_json::json!({"id": "long", "text": "x ".repeat(200)})
            ),
    );
    assert!(s.run().status.success());
    s.check_counts();
    assert!(
        s.error_of("a.jsonl", Some(3))["error"]
            .as_str()
            .unwrap()
            .contains("max_doc_bytes (100)")
    );
}

#[test]
fn unreadable_files_are_error_records() {
    use std::os::unix::fs::PermissionsExt;
    let s = Scratch::new(SEGMENT, "");
    s.write("in/ok.txt", ARTICLE);
    s.write("in/locked.txt", ARTICLE);
    std::fs::set_permissions(
        s.path("in/locked.txt"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    if std::fs::read(s.path("in/locked.txt")).is_ok() {
        eprintln!(
            "skipping: running as root (or with CAP_DAC_OVERRIDE), chmod 000 does not block reads"
        );
        return;
    }
    let out = s.run();
    assert!(out.status.success());
    s.check_counts();
    assert!(
        s.error_of("locked.txt", None)["error"]
            .as_str()
            .unwrap()
            .contains("Permission denied")
    );
    assert_eq!(s.ids("02-segment.jsonl"), ["ok"]);
}

#[test]
fn an_output_directory_given_as_an_existing_file_is_a_clear_error() {
    let s = Scratch::new(SEGMENT, "");
    s.write("in/a.txt", ARTICLE);
    s.write("out", "not a directory");
    let out = s.run();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("out"), "{stderr}");
    assert!(
        stderr.contains("exists and is not a directory; choose another --output"),
        "{stderr}"
    );
    // The hint for a full disk or missing permissions does not apply.
    assert!(!stderr.contains("free the space"), "{stderr}");

    // An output below a file: the same, not "holds a finished run".
    s.write(
        "p.toml",
        format!("name = \"bad\"\ninput = \"in\"\noutput = \"out/sub\"\n{SEGMENT}"),
    );
    let out = s.run();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("out is a file, not a directory; choose another --output"),
        "{stderr}"
    );
    assert!(!stderr.contains("finished run"), "{stderr}");
    assert!(!stderr.contains("free the space"), "{stderr}");
}

#[test]
fn a_fifo_in_the_input_is_skipped_not_waited_on_and_every_skip_is_reported() {
    let s = Scratch::new(SEGMENT, "");
    s.write("in/a.txt", ARTICLE);
    s.write("in/B.TXT", ARTICLE);
    s.write("in/page.html", "<p>not read</p>");
    s.write("in/x.jsonl.bz2", "not read");
    let made = std::process::Command::new("mkfifo")
        .arg(s.path("in/x.txt"))
        .status()
        .unwrap();
    assert!(made.success());
    // Without the check the reader opens the FIFO and waits for a writer
    // forever: the timeout turns that into a failure.
    let out = Command::cargo_bin("docpipe")
        .unwrap()
        .current_dir(s.root.path())
        .args(["run", "p.toml", "--threads", "2"])
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("Skipped 2 input file(s) of a kind docpipe does not read")
            && stderr.contains("in/page.html"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Skipped 1 input entry that is not a regular file (in/x.txt)"),
        "{stderr}"
    );
    assert!(stdout.contains("read: 3 skipped"), "{stdout}");
    assert_eq!(s.ids("02-segment.jsonl"), ["B", "a"]);
}
