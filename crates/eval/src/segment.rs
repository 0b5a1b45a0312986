//! Evaluation of the `segment` stage (to be written).

/// Arguments of `docpipe-eval segment`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The gold file.
    #[arg(long)]
    gold: std::path::PathBuf,
}

/// Runs the evaluation.
pub(crate) fn run(args: Args) -> anyhow::Result<()> {
    anyhow::bail!("evaluation of `segment` is not written yet ({})", args.gold.display())
}
