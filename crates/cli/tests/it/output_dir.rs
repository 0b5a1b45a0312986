//! The output directory through the real binary: a run never deletes what
//! it did not write, never reads what it wrote, and never calls a run with
//! a missing artifact done.

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

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_directory_holding_no_run_is_refused_and_left_alone() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("user");
    std::fs::create_dir_all(out.join("tag")).unwrap();
    std::fs::write(out.join("tag/thesis.tex"), "precious").unwrap();
    for force in [false, true] {
        let mut cmd = docpipe();
        cmd.args(["run", "pipelines/news.toml", "--quiet", "--output"])
            .arg(&out);
        if force {
            cmd.arg("--force");
        }
        let o = cmd.assert().code(2).get_output().clone();
        let msg = stderr(&o);
        assert!(
            msg.contains(&out.display().to_string()) && msg.contains("empty or new"),
            "{msg}"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("tag/thesis.tex")).unwrap(),
            "precious"
        );
    }
}
