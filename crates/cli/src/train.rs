//! `docpipe train`: trains a `tag` model (part-of-speech tagger and entity
//! recognizer) from CoNLL-format files, so users can tag their own kind of
//! text; the result is used with the tag stage's `model` option.

use anyhow::Context;
use docpipe_tag::{Gazetteer, Lexicon, Model, TrainConfig, conll};
use std::path::PathBuf;

/// Arguments of `docpipe train`.
#[derive(clap::Args)]
pub(crate) struct TrainArgs {
    /// Training files in CoNLL format (`word POS chunk NER` a line, blank
    /// line between sentences, `-DOCSTART-` between documents).
    #[arg(long = "train", required = true)]
    train: Vec<PathBuf>,
    /// A development file scored after each epoch (never trained on).
    #[arg(long)]
    dev: Option<PathBuf>,
    /// Where to write the model.
    #[arg(long, short)]
    output: PathBuf,
    /// Passes over the training data.
    #[arg(long, default_value_t = 15)]
    epochs: usize,
    /// Seed of the shuffling between epochs (same seed, same model).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Word clusters (`word<TAB>bit-path` lines); default: those of the
    /// embedded English model.
    #[arg(long)]
    clusters: Option<PathBuf>,
    /// Train no part-of-speech tagger (for files without a POS column).
    #[arg(long)]
    no_pos: bool,
    /// Train no entity recognizer.
    #[arg(long)]
    no_ner: bool,
}

/// Runs `docpipe train`.
pub(crate) fn run(args: TrainArgs) -> anyhow::Result<()> {
    let mut docs = Vec::new();
    for path in &args.train {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        docs.extend(conll::parse(&text).with_context(|| format!("parsing {}", path.display()))?);
    }
    let dev = match &args.dev {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            conll::parse(&text).with_context(|| format!("parsing {}", path.display()))?
        }
        None => Vec::new(),
    };
    let lexicon = match &args.clusters {
        Some(path) => Lexicon::from_tsv(
            &std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?,
        ),
        None => Model::english()?.lexicon().clone(),
    };
    let gazetteer = Gazetteer::builtin()?;
    let config = TrainConfig {
        epochs: args.epochs,
        seed: args.seed,
        pos: !args.no_pos,
        ner: !args.no_ner,
        ..TrainConfig::default()
    };
    let started = std::time::Instant::now();
    let model = docpipe_tag::train(&docs, &gazetteer, lexicon, &config, |r, m| {
        let mut line = format!(
            "epoch {:2}: training errors pos {} ner {} of {} tokens",
            r.epoch, r.pos_errors, r.ner_errors, r.tokens
        );
        if !dev.is_empty() {
            let s = docpipe_tag::evaluate(m, &gazetteer, &dev);
            line.push_str(&format!(
                "; dev pos accuracy {:.2}, ner f1 {:.2}",
                s.pos_accuracy, s.ner_f1
            ));
        }
        eprintln!("{line} ({:.0} s)", started.elapsed().as_secs_f64());
    })?;
    model.save(&args.output)?;
    eprintln!("wrote {}", args.output.display());
    Ok(())
}
