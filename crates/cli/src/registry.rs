//! The one registry table: every stage the `docpipe` binary knows, built in
//! or added with `docpipe new-stage`.
//!
//! A stage is a crate exporting a `StageSpec`; registering it is one line
//! here and one dependency line in this crate's Cargo.toml.

use docpipe_core::StageDescriptor;

/// Every registered stage, in the order `docpipe stages` lists them.
pub(crate) fn descriptors() -> Vec<StageDescriptor> {
    vec![
        StageDescriptor::of::<docpipe_clean::CleanSpec>(),
        StageDescriptor::of::<docpipe_segment::SegmentSpec>(),
        StageDescriptor::of::<docpipe_tag::TagSpec>(),
        StageDescriptor::of::<docpipe_summarize::SummarizeSpec>(),
        StageDescriptor::of::<docpipe_export::ExportSpec>(),
        StageDescriptor::of::<docpipe_exec::ExecSpec>(),
        // new-stage: registered stages end here (`docpipe new-stage` inserts above this line).
    ]
}

/// The engine registry holding every stage above.
pub(crate) fn registry() -> docpipe_engine::Registry {
    docpipe_engine::Registry::from_descriptors(descriptors())
}
