//! Integration tests of the export stage: run it over documents, read every
//! file back.

// Tests may unwrap: a panic is a failed test with its message.
#![allow(clippy::unwrap_used)]

mod browser;
mod fixtures;
mod html_check;
mod outputs;
#[cfg(feature = "parquet")]
mod parquet_tables;
mod prepared;
mod properties;
