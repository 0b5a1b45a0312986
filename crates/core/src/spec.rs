//! How a stage crate describes itself to the registry.

use crate::error::{BuildError, StageError};
use crate::layer::Layer;
use crate::stage::Stage;
use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Implemented once per stage crate: the stage's name, its options type and
/// how to build it. The engine's registry holds a [`StageDescriptor`] made
/// from it with [`StageDescriptor::of`].
///
/// `Options` is a serde struct with `#[serde(deny_unknown_fields, default)]`
/// and a doc comment on every field: `docpipe stages` and `docpipe schema`
/// print those comments and the defaults.
pub trait StageSpec: 'static {
    /// The stage's options, as written beside `uses` in the pipeline file.
    type Options: DeserializeOwned + Serialize + JsonSchema + Default;

    /// The name pipeline files use (`uses = "clean"`).
    const NAME: &'static str;
    /// One line saying what the stage does.
    const DESCRIPTION: &'static str;
    /// The stage's version; a change invalidates reused outputs.
    const VERSION: &'static str;

    /// Layers the stage needs on every document, given its options.
    fn requires(options: &Self::Options) -> Vec<Layer>;

    /// Layers the stage adds or replaces, given its options.
    fn produces(options: &Self::Options) -> Vec<Layer>;

    /// Builds the stage. Loading a model or a table happens here, once.
    fn build(options: Self::Options) -> Result<Box<dyn Stage>, StageError>;
}

/// A stage built from its options, with the layers it declared.
pub struct BuiltStage {
    /// The stage itself.
    pub stage: Box<dyn Stage>,
    /// Layers it requires.
    pub requires: Vec<Layer>,
    /// Layers it produces.
    pub produces: Vec<Layer>,
    /// Its options with every default filled in, as JSON; the engine hashes
    /// this to tell whether a stage's output can be reused.
    pub options: Value,
}

impl std::fmt::Debug for BuiltStage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BuiltStage")
            .field("requires", &self.requires)
            .field("produces", &self.produces)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// A registered stage, type-erased: what the registry table holds.
#[derive(Clone, Copy)]
pub struct StageDescriptor {
    /// The name pipeline files use.
    pub name: &'static str,
    /// One line saying what it does.
    pub description: &'static str,
    /// Its version.
    pub version: &'static str,
    schema: fn() -> Value,
    defaults: fn() -> (Vec<Layer>, Vec<Layer>),
    build: fn(Value) -> Result<BuiltStage, BuildError>,
}

impl std::fmt::Debug for StageDescriptor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StageDescriptor")
            .field("name", &self.name)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

impl StageDescriptor {
    /// The descriptor of stage `S`.
    pub fn of<S: StageSpec>() -> Self {
        Self {
            name: S::NAME,
            description: S::DESCRIPTION,
            version: S::VERSION,
            schema: || {
                let schema = schemars::schema_for!(S::Options);
                schema.to_value()
            },
            defaults: || {
                let o = S::Options::default();
                (S::requires(&o), S::produces(&o))
            },
            build: build_erased::<S>,
        }
    }

    /// JSON Schema of the stage's options (field docs, types, defaults).
    pub fn options_schema(&self) -> Value {
        (self.schema)()
    }

    /// Layers required and produced with default options.
    pub fn default_layers(&self) -> (Vec<Layer>, Vec<Layer>) {
        (self.defaults)()
    }

    /// Builds the stage from its options table (the pipeline file's stage
    /// table without `uses` and `id`, as JSON).
    pub fn build(&self, options: Value) -> Result<BuiltStage, BuildError> {
        (self.build)(options)
    }
}

fn build_erased<S: StageSpec>(options: Value) -> Result<BuiltStage, BuildError> {
    let options: S::Options =
        serde_path_to_error::deserialize(options).map_err(|e| BuildError::Options {
            path: e.path().to_string().trim_start_matches('.').to_owned(),
            message: e.inner().to_string(),
        })?;
    let normalized = serde_json::to_value(&options).map_err(|e| BuildError::Options {
        path: String::new(),
        message: e.to_string(),
    })?;
    let requires = S::requires(&options);
    let produces = S::produces(&options);
    let stage = S::build(options)?;
    Ok(BuiltStage {
        stage,
        requires,
        produces,
        options: normalized,
    })
}
