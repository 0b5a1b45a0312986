//! The report in a real headless browser: it renders its charts and cards
//! and its script runs to the end. Skips, saying so, without Chromium.

use crate::fixtures::{export, news};
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH")?
                .to_str()?
                .split(':')
                .map(|d| Path::new(d).join(name))
                .find(|p| p.is_file())
        })
}

fn headless(browser: &Path, profile: &Path) -> Command {
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    cmd
}

/// Renders the sample corpus's report and, when `DOCPIPE_SCREENSHOT` names
/// a path, saves the screenshot there too (that is how
/// docs/report-screenshot.png is made).
#[test]
fn report_renders_in_chromium() {
    let Some(browser) = chromium() else {
        println!(
            "SKIPPED report_renders_in_chromium: chromium is not installed (apt-get install chromium)"
        );
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("export");
    std::fs::create_dir_all(&out).unwrap();
    export(&out, serde_json::json!({"formats": ["html"]}), &news());
    let url = format!("file://{}", out.join("report.html").display());

    let dom = headless(&browser, &tmp.path().join("profile-dom"))
        .args(["--virtual-time-budget=2000", "--dump-dom", &url])
        .output()
        .unwrap();
    assert!(
        dom.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(
        dom.contains(r#"data-ready="1""#),
        "the report's script did not run to the end"
    );
    assert!(
        dom.contains("page 1 of 1 (5 cards)"),
        "pagination did not render"
    );
    assert_eq!(dom.matches(r#"<article class="card""#).count(), 5);
    assert!(dom.matches("<svg").count() >= 5, "charts missing");
    assert!(dom.contains("<mark class=\"e-LOC\""));

    let png = tmp.path().join("report.png");
    let shot = headless(&browser, &tmp.path().join("profile-shot"))
        .args(["--window-size=1280,2000", "--virtual-time-budget=2000"])
        .arg(format!("--screenshot={}", png.display()))
        .arg(&url)
        .output()
        .unwrap();
    assert!(
        shot.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&shot.stderr)
    );
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG"), "not a PNG");
    assert!(
        bytes.len() > 20_000,
        "screenshot looks blank ({} bytes)",
        bytes.len()
    );
    if let Some(dest) = std::env::var_os("DOCPIPE_SCREENSHOT") {
        std::fs::copy(&png, dest).unwrap();
    }
}
