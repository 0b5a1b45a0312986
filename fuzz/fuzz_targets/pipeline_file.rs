//! The pipeline-file parser and validator on arbitrary text: errors, never
//! panics, and every diagnostic points inside the file.
#![no_main]

use docpipe_engine::PipelineFile;
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

static REGISTRY: OnceLock<docpipe_engine::Registry> = OnceLock::new();
static INPUT: OnceLock<String> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let registry = REGISTRY.get_or_init(docpipe_fuzz::registry);
    // Inputs are replaced by one small file, so a fuzzed glob cannot walk
    // the whole file system.
    let input = INPUT.get_or_init(|| {
        let p = std::env::temp_dir().join("docpipe-fuzz-input.txt");
        std::fs::write(&p, "a document").expect("temp file");
        p.display().to_string()
    });
    let check = |e: &docpipe_engine::PipelineError| {
        for d in &e.diagnostics {
            if let Some(span) = &d.span {
                assert!(span.start <= span.end && span.end <= text.len(), "span {span:?} outside the file");
            }
            assert!(d.line >= 1);
            let _ = e.to_string();
        }
    };
    match PipelineFile::parse(Path::new("fuzz.toml"), text.to_owned()) {
        Ok(mut file) => {
            file.override_input(vec![input.clone()]);
            if let Err(e) = file.validate(registry) {
                check(&e);
            }
        }
        Err(e) => check(&e),
    }
});
