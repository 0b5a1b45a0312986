//! The registry: which stage names a pipeline file may use.

use docpipe_core::StageDescriptor;

/// The stages a pipeline can use, by name.
///
/// The `docpipe` binary fills one from its registry table; a program that
/// embeds the engine registers its own stages the same way.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    stages: Vec<StageDescriptor>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// A registry holding `descriptors`, in that order.
    pub fn from_descriptors(descriptors: impl IntoIterator<Item = StageDescriptor>) -> Self {
        let mut r = Self::new();
        for d in descriptors {
            r = r.with(d);
        }
        r
    }

    /// Adds a stage; a stage of the same name is replaced.
    #[must_use]
    pub fn with(mut self, descriptor: StageDescriptor) -> Self {
        self.stages.retain(|d| d.name != descriptor.name);
        self.stages.push(descriptor);
        self
    }

    /// The stage registered under `name`.
    pub fn get(&self, name: &str) -> Option<&StageDescriptor> {
        self.stages.iter().find(|d| d.name == name)
    }

    /// Every registered stage, in registration order.
    pub fn iter(&self) -> impl Iterator<Item = &StageDescriptor> {
        self.stages.iter()
    }

    /// The registered names.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.stages.iter().map(|d| d.name)
    }
}

/// The candidate closest to `word`, if any is close enough to be a likely
/// typo (used for "did you mean" hints).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_typos_only() {
        let names = ["clean", "segment", "summarize"];
        assert_eq!(closest("sumarize", names), Some("summarize"));
        assert_eq!(closest("segmnet", names), Some("segment"));
        assert_eq!(closest("translate", names), None);
    }
}
