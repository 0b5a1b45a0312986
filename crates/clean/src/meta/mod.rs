//! Metadata printed on news pages: dates, bylines, datelines, sources.

pub(crate) mod date;
pub(crate) mod lines;

/// Compiles every pattern of this module. The stage calls it when it is
/// built: compiling them takes tens of milliseconds (the dateline's Unicode
/// classes most of it), which would otherwise fall on the first document,
/// inside the run, with the other workers waiting for it.
pub(crate) fn compile_patterns() {
    date::compile_patterns();
    lines::compile_patterns();
}
