//! The `tag` stage: runs the model over a document's sentences, turns its
//! tags into token `pos` and entities, adds rule-based and gazetteer
//! entities, and resolves canonical names.

use crate::canonical::{is_title, resolve};
use crate::fold::fold;
use crate::gazetteer::Gazetteer;
use crate::model::Model;
use crate::options::TagOptions;
use crate::rules::{self, Date};
use crate::spans::{DisjointSpans, SpanIndex};
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
        // Entities do not change in the loop: index them once.
        let index = SpanIndex::new(entities.iter().map(|e| (e.start, e.end)));
        for g in groups {
            let toks = &tokens[g.clone()];
            let words: Vec<&str> = toks.iter().map(|t| doc.slice(t.span())).collect();
            for m in self.builtin.matches(&words) {
                let (start, end) = (toks[m.start].start, toks[m.end - 1].end);
                let inside: Vec<&Entity> = index
                    .overlapping(start, end)
                    .map(|i| &entities[i])
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

/// Portfolios of ministers, folded (`Minister of Foreign Affairs`): in
/// `<title> of <portfolio> <Name>` the name is a person's.
const PORTFOLIOS: &[&str] = &[
    "foreign affairs",
    "home affairs",
    "internal affairs",
    "interior",
    "defence",
    "defense",
    "national defence",
    "national defense",
    "finance",
    "justice",
    "trade",
    "industry and trade",
    "foreign trade",
    "health",
    "education",
    "education and training",
    "agriculture",
    "agriculture and rural development",
    "information and communications",
    "planning and investment",
    "labour",
    "labor",
    "culture",
    "transport",
    "public security",
    "natural resources and environment",
    "science and technology",
    "state",
    "economy",
    "energy",
];

/// Whether a word is a title only people bear (`FM` but not `General`).
fn person_title(w: &str) -> bool {
    const PERSON_TITLES: &[&str] = &[
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "dr",
        "dr.",
        "pm",
        "fm",
        "ambassador",
        "minister",
        "deputy",
        "senator",
        "sen.",
        "rep.",
        "gov.",
        "prof",
        "prof.",
        "sheikh",
    ];
    PERSON_TITLES.iter().any(|t| t.eq_ignore_ascii_case(w))
}

/// Whether a word belongs to a portfolio's name (`Affairs`, `Trade`).
fn portfolio_word(w: &str) -> bool {
    let f = fold(w);
    f != "and" && PORTFOLIOS.iter().any(|p| p.split(' ').any(|x| x == f))
}

/// Vietnamese titles before a name, folded (`Đại sứ` = ambassador).
const VI_TITLES: &[&str] = &[
    "dai su",
    "bo truong",
    "thu truong",
    "thu tuong",
    "pho thu tuong",
    "chu tich",
    "tong thu ky",
    "ong",
    "ba",
];

/// Fixes entity boundaries and types around titles, which are not part of
/// names: an entity made only of titles before a name goes (`FM` in
/// `FM Pham Binh Minh`), a person's name extends left over capitalized
/// words up to a title (`Pham` there), `<title> of <portfolio> <Name>`
/// yields the person (`Minister of Foreign Affairs Đỗ Hùng Việt`), and a
/// place right after a title, or followed by `, <Title> of`, is a person
/// (`Ambassador Vũ Hồ`, `Vũ Hồ, Director of …`).
fn repair_titles(doc: &Document, groups: &[std::ops::Range<usize>], entities: &mut Vec<Entity>) {
    let tokens = doc.tokens.as_deref().unwrap_or(&[]);
    let word = |t: usize| doc.slice(tokens[t].span());
    let capitalized = |t: usize| word(t).chars().next().is_some_and(char::is_uppercase);
    let title = |t: usize| capitalized(t) && is_title(word(t));
    // Token range of each entity, and the sentence of each token.
    let mut sentence_of = vec![0..0; tokens.len()];
    for g in groups {
        for t in g.clone() {
            sentence_of[t] = g.clone();
        }
    }
    let token_range = |e: &Entity| {
        let s = tokens.partition_point(|t| t.end <= e.start);
        let end = tokens.partition_point(|t| t.start < e.end);
        s..end
    };
    let named = |e: &Entity| matches!(e.label.as_str(), "PERSON" | "ORG" | "LOC" | "MISC");
    // Title words before `t`, Vietnamese multi-word titles included.
    let title_before = |t: usize, sent: &std::ops::Range<usize>| {
        if t > sent.start && title(t - 1) {
            return true;
        }
        (1..=3).any(|k| {
            t >= sent.start + k
                && {
                    let words: Vec<&str> = (t - k..t).map(word).collect();
                    VI_TITLES.contains(&fold(&words.join(" ")).as_str())
                }
                && capitalized(t - k)
        })
    };
    // `, <Title>… of` right after token `end` (an appositive: a person).
    let titled_after = |end: usize, sent: &std::ops::Range<usize>| {
        if end >= sent.end || word(end) != "," {
            return false;
        }
        let mut t = end + 1;
        while t < sent.end && title(t) {
            t += 1;
        }
        t > end + 1 && t < sent.end && word(t) == "of"
    };
    // Unambiguous person titles, then only capitalized non-title words.
    let person_titled = |r: std::ops::Range<usize>| {
        let n = r.clone().take_while(|&t| person_title(word(t))).count();
        n > 0 && n < r.len() && (r.start + n..r.end).all(|t| capitalized(t) && !title(t))
    };
    // 1. Entities made only of titles, right before a capitalized word.
    entities.retain(|e| {
        if !named(e) {
            return true;
        }
        let r = token_range(e);
        let only_titles = !r.is_empty() && r.clone().all(title);
        let before_name = r.end < tokens.len()
            && sentence_of[r.end].contains(&r.end)
            && sentence_of[r.end] == sentence_of[r.start.min(tokens.len() - 1)]
            && capitalized(r.end)
            && !title(r.end);
        !(only_titles && before_name)
    });
    let ranges: Vec<std::ops::Range<usize>> = entities.iter().map(token_range).collect();
    let in_entity = |t: usize| ranges.iter().any(|r| r.contains(&t));
    let mut changed = Vec::new();
    for (k, e) in entities.iter().enumerate() {
        if !named(e) {
            continue;
        }
        let r = ranges[k].clone();
        if r.is_empty() {
            continue;
        }
        let sent = sentence_of[r.start].clone();
        match e.label.as_str() {
            "PERSON" => {
                // 2. Extend left over capitalized words up to a title.
                let mut j = r.start;
                while j > sent.start
                    && capitalized(j - 1)
                    && !title(j - 1)
                    && !in_entity(j - 1)
                    && !portfolio_word(word(j - 1))
                    && word(j - 1).chars().all(char::is_alphabetic)
                {
                    j -= 1;
                }
                if j < r.start && title_before(j, &sent) {
                    changed.push((k, j, r.end, "PERSON"));
                }
            }
            // 5. `FM Pham Binh Minh`, `Đỗ Hùng Việt, Deputy Minister of`.
            "ORG" | "MISC" if person_titled(r.clone()) || titled_after(r.end, &sent) => {
                let mut s = r.start;
                while s < r.end && person_title(word(s)) {
                    s += 1;
                }
                changed.push((k, s, r.end, "PERSON"));
            }
            // 3. `<title> of <portfolio> <Name>`.
            "ORG" | "MISC"
                if r.start >= sent.start + 2 && word(r.start - 1) == "of" && title(r.start - 2) =>
            {
                for p in PORTFOLIOS {
                    let n = p.split(' ').count();
                    if r.len() > n
                        && {
                            let words: Vec<&str> = (r.start..r.start + n).map(word).collect();
                            fold(&words.join(" ")) == *p
                        }
                        && (r.start + n..r.end).all(capitalized)
                    {
                        changed.push((k, r.start + n, r.end, "PERSON"));
                        break;
                    }
                }
            }
            "LOC" if title_before(r.start, &sent) || titled_after(r.end, &sent) => {
                // 4. A place name used as a person's.
                changed.push((k, r.start, r.end, "PERSON"));
            }
            _ => {}
        }
    }
    for (k, s, end, label) in changed {
        let e = &mut entities[k];
        e.start = tokens[s].start;
        e.end = tokens[end - 1].end;
        e.text = doc.text.get(e.start..e.end).unwrap_or("").to_owned();
        e.label = label.to_owned();
    }
    entities.sort_by_key(|a| (a.start, a.end));
}

/// Gives every mention of an acronym (`ASEAN`) in a document the same
/// type: the most frequent one among its mentions (ties: the first
/// mention's). Only acronyms: for other names, one type per document costs
/// accuracy on CoNLL-2003 (`Washington` the place and the person), and
/// only in running text (not in headlines and tables in capitals).
fn consistent_labels(doc: &Document, groups: &[std::ops::Range<usize>], entities: &mut [Entity]) {
    let tokens = doc.tokens.as_deref().unwrap_or(&[]);
    let prose = |e: &Entity| {
        let t = tokens.partition_point(|t| t.end <= e.start);
        groups.iter().find(|g| g.contains(&t)).is_some_and(|g| {
            tokens[g.clone()]
                .iter()
                .filter(|t| doc.slice(t.span()).starts_with(char::is_lowercase))
                .count()
                >= 3
        })
    };
    let named = |e: &Entity| {
        matches!(e.label.as_str(), "PERSON" | "ORG" | "LOC" | "MISC")
            && e.text.chars().count() >= 2
            && e.text.chars().all(|c| c.is_uppercase())
            && prose(e)
    };
    let keys: Vec<String> = entities.iter().map(|e| fold(&e.text)).collect();
    // Per name: its labels in order of first mention, with counts.
    let mut votes: std::collections::HashMap<&str, Vec<(String, usize)>> =
        std::collections::HashMap::new();
    for (e, key) in entities.iter().zip(&keys) {
        if !named(e) {
            continue;
        }
        let v = votes.entry(key.as_str()).or_default();
        match v.iter_mut().find(|(l, _)| *l == e.label) {
            Some(c) => c.1 += 1,
            None => v.push((e.label.clone(), 1)),
        }
    }
    let winner = |key: &str| -> Option<String> {
        let v = votes.get(key)?;
        if v.len() < 2 {
            return None;
        }
        let mut best = &v[0];
        for c in &v[1..] {
            if c.1 > best.1 {
                best = c;
            }
        }
        Some(best.0.clone())
    };
    let relabel: Vec<Option<String>> = entities
        .iter()
        .zip(&keys)
        .map(|(e, key)| if named(e) { winner(key) } else { None })
        .collect();
    for (e, label) in entities.iter_mut().zip(relabel) {
        if let Some(label) = label {
            e.label = label;
        }
    }
}

/// Adds `extra` entities that overlap none of `kept`; with `override_`,
/// `extra` wins and the overlapped ones go. Overlaps are looked up in
/// indexes, not by a scan per entity: a document of many amounts merges
/// as many rule entities.
/// An amount of money whose currency is named after a place or a
/// nationality (`40 mln Swiss francs`, `12 mln Canadian dlrs`, `5 mln
/// U.S. dlrs`) holds the recognizer's `MISC`/`LOC` entity for that name,
/// and entities do not overlap. Both are kept: the name, as CoNLL-2003
/// labels it (`Swiss` is MISC there), and the amount up to it (`40 mln`),
/// whose value still gives the whole amount and its currency (`CHF`).
/// Without this the rules' amount overlapped the name and was lost.
fn money_up_to_its_currency_name(
    text: &str,
    tokens: &[docpipe_core::Token],
    entities: &[Entity],
    found: &mut [Entity],
) {
    let names: Vec<(usize, usize)> = entities
        .iter()
        .filter(|e| matches!(e.label.as_str(), "MISC" | "LOC"))
        .map(|e| (e.start, e.end))
        .collect();
    if names.is_empty() {
        return;
    }
    let index = SpanIndex::new(names.iter().copied());
    for f in found.iter_mut().filter(|f| f.label == "MONEY") {
        let first_inside = index
            .overlapping(f.start, f.end)
            .map(|k| names[k])
            .filter(|&(s, e)| f.start < s && e <= f.end)
            .map(|(s, _)| s)
            .min();
        let Some(name_start) = first_inside else {
            continue;
        };
        // The end of the last token before the name.
        let before = tokens.partition_point(|t| t.start < name_start);
        let Some(end) = before
            .checked_sub(1)
            .and_then(|t| tokens.get(t))
            .map(|t| t.end)
            .filter(|&end| end > f.start)
        else {
            continue;
        };
        f.end = end;
        f.text = text.get(f.start..end).unwrap_or("").to_owned();
    }
}

pub(crate) fn merge(kept: &mut Vec<Entity>, extra: Vec<Entity>, override_: bool) {
    if override_ {
        let index = SpanIndex::new(extra.iter().map(|e| (e.start, e.end)));
        kept.retain(|k| !index.any_overlap(k.start, k.end));
        kept.extend(extra);
    } else {
        let index = SpanIndex::new(kept.iter().map(|k| (k.start, k.end)));
        // Extras added so far: each overlaps none added before it.
        let mut added = DisjointSpans::default();
        for e in extra {
            if !index.any_overlap(e.start, e.end) && !added.any_overlap(e.start, e.end) {
                added.insert(e.start, e.end);
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
        // Tags first: the repairs below read them.
        if o.pos && !tagged.pos.is_empty() {
            let tokens = doc.tokens.get_or_insert_with(Vec::new);
            for (g, tags) in groups.iter().zip(&tagged.pos) {
                for (t, tag) in tokens[g.clone()].iter_mut().zip(tags) {
                    t.pos = Some(Cow::Borrowed(tag));
                }
            }
        }
        let mut entities = if o.ner {
            Self::entities_from_tags(doc, &groups, &tagged.ner)
        } else {
            Vec::new()
        };
        if o.ner {
            repair_titles(doc, &groups, &mut entities);
            self.join_places(doc, &groups, &mut entities);
            let view = crate::repair::View::new(doc, &groups);
            crate::repair::trim_enclosing_marks(&view, &mut entities);
            crate::repair::drop_stock_symbols(&view, &mut entities);
            crate::repair::places_not_people(&view, &self.builtin, &mut entities);
            crate::repair::countries_not_organizations(&self.builtin, &mut entities);
            crate::repair::join_places_across_hyphens(&view, &self.builtin, &mut entities);
            crate::repair::drop_bare_titles(&view, &mut entities);
            crate::repair::drop_capitalized_common_words(&view, &mut entities);
            crate::repair::drop_common_word_people(&view, &mut entities);
            crate::repair::drop_generic_heads(&view, &mut entities);
            crate::repair::drop_bare_ordinals(&view, &mut entities);
            crate::repair::join_at_ampersands(&view, &mut entities);
            crate::repair::join_known_and_names(&view, &mut entities);
            crate::repair::join_company_forms(&view, &mut entities);
            crate::repair::split_at_inner_titles(&view, &mut entities);
            crate::repair::drop_trailing_titles(&view, &mut entities);
            crate::repair::complete_people(&view, &mut entities);
            crate::repair::companies_are_organizations(&view, &mut entities);
            crate::repair::numbered_names(&view, &mut entities);
            crate::repair::complete_titled_names(&view, &mut entities);
            crate::repair::join_possessives(&view, &mut entities);
            crate::repair::drop_trailing_possessives(&view, &mut entities);
            crate::repair::drop_leading_the(&view, &mut entities);
            crate::repair::drop_leading_quantifiers(&view, &mut entities);
            // After the joins above, which may make an initial part of a name.
            crate::repair::drop_bare_initials(&view, &mut entities);
            crate::repair::extend_to_left_out_heads(&view, &mut entities);
            crate::repair::missed_bodies_are_organizations(&view, &mut entities);
            crate::repair::known_organizations(&mut entities);
            crate::repair::bodies_are_organizations(&view, &mut entities);
            crate::repair::places_and_events_by_head(&view, &mut entities);
            crate::repair::press_names_are_organizations(&view, &self.builtin, &mut entities);
            crate::repair::result_lines_name_teams(&view, &self.builtin, &mut entities);
            crate::repair::towns_in_sports_reports_are_clubs(&view, &self.builtin, &mut entities);
            crate::repair::nationalities_open_bodies(&view, &mut entities);
            crate::repair::compass_points_join_nationalities(&view, &mut entities);
            crate::repair::nationalities_are_misc(&view, &mut entities);
            crate::repair::plural_names_in_sports_reports_are_teams(&view, &mut entities);
            crate::repair::acronyms_agree_with_their_names(&view, &mut entities);
            consistent_labels(doc, &groups, &mut entities);
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
            money_up_to_its_currency_name(&doc.text, tokens, &entities, &mut found);
            merge(&mut entities, found, false);
        }
        resolve(&doc.text, &mut entities, &self.user, &self.builtin);
        if o.ner || o.rules || !self.user.is_empty() {
            doc.entities = Some(entities);
        }
        Ok(Outcome::Keep)
    }
}
