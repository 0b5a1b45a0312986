//! The `tag` stage: runs the model over a document's sentences, turns its
//! tags into token `pos` and entities, adds rule-based and gazetteer
//! entities, and resolves canonical names.

use crate::canonical::{is_title, resolve};
use crate::gazetteer::Gazetteer;
use crate::model::Model;
use crate::options::TagOptions;
use crate::rules::{self, Date};
use docpipe_core::{Document, Entity, Outcome, Stage, StageError};
use std::borrow::Cow;
use std::sync::Arc;

/// The built stage: model and tables loaded once, shared read-only.
pub(crate) struct Tagger {
    pub options: TagOptions,
    pub model: Arc<Model>,
    pub builtin: Arc<Gazetteer>,
    pub user: Gazetteer,
}

/// The entity label of a CoNLL type.
fn label_of(kind: &str) -> &str {
    match kind {
        "PER" => "PERSON",
        k => k,
    }
}

impl Tagger {
    /// Groups token indices by sentence (tokens outside every sentence form
    /// sentences of their own).
    fn sentences(doc: &Document) -> Vec<std::ops::Range<usize>> {
        let tokens = doc.tokens.as_deref().unwrap_or(&[]);
        let sentences = doc.sentences.as_deref().unwrap_or(&[]);
        let mut out = Vec::with_capacity(sentences.len());
        let mut t = 0;
        for s in sentences {
            let start = t;
            while t < tokens.len() && tokens[t].start < s.end {
                t += 1;
            }
            if t > start {
                out.push(start..t);
            }
        }
        if t < tokens.len() {
            out.push(t..tokens.len());
        }
        out
    }

    fn entities_from_tags(
        doc: &Document,
        groups: &[std::ops::Range<usize>],
        tags: &[Vec<&'static str>],
    ) -> Vec<Entity> {
        let tokens = doc.tokens.as_deref().unwrap_or(&[]);
        let mut out = Vec::new();
        for (g, tags) in groups.iter().zip(tags) {
            let toks = &tokens[g.clone()];
            for (s, e, kind) in crate::conll::spans(tags) {
                // Titles are not part of a person's name.
                let mut s = s;
                if kind == "PER" {
                    while s + 1 < e && is_title(doc.slice(toks[s].span())) {
                        s += 1;
                    }
                }
                let (start, end) = (toks[s].start, toks[e - 1].end);
                out.push(Entity {
                    start,
                    end,
                    text: doc.text.get(start..end).unwrap_or("").to_owned(),
                    label: label_of(&kind).to_owned(),
                    canonical: None,
                    value: None,
                });
            }
        }
        out
    }

    /// Joins entities split inside a multi-word place name (`HÀ` + `NỘI`)
    /// into one LOC entity over the whole name.
    fn join_places(
        &self,
        doc: &Document,
        groups: &[std::ops::Range<usize>],
        entities: &mut Vec<Entity>,
    ) {
        let tokens = doc.tokens.as_deref().unwrap_or(&[]);
        let mut joined = Vec::new();
        for g in groups {
            let toks = &tokens[g.clone()];
            let words: Vec<&str> = toks.iter().map(|t| doc.slice(t.span())).collect();
            for m in self.builtin.matches(&words) {
                let (start, end) = (toks[m.start].start, toks[m.end - 1].end);
                let inside: Vec<&Entity> = entities
                    .iter()
                    .filter(|e| e.start < end && start < e.end)
                    .collect();
                let splits =
                    inside.len() >= 2 || inside.iter().any(|e| e.start != start || e.end != end);
                if !inside.is_empty()
                    && splits
                    && inside.iter().all(|e| e.start >= start && e.end <= end)
                {
                    joined.push(Entity {
                        start,
                        end,
                        text: doc.text.get(start..end).unwrap_or("").to_owned(),
                        label: "LOC".to_owned(),
                        canonical: None,
                        value: None,
                    });
                }
            }
        }
        merge(entities, joined, true);
    }

    fn user_entities(&self, doc: &Document, groups: &[std::ops::Range<usize>]) -> Vec<Entity> {
        let tokens = doc.tokens.as_deref().unwrap_or(&[]);
        let mut out = Vec::new();
        if self.user.is_empty() {
            return out;
        }
        for g in groups {
            let toks = &tokens[g.clone()];
            let words: Vec<&str> = toks.iter().map(|t| doc.slice(t.span())).collect();
            for m in self.user.matches(&words) {
                let Some(entry) = self.user.entry(m.entry) else {
                    continue;
                };
                let (start, end) = (toks[m.start].start, toks[m.end - 1].end);
                out.push(Entity {
                    start,
                    end,
                    text: doc.text.get(start..end).unwrap_or("").to_owned(),
                    label: entry.label.to_owned(),
                    canonical: Some(entry.canonical.clone()),
                    value: None,
                });
            }
        }
        out
    }
}

/// Adds `extra` entities that overlap none of `kept`; with `override_`,
/// `extra` wins and the overlapped ones go.
fn merge(kept: &mut Vec<Entity>, extra: Vec<Entity>, override_: bool) {
    let overlaps = |a: &Entity, b: &Entity| a.start < b.end && b.start < a.end;
    if override_ {
        kept.retain(|k| !extra.iter().any(|e| overlaps(k, e)));
        kept.extend(extra);
    } else {
        for e in extra {
            if !kept.iter().any(|k| overlaps(k, &e)) {
                kept.push(e);
            }
        }
    }
    kept.sort_by_key(|a| (a.start, a.end));
}

impl Stage for Tagger {
    fn process(&self, doc: &mut Document) -> Result<Outcome, StageError> {
        if doc.sentences.is_none() {
            return Err(StageError::MissingLayer(docpipe_core::Layer::SENTENCES));
        }
        if doc.tokens.is_none() {
            return Err(StageError::MissingLayer(docpipe_core::Layer::TOKENS));
        }
        let groups = Self::sentences(doc);
        let o = &self.options;
        let tagged = {
            let tokens = doc.tokens.as_deref().unwrap_or(&[]);
            let words: Vec<Vec<&str>> = groups
                .iter()
                .map(|g| {
                    tokens[g.clone()]
                        .iter()
                        .map(|t| doc.slice(t.span()))
                        .collect()
                })
                .collect();
            self.model.tag(&self.builtin, &words, o.pos, o.ner)
        };
        let mut entities = if o.ner {
            Self::entities_from_tags(doc, &groups, &tagged.ner)
        } else {
            Vec::new()
        };
        if o.ner {
            self.join_places(doc, &groups, &mut entities);
        }
        merge(&mut entities, self.user_entities(doc, &groups), true);
        if o.rules {
            let today = doc.meta_str("date").and_then(Date::parse_iso);
            let tokens = doc.tokens.as_deref().unwrap_or(&[]);
            let mut found = Vec::new();
            for g in &groups {
                let spans: Vec<(usize, usize)> =
                    tokens[g.clone()].iter().map(|t| (t.start, t.end)).collect();
                found.extend(rules::find(&doc.text, &spans, today));
            }
            merge(&mut entities, found, false);
        }
        resolve(&doc.text, &mut entities, &self.user, &self.builtin);
        if o.pos && !tagged.pos.is_empty() {
            let tokens = doc.tokens.get_or_insert_with(Vec::new);
            for (g, tags) in groups.iter().zip(&tagged.pos) {
                for (t, tag) in tokens[g.clone()].iter_mut().zip(tags) {
                    t.pos = Some(Cow::Borrowed(tag));
                }
            }
        }
        if o.ner || o.rules || !self.user.is_empty() {
            doc.entities = Some(entities);
        }
        Ok(Outcome::Keep)
    }
}
