//! Shrinks a model of format 1 (sparse weights) by leaving out small
//! weights, scores it on a development file (gold tokenization) and writes
//! it in the current format.
//!
//! ```text
//! cargo run --release -p docpipe-tag --example prune -- IN.dptag DEV.txt MIN_WEIGHT [OUT.dptag]
//! ```

use docpipe_tag::{Gazetteer, Model, conll};
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        return Err("usage: prune IN.dptag DEV.txt MIN_WEIGHT [OUT.dptag]".into());
    }
    let bytes = std::fs::read(&args[0])?;
    let dev = conll::parse(&std::fs::read_to_string(&args[1])?)?;
    let min_weight: f32 = args[2].parse()?;
    let model = Model::from_sparse_bytes_pruned(&bytes, min_weight)?;
    let gaz = Gazetteer::builtin()?;
    let s = docpipe_tag::evaluate(&model, &gaz, &dev);
    eprintln!(
        "min weight {min_weight}: dev pos acc {:.2}  ner f1 {:.2}",
        s.pos_accuracy, s.ner_f1
    );
    if let Some(out) = args.get(3) {
        model.save(Path::new(out))?;
        eprintln!("wrote {out} ({} bytes)", std::fs::metadata(out)?.len());
    }
    Ok(())
}
