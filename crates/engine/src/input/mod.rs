//! Input: finding the files a pipeline names and reading documents from
//! them.

mod compressed;
pub mod discover;
pub mod reader;

pub use reader::{InputItem, Source};
