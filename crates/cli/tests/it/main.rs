//! Integration tests of the `docpipe` binary, one module per concern.

mod cli;
mod env_shards;
mod exec;
mod new_stage;
