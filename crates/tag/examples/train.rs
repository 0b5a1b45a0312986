//! Trains a tag model on a CoNLL file and scores it on a development file
//! after each epoch (gold tokenization; the pipeline-level score is
//! `docpipe-eval tag`). `docpipe train` does the same from the CLI.
//!
//! ```text
//! cargo run --release -p docpipe-tag --example train -- TRAIN.txt DEV.txt OUT.dptag [EPOCHS] [CLUSTERS.tsv|-] [--bilou] [--keep-pos] [--save-each]
//! ```
//!
//! `-` (or no argument) for the clusters takes those of the embedded
//! English model; `--bilou` trains the recognizer on BILOU tags;
//! `--keep-pos` trains the recognizer only and keeps the embedded model's
//! part-of-speech tagger; `--save-each` also writes the model after each
//! epoch (`OUT.dptag.epochN`).

use docpipe_tag::{Gazetteer, Lexicon, Model, TrainConfig, conll};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let all: Vec<String> = std::env::args().skip(1).collect();
    let flag = |f: &str| all.iter().any(|a| a == f);
    let (bilou, keep_pos) = (flag("--bilou"), flag("--keep-pos"));
    let save_each = flag("--save-each");
    let args: Vec<&String> = all.iter().filter(|a| !a.starts_with("--")).collect();
    if args.len() < 3 {
        return Err("usage: train TRAIN.txt DEV.txt OUT.dptag [EPOCHS] [CLUSTERS.tsv|-] [--bilou] [--keep-pos] [--save-each]".into());
    }
    let train = conll::parse(&std::fs::read_to_string(args[0])?)?;
    let dev = conll::parse(&std::fs::read_to_string(args[1])?)?;
    let epochs = args.get(3).map_or(Ok(12), |e| e.parse())?;
    let english = Model::english()?;
    let lexicon = match args.get(4).map(|s| s.as_str()) {
        Some(p) if p != "-" => Lexicon::from_tsv(&std::fs::read_to_string(p)?),
        _ => english.lexicon().clone(),
    };
    let gaz = Gazetteer::builtin()?;
    let config = TrainConfig {
        epochs,
        bilou,
        pos: !keep_pos,
        ..TrainConfig::default()
    };
    let started = std::time::Instant::now();
    let with_pos = |m: &Model| {
        let mut m = m.clone();
        if keep_pos {
            m.take_pos_of(&english);
        }
        m
    };
    let model = docpipe_tag::train(&train, &gaz, lexicon, &config, |r, m| {
        let s = docpipe_tag::evaluate(&with_pos(m), &gaz, &dev);
        eprintln!(
            "epoch {:2}  train errors pos {:5} ner {:5}  dev pos acc {:.2}  ner f1 {:.2}  ({:.0}s)",
            r.epoch,
            r.pos_errors,
            r.ner_errors,
            s.pos_accuracy,
            s.ner_f1,
            started.elapsed().as_secs_f64()
        );
        if save_each {
            let path = format!("{}.epoch{}", args[2], r.epoch);
            if let Err(e) = with_pos(m).save(std::path::Path::new(&path)) {
                eprintln!("{path}: {e}");
            }
        }
    })?;
    with_pos(&model).save(std::path::Path::new(args[2]))?;
    eprintln!(
        "wrote {} ({} bytes)",
        args[2],
        std::fs::metadata(args[2])?.len()
    );
    Ok(())
}
