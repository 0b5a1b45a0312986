//! `docpipe new-stage NAME`: scaffolds a stage crate and registers it.
//!
//! The command creates `crates/NAME/` (a `Cargo.toml` on workspace
//! dependencies, `src/lib.rs` with an options struct and a working `Stage`,
//! a unit test and an integration test) and `pipelines/NAME.toml`, then
//! registers the crate: its dependency line in the root
//! `[workspace.dependencies]` and in `crates/cli/Cargo.toml`, and its
//! `StageDescriptor` line above the marker in `crates/cli/src/registry.rs`.
//!
//! Everything is computed first (and every check done) before the first
//! byte is written; if writing fails halfway, what was done is undone, so
//! the workspace is either fully updated or untouched.

mod manifest_edits;
mod templates;

use anyhow::{Context, bail};
use manifest_edits::{add_cli_dependency, add_workspace_dependency, register};
use std::path::{Path, PathBuf};
use templates::{crate_files, pipeline_file};

/// The line in `registry.rs` above which new stages are inserted.
const MARKER: &str = "// new-stage: registered stages end here";

/// Names a new stage can never take: the workspace's own crates, the
/// built-in stages, the `read` pseudo-stage of `errors.jsonl`, and names
/// that would read as Rust paths.
const RESERVED: &[&str] = &[
    "alloc",
    "benches",
    "clean",
    "cli",
    "core",
    "crate",
    "docpipe",
    "engine",
    "eval",
    "exec",
    "export",
    "read",
    "segment",
    "self",
    "std",
    "summarize",
    "super",
    "tag",
    "test",
    "tests",
    "text",
];

/// Longest name accepted.
const MAX_LEN: usize = 40;

/// Scaffolds stage `name` in the workspace at `workspace_root` and prints
/// what it did and what to run next.
pub(crate) fn run(name: &str, workspace_root: &Path) -> anyhow::Result<()> {
    let plan = Plan::new(name, workspace_root)?;
    plan.apply()?;
    let n = &plan.names;
    outln!(
        "Created crates/{dir}/ ({package}) and pipelines/{dir}.toml; registered {camel}Spec as stage `{dir}`.\n\
         Next:\n  cargo build\n  docpipe stages                      # lists `{dir}`\n  \
         docpipe run pipelines/{dir}.toml\n  cargo test -p {package}\n\
         Guide: docs/writing-a-stage.md",
        dir = n.dir,
        package = n.package,
        camel = n.camel,
    );
    Ok(())
}

/// The directory holding the workspace `Cargo.toml` and the CLI's registry,
/// found from `start` upwards.
pub(crate) fn find_workspace_root(start: &Path) -> anyhow::Result<PathBuf> {
    for dir in start.ancestors() {
        let manifest = dir.join("Cargo.toml");
        let is_workspace = std::fs::read_to_string(&manifest)
            .is_ok_and(|t| t.lines().any(|l| l.trim() == "[workspace]"));
        if is_workspace && dir.join("crates/cli/src/registry.rs").is_file() {
            return Ok(dir.to_path_buf());
        }
    }
    bail!(
        "no docpipe workspace at or above {}: run new-stage from the repository (a Cargo.toml with [workspace] and crates/cli/src/registry.rs)",
        start.display()
    )
}

/// Every spelling of a stage's name.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Names {
    /// The directory and the stage name (`word-count`).
    dir: String,
    /// The package (`docpipe-word-count`).
    package: String,
    /// The library (`docpipe_word_count`).
    lib: String,
    /// The type prefix (`WordCount`).
    camel: String,
}

impl Names {
    /// Checks `name` is a valid crate name of our kind and spells it.
    fn parse(name: &str) -> anyhow::Result<Names> {
        let rule = "a stage name is lowercase ASCII letters, digits, `-` or `_`, starts with a letter, \
                    and has no doubled or trailing `-`/`_`";
        let Some(first) = name.chars().next() else {
            bail!("the stage name is empty: {rule}");
        };
        if !first.is_ascii_lowercase() {
            bail!("invalid stage name `{name}`: {rule}");
        }
        if let Some(c) = name
            .chars()
            .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-' || *c == '_'))
        {
            bail!("invalid stage name `{name}` (character {c:?}): {rule}");
        }
        let seps = |c: char| c == '-' || c == '_';
        if name.ends_with(seps) || name.split(seps).any(str::is_empty) {
            bail!("invalid stage name `{name}`: {rule}");
        }
        if name.len() > MAX_LEN {
            bail!("stage name `{name}` is longer than {MAX_LEN} characters");
        }
        let snake = name.replace('-', "_");
        let camel = name
            .split(seps)
            .map(|part| {
                let mut cs = part.chars();
                cs.next()
                    .map(|c| c.to_ascii_uppercase().to_string() + cs.as_str())
                    .unwrap_or_default()
            })
            .collect();
        Ok(Names {
            dir: name.to_owned(),
            package: format!("docpipe-{name}"),
            lib: format!("docpipe_{snake}"),
            camel,
        })
    }

    /// The form two names are compared in: `-` and `_` are the same to
    /// Cargo.
    fn key(&self) -> String {
        self.dir.replace('-', "_")
    }
}

/// One file to replace: its text when planned and its new text.
#[derive(Debug)]
struct Edit {
    path: PathBuf,
    old: String,
    new: String,
}

/// Everything `new-stage` will do, computed before anything is written.
#[derive(Debug)]
struct Plan {
    names: Names,
    crate_dir: PathBuf,
    /// Files of the new crate, relative to `crate_dir`.
    crate_files: Vec<(PathBuf, String)>,
    /// New files outside the crate (the example pipeline).
    new_files: Vec<(PathBuf, String)>,
    /// Existing files to rewrite.
    edits: Vec<Edit>,
}

impl Plan {
    fn new(name: &str, root: &Path) -> anyhow::Result<Plan> {
        let names = Names::parse(name)?;
        let key = names.key();
        if RESERVED.iter().any(|r| r.replace('-', "_") == key) {
            bail!("`{name}` is reserved for docpipe's own crates and stages: pick another name");
        }
        let crates = root.join("crates");
        let existing =
            std::fs::read_dir(&crates).with_context(|| format!("reading {}", crates.display()))?;
        for entry in existing {
            let entry = entry.with_context(|| format!("reading {}", crates.display()))?;
            let other = entry.file_name().to_string_lossy().replace('-', "_");
            if other == key {
                bail!(
                    "a crate named like `{name}` already exists: {}",
                    entry.path().display()
                );
            }
        }

        let root_manifest = root.join("Cargo.toml");
        let cli_manifest = root.join("crates/cli/Cargo.toml");
        let registry = root.join("crates/cli/src/registry.rs");
        let read = |p: &Path| {
            std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))
        };
        let (root_text, cli_text, registry_text) = (
            read(&root_manifest)?,
            read(&cli_manifest)?,
            read(&registry)?,
        );

        let lib_path = format!("{}::", names.lib);
        if registry_text.lines().any(|l| l.contains(&lib_path)) {
            bail!(
                "stage `{name}` is already registered in {}",
                registry.display()
            );
        }
        let pipeline = root.join("pipelines").join(format!("{name}.toml"));
        if pipeline.exists() {
            bail!("{} already exists: pick another name", pipeline.display());
        }

        let edits = vec![
            Edit {
                new: add_workspace_dependency(&root_text, &names)
                    .with_context(|| format!("updating {}", root_manifest.display()))?,
                path: root_manifest,
                old: root_text,
            },
            Edit {
                new: add_cli_dependency(&cli_text, &names)
                    .with_context(|| format!("updating {}", cli_manifest.display()))?,
                path: cli_manifest,
                old: cli_text,
            },
            Edit {
                new: register(&registry_text, &names)
                    .with_context(|| format!("updating {}", registry.display()))?,
                path: registry,
                old: registry_text,
            },
        ];
        Ok(Plan {
            crate_dir: crates.join(name),
            crate_files: crate_files(&names),
            new_files: vec![(pipeline, pipeline_file(&names))],
            edits,
            names,
        })
    }

    /// Writes everything, or nothing: on an error, what was written is
    /// undone before the error is returned.
    fn apply(&self) -> anyhow::Result<()> {
        let mut undo = Undo::default();
        match self.apply_steps(&mut undo) {
            Ok(()) => Ok(()),
            Err(e) => {
                let problems = undo.roll_back();
                if problems.is_empty() {
                    Err(e.context("new-stage failed; the workspace is unchanged"))
                } else {
                    Err(e.context(format!(
                        "new-stage failed and could not undo everything: {}",
                        problems.join("; ")
                    )))
                }
            }
        }
    }

    fn apply_steps(&self, undo: &mut Undo) -> anyhow::Result<()> {
        // The crate goes to a hidden staging directory first and is renamed
        // into place in one step.
        let parent = self
            .crate_dir
            .parent()
            .context("the crate directory has no parent")?;
        let staging = parent.join(format!(
            ".new-stage-{}-{}",
            self.names.dir,
            std::process::id()
        ));
        undo.dirs.push(staging.clone());
        for (rel, text) in &self.crate_files {
            let path = staging.join(rel);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
            }
            std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        }
        format_rust(&staging, &self.crate_files);
        if self.crate_dir.exists() {
            bail!("{} appeared while new-stage ran", self.crate_dir.display());
        }
        std::fs::rename(&staging, &self.crate_dir).with_context(|| {
            format!(
                "moving {} to {}",
                staging.display(),
                self.crate_dir.display()
            )
        })?;
        undo.dirs.push(self.crate_dir.clone());

        for (path, text) in &self.new_files {
            if let Some(dir) = path.parent()
                && !dir.is_dir()
            {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
                undo.dirs.push(dir.to_path_buf());
            }
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .with_context(|| format!("creating {}", path.display()))?;
            undo.files.push(path.clone());
            std::io::Write::write_all(&mut file, text.as_bytes())
                .with_context(|| format!("writing {}", path.display()))?;
        }

        for edit in &self.edits {
            let now = std::fs::read_to_string(&edit.path)
                .with_context(|| format!("reading {}", edit.path.display()))?;
            if now != edit.old {
                bail!("{} changed while new-stage ran", edit.path.display());
            }
            replace_file(&edit.path, &edit.new)?;
            undo.restores.push((edit.path.clone(), edit.old.clone()));
        }
        Ok(())
    }
}

/// What to undo if applying a plan fails.
#[derive(Debug, Default)]
struct Undo {
    dirs: Vec<PathBuf>,
    files: Vec<PathBuf>,
    restores: Vec<(PathBuf, String)>,
}

impl Undo {
    /// Undoes in reverse order; returns what could not be undone.
    fn roll_back(self) -> Vec<String> {
        let mut problems = Vec::new();
        for (path, text) in self.restores.into_iter().rev() {
            if let Err(e) = replace_file(&path, &text) {
                problems.push(format!("restoring {}: {e:#}", path.display()));
            }
        }
        for path in self.files.into_iter().rev() {
            if let Err(e) = std::fs::remove_file(&path) {
                problems.push(format!("removing {}: {e}", path.display()));
            }
        }
        for dir in self.dirs.into_iter().rev() {
            if dir.exists()
                && let Err(e) = std::fs::remove_dir_all(&dir)
            {
                problems.push(format!("removing {}: {e}", dir.display()));
            }
        }
        problems
    }
}

/// Formats the new crate's Rust files with `rustfmt` when it is installed,
/// so they pass the workspace's format check whatever the name's length.
/// Best effort: the files are valid Rust either way.
fn format_rust(dir: &Path, files: &[(PathBuf, String)]) {
    let rust: Vec<PathBuf> = files
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "rs"))
        .map(|(p, _)| dir.join(p))
        .collect();
    let ran = std::process::Command::new("rustfmt")
        .arg("--edition")
        .arg("2024")
        .args(&rust)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    if !ran.is_ok_and(|s| s.success()) {
        eprintln!("note: rustfmt did not run; run `cargo fmt` on the new crate");
    }
}

/// Replaces a file's content in one step (write a sibling, rename over).
fn replace_file(path: &Path, text: &str) -> anyhow::Result<()> {
    let name = path.file_name().context("a file path without a name")?;
    let tmp = path.with_file_name(format!(".{}.new-stage.tmp", name.to_string_lossy()));
    std::fs::write(&tmp, text).with_context(|| format!("writing {}", tmp.display()))?;
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("replacing {}", path.display()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    const ROOT_MANIFEST: &str = r#"[workspace]
resolver = "3"
members = ["crates/*", "benches"]

[workspace.package]
version = "0.3.1"
edition = "2024"

[workspace.dependencies]
# Our own crates.
docpipe-core = { path = "crates/core", version = "0.3.1" }
docpipe-exec = { path = "crates/exec", version = "0.3.1" }

# Others.
serde = "1"
"#;

    const CLI_MANIFEST: &str = r#"[package]
name = "docpipe-cli"

[dependencies]
anyhow.workspace = true
docpipe-core.workspace = true
docpipe-exec.workspace = true
serde.workspace = true

[dev-dependencies]
tempfile.workspace = true
"#;

    const REGISTRY: &str = r#"pub(crate) fn descriptors() -> Vec<StageDescriptor> {
    vec![
        StageDescriptor::of::<docpipe_exec::ExecSpec>(),
        StageDescriptor::of::<docpipe_outside::OutsideSpec>(),
        // new-stage: registered stages end here (`docpipe new-stage` inserts above this line).
    ]
}
"#;

    /// A minimal workspace in a temporary directory.
    fn workspace() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (path, text) in [
            ("Cargo.toml", ROOT_MANIFEST),
            ("crates/cli/Cargo.toml", CLI_MANIFEST),
            ("crates/cli/src/registry.rs", REGISTRY),
            (
                "crates/core/Cargo.toml",
                "[package]\nname = \"docpipe-core\"\n",
            ),
            (
                "crates/my-stage/Cargo.toml",
                "[package]\nname = \"docpipe-my-stage\"\n",
            ),
            ("pipelines/taken.toml", "name = \"taken\"\n"),
        ] {
            std::fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
            std::fs::write(root.join(path), text).unwrap();
        }
        dir
    }

    /// Every file under `root` and its content.
    fn snapshot(root: &Path) -> BTreeMap<PathBuf, String> {
        let mut out = BTreeMap::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let text = std::fs::read_to_string(&path).unwrap();
                    out.insert(path.strip_prefix(root).unwrap().to_path_buf(), text);
                }
            }
        }
        out
    }

    #[test]
    fn spells_names() {
        for (name, lib, camel) in [
            ("wordy", "docpipe_wordy", "Wordy"),
            ("word-count", "docpipe_word_count", "WordCount"),
            ("lang_id2", "docpipe_lang_id2", "LangId2"),
            ("a-1b", "docpipe_a_1b", "A1b"),
        ] {
            let n = Names::parse(name).unwrap();
            assert_eq!((n.lib.as_str(), n.camel.as_str()), (lib, camel), "{name}");
            assert_eq!(n.package, format!("docpipe-{name}"));
        }
    }

    #[test]
    fn scaffolds_and_registers_a_stage() {
        let ws = workspace();
        let root = ws.path();
        run("word-count", root).unwrap();

        let lib = std::fs::read_to_string(root.join("crates/word-count/src/lib.rs")).unwrap();
        assert!(lib.contains("pub struct WordCountSpec;"), "{lib}");
        assert!(lib.contains("const NAME: &'static str = \"word-count\";"));
        assert!(lib.contains("#[serde(deny_unknown_fields, default)]"));
        let manifest = std::fs::read_to_string(root.join("crates/word-count/Cargo.toml")).unwrap();
        assert!(
            manifest.contains("name = \"docpipe-word-count\"")
                && manifest.contains("[lints]\nworkspace = true")
        );
        assert!(root.join("crates/word-count/tests/it/main.rs").is_file());
        let pipeline = std::fs::read_to_string(root.join("pipelines/word-count.toml")).unwrap();
        assert!(pipeline.contains("uses = \"word-count\""), "{pipeline}");

        let root_manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
        assert!(
            root_manifest.contains(
                "docpipe-exec = { path = \"crates/exec\", version = \"0.3.1\" }\n\
                 docpipe-word-count = { path = \"crates/word-count\", version = \"0.3.1\" }\n\n# Others."
            ),
            "{root_manifest}"
        );
        assert!(
            root_manifest.contains("members = [\"crates/*\", \"benches\"]"),
            "glob members stay as they are"
        );
        let cli = std::fs::read_to_string(root.join("crates/cli/Cargo.toml")).unwrap();
        assert!(
            cli.contains("docpipe-exec.workspace = true\ndocpipe-word-count.workspace = true\nserde.workspace = true"),
            "{cli}"
        );
        let registry = std::fs::read_to_string(root.join("crates/cli/src/registry.rs")).unwrap();
        assert!(
            registry.contains(
                "        StageDescriptor::of::<docpipe_word_count::WordCountSpec>(),\n        // new-stage: registered"
            ),
            "{registry}"
        );
        // No staging directory or temporary file is left behind.
        let leftovers: Vec<_> = snapshot(root)
            .into_keys()
            .filter(|p| p.to_string_lossy().contains("new-stage"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");

        // Running it again is a clash, and changes nothing.
        let before = snapshot(root);
        let e = run("word-count", root).unwrap_err().to_string();
        assert!(e.contains("already exists"), "{e}");
        assert_eq!(snapshot(root), before);
    }

    #[test]
    fn refuses_bad_and_clashing_names_and_changes_nothing() {
        let ws = workspace();
        let root = ws.path();
        let before = snapshot(root);
        for (name, says) in [
            ("", "empty"),
            ("Wordy", "invalid stage name"),
            ("1st", "invalid stage name"),
            ("word count", "invalid stage name"),
            ("wordy-", "invalid stage name"),
            ("word--y", "invalid stage name"),
            ("héllo", "invalid stage name"),
            ("../evil", "invalid stage name"),
            (&"x".repeat(41), "longer than"),
            ("core", "reserved"),
            ("exec", "reserved"),
            ("engine", "reserved"),
            ("cli", "reserved"),
            ("read", "reserved"),
            ("my-stage", "already exists"),
            ("my_stage", "already exists"),
            ("outside", "already registered"),
            ("taken", "already exists"),
        ] {
            let e = run(name, root).unwrap_err().to_string();
            assert!(e.contains(says), "{name:?}: {e}");
            assert_eq!(snapshot(root), before, "{name:?} changed the workspace");
        }
    }

    #[test]
    fn refuses_a_registry_without_the_marker_and_changes_nothing() {
        let ws = workspace();
        let root = ws.path();
        std::fs::write(
            root.join("crates/cli/src/registry.rs"),
            "fn descriptors() {}\n",
        )
        .unwrap();
        let before = snapshot(root);
        let e = format!("{:#}", run("wordy", root).unwrap_err());
        assert!(e.contains("no marker line"), "{e}");
        assert_eq!(snapshot(root), before);
    }

    #[test]
    fn a_failure_halfway_rolls_everything_back() {
        let ws = workspace();
        let root = ws.path();
        let before = snapshot(root);
        let mut plan = Plan::new("wordy", root).unwrap();
        // The last edit targets a file that cannot be written: the crate,
        // the pipeline and the first edits are done by then and must go.
        plan.edits.push(Edit {
            path: root.join("no-such-dir/file.toml"),
            old: String::new(),
            new: "x".into(),
        });
        let e = format!("{:#}", plan.apply().unwrap_err());
        assert!(e.contains("the workspace is unchanged"), "{e}");
        assert_eq!(snapshot(root), before);
        assert!(!root.join("crates/wordy").exists());
    }

    #[test]
    fn finds_the_workspace_root_from_below() {
        let ws = workspace();
        let below = ws.path().join("crates/cli/src");
        assert_eq!(find_workspace_root(&below).unwrap(), ws.path());
        let elsewhere = tempfile::tempdir().unwrap();
        assert!(find_workspace_root(elsewhere.path()).is_err());
    }
}
