//! What the binary prints: pipeline errors with their source, the progress
//! bar, and the run summary.

use docpipe_engine::{PipelineError, RunReport};
use miette::{LabeledSpan, MietteDiagnostic, NamedSource, Report};

/// Prints every problem of a pipeline file, each pointing at its line.
pub(crate) fn pipeline_error(e: &PipelineError) {
    // Wide enough that `file:line:col: message` stays on one line, which
    // people and scripts grep for.
    let _ = miette::set_hook(Box::new(|_| {
        Box::new(miette::MietteHandlerOpts::new().width(200).build())
    }));
    let name = e.path.display().to_string();
    for d in &e.diagnostics {
        // A value from the command line has no line in the file: pointing
        // at `file:1:1` would send the reader to the wrong place.
        let place = match &d.flag {
            Some(_) => "command line".to_owned(),
            None => format!("{name}:{}:{}", d.line, d.column),
        };
        let mut diag = MietteDiagnostic::new(format!("{place}: {}", d.message));
        if let Some(span) = &d.span {
            diag = diag.with_label(LabeledSpan::at(span.clone(), "here"));
        }
        if let Some(h) = &d.help {
            diag = diag.with_help(h.clone());
        }
        let report =
            Report::new(diag).with_source_code(NamedSource::new(&name, e.source_text.clone()));
        eprintln!("{report:?}");
    }
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let flags = e.diagnostics.iter().filter(|d| d.flag.is_some()).count();
    let in_file = e.diagnostics.len() - flags;
    match (in_file, flags) {
        (n, 0) => eprintln!("{n} problem{} in {name}", plural(n)),
        (0, n) => eprintln!("{n} problem{} on the command line", plural(n)),
        (n, m) => eprintln!(
            "{n} problem{} in {name} and {m} on the command line",
            plural(n)
        ),
    }
}

/// A progress bar over input bytes with docs/s and ETA.
pub(crate) fn progress_bar() -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(0);
    let style = indicatif::ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta} {msg}",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

/// `12.3 kB`, `4.5 MB`: sizes a person reads at a glance.
fn human_bytes(bytes: f64) -> String {
    match bytes {
        b if b >= 1e9 => format!("{:.1} GB", b / 1e9),
        b if b >= 1e6 => format!("{:.1} MB", b / 1e6),
        b if b >= 1e3 => format!("{:.1} kB", b / 1e3),
        b => format!("{b:.0} B"),
    }
}

/// A rate, or `-` when the time is too short to measure one.
fn rate(amount: f64, seconds: f64, scale: f64, decimals: usize) -> String {
    if seconds < 1e-3 {
        "-".to_owned()
    } else {
        format!("{:.*}", decimals, amount / scale / seconds)
    }
}

/// The one-screen summary after a run.
pub(crate) fn summary(report: &RunReport) {
    let m = &report.manifest;
    // A shard's error records are in its own part, not errors.jsonl.
    let errors_file = docpipe_engine::Layout {
        dir: report.output.clone(),
        compression: docpipe_engine::Compression::None,
        shard: m.shard,
    }
    .errors();
    outln!(
        "{}: {} documents from {} files ({}) in {:.2}s with {} threads — {} docs/s, {}/s",
        m.pipeline,
        m.read.docs,
        m.read.files,
        human_bytes(m.read.bytes as f64),
        report.wall_seconds,
        m.threads,
        rate(m.read.docs as f64, report.wall_seconds, 1.0, 0),
        human_bytes(m.read.bytes as f64 / report.wall_seconds.max(1e-3)),
    );
    if m.read.errors > 0 {
        outln!(
            "  read: {} unreadable (see {})",
            m.read.errors,
            errors_file.display()
        );
    }
    if report.skipped_inputs > 0 {
        outln!(
            "  read: {} skipped, not a kind docpipe reads or not a regular file (see the warning above)",
            report.skipped_inputs
        );
    }
    outln!(
        "  {:<14} {:>8} {:>8} {:>8} {:>8} {:>9} {:>10} {:>8}",
        "stage",
        "in",
        "out",
        "dropped",
        "errors",
        "cpu s",
        "docs/s",
        "MB/s"
    );
    for s in &m.stages {
        if s.reused {
            outln!(
                "  {:<14} {:>8} {:>8} {:>8} {:>8} {:>9} reused from the earlier run (saved {:.3} cpu s)",
                s.id,
                s.input,
                s.out,
                s.dropped,
                s.errors,
                "-",
                s.seconds
            );
            continue;
        }
        outln!(
            "  {:<14} {:>8} {:>8} {:>8} {:>8} {:>9.3} {:>10} {:>8}",
            s.id,
            s.input,
            s.out,
            s.dropped,
            s.errors,
            s.seconds,
            rate(s.input as f64, s.seconds, 1.0, 0),
            rate(s.bytes as f64, s.seconds, 1e6, 1)
        );
    }
    let failed: u64 = m.stages.iter().map(|s| s.errors).sum::<u64>() + m.read.errors;
    if failed > 0 {
        outln!("  {failed} documents failed: see {}", errors_file.display());
    }
    let reused: Vec<&str> = m
        .stages
        .iter()
        .filter(|s| s.reused)
        .map(|s| s.id.as_str())
        .collect();
    if !reused.is_empty() {
        let saved: f64 = m
            .stages
            .iter()
            .filter(|s| s.reused)
            .map(|s| s.seconds)
            .sum();
        let ran: f64 = m
            .stages
            .iter()
            .filter(|s| !s.reused)
            .map(|s| s.seconds)
            .sum();
        outln!(
            "  incremental: reused {} (input, options and versions unchanged), saving {saved:.2} of {:.2} cpu s ({:.0}%); --no-reuse recomputes everything",
            reused.join(", "),
            saved + ran,
            100.0 * saved / (saved + ran).max(1e-9)
        );
    }
    outln!("  output: {}", report.output.display());
}
