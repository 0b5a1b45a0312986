//! Criterion benchmarks for docpipe (see `benches/benches/`).
