//! The JSONL reader on arbitrary bytes (plain, gzip and zstd file names):
//! never panics, every line is a document or an error record, ids and
//! sources are set, and documents carry no NUL.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| docpipe_fuzz::check_jsonl_reader(data));
