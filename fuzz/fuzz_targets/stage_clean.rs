//! The `clean` stage (after the stages it needs) on arbitrary text: no panic,
//! every span valid, the wire form round-trips.
#![no_main]

use docpipe_core::Stage;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static STAGES: OnceLock<Vec<Box<dyn Stage>>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let stages = STAGES.get_or_init(|| docpipe_fuzz::chain(&["clean"]));
    docpipe_fuzz::check_text(stages, data);
});
