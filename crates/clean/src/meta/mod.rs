//! Metadata printed on news pages: dates, bylines, datelines, sources.

pub(crate) mod date;
pub(crate) mod lines;
