//! The docpipe binary.
fn main() {}
