//! Evaluation of the `tag` stage (to be written).

/// Arguments of `docpipe-eval tag`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The gold file.
    #[arg(long)]
    gold: std::path::PathBuf,
}

/// Runs the evaluation.
pub(crate) fn run(args: Args) -> anyhow::Result<()> {
    anyhow::bail!("evaluation of `tag` is not written yet ({})", args.gold.display())
}
