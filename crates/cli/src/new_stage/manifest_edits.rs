//! The text edits that register a new stage: the root manifest's
//! `[workspace.dependencies]` (and `members` when they are listed), the
//! CLI's dependencies, and the registry table.

use super::{MARKER, Names};
use anyhow::{Context, bail};

/// The `[section]` a line index falls in, as (start of body, end of body)
/// line indices of the section named `header`.
fn section(lines: &[&str], header: &str) -> Option<(usize, usize)> {
    let start = lines.iter().position(|l| l.trim() == header)? + 1;
    let end = lines[start..]
        .iter()
        .position(|l| l.trim_start().starts_with('['))
        .map_or(lines.len(), |i| start + i);
    Some((start, end))
}

/// Inserts `line` after the last line of the section starting with
/// `docpipe-`, or first in the section when it has none.
fn insert_in_section(text: &str, header: &str, line: &str) -> anyhow::Result<String> {
    let lines: Vec<&str> = text.lines().collect();
    let Some((start, end)) = section(&lines, header) else {
        bail!("no {header} section");
    };
    let at = lines[start..end]
        .iter()
        .rposition(|l| l.trim_start().starts_with("docpipe-"))
        .map_or(start, |i| start + i + 1);
    let mut out: Vec<&str> = Vec::with_capacity(lines.len() + 1);
    out.extend_from_slice(&lines[..at]);
    out.push(line);
    out.extend_from_slice(&lines[at..]);
    let mut joined = out.join("\n");
    if text.ends_with('\n') {
        joined.push('\n');
    }
    Ok(joined)
}

/// The root manifest with the new crate in `[workspace.dependencies]` (and
/// in `members` when they are listed one by one rather than as `crates/*`).
pub(super) fn add_workspace_dependency(text: &str, names: &Names) -> anyhow::Result<String> {
    let lines: Vec<&str> = text.lines().collect();
    let key = names.key();
    if let Some((start, end)) = section(&lines, "[workspace.dependencies]")
        && lines[start..end].iter().any(|l| {
            l.trim_start()
                .split(['=', ' '])
                .next()
                .is_some_and(|k| k.replace('-', "_") == format!("docpipe_{key}"))
        })
    {
        bail!("`{}` is already a workspace dependency", names.package);
    }
    let version = section(&lines, "[workspace.package]")
        .and_then(|(s, e)| {
            lines[s..e].iter().find_map(|l| {
                let (k, v) = l.split_once('=')?;
                (k.trim() == "version").then(|| v.trim().trim_matches('"').to_owned())
            })
        })
        .unwrap_or_else(|| "0.1.0".to_owned());
    let dep = format!(
        "{} = {{ path = \"crates/{}\", version = \"{version}\" }}",
        names.package, names.dir
    );
    let mut out = insert_in_section(text, "[workspace.dependencies]", &dep)?;
    if !out.contains("\"crates/*\"") {
        let Some(members) = out.find("members = [") else {
            bail!("no `members = [` list in [workspace]");
        };
        out.insert_str(
            members + "members = [".len(),
            &format!("\"crates/{}\", ", names.dir),
        );
    }
    Ok(out)
}

/// The CLI manifest with the new crate among its dependencies.
pub(super) fn add_cli_dependency(text: &str, names: &Names) -> anyhow::Result<String> {
    if text
        .lines()
        .any(|l| l.trim_start().starts_with(&format!("{}.", names.package)))
    {
        bail!("the CLI already depends on `{}`", names.package);
    }
    insert_in_section(
        text,
        "[dependencies]",
        &format!("{}.workspace = true", names.package),
    )
}

/// The registry with the new stage's line above the marker.
pub(super) fn register(text: &str, names: &Names) -> anyhow::Result<String> {
    let Some(marker) = text.lines().find(|l| l.trim_start().starts_with(MARKER)) else {
        bail!("no marker line `{MARKER} …` to insert above");
    };
    let indent = &marker[..marker.len() - marker.trim_start().len()];
    let line = format!(
        "{indent}StageDescriptor::of::<{}::{}Spec>(),\n",
        names.lib, names.camel
    );
    let at = text.find(marker).context("marker line vanished")?;
    let mut out = text.to_owned();
    out.insert_str(at, &line);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_members_one_by_one_when_there_is_no_glob() {
        let text = "[workspace]\nmembers = [\"crates/core\"]\n\n[workspace.dependencies]\ndocpipe-core = { path = \"crates/core\" }\n";
        let out = add_workspace_dependency(text, &Names::parse("wordy").unwrap()).unwrap();
        assert!(
            out.contains("members = [\"crates/wordy\", \"crates/core\"]"),
            "{out}"
        );
        assert!(out.contains("docpipe-core = { path = \"crates/core\" }\ndocpipe-wordy = { path = \"crates/wordy\", version = \"0.1.0\" }\n"), "{out}");
    }

    #[test]
    fn inserts_first_in_a_section_without_docpipe_lines() {
        let out = add_cli_dependency(
            "[dependencies]\nanyhow = \"1\"\n\n[dev-dependencies]\n",
            &Names::parse("wordy").unwrap(),
        )
        .unwrap();
        assert_eq!(
            out,
            "[dependencies]\ndocpipe-wordy.workspace = true\nanyhow = \"1\"\n\n[dev-dependencies]\n"
        );
    }
}
