//! Small stages for the engine's tests.

// Each stage keeps its options, though most ignore them.
#![allow(dead_code)]

use docpipe_core::{
    Collector, CollectorContext, Document, FinishContext, Layer, Outcome, Prepared, Stage,
    StageDescriptor, StageError, StageSpec, Token,
};
use docpipe_engine::Registry;
use serde::{Deserialize, Serialize};

/// Options shared by the test stages.
#[derive(Debug, Default, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Opts {
    /// A word that triggers the stage's behaviour.
    pub marker: Option<String>,
    /// A number, to test type errors.
    pub count: usize,
}

macro_rules! spec {
    ($spec:ident, $name:literal, $stage:ident, $req:expr, $prod:expr) => {
        pub struct $spec;
        impl StageSpec for $spec {
            type Options = Opts;
            const NAME: &'static str = $name;
            const DESCRIPTION: &'static str = "A test stage.";
            const VERSION: &'static str = "1";
            fn requires(_: &Opts) -> Vec<Layer> {
                $req
            }
            fn produces(_: &Opts) -> Vec<Layer> {
                $prod
            }
            fn build(o: Opts) -> Result<Box<dyn Stage>, StageError> {
                Ok(Box::new($stage(o)))
            }
        }
    };
}

pub struct Upper(Opts);
impl Stage for Upper {
    fn process(&self, doc: &mut Document) -> Result<Outcome, StageError> {
        doc.text = doc.text.to_uppercase();
        doc.clear_layers();
        Ok(Outcome::Keep)
    }
}
spec!(
    UpperSpec,
    "upper",
    Upper,
    vec![Layer::TEXT],
    vec![Layer::TEXT]
);

/// Drops documents containing the marker (default `DROP`), fails on `FAIL`,
/// panics on `PANIC`.
pub struct Picky(Opts);
impl Stage for Picky {
    fn process(&self, doc: &mut Document) -> Result<Outcome, StageError> {
        let marker = self.0.marker.as_deref().unwrap_or("DROP");
        if doc.text.contains("PANIC") {
            panic!("found a panic marker in {}", doc.id);
        }
        if doc.text.contains("FAIL") {
            return Err(StageError::invalid("found a failure marker"));
        }
        if doc.text.contains(marker) {
            return Ok(Outcome::Drop(format!("contains {marker}")));
        }
        Ok(Outcome::Keep)
    }
}
spec!(PickySpec, "picky", Picky, vec![Layer::TEXT], vec![]);

/// Whitespace tokens.
pub struct Tokens(Opts);
impl Stage for Tokens {
    fn process(&self, doc: &mut Document) -> Result<Outcome, StageError> {
        let base = doc.text.as_ptr() as usize;
        let toks = doc
            .text
            .split_whitespace()
            .map(|w| {
                let s = w.as_ptr() as usize - base;
                Token::new(s, s + w.len())
            })
            .collect();
        doc.tokens = Some(toks);
        Ok(Outcome::Keep)
    }
}
spec!(
    TokensSpec,
    "tokens",
    Tokens,
    vec![Layer::TEXT],
    vec![Layer::TOKENS]
);

/// Needs tokens; counts them; keeps a corpus-wide count in a collector.
pub struct Count(Opts);
impl Stage for Count {
    fn process(&self, doc: &mut Document) -> Result<Outcome, StageError> {
        let n = doc
            .tokens
            .as_ref()
            .ok_or(StageError::MissingLayer(Layer::TOKENS))?
            .len();
        doc.attrs_mut("count").insert("tokens".into(), n.into());
        Ok(Outcome::Keep)
    }
    fn collector(&self, _: &CollectorContext) -> Result<Option<Box<dyn Collector>>, StageError> {
        Ok(Some(Box::new(Total::default())))
    }
}
spec!(
    CountSpec,
    "count",
    Count,
    vec![Layer::TOKENS],
    vec![Layer::attr("count")]
);

#[derive(Default)]
struct Total {
    docs: u64,
    ids: Vec<String>,
}
impl Collector for Total {
    fn observe(&mut self, doc: &Document) -> Result<(), StageError> {
        self.docs += 1;
        self.ids.push(doc.id.clone());
        Ok(())
    }
    fn finish(self: Box<Self>, ctx: &FinishContext<'_>) -> Result<(), StageError> {
        let text = format!("{} docs\n{}\n", self.docs, self.ids.join("\n"));
        std::fs::write(ctx.output_dir.join("total.txt"), text)
            .map_err(|e| StageError::io("writing total.txt", e))
    }
}

/// Emits a span that is not on a char boundary: a buggy stage.
pub struct BadSpan(Opts);
impl Stage for BadSpan {
    fn process(&self, doc: &mut Document) -> Result<Outcome, StageError> {
        doc.sentences = Some(vec![docpipe_core::Span::new(0, doc.text.len() + 5)]);
        Ok(Outcome::Keep)
    }
}
spec!(
    BadSpanSpec,
    "badspan",
    BadSpan,
    vec![Layer::TEXT],
    vec![Layer::SENTENCES]
);

/// Keeps every document; prepares `(id, position)` for its collector,
/// fails in `prepare` on `PREPBAD` and panics there on `PREPCRASH`. The
/// collector writes `prepared.txt`: one `id position` line per document
/// observed with what was prepared, `id observed` for one observed alone.
pub struct Prep(Opts);
impl Stage for Prep {
    fn process(&self, _doc: &mut Document) -> Result<Outcome, StageError> {
        Ok(Outcome::Keep)
    }
    fn collector(&self, _: &CollectorContext) -> Result<Option<Box<dyn Collector>>, StageError> {
        Ok(Some(Box::new(PrepLines::default())))
    }
    fn prepare(
        &self,
        doc: &Document,
        position: Option<u64>,
    ) -> Result<Option<Prepared>, StageError> {
        if doc.text.contains("PREPCRASH") {
            panic!("found a prepare panic marker in {}", doc.id);
        }
        if doc.text.contains("PREPBAD") {
            return Err(StageError::invalid("found a prepare failure marker"));
        }
        Ok(Some(Box::new((doc.id.clone(), position))))
    }
}
spec!(PrepSpec, "prep", Prep, vec![Layer::TEXT], vec![]);

#[derive(Default)]
struct PrepLines(String);
impl Collector for PrepLines {
    fn observe(&mut self, doc: &Document) -> Result<(), StageError> {
        self.0 += &format!("{} observed\n", doc.id);
        Ok(())
    }
    fn observe_prepared(&mut self, doc: &Document, prepared: Prepared) -> Result<(), StageError> {
        let Ok(p) = prepared.downcast::<(String, Option<u64>)>() else {
            return Err(StageError::invalid("prepared something else"));
        };
        assert_eq!(p.0, doc.id, "prepared for another document");
        let position = p.1.map_or("none".to_owned(), |p| p.to_string());
        self.0 += &format!("{} {position}\n", doc.id);
        Ok(())
    }
    fn finish(self: Box<Self>, ctx: &FinishContext<'_>) -> Result<(), StageError> {
        std::fs::write(ctx.output_dir.join("prepared.txt"), self.0)
            .map_err(|e| StageError::io("writing prepared.txt", e))
    }
}

pub fn registry() -> Registry {
    Registry::from_descriptors([
        StageDescriptor::of::<UpperSpec>(),
        StageDescriptor::of::<PickySpec>(),
        StageDescriptor::of::<TokensSpec>(),
        StageDescriptor::of::<CountSpec>(),
        StageDescriptor::of::<BadSpanSpec>(),
        StageDescriptor::of::<PrepSpec>(),
    ])
}
