//! Trains a tag model on a CoNLL file and scores it on a development file
//! after each epoch (gold tokenization; the pipeline-level score is
//! `docpipe-eval tag`). `docpipe train` does the same from the CLI.
//!
//! ```text
//! cargo run --release -p docpipe-tag --example train -- TRAIN.txt DEV.txt OUT.dptag [EPOCHS] [CLUSTERS.tsv]
//! ```

use docpipe_tag::{Gazetteer, Lexicon, TrainConfig, conll};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        return Err("usage: train TRAIN.txt DEV.txt OUT.dptag [EPOCHS] [CLUSTERS.tsv]".into());
    }
    let train = conll::parse(&std::fs::read_to_string(&args[0])?)?;
    let dev = conll::parse(&std::fs::read_to_string(&args[1])?)?;
    let epochs = args.get(3).map_or(Ok(10), |e| e.parse())?;
    let lexicon = match args.get(4) {
        Some(p) => Lexicon::from_tsv(&std::fs::read_to_string(p)?),
        None => Lexicon::default(),
    };
    let gaz = Gazetteer::builtin()?;
    let config = TrainConfig {
        epochs,
        ..TrainConfig::default()
    };
    let started = std::time::Instant::now();
    let model = docpipe_tag::train(&train, &gaz, lexicon, &config, |r, m| {
        let s = docpipe_tag::evaluate(m, &gaz, &dev);
        eprintln!(
            "epoch {:2}  train errors pos {:5} ner {:5}  dev pos acc {:.2}  ner f1 {:.2}  ({:.0}s)",
            r.epoch,
            r.pos_errors,
            r.ner_errors,
            s.pos_accuracy,
            s.ner_f1,
            started.elapsed().as_secs_f64()
        );
    })?;
    model.save(std::path::Path::new(&args[2]))?;
    eprintln!(
        "wrote {} ({} bytes)",
        args[2],
        std::fs::metadata(&args[2])?.len()
    );
    Ok(())
}
