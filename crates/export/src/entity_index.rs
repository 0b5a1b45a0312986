//! The cross-document entity index: one entry per `(label, canonical)`,
//! built from every document and written as entity_index.jsonl at the end.

use crate::error::ExportError;
use crate::output::OutputFile;
use docpipe_core::Document;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// What the index knows about one entity.
#[derive(Debug, Default)]
struct Entry {
    variants: BTreeSet<String>,
    mentions: u64,
    /// Ordinals of the documents mentioning it, ascending (input order).
    docs: Vec<u32>,
}

impl Entry {
    /// Counts a mention written `text` in the document numbered `ordinal`.
    fn add(&mut self, text: &str, ordinal: u32) {
        if !self.variants.contains(text) {
            self.variants.insert(text.to_owned());
        }
        self.mentions += 1;
        if self.docs.last() != Some(&ordinal) {
            self.docs.push(ordinal);
        }
    }
}

/// One line of entity_index.jsonl.
#[derive(Debug, Serialize)]
pub(crate) struct IndexLine<'a> {
    /// The entity's label.
    pub label: &'a str,
    /// Its canonical name (the mention text when the tagger set none).
    pub canonical: &'a str,
    /// Every surface form seen, sorted.
    pub variants: Vec<&'a str>,
    /// Mentions over the corpus.
    pub mentions: u64,
    /// Documents mentioning it.
    pub documents: u64,
    /// Those documents' ids, in input order.
    pub doc_ids: Vec<&'a str>,
}

/// The index under construction.
#[derive(Debug, Default)]
pub(crate) struct EntityIndex {
    /// Entries by label, then canonical name. Names are hashed, not
    /// ordered: this is looked up for every mention of the corpus on the
    /// run's one ordering thread, and the outputs sort what they show.
    entries: BTreeMap<String, HashMap<String, Entry>>,
    /// Ids of the documents observed, by ordinal.
    ids: Vec<String>,
}

impl EntityIndex {
    /// Adds a document's mentions (an entity without a canonical name is
    /// filed under its text).
    pub(crate) fn observe(&mut self, doc: &Document) {
        let ordinal = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        self.ids.push(doc.id.clone());
        for e in doc.entities.iter().flatten() {
            let (text, label) = (e.text.as_str(), e.label.as_str());
            let canonical = e.canonical.as_deref().unwrap_or(text);
            // Look up by reference first: most mentions hit an existing
            // entry, and then nothing is allocated.
            if !self.entries.contains_key(label) {
                self.entries.insert(label.to_owned(), HashMap::new());
            }
            let Some(by_name) = self.entries.get_mut(label) else {
                continue;
            };
            // One hash lookup when the name is known, a second only to add it.
            match by_name.get_mut(canonical) {
                Some(entry) => entry.add(text, ordinal),
                None => by_name
                    .entry(canonical.to_owned())
                    .or_default()
                    .add(text, ordinal),
            }
        }
    }

    /// Every entry as an index line, most mentioned first, then by label
    /// and canonical name: a total order, so the output is deterministic.
    pub(crate) fn lines(&self) -> Vec<IndexLine<'_>> {
        let mut lines: Vec<IndexLine<'_>> = self
            .entries
            .iter()
            .flat_map(|(label, by_name)| by_name.iter().map(move |(c, e)| (label, c, e)))
            .map(|(label, canonical, e)| IndexLine {
                label,
                canonical,
                variants: e.variants.iter().map(String::as_str).collect(),
                mentions: e.mentions,
                documents: e.docs.len() as u64,
                doc_ids: e
                    .docs
                    .iter()
                    .filter_map(|&o| self.ids.get(o as usize).map(String::as_str))
                    .collect(),
            })
            .collect();
        // Counts first, then (label, canonical): a total order.
        lines.sort_unstable_by(|a, b| {
            (b.mentions, b.documents, a.label, a.canonical).cmp(&(
                a.mentions,
                a.documents,
                b.label,
                b.canonical,
            ))
        });
        lines
    }

    /// The `n` most mentioned entities of each label, as `(canonical,
    /// mentions, documents)`, labels in alphabetical order.
    pub(crate) fn top_by_label(&self, n: usize) -> BTreeMap<&str, Vec<(&str, u64, u64)>> {
        let mut by_label: BTreeMap<&str, Vec<(&str, u64, u64)>> = BTreeMap::new();
        for (label, by_name) in &self.entries {
            let list = by_label.entry(label).or_default();
            for (canonical, e) in by_name {
                list.push((canonical, e.mentions, e.docs.len() as u64));
            }
        }
        for list in by_label.values_mut() {
            // Counts first, then the name: a total order.
            list.sort_unstable_by(|a, b| (b.1, b.2, a.0).cmp(&(a.1, a.2, b.0)));
            list.truncate(n);
        }
        by_label
    }

    /// Number of distinct entities.
    pub(crate) fn len(&self) -> usize {
        self.entries.values().map(HashMap::len).sum()
    }

    /// Total mentions.
    pub(crate) fn mentions(&self) -> u64 {
        self.entries
            .values()
            .flat_map(HashMap::values)
            .map(|e| e.mentions)
            .sum()
    }

    /// Writes the index (entity_index.jsonl by default) as `dir/name`.
    pub(crate) fn write(&self, dir: &Path, name: &str) -> Result<(), ExportError> {
        let mut out = OutputFile::create(dir, name)?;
        for line in self.lines() {
            out.write_json_line(&line)?;
        }
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use docpipe_core::{Document, Entity};

    fn doc(id: &str, mentions: &[(&str, &str, Option<&str>)]) -> Document {
        let text: String = mentions.iter().map(|m| format!("{} ", m.0)).collect();
        let mut pos = 0;
        let entities = mentions
            .iter()
            .map(|&(t, label, canonical)| {
                let e = Entity {
                    start: pos,
                    end: pos + t.len(),
                    text: t.into(),
                    label: label.into(),
                    canonical: canonical.map(Into::into),
                    value: None,
                };
                pos += t.len() + 1;
                e
            })
            .collect();
        let mut d = Document::new(id, text);
        d.entities = Some(entities);
        d
    }

    #[test]
    fn variants_collapse_under_canonical() {
        let mut index = EntityIndex::default();
        let vn = Some("Việt Nam");
        for d in [
            doc("a", &[("Vietnam", "LOC", vn), ("Việt Nam", "LOC", vn)]),
            doc("b", &[("ASEAN", "ORG", None)]),
            doc("c", &[("Viet Nam", "LOC", vn), ("ASEAN", "ORG", None)]),
        ] {
            index.observe(&d);
        }
        let lines = index.lines();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].canonical, "Việt Nam");
        assert_eq!(lines[0].variants, ["Viet Nam", "Vietnam", "Việt Nam"]);
        assert_eq!((lines[0].mentions, lines[0].documents), (3, 2));
        assert_eq!(lines[0].doc_ids, ["a", "c"]);
        assert_eq!(lines[1].canonical, "ASEAN");
        assert_eq!(lines[1].doc_ids, ["b", "c"]);
        assert_eq!(index.mentions(), 5);
        let top = index.top_by_label(1);
        assert_eq!(top["LOC"], [("Việt Nam", 3, 2)]);
    }

    #[test]
    fn ties_are_ordered_by_label_then_name() {
        let mut index = EntityIndex::default();
        let d = doc(
            "a",
            &[
                ("Hanoi", "LOC", None),
                ("ASEAN", "ORG", None),
                ("Bangkok", "LOC", None),
                ("Hanoi", "LOC", None),
                ("Apec", "ORG", None),
            ],
        );
        index.observe(&d);
        let names: Vec<(&str, &str)> = index
            .lines()
            .iter()
            .map(|l| (l.label, l.canonical))
            .collect();
        assert_eq!(
            names,
            [
                ("LOC", "Hanoi"),
                ("LOC", "Bangkok"),
                ("ORG", "ASEAN"),
                ("ORG", "Apec")
            ]
        );
        let top = index.top_by_label(2);
        assert_eq!(top["LOC"], [("Hanoi", 2, 1), ("Bangkok", 1, 1)]);
        assert_eq!(top["ORG"], [("ASEAN", 1, 1), ("Apec", 1, 1)]);
    }
}
