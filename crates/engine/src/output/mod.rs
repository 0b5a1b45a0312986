//! The output directory: artifact names, writers, and cleaning up what a
//! previous run left.

pub mod layout;
pub(crate) mod old_lines;
pub mod writer;

pub use layout::{Layout, Shard};
pub use writer::ArtifactWriter;
