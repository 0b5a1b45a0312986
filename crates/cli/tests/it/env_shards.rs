//! Shards through the schedulers' environment, as on a cluster: N `docpipe
//! run` processes started at once with Slurm's array variables
//! (`SLURM_ARRAY_TASK_ID`/`COUNT`/`MIN`) or a Kubernetes Indexed Job's
//! (`JOB_COMPLETION_INDEX` + `DOCPIPE_SHARD_COUNT`), then `docpipe status`
//! and `docpipe merge`; the merged directory must hold exactly the files of
//! a single run, byte for byte (bar the manifest and report, which hold times).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const SCHEDULER_VARS: [&str; 5] = [
    "SLURM_ARRAY_TASK_ID",
    "SLURM_ARRAY_TASK_COUNT",
    "SLURM_ARRAY_TASK_MIN",
    "JOB_COMPLETION_INDEX",
    "DOCPIPE_SHARD_COUNT",
];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `docpipe` with none of the scheduler variables this test process may
/// itself have inherited (say, when CI runs inside a Slurm job).
fn docpipe() -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("docpipe"));
    cmd.current_dir(repo_root());
    for var in SCHEDULER_VARS {
        cmd.env_remove(var);
    }
    cmd
}

/// `docs` documents from the sample articles with new ids and a numbered
/// line each, in two JSONL files of different sizes so shards cut across
/// and inside files; and a clean + segment pipeline over them.
fn fixture(dir: &Path, docs: usize) -> PathBuf {
    let mut texts: Vec<String> = std::fs::read_dir(repo_root().join("corpus/news"))
        .expect("corpus/news")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| std::fs::read_to_string(&p).expect("sample article"))
        .collect();
    texts.sort();
    assert!(!texts.is_empty(), "corpus/news has no .txt articles");
    let input = dir.join("input");
    std::fs::create_dir_all(&input).expect("input dir");
    let line = |i: usize| {
        let text = format!("{}\n\nDispatch number {i}.", texts[i % texts.len()]);
        serde_json::json!({ "id": format!("doc-{i:05}"), "text": text }).to_string() + "\n"
    };
    let split = docs / 3;
    std::fs::write(
        input.join("a.jsonl"),
        (0..split).map(line).collect::<String>(),
    )
    .expect("write fixture");
    std::fs::write(
        input.join("b.jsonl"),
        (split..docs).map(line).collect::<String>(),
    )
    .expect("write fixture");
    let pipeline = dir.join("pipeline.toml");
    std::fs::write(
        &pipeline,
        "name = \"env-shards\"\ninput = \"input\"\noutput = \"out\"\n\n\
         [[stage]]\nuses = \"clean\"\n\n[[stage]]\nuses = \"segment\"\n",
    )
    .expect("write fixture");
    pipeline
}

fn run_single(pipeline: &Path, input: &Path, out: &Path) {
    let status = docpipe()
        .arg("run")
        .arg(pipeline)
        .arg("--input")
        .arg(input)
        .arg("--output")
        .arg(out)
        .args(["--threads", "1", "--quiet"])
        .status()
        .expect("docpipe runs");
    assert!(status.success(), "single run failed");
}

/// Starts one process per entry of `envs` at once, waits for all.
fn run_shards(pipeline: &Path, input: &Path, out: &Path, envs: &[Vec<(&str, String)>]) {
    let children: Vec<_> = envs
        .iter()
        .map(|env| {
            let mut cmd = docpipe();
            cmd.arg("run")
                .arg(pipeline)
                .arg("--input")
                .arg(input)
                .arg("--output")
                .arg(out)
                .args(["--threads", "1", "--quiet"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            for (k, v) in env {
                cmd.env(k, v);
            }
            (env.clone(), cmd.spawn().expect("docpipe starts"))
        })
        .collect();
    for (env, child) in children {
        let output = child.wait_with_output().expect("docpipe finishes");
        assert!(
            output.status.success(),
            "shard {env:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

fn files(dir: &Path) -> BTreeSet<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeSet<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("output dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.insert(path.strip_prefix(root).expect("under root").to_path_buf());
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(dir, dir, &mut out);
    out
}

fn is_part(rel: &Path) -> bool {
    let name = rel.file_name().expect("file name").to_string_lossy();
    name.contains(".part-") && name.contains("-of-")
}

/// `docpipe status` says all `count` shards are done, `docpipe merge`
/// succeeds, and the result equals the single run.
fn status_merge_compare(single: &Path, sharded: &Path, count: usize) {
    for i in 0..count {
        let manifest = sharded.join(format!("manifest.part-{i:05}-of-{count:05}.json"));
        assert!(
            manifest.exists(),
            "shard {i}/{count} did not commit: no {}",
            manifest.display()
        );
    }
    let status = docpipe()
        .arg("status")
        .arg(sharded)
        .output()
        .expect("docpipe runs");
    let text = String::from_utf8_lossy(&status.stdout);
    assert!(
        status.status.success(),
        "status reports unfinished shards:\n{text}"
    );
    assert!(text.contains(&format!("{count} done")), "{text}");

    let merge = docpipe()
        .arg("merge")
        .arg(sharded)
        .arg("--quiet")
        .output()
        .expect("docpipe merge runs");
    assert!(
        merge.status.success(),
        "merge failed: {}",
        String::from_utf8_lossy(&merge.stderr)
    );

    let want = files(single);
    let got: BTreeSet<PathBuf> = files(sharded).into_iter().filter(|p| !is_part(p)).collect();
    assert_eq!(
        got, want,
        "the merged layout has other files than a single run"
    );
    let mut compared = 0;
    for rel in &want {
        let name = rel.file_name().expect("file name").to_string_lossy();
        if name == "manifest.json" || name == "report.html" {
            continue;
        }
        let a = std::fs::read(single.join(rel)).expect("single-run file");
        let b = std::fs::read(sharded.join(rel)).expect("merged file");
        assert!(
            a == b,
            "{} differs between the single run and the merge of {count} shards",
            rel.display()
        );
        compared += 1;
    }
    assert!(compared >= 2, "compared only {compared} files");
}

fn lines(path: &Path) -> usize {
    std::fs::read_to_string(path)
        .expect("artifact")
        .lines()
        .count()
}

#[test]
fn slurm_array_variables_shard_and_merge_to_the_single_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pipeline = fixture(dir.path(), 300);
    let input = dir.path().join("input");
    let single = dir.path().join("single");
    run_single(&pipeline, &input, &single);
    assert_eq!(lines(&single.join("02-segment.jsonl")), 300);

    // sbatch --array=5-8: ids 5..=8, min 5, count 4.
    let count = 4;
    let out = dir.path().join("slurm");
    let envs: Vec<Vec<(&str, String)>> = (0..count)
        .map(|i| {
            vec![
                ("SLURM_ARRAY_TASK_ID", (5 + i).to_string()),
                ("SLURM_ARRAY_TASK_COUNT", count.to_string()),
                ("SLURM_ARRAY_TASK_MIN", "5".to_string()),
            ]
        })
        .collect();
    run_shards(&pipeline, &input, &out, &envs);
    status_merge_compare(&single, &out, count);
}

#[test]
fn indexed_job_variables_shard_and_merge_to_the_single_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pipeline = fixture(dir.path(), 300);
    let input = dir.path().join("input");
    let single = dir.path().join("single");
    run_single(&pipeline, &input, &single);

    // More shards than cores, and one more than the file count times two.
    let count = 5;
    let out = dir.path().join("k8s");
    let envs: Vec<Vec<(&str, String)>> = (0..count)
        .map(|i| {
            vec![
                ("JOB_COMPLETION_INDEX", i.to_string()),
                ("DOCPIPE_SHARD_COUNT", count.to_string()),
            ]
        })
        .collect();
    run_shards(&pipeline, &input, &out, &envs);
    status_merge_compare(&single, &out, count);
}
