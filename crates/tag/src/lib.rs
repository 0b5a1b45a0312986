//! docpipe-tag (under construction).

pub mod conll;
mod error;
mod features;
mod fingerprint;
pub mod fold;
mod gazetteer;
mod lexicon;
mod model;
mod perceptron;
mod train;

pub use error::TagError;
pub use gazetteer::{Gazetteer, GazetteerEntry};
pub use lexicon::Lexicon;
pub use model::{Model, Tagged};
pub use train::{EpochReport, TrainConfig, train};
