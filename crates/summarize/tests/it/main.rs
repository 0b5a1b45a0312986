//! Integration tests of the `summarize` stage, run through its registry
//! descriptor on hand-segmented documents and the sample news corpus.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod behaviour;
mod corpus;
mod invariants;
mod pipeline;
mod split;
