//! Integration tests of the `docpipe` binary, one module per concern.

// A failed unwrap in a test helper is a failed test, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod bad_input;
mod cli;
mod env_shards;
mod exec;
mod faults;
mod fuzz_seeds;
mod new_stage;
mod output_dir;
