//! The example pipeline `pipelines/summarize.toml` parses and its
//! `summarize` table builds the stage (the engine runs it end to end).

use docpipe_core::StageDescriptor;
use docpipe_summarize::SummarizeSpec;
use std::path::Path;

#[test]
fn example_pipeline_options_build() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../pipelines/summarize.toml");
    let file: toml::Table = std::fs::read_to_string(path).unwrap().parse().unwrap();
    let stages = file["stage"].as_array().unwrap();
    let uses: Vec<&str> = stages.iter().map(|s| s["uses"].as_str().unwrap()).collect();
    assert_eq!(uses, ["segment", "summarize"]);
    let mut options = stages[1].as_table().unwrap().clone();
    options.remove("uses");
    let options = serde_json::to_value(options).unwrap();
    let built = StageDescriptor::of::<SummarizeSpec>()
        .build(options)
        .unwrap();
    assert_eq!(built.options["sentences"], 3);
}
