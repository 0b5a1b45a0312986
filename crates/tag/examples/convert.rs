//! Rewrites a model file in the current format (reads any supported one).
//!
//! ```text
//! cargo run --release -p docpipe-tag --example convert -- IN.dptag OUT.dptag
//! ```

use docpipe_tag::Model;
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        return Err("usage: convert IN.dptag OUT.dptag".into());
    };
    let model = Model::load(Path::new(input))?;
    model.save(Path::new(output))?;
    eprintln!(
        "wrote {output} ({} bytes)",
        std::fs::metadata(output)?.len()
    );
    Ok(())
}
