//! The output directory: artifact names, writers, and cleaning up what a
//! previous run left.

pub mod layout;
pub mod lock;
pub(crate) mod old_lines;
pub mod writer;

pub use layout::{Layout, Shard};
pub use lock::DirLock;
pub use writer::ArtifactWriter;
