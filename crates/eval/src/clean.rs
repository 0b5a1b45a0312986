//! Evaluation of the `clean` stage (to be written).

/// Arguments of `docpipe-eval clean`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The gold file.
    #[arg(long)]
    gold: std::path::PathBuf,
}

/// Runs the evaluation.
pub(crate) fn run(args: Args) -> anyhow::Result<()> {
    anyhow::bail!("evaluation of `clean` is not written yet ({})", args.gold.display())
}
