//! The main job, validation errors, `stages`, `schema`, and the exit codes.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn docpipe() -> Command {
    let mut c = Command::cargo_bin("docpipe").unwrap();
    c.current_dir(repo_root()).timeout(Duration::from_secs(300));
    c
}

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap()
}

#[test]
fn the_main_job_writes_the_design_layout() {
    let out = tempfile::tempdir().unwrap();
    let assert = docpipe()
        .args(["run", "pipelines/news.toml", "--threads", "2", "--output"])
        .arg(out.path())
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(stdout.contains("news: 5 documents"), "{stdout}");
    for f in [
        "01-clean.jsonl",
        "02-segment.jsonl",
        "03-tag.jsonl",
        "04-summarize.jsonl",
        "05-export.jsonl",
        "errors.jsonl",
        "dropped.jsonl",
        "manifest.json",
        "export/documents.jsonl",
        "export/documents.csv",
        "export/entities.csv",
        "export/entity_index.jsonl",
        "export/report.html",
        "export/digest.md",
    ] {
        assert!(out.path().join(f).exists(), "{f} missing");
    }
    let m = manifest(out.path());
    assert_eq!(m["read"]["docs"], 5);
    for s in m["stages"].as_array().unwrap() {
        let n = |k: &str| s[k].as_u64().unwrap();
        assert_eq!(n("in"), n("out") + n("dropped") + n("errors"), "{s}");
    }
    // A second identical run has nothing to do; another output is refused.
    let again = docpipe()
        .args(["run", "pipelines/news.toml", "--output"])
        .arg(out.path())
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&again.get_output().stdout).contains("nothing to do"));
    let refused = docpipe()
        .args(["run", "pipelines/segment.toml", "--output"])
        .arg(out.path())
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&refused.get_output().stderr).contains("--force"));
}

#[test]
fn same_bytes_for_one_and_two_threads() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for (dir, threads) in [(&a, "1"), (&b, "2")] {
        docpipe()
            .args([
                "run",
                "pipelines/news.toml",
                "--quiet",
                "--threads",
                threads,
                "--output",
            ])
            .arg(dir.path())
            .assert()
            .success();
    }
    for f in [
        "01-clean.jsonl",
        "03-tag.jsonl",
        "05-export.jsonl",
        "export/entity_index.jsonl",
        "export/entities.csv",
    ] {
        assert_eq!(
            std::fs::read(a.path().join(f)).unwrap(),
            std::fs::read(b.path().join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn every_example_pipeline_validates() {
    for entry in std::fs::read_dir(repo_root().join("pipelines")).unwrap() {
        let path = entry.unwrap().path();
        docpipe().arg("validate").arg(&path).assert().success();
    }
}

#[test]
fn a_bad_pipeline_file_points_at_its_line_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    std::fs::write(
        &file,
        "name = \"bad\"\ninput = \"corpus/news\"\n\n[[stage]]\nuses = \"segment\"\n\n[[stage]]\nuses = \"summarize\"\nsentenses = 3\n\n[[stage]]\nuses = \"tagg\"\n",
    )
    .unwrap();
    let out = docpipe().arg("validate").arg(&file).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("bad.toml:9:1: unknown option `sentenses` for stage `summarize`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `sentences`?"), "{stderr}");
    assert!(
        stderr.contains("bad.toml:12:8: unknown stage `tagg`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `tag`?"), "{stderr}");
    assert!(stderr.contains("2 problems"), "{stderr}");
    // `run` checks the same before reading anything.
    docpipe().arg("run").arg(&file).assert().code(2);
}

#[test]
fn a_pipeline_file_that_is_not_utf8_points_at_the_byte() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("latin1.toml");
    std::fs::write(
        &file,
        b"name = \"x\"\ninput = \"corpus/news\"\n# caf\xE9\n[[stage]]\nuses = \"clean\"\n",
    )
    .unwrap();
    let out = docpipe().arg("validate").arg(&file).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("latin1.toml:3:6: the pipeline file is not valid UTF-8"),
        "{stderr}"
    );
    assert!(stderr.contains("must be UTF-8"), "{stderr}");
}

#[test]
fn a_bad_command_line_path_is_reported_as_the_command_lines_not_the_files() {
    let out = docpipe()
        .args([
            "validate",
            "pipelines/news.toml",
            "--input",
            "no/such/corpus",
        ])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("command line: --input `no/such/corpus`: no such file or directory"),
        "{stderr}"
    );
    assert!(!stderr.contains("news.toml:1:1"), "{stderr}");
    assert!(stderr.contains("1 problem on the command line"), "{stderr}");
    let out = docpipe()
        .args(["run", "pipelines/news.toml", "--output", ""])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("command line: `--output` is empty"),
        "{stderr}"
    );
}

#[test]
fn a_merged_report_shows_the_shards_wall_time() {
    let out = tempfile::tempdir().unwrap();
    let clock = std::time::Instant::now();
    for shard in ["0/2", "1/2"] {
        docpipe()
            .args(["run", "pipelines/news.toml", "--quiet", "--shard", shard])
            .arg("--output")
            .arg(out.path())
            .assert()
            .success();
    }
    let elapsed = clock.elapsed().as_secs_f64();
    docpipe()
        .args(["merge", "--quiet"])
        .arg(out.path())
        .assert()
        .success();
    let html = std::fs::read_to_string(out.path().join("export/report.html")).unwrap();
    let tile = html
        .split("<span>wall time")
        .next()
        .and_then(|before| before.rsplit("<b>").next())
        .and_then(|t| t.strip_suffix(" s</b>"))
        .unwrap_or_else(|| panic!("no wall time tile in the report"));
    let wall: f64 = tile.parse().unwrap();
    // From the first shard's start to the last one's finish: more than
    // nothing, at most what this test measured around the two runs.
    assert!(
        wall > 0.0 && wall <= elapsed + 0.01,
        "{wall} s of {elapsed} s"
    );
}

#[test]
fn stages_lists_every_stage_with_layers_and_options() {
    let out = docpipe().arg("stages").assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    for name in ["clean", "segment", "tag", "summarize", "export", "exec"] {
        assert!(
            text.lines().any(|l| l.starts_with(&format!("{name} "))),
            "{name} missing:\n{text}"
        );
    }
    assert!(text.contains("needs:    sentences, tokens"), "{text}");
    assert!(text.contains("sentences (integer"), "{text}");
    let json = docpipe().args(["stages", "--json"]).assert().success();
    let list: serde_json::Value = serde_json::from_slice(&json.get_output().stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 6);
}

#[test]
fn schema_is_json_schema() {
    let out = docpipe().arg("schema").assert().success();
    let schema: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(
        schema["properties"]["stage"]["items"]["oneOf"]
            .as_array()
            .unwrap()
            .len(),
        6
    );
}

#[test]
fn usage_errors_exit_2() {
    docpipe().args(["run"]).assert().code(2);
    docpipe()
        .args(["run", "pipelines/news.toml", "--shard", "3/2"])
        .assert()
        .code(2);
    docpipe().args(["run", "no/such.toml"]).assert().code(2);
}

#[test]
fn editing_summarize_options_reruns_only_summarize_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let news = std::fs::read_to_string(repo_root().join("pipelines/news.toml")).unwrap();
    let edited = dir.path().join("edited.toml");
    std::fs::write(&edited, news.replace("sentences = 3", "sentences = 2")).unwrap();
    docpipe()
        .args(["run", "pipelines/news.toml", "--quiet", "--output"])
        .arg(&out)
        .assert()
        .success();
    let tag_before = std::fs::read(out.join("03-tag.jsonl")).unwrap();
    // A changed pipeline into a finished run still needs --force…
    docpipe()
        .arg("run")
        .arg(&edited)
        .arg("--output")
        .arg(&out)
        .assert()
        .code(2);
    // …and then reuses the unchanged stages and says what it saved.
    let assert = docpipe()
        .arg("run")
        .arg(&edited)
        .args(["--force", "--output"])
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(
        stdout.contains("incremental: reused clean, segment, tag"),
        "{stdout}"
    );
    assert!(
        stdout.contains("reused from the earlier run (saved"),
        "{stdout}"
    );
    let m = manifest(&out);
    let reused: Vec<bool> = m["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reused"].as_bool().unwrap_or(false))
        .collect();
    assert_eq!(reused, [true, true, true, false, false]);
    assert_eq!(std::fs::read(out.join("03-tag.jsonl")).unwrap(), tag_before);
    // Two sentences now, as a fresh run of the edited pipeline writes.
    let fresh = dir.path().join("fresh");
    docpipe()
        .arg("run")
        .arg(&edited)
        .args(["--quiet", "--output"])
        .arg(&fresh)
        .assert()
        .success();
    for f in [
        "04-summarize.jsonl",
        "05-export.jsonl",
        "export/documents.jsonl",
    ] {
        assert!(
            std::fs::read(out.join(f)).unwrap() == std::fs::read(fresh.join(f)).unwrap(),
            "{f} differs from a fresh run"
        );
    }
    // --no-reuse recomputes everything.
    let assert = docpipe()
        .arg("run")
        .arg(&edited)
        .args(["--force", "--no-reuse", "--output"])
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(!stdout.contains("reused"), "{stdout}");
}

#[test]
fn an_export_path_leaving_the_output_is_refused_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(repo_root().join("pipelines/export.toml"))
        .unwrap()
        .replace(
            "report = \"site/index.html\"",
            "report = \"../../escape.html\"",
        );
    let line = 1 + text.lines().position(|l| l.starts_with("paths =")).unwrap();
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, text).unwrap();
    let assert = docpipe().arg("validate").arg(&file).assert().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains(&format!("bad.toml:{line}:")) && stderr.contains("paths.report"),
        "{stderr}"
    );
    assert!(
        stderr.contains("leaves the stage's output directory"),
        "{stderr}"
    );
}

/// `docpipe stages | head -1`: a reader that goes away ends the listing
/// quietly with success, not with a panic and exit status 101.
#[test]
fn a_closed_pipe_ends_output_quietly() {
    for args in [&["stages"][..], &["schema"]] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("docpipe"))
            .args(args)
            .current_dir(repo_root())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end before the program writes anything.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

/// `--threads` has a ceiling: a typo must not start twenty thousand
/// threads on a shared machine.
#[test]
fn thread_counts_over_the_limit_are_usage_errors() {
    let assert = docpipe()
        .args(["run", "pipelines/news.toml", "--threads", "20000"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("over the limit of 1024"), "{stderr}");
}

/// Logs written to a file or a pipe carry no terminal colour codes.
#[test]
fn warnings_into_a_pipe_have_no_colour_codes() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("a.txt"), "A short text about Hanoi.").unwrap();
    // A file of a kind docpipe does not read: a warning names it.
    std::fs::write(input.join("slides.pdf"), "%PDF-1.4").unwrap();
    let out = docpipe()
        .args(["validate", "pipelines/news.toml", "--input"])
        .arg(&input)
        .env_remove("NO_COLOR")
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("WARN"), "no warning to check: {stderr}");
    assert!(
        !stderr.contains('\u{1b}'),
        "colour codes in a pipe: {stderr:?}"
    );
}
