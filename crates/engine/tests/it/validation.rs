//! Every validation error names the problem, its line and column, and a fix.

use crate::pipeline;

fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Hello.").unwrap();
    dir
}

/// Validates `body` (with a valid input prepended) and returns the
/// (line, message, help) of each problem.
fn problems(body: &str) -> Vec<(usize, String, String)> {
    let dir = corpus();
    let text = format!("input = {:?}\n{body}", dir.path().display().to_string());
    match pipeline(&text) {
        Ok(_) => Vec::new(),
        Err(e) => e
            .diagnostics
            .iter()
            .map(|d| {
                (
                    d.line,
                    d.message.clone(),
                    d.help.clone().unwrap_or_default(),
                )
            })
            .collect(),
    }
}

#[track_caller]
fn check(body: &str, line: usize, message: &str, help: &str) {
    let p = problems(body);
    assert!(
        p.iter()
            .any(|(l, m, h)| *l == line && m.contains(message) && h.contains(help)),
        "expected line {line}: {message:?} / {help:?}, got {p:#?}"
    );
}

#[test]
fn the_read_id_is_reserved() {
    check(
        "[[stage]]\nuses = \"tokens\"\nid = \"read\"\n",
        4,
        "stage id `read` is reserved",
        "give the stage another `id`",
    );
}

/// One file under two names (here through a symlink to its directory, as
/// `corpus` and `./corpus` are two names) is one input, read once.
#[cfg(unix)]
#[test]
fn an_input_named_twice_is_read_once() {
    let dir = corpus();
    let link = tempfile::tempdir().unwrap();
    let alias = link.path().join("alias");
    std::os::unix::fs::symlink(dir.path(), &alias).unwrap();
    let text = format!(
        "input = [{:?}, {:?}]\n[[stage]]\nuses = \"tokens\"\n",
        dir.path().display().to_string(),
        alias.display().to_string(),
    );
    let p = pipeline(&text).unwrap();
    assert_eq!(p.inputs.len(), 1, "{:?}", p.inputs);
}

#[test]
fn a_valid_file_has_no_problems() {
    assert!(problems("[[stage]]\nuses = \"tokens\"\n[[stage]]\nuses = \"count\"\n").is_empty());
}

#[test]
fn unknown_stage_suggests_the_closest() {
    check(
        "[[stage]]\nuses = \"tokenz\"\n",
        3,
        "unknown stage `tokenz`",
        "did you mean `tokens`?",
    );
}

#[test]
fn unknown_top_level_key() {
    check(
        "outptu = \"x\"\n[[stage]]\nuses = \"upper\"\n",
        2,
        "unknown key `outptu`",
        "did you mean `output`?",
    );
}

#[test]
fn unknown_option_suggests_the_closest() {
    check(
        "[[stage]]\nuses = \"picky\"\nmarkr = \"X\"\n",
        4,
        "unknown option `markr` for stage `picky`",
        "did you mean `marker`?",
    );
}

#[test]
fn wrong_option_type_points_at_the_value() {
    check(
        "[[stage]]\nuses = \"picky\"\ncount = \"three\"\n",
        4,
        "invalid option `count` for stage `picky`",
        "docpipe stages",
    );
}

/// JSON has no `nan` or `inf`: such an option would reach the stage as
/// unset and its default would run silently.
#[test]
fn non_finite_options_point_at_the_value() {
    for (value, shown) in [
        ("nan", "`nan`"),
        ("-inf", "`-inf`"),
        ("[1.0, inf]", "`[1.0, inf]`"),
    ] {
        check(
            &format!("[[stage]]\nuses = \"picky\"\ncount = {value}\n"),
            4,
            &format!("`count` holds {shown}, which is no number a stage can use"),
            "write a finite number",
        );
    }
}

#[test]
fn wrong_top_level_type() {
    check(
        "compression = 3\n[[stage]]\nuses = \"upper\"\n",
        2,
        "`compression` must be a string",
        "",
    );
    check(
        "compression = \"zst\"\n[[stage]]\nuses = \"upper\"\n",
        2,
        "unknown compression `zst`",
        "did you mean `zstd`?",
    );
}

#[test]
fn duplicate_ids() {
    check(
        "[[stage]]\nuses = \"upper\"\n[[stage]]\nuses = \"picky\"\nid = \"upper\"\n",
        6,
        "duplicate stage id `upper` (first used on line 3)",
        "distinct `id",
    );
}

#[test]
fn missing_layer_names_a_producer() {
    check(
        "[[stage]]\nuses = \"count\"\n",
        3,
        "stage `count` needs the `tokens` layer, which no earlier stage produces",
        "uses = \"tokens\"",
    );
    // A stage that replaces the text does not give tokens back.
    assert!(problems("[[stage]]\nuses = \"tokens\"\n[[stage]]\nuses = \"count\"\n").is_empty());
}

#[test]
fn missing_input_points_at_it() {
    let text = "input = \"/no/such/dir\"\n[[stage]]\nuses = \"upper\"\n";
    let e = pipeline(text).unwrap_err();
    let d = &e.diagnostics[0];
    assert_eq!(d.line, 1);
    assert!(
        d.message
            .contains("input `/no/such/dir`: no such file or directory"),
        "{}",
        d.message
    );
}

#[test]
fn no_stages_and_no_uses() {
    check(
        "name = \"x\"\n",
        1,
        "the pipeline has no stages",
        "[[stage]]",
    );
    check(
        "[[stage]]\nid = \"a\"\n",
        2,
        "this stage has no `uses` key",
        "uses =",
    );
    // A `uses` of the wrong type is reported once, as such.
    let p = problems("[[stage]]\nuses = 5\n");
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(p[0].1.contains("`uses` must be a string, not"), "{p:#?}");
}

#[test]
fn invalid_toml_points_at_the_error() {
    let e = pipeline("name = \"x\"\n[[stage]\nuses = 1\n").unwrap_err();
    assert_eq!(e.diagnostics[0].line, 2);
    assert!(
        e.diagnostics[0].message.starts_with("invalid TOML"),
        "{}",
        e.diagnostics[0].message
    );
}

#[test]
fn all_problems_are_reported_at_once_in_file_order() {
    let p =
        problems("bogus = 1\n[[stage]]\nuses = \"nope\"\n[[stage]]\nuses = \"picky\"\nmarkr = 1\n");
    let lines: Vec<usize> = p.iter().map(|x| x.0).collect();
    assert_eq!(lines, vec![2, 4, 7]);
}

#[test]
fn plain_rendering_has_path_line_and_column() {
    let e = pipeline("[[stage]]\nuses = \"uper\"\n").unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("test.toml:2:8: unknown stage `uper`"),
        "{text}"
    );
}

#[test]
fn schema_lists_every_stage_and_top_level_key() {
    let schema = docpipe_engine::pipeline_schema(&crate::stages::registry());
    let names: Vec<&str> = schema["properties"]["stage"]["items"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["properties"]["uses"]["const"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["upper", "picky", "tokens", "count", "badspan", "prep"]
    );
    for key in docpipe_engine::pipeline::TOP_LEVEL_KEYS {
        assert!(schema["properties"].get(key).is_some(), "{key}");
    }
}

#[test]
fn an_output_overlapping_an_input_is_refused_at_the_input_line() {
    let dir = corpus();
    let root = dir.path().display().to_string();
    let cases = [
        (format!("{root}/out"), "is inside the input directory"),
        (root.clone(), "is the input"),
        (format!("{root}/./sub/../"), "is the input"),
    ];
    for (output, message) in cases {
        let text = format!(
            "name = \"t\"\ninput = {root:?}\noutput = {output:?}\n[[stage]]\nuses = \"upper\"\n"
        );
        let e = pipeline(&text).unwrap_err();
        let d = &e.diagnostics[0];
        assert_eq!(d.line, 2, "{output}");
        assert!(d.message.contains(message), "{output}: {}", d.message);
        assert!(
            d.help
                .as_deref()
                .unwrap_or("")
                .contains("outside every input"),
            "{:?}",
            d.help
        );
    }
    // An input inside the output directory.
    let parent = dir.path().parent().unwrap().display().to_string();
    let text = format!(
        "name = \"t\"\ninput = \"{root}/a.txt\"\noutput = {parent:?}\n[[stage]]\nuses = \"upper\"\n"
    );
    let e = pipeline(&text).unwrap_err();
    assert!(
        e.diagnostics[0]
            .message
            .contains("is inside the output directory"),
        "{}",
        e.diagnostics[0].message
    );
    // Beside each other is fine.
    let text = format!(
        "name = \"t\"\ninput = {root:?}\noutput = \"{root}-out\"\n[[stage]]\nuses = \"upper\"\n"
    );
    assert!(pipeline(&text).is_ok());
}

#[test]
fn command_line_paths_are_reported_as_such_not_at_a_line_of_the_file() {
    let dir = corpus();
    let root = dir.path().display().to_string();
    let text = format!("name = \"t\"\ninput = {root:?}\n[[stage]]\nuses = \"upper\"\n");
    let validate = |inputs: Vec<String>, output: Option<String>| {
        let mut file =
            docpipe_engine::PipelineFile::parse(std::path::Path::new("test.toml"), text.clone())
                .unwrap();
        file.override_input(inputs);
        file.override_output(output);
        file.validate(&crate::stages::registry()).unwrap_err()
    };

    let e = validate(vec!["/no/such/dir".into()], None);
    let d = &e.diagnostics[0];
    assert_eq!(d.flag.as_deref(), Some("--input"), "{e}");
    assert_eq!(d.span, None);
    assert!(
        d.message
            .starts_with("--input `/no/such/dir`: no such file or directory"),
        "{e}"
    );
    let plain = e.to_string();
    assert!(plain.starts_with("command line: --input"), "{plain}");
    assert!(!plain.contains("test.toml:1:1"), "{plain}");

    let e = validate(Vec::new(), Some(String::new()));
    assert_eq!(e.diagnostics[0].flag.as_deref(), Some("--output"), "{e}");
    assert!(e.to_string().contains("`--output` is empty"), "{e}");

    // Both from the command line, overlapping: neither has a line.
    let e = validate(vec![root.clone()], Some(format!("{root}/out")));
    assert_eq!(
        e.diagnostics[0].flag.as_deref(),
        Some("--input and --output"),
        "{e}"
    );
    // The file's own input still points at its line.
    let e = validate(Vec::new(), Some(format!("{root}/out")));
    assert_eq!(
        (e.diagnostics[0].flag.as_deref(), e.diagnostics[0].line),
        (None, 2)
    );
}
