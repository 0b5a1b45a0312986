//! The `tag` stage (after the stages it needs) on arbitrary text: no panic,
//! every span valid, the wire form round-trips.
#![no_main]

use docpipe_core::Stage;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static STAGES: OnceLock<Vec<Box<dyn Stage>>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if text.contains('\0') {
        return; // the reader refuses NULs before any stage sees them
    }
    let stages = STAGES.get_or_init(|| ["segment", "tag"].iter().map(|s| docpipe_fuzz::build(s)).collect());
    docpipe_fuzz::run_checked(stages, text);
});
