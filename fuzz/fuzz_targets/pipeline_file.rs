//! The pipeline-file parser and validator on arbitrary text: errors, never
//! panics, and every diagnostic points inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| docpipe_fuzz::check_pipeline_file(data));
