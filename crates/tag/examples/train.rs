//! Trains a tag model on CoNLL files and scores it on a development file
//! token by token after each epoch (the pipeline-level score is
//! `docpipe-eval tag`).
//!
//! ```text
//! cargo run --release -p docpipe-tag --example train -- TRAIN.txt DEV.txt OUT.dptag [EPOCHS] [CLUSTERS.tsv]
//! ```

use docpipe_tag::{Gazetteer, Lexicon, Model, TrainConfig, conll};

fn score(model: &Model, gaz: &Gazetteer, dev: &[conll::ConllDocument]) -> (f64, f64) {
    let (mut pos_ok, mut n) = (0usize, 0usize);
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for d in dev {
        let words: Vec<Vec<&str>> = d
            .iter()
            .map(|s| s.iter().map(|t| t.word.as_str()).collect())
            .collect();
        let tagged = model.tag(gaz, &words, true, true);
        for (si, s) in d.iter().enumerate() {
            for (ti, t) in s.iter().enumerate() {
                n += 1;
                if tagged.pos.get(si).and_then(|p| p.get(ti)) == Some(&t.pos.as_str()) {
                    pos_ok += 1;
                }
            }
            let gold: Vec<&str> = s.iter().map(|t| t.ner.as_str()).collect();
            let g = conll::spans(&gold);
            let p = conll::spans(tagged.ner.get(si).map_or(&[][..], |v| v.as_slice()));
            let c = p.iter().filter(|x| g.contains(x)).count();
            tp += c;
            fp += p.len() - c;
            fn_ += g.len() - c;
        }
    }
    let prec = tp as f64 / (tp + fp).max(1) as f64;
    let rec = tp as f64 / (tp + fn_).max(1) as f64;
    (
        100.0 * pos_ok as f64 / n.max(1) as f64,
        100.0 * 2.0 * prec * rec / (prec + rec).max(1e-9),
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        return Err("usage: train TRAIN.txt DEV.txt OUT.dptag [EPOCHS] [CLUSTERS.tsv]".into());
    }
    let train = conll::parse(&std::fs::read_to_string(&args[0])?)?;
    let dev = conll::parse(&std::fs::read_to_string(&args[1])?)?;
    let epochs = args.get(3).map_or(Ok(10), |e| e.parse())?;
    let lexicon = match args.get(4) {
        Some(p) => Lexicon::new(
            std::fs::read_to_string(p)?
                .lines()
                .filter_map(|l| l.split_once('\t'))
                .map(|(w, c)| (w.to_owned(), c.to_owned()))
                .collect(),
        ),
        None => Lexicon::default(),
    };
    let gaz = Gazetteer::builtin()?;
    let config = TrainConfig {
        epochs,
        ..TrainConfig::default()
    };
    let started = std::time::Instant::now();
    let model = docpipe_tag::train(&train, &gaz, lexicon, &config, |r, m| {
        let (pos, f1) = score(m, &gaz, &dev);
        eprintln!(
            "epoch {:2}  train errors pos {:5} ner {:5}  dev pos acc {pos:.2}  ner f1 {f1:.2}  ({:.0}s)",
            r.epoch,
            r.pos_errors,
            r.ner_errors,
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
