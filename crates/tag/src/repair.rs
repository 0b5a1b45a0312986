//! Repairs of recognized names that the model's local view gets wrong and
//! that general knowledge fixes: a country tagged as a person, a capitalized
//! ordinary word at the start of a sentence, an organization-type word
//! without a name, a company form without a name (`Corp`), brackets and
//! quotation marks around a name (`<Acme Corp>`), a name cut at a plural
//! possessive (`Ministers' Retreat`), a company taken for a person or place
//! (`Royal Trustco Ltd`), a name cut before its number (`Regulation No.`)
//! or run on into a possessive ending (`Fed 's`), one person's name in
//! pieces (`Joaquin` + `del` + `Olmo`), a person run into the body they
//! speak for (`U.N. Ambassador Albright`), a title left at the end of a
//! name (`Lao Chairman`), a place cut at a hyphen (`ASEAN-New` +
//! `Zealand`), a document's name taken for a body's (`Carbon
//! Neutral Strategy`), an acronym labelled apart from the name it is
//! defined by (`Code of Conduct (COC)`; see [`acronyms`]), a nationality
//! word missed or taken for a body (`Tajik troops`; see [`demonyms`]), a
//! body's name taken for something else (`ASEAN Department`; see
//! [`bodies`]), an ordinal word alone (`Second`), the teams of a result
//! line taken for towns or missed (`Melrose 107 Stirling County 10`; see
//! [`scores`]), a name cut at an ampersand (`Douglas & Lomason`; see
//! [`ampersands`]), a place or event taken for something else by the words
//! before its head, or cut before it (`Tiananmen Square`, `Fed` + `Cup`;
//! see [`heads`]).
//!
//! Every rule was kept only if it does not lower NER F1 on CoNLL-2003
//! `valid.txt` (see `models/README.md`).

mod acronyms;
mod ampersands;
mod bodies;
mod demonyms;
mod heads;
mod scores;
mod tickers;

pub(crate) use acronyms::acronyms_agree_with_their_names;
pub(crate) use ampersands::{join_at_ampersands, join_known_and_names};
pub(crate) use bodies::{
    bodies_are_organizations, missed_bodies_are_organizations, press_names_are_organizations,
};
pub(crate) use demonyms::{
    compass_points_join_nationalities, nationalities_are_misc, nationalities_open_bodies,
};
pub(crate) use heads::{extend_to_left_out_heads, places_and_events_by_head};
pub(crate) use scores::{
    plural_names_in_sports_reports_are_teams, result_lines_name_teams,
    towns_in_sports_reports_are_clubs,
};
pub(crate) use tickers::drop_stock_symbols;

use crate::canonical::is_title;
use crate::gazetteer::Gazetteer;
use crate::rules::dates::{is_day_or_month_name, year};
use docpipe_core::{Document, Entity};
use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

/// Lower-cased forms that are ordinary English words (`data/common.txt`).
fn common_words() -> &'static HashSet<&'static str> {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        include_str!("../data/common.txt")
            .lines()
            .filter(|l| !l.is_empty())
            .collect()
    })
}

/// Whether a capitalized word is an ordinary English word written with a
/// capital (`Amid`, `Conference`), not a name. So is a hyphenated word
/// made of a combining form and ordinary words, with no other capital
/// (`Socio-cultural`, `Inter-ministerial`; but `Pro-Moscow` and
/// `Anti-Nazi` name something). Ordinary words joined by hyphens are not
/// enough: they make given names too (`Park Sung-sang`).
pub(crate) fn is_common_word(word: &str) -> bool {
    let mut cs = word.chars();
    let Some(first) = cs.next() else {
        return false;
    };
    if !first.is_uppercase() || cs.clone().any(char::is_uppercase) {
        return false;
    }
    let lower = word.to_lowercase();
    let words = common_words();
    if words.contains(lower.as_str()) {
        return true;
    }
    let mut parts = lower.split('-');
    let head = parts.next().unwrap_or("");
    let mut rest = parts.peekable();
    rest.peek().is_some() && COMBINING_FORMS.contains(&head) && rest.all(|p| words.contains(p))
}

/// First parts of hyphenated English words, most of them no words alone
/// (`socio-economic`, `co-operation`, `inter-ministerial`, `mid-year`).
const COMBINING_FORMS: &[&str] = &[
    "socio", "co", "inter", "intra", "anti", "multi", "post", "pre", "sub", "semi", "pro", "re",
    "mid", "cross", "bi", "tri", "macro", "micro", "geo", "agro", "bio", "eco",
];

/// Places a single word tagged as a person's name is taken to be: the
/// built-in gazetteer's countries and regions and its largest cities
/// (entries ranked below this).
const MAJOR_PLACES: u32 = 400;

/// Words naming a kind of organization or gathering, which alone name no
/// particular one (`the Conference`).
const GENERIC_HEADS: &[&str] = &[
    "conference",
    "committee",
    "ministry",
    "department",
    "agency",
    "forum",
    "secretariat",
    "summit",
    "meeting",
    "board",
    "bureau",
    "office",
    "authority",
    "association",
    "federation",
    "institute",
    "organisation",
    "organization",
    "task",
    "force",
    "working",
    "group",
    "retreat",
    "session",
];

/// Whether a word, in any case, names a kind of organization or gathering
/// (see [`GENERIC_HEADS`]).
fn is_generic_head(word: &str) -> bool {
    GENERIC_HEADS.contains(&word.to_lowercase().as_str())
}

/// Small words inside a title-case phrase (`Connectivity and Resilience`).
const TITLE_JOINERS: &[&str] = &["and", "of", "the", "for", "in", "on", "to", "&", "with"];

/// Whether `word` is one of the title-case words of `list`, as written or
/// in capitals (`South`, `SOUTH`; not `south`).
pub(crate) fn in_title_or_caps(list: &[&str], word: &str) -> bool {
    list.iter().any(|w| {
        *w == word
            || (w.len() == word.len()
                && w.eq_ignore_ascii_case(word)
                && !word.chars().any(char::is_lowercase))
    })
}

/// Whether entity `e` and the span `start..end` share a byte.
pub(crate) fn overlaps(e: &Entity, start: usize, end: usize) -> bool {
    e.start < end && start < e.end
}

/// The document view the rules share: tokens, their words and sentences.
pub(crate) struct View<'a> {
    doc: &'a Document,
    tokens: &'a [docpipe_core::Token],
    sentences: &'a [Range<usize>],
    sentence_of: Vec<Range<usize>>,
}

impl<'a> View<'a> {
    /// Indexes the tokens of `doc` by sentence (`groups`).
    pub(crate) fn new(doc: &'a Document, groups: &'a [Range<usize>]) -> Self {
        let tokens = doc.tokens.as_deref().unwrap_or(&[]);
        let mut sentence_of = vec![0..0; tokens.len()];
        for g in groups {
            for t in g.clone() {
                if let Some(s) = sentence_of.get_mut(t) {
                    *s = g.clone();
                }
            }
        }
        Self {
            doc,
            tokens,
            sentences: groups,
            sentence_of,
        }
    }

    /// The sentences, as ranges of token indices, in order.
    fn sentences(&self) -> &'a [Range<usize>] {
        self.sentences
    }

    /// The document's text in `start..end` (empty where that is no span of
    /// it), as an entity's text.
    fn text(&self, start: usize, end: usize) -> String {
        self.doc.text.get(start..end).unwrap_or("").to_owned()
    }

    /// Moves an entity to `start..end`, its text with it.
    fn respan(&self, e: &mut Entity, start: usize, end: usize) {
        e.text = self.text(start, end);
        e.start = start;
        e.end = end;
    }

    /// A new entity over `start..end`, with no canonical name yet.
    fn entity(&self, start: usize, end: usize, label: &str) -> Entity {
        Entity {
            start,
            end,
            text: self.text(start, end),
            label: label.to_owned(),
            canonical: None,
            value: None,
        }
    }

    /// The token after `t`, if it is in `t`'s sentence.
    fn next_in_sentence(&self, t: usize) -> Option<usize> {
        self.sentence_of.get(t)?.contains(&(t + 1)).then_some(t + 1)
    }

    fn word(&self, t: usize) -> &'a str {
        self.doc.slice(self.tokens[t].span())
    }

    fn capitalized(&self, t: usize) -> bool {
        self.word(t).chars().next().is_some_and(char::is_uppercase)
    }

    /// Whether token `t` is written in title case: capitalized, with a
    /// lower-case letter (`Ministry`; not `MINISTRY`).
    fn title_case(&self, t: usize) -> bool {
        self.capitalized(t) && self.word(t).chars().any(char::is_lowercase)
    }

    /// The part-of-speech tag of token `t`, empty where it has none.
    fn tag(&self, t: usize) -> &'a str {
        self.tokens[t].pos.as_deref().unwrap_or("")
    }

    /// Whether entity `e` is a name over exactly token `t`.
    fn names_token(&self, e: &Entity, t: usize) -> bool {
        named(e) && e.start == self.tokens[t].start && e.end == self.tokens[t].end
    }

    /// Where the run of capitalized titles that ends with token `title`
    /// starts (`Vice` of `Vice Chairman`), going back no further than
    /// token `floor`.
    fn titles_start(&self, title: usize, floor: usize) -> usize {
        let mut start = title;
        while start > floor && is_title(self.word(start - 1)) && self.capitalized(start - 1) {
            start -= 1;
        }
        start
    }

    /// The tokens an entity covers.
    fn range(&self, e: &Entity) -> Range<usize> {
        let s = self.tokens.partition_point(|t| t.end <= e.start);
        let end = self.tokens.partition_point(|t| t.start < e.end);
        s..end
    }

    /// Whether token `t` opens a sentence, a clause or a quotation: first of
    /// its sentence, or after a quote or bracket, a colon, a semicolon or a
    /// dash.
    fn opens(&self, t: usize) -> bool {
        let sent = &self.sentence_of[t];
        t == sent.start
            || matches!(
                self.word(t - 1),
                "\"" | "“" | "‘" | "`" | "``" | "(" | "[" | ":" | ";" | "-" | "--" | "—" | "–"
            )
    }

    /// Whether token `t` continues a run of capitalized ordinary words that
    /// opens a sentence, clause or quotation, joined by small words (the
    /// theme `"Enhancing Connectivity and Resilience"`): a title, whose
    /// capitals say nothing.
    fn continues_opened_title(&self, t: usize) -> bool {
        let start = self.sentence_of[t].start;
        let mut k = t;
        while k > start {
            k -= 1;
            let w = self.word(k);
            if TITLE_JOINERS.contains(&w) {
                continue;
            }
            if !is_common_word(w) {
                return false;
            }
            if self.opens(k) {
                return true;
            }
        }
        false
    }

    /// Whether token `t` is in a heading-like sentence: at least three words
    /// of four letters or more, all capitalized.
    fn in_heading(&self, t: usize) -> bool {
        let sent = self.sentence_of[t].clone();
        let mut long = 0;
        for k in sent {
            let w = self.word(k);
            if w.chars().count() >= 4 && w.chars().all(char::is_alphabetic) {
                if !self.capitalized(k) {
                    return false;
                }
                long += 1;
            }
        }
        long >= 3
    }
}

fn named(e: &Entity) -> bool {
    matches!(e.label.as_str(), "PERSON" | "ORG" | "LOC" | "MISC")
}

/// The words, folded (see [`crate::fold::fold`]), of the names of people
/// of two or more words among `entities`: a word of one is a surname or
/// given name wherever else it stands in the document (`Dawn French`).
fn person_name_words(entities: &[Entity]) -> HashSet<String> {
    entities
        .iter()
        .filter(|e| e.label == "PERSON" && e.text.contains(' '))
        .flat_map(|e| {
            crate::fold::fold(&e.text)
                .split(' ')
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Whether a word names a region (`data/regions.txt`: `Chechnya`,
/// `Bavaria`, `Texas`), in any case. The built-in gazetteer has countries,
/// world regions and cities, not the divisions of countries.
pub(crate) fn is_region(word: &str) -> bool {
    static REGIONS: OnceLock<HashSet<String>> = OnceLock::new();
    REGIONS
        .get_or_init(|| {
            include_str!("../data/regions.txt")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_lowercase)
                .collect()
        })
        .contains(&word.to_lowercase())
}

/// U.S. states as news abbreviates them after a town (AP style: `Morgantown,
/// W. Va.`), without spaces. Their initials and periods look like a
/// person's to the model.
const STATE_ABBREVIATIONS: &[&str] = &[
    "Ala.", "Ariz.", "Ark.", "Calif.", "Colo.", "Conn.", "Del.", "D.C.", "Fla.", "Ga.", "Ill.",
    "Ind.", "Kan.", "Ky.", "La.", "Md.", "Mass.", "Mich.", "Minn.", "Miss.", "Mo.", "Mont.",
    "Neb.", "Nev.", "N.H.", "N.J.", "N.M.", "N.Y.", "N.C.", "N.D.", "Okla.", "Ore.", "Pa.", "R.I.",
    "S.C.", "S.D.", "Tenn.", "Vt.", "Va.", "Wash.", "W.Va.", "Wis.", "Wyo.",
];

/// Whether a name is a U.S. state's abbreviation ([`STATE_ABBREVIATIONS`]),
/// spaces aside (`W. Va.`).
fn is_state_abbreviation(text: &str) -> bool {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    STATE_ABBREVIATIONS.contains(&compact.as_str())
}

/// A one-word person that is a country, a region or a major city of the
/// built-in gazetteer becomes a place (`support Laos in`), unless a title
/// stands before it or it is a word of a longer person's name in the
/// document; so does a region of `data/regions.txt` unless a title stands
/// before it (`peace in Chechnya`, which the model reads as a name after
/// the headline's `Lebed Chechnya`).
pub(crate) fn places_not_people(view: &View<'_>, builtin: &Gazetteer, entities: &mut [Entity]) {
    let name_words = person_name_words(entities);
    for e in entities.iter_mut().filter(|e| e.label == "PERSON") {
        if is_state_abbreviation(&e.text) {
            e.label = "LOC".to_owned();
            e.canonical = None;
            continue;
        }
        let r = view.range(e);
        if r.len() != 1 {
            continue;
        }
        let t = r.start;
        let titled = t > view.sentence_of[t].start && is_title(view.word(t - 1));
        let folded = crate::fold::fold(&e.text);
        let in_name = name_words.contains(&folded);
        // The regions' list leaves out names people bear: a region in a
        // longer person's name is that name's error (`Lebed Chechnya`).
        let region = is_region(&e.text);
        let major = builtin.rank(&e.text).is_some_and(|r| r < MAJOR_PLACES);
        if !titled && (region || (major && !in_name)) {
            e.label = "LOC".to_owned();
        }
    }
}

/// A name the model took for an organization that is, whole, a country of
/// the built-in gazetteer is the country (`The Philippines will offer its
/// creditors`): CoNLL-2003 labels a country a place even where it acts,
/// as a government or a national team.
pub(crate) fn countries_not_organizations(builtin: &Gazetteer, entities: &mut [Entity]) {
    for e in entities.iter_mut().filter(|e| e.label == "ORG") {
        if builtin.is_country(&e.text) {
            e.label = "LOC".to_owned();
            e.canonical = None;
        }
    }
}

/// A name cut inside a place after a hyphen goes on through the rest of the
/// place (`ASEAN-New` + `Zealand` → `ASEAN-New Zealand`): the words after
/// its last hyphen and the one or two capitalized words that follow, in
/// no other name, make a country, region or major city of the built-in
/// gazetteer. The model sees `ASEAN-New` as one word and `Zealand` as
/// another, and cannot tell the place goes on.
pub(crate) fn join_places_across_hyphens(
    view: &View<'_>,
    builtin: &Gazetteer,
    entities: &mut [Entity],
) {
    for i in 0..entities.len() {
        let r = view.range(&entities[i]);
        if !named(&entities[i]) || r.is_empty() {
            continue;
        }
        let Some((_, tail)) = view.word(r.end - 1).rsplit_once('-') else {
            continue;
        };
        if !tail.starts_with(char::is_uppercase) {
            continue;
        }
        // Where the next name starts (`entities` need not be sorted here).
        let end = entities[i].end;
        let free_until = entities
            .iter()
            .map(|n| n.start)
            .filter(|&s| s >= end)
            .min()
            .unwrap_or(usize::MAX);
        let mut place = tail.to_owned();
        let mut last = r.end - 1;
        for _ in 0..2 {
            let Some(k) = view.next_in_sentence(last) else {
                break;
            };
            if !view.capitalized(k) || view.tokens[k].start >= free_until {
                break;
            }
            place.push(' ');
            place.push_str(view.word(k));
            last = k;
            if builtin.rank(&place).is_some_and(|rank| rank < MAJOR_PLACES) {
                let e = &mut entities[i];
                view.respan(e, e.start, view.tokens[k].end);
                e.canonical = None;
                break;
            }
        }
    }
}

/// A person made only of titles and followed by `of` (`Acting Head of`)
/// is an office, not a name.
pub(crate) fn drop_bare_titles(view: &View<'_>, entities: &mut Vec<Entity>) {
    entities.retain(|e| {
        if e.label != "PERSON" {
            return true;
        }
        let r = view.range(e);
        if r.is_empty() {
            return true;
        }
        let of_after = r.end < view.sentence_of[r.start].end && view.word(r.end) == "of";
        !(of_after && r.into_iter().all(|t| is_title(view.word(t))))
    });
}

/// An entity made only of capitalized ordinary words (`Amid`, `Enhancing
/// Connectivity`) is no name when it opens a sentence or clause or stands
/// in a heading-like line, where capitals say nothing.
pub(crate) fn drop_capitalized_common_words(view: &View<'_>, entities: &mut Vec<Entity>) {
    entities.retain(|e| {
        if !named(e) {
            return true;
        }
        let r = view.range(e);
        if r.is_empty() || r.len() > 3 {
            return true;
        }
        let all_common = r.clone().all(|t| is_common_word(view.word(t)));
        !(all_common
            && (view.opens(r.start)
                || view.in_heading(r.start)
                || view.continues_opened_title(r.start)))
    });
}

/// A person's name of two or more words, all of them ordinary words
/// (`Carbon Neutrality`), is none: people are named by names. One word
/// alone may well be a surname that is also a word (`Levy`, `Young`).
pub(crate) fn drop_common_word_people(view: &View<'_>, entities: &mut Vec<Entity>) {
    entities.retain(|e| {
        if e.label != "PERSON" {
            return true;
        }
        let r = view.range(e);
        r.len() < 2 || !r.into_iter().all(|t| is_common_word(view.word(t)))
    });
}

/// An organization named only by words for a kind of organization or
/// gathering (`the Conference`, `Task Force`) is no name.
pub(crate) fn drop_generic_heads(view: &View<'_>, entities: &mut Vec<Entity>) {
    entities.retain(|e| {
        if e.label != "ORG" && e.label != "PERSON" {
            return true;
        }
        let r = view.range(e);
        r.is_empty() || !r.into_iter().all(|t| is_generic_head(view.word(t)))
    });
}

/// Ordinal words, which open names (`Second Division`, `First Union`) but
/// are none alone.
const ORDINALS: &[&str] = &[
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
];

/// An ordinal word alone before a word that is not capitalized (`Second`
/// in `May 24 Second one-day international`) is no name: CoNLL-2003
/// `train.txt` labels none of the 55 ordinal words it has as a one-word
/// entity, and `valid.txt` none of its 21. Before a capitalized word it
/// is more likely the first piece of a name the model cut (`First
/// Federal`), and is kept.
pub(crate) fn drop_bare_ordinals(view: &View<'_>, entities: &mut Vec<Entity>) {
    entities.retain(|e| {
        let r = view.range(e);
        let before_capital = view
            .next_in_sentence(r.start)
            .is_some_and(|n| view.capitalized(n));
        !(named(e)
            && r.len() == 1
            && !before_capital
            && ORDINALS
                .iter()
                .any(|o| o.eq_ignore_ascii_case(view.word(r.start))))
    });
}

/// Whether a word is one initial: a capital letter and a period (`P.`).
fn is_initial(word: &str) -> bool {
    let mut cs = word.chars();
    cs.next().is_some_and(char::is_uppercase) && cs.next() == Some('.') && cs.next().is_none()
}

/// An initial alone (`P.` of `S and P.`) is no name: CoNLL-2003
/// `train.txt` has 279 initials and labels none as a one-word entity.
pub(crate) fn drop_bare_initials(view: &View<'_>, entities: &mut Vec<Entity>) {
    entities.retain(|e| {
        let r = view.range(e);
        !(named(e) && r.len() == 1 && is_initial(view.word(r.start)))
    });
}

/// Words that say an organization is a company (`Co`, `Inc`), which alone
/// name no particular one; lower-cased, without a final dot.
const COMPANY_FORMS: &[&str] = &[
    "co", "cos", "corp", "inc", "ltd", "plc", "llc", "llp", "lp", "ag", "nv", "bv", "sa", "spa",
    "gmbh", "pty", "pte", "bhd", "tbk", "oy", "oyj", "ab", "asa",
];

/// Whether a word is a company form ([`COMPANY_FORMS`]), with or without a
/// final dot.
pub(crate) fn is_company_form(word: &str) -> bool {
    let w = word.strip_suffix('.').unwrap_or(word);
    COMPANY_FORMS.iter().any(|f| f.eq_ignore_ascii_case(w))
}

/// Whether words name a company with its form: the last is a company form
/// and the first is not (`Walt Disney Co`, not `Co Inc` nor `Disney`).
pub(crate) fn is_company_name<'w>(mut words: impl DoubleEndedIterator<Item = &'w str>) -> bool {
    words.next().is_some_and(|w| !is_company_form(w))
        && words.next_back().is_some_and(is_company_form)
}

/// An entity made only of company forms (`Co`, `Inc.`) completes the name
/// it directly follows (`Monsanto` + `Co` → the organization `Monsanto
/// Co`); alone, as left when the name before it was not recognized, it
/// names no company and goes.
pub(crate) fn join_company_forms(view: &View<'_>, entities: &mut Vec<Entity>) {
    entities.sort_by_key(|e| (e.start, e.end));
    let mut kept: Vec<Entity> = Vec::with_capacity(entities.len());
    for e in entities.drain(..) {
        let r = view.range(&e);
        let bare = named(&e) && !r.is_empty() && r.clone().all(|t| is_company_form(view.word(t)));
        if !bare {
            kept.push(e);
            continue;
        }
        let first = r.start;
        if let Some(prev) = kept.last_mut()
            && named(prev)
            && first > 0
            && prev.end == view.tokens[first - 1].end
            && view.next_in_sentence(first - 1) == Some(first)
        {
            view.respan(prev, prev.start, e.end);
            prev.label = "ORG".to_owned();
            prev.canonical = None;
        }
    }
    *entities = kept;
}

/// Lower-case particles inside people's names (`Joaquin del Olmo`, `Lex van
/// Drooge`).
const NAME_PARTICLES: &[&str] = &[
    "van", "von", "de", "del", "della", "der", "den", "da", "di", "du", "dos", "das", "le", "la",
    "bin", "ibn", "ter", "ten", "te", "zu", "dalla", "dei", "des",
];

/// Words that end a person's name after it: generational suffixes and
/// regnal numbers (`Al Unser Jr`, `Charles VI`). `I` is one only after a
/// royal title (`Queen Elizabeth I`), else it is the pronoun.
const NAME_SUFFIXES: &[&str] = &[
    "Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "XIII",
    "XIV", "XV", "XVI",
];

/// Titles of monarchs, after which `I` is a regnal number.
const ROYAL_TITLES: &[&str] = &[
    "King", "Queen", "Emperor", "Empress", "Pope", "Tsar", "Czar", "Sultan", "Shah", "Prince",
    "Princess", "Kaiser",
];

/// One person's name cut in pieces is made whole: two people's names with
/// nothing or only a particle between them (`Zine` + `al-Abidine Ben Ali`,
/// `Joaquin` + `del` + `Olmo`), and a suffix or regnal number after a
/// name (`Al Unser` + `Jr`, `Queen Elizabeth` + `I`).
pub(crate) fn complete_people(view: &View<'_>, entities: &mut Vec<Entity>) {
    entities.sort_by_key(|e| (e.start, e.end));
    let mut kept: Vec<Entity> = Vec::with_capacity(entities.len());
    for e in entities.drain(..) {
        if e.label == "PERSON"
            && let Some(prev) = kept.last_mut()
            && prev.label == "PERSON"
        {
            let (a, b) = (view.range(prev), view.range(&e));
            let joinable = !a.is_empty()
                && !b.is_empty()
                && a.end <= b.start
                && view.sentence_of[a.end - 1] == view.sentence_of[b.start]
                && (a.end..b.start).all(|t| NAME_PARTICLES.contains(&view.word(t)))
                && b.start - a.end <= 2;
            if joinable {
                view.respan(prev, prev.start, e.end);
                prev.canonical = None;
                continue;
            }
        }
        kept.push(e);
    }
    given_names_before_particles(view, &mut kept);
    for e in kept.iter_mut().filter(|e| e.label == "PERSON") {
        let r = view.range(e);
        let Some(next) = r
            .end
            .checked_sub(1)
            .and_then(|last| view.next_in_sentence(last))
        else {
            continue;
        };
        let word = view.word(next);
        let royal = r.start > view.sentence_of[r.start].start
            && ROYAL_TITLES.contains(&view.word(r.start - 1));
        if NAME_SUFFIXES.contains(&word) || (word == "I" && royal) {
            view.respan(e, e.start, view.tokens[next].end);
            e.canonical = None;
        }
    }
    *entities = kept;
}

/// A given name the model left out of a person's name before a particle
/// (`Erik` in `Erik ten Hag`, where it tags only `Hag`), or took, with a
/// title before it, for another kind of name (`Coach Erik` + `ten` +
/// `Hag`): a title-case word that is neither an ordinary English word nor
/// a title, right before one or two particles that open the name, is the
/// name's first word. `entities` are sorted and do not overlap.
fn given_names_before_particles(view: &View<'_>, entities: &mut Vec<Entity>) {
    let mut k = 0;
    while k < entities.len() {
        let r = view.range(&entities[k]);
        let Some(sentence) = view.sentence_of.get(r.start).cloned() else {
            k += 1;
            continue;
        };
        let particles = (1..=2)
            .take_while(|&n| {
                r.start > sentence.start + n && NAME_PARTICLES.contains(&view.word(r.start - n))
            })
            .last();
        let Some(n) = particles.filter(|_| entities[k].label == "PERSON") else {
            k += 1;
            continue;
        };
        let given = r.start - n - 1;
        let word = view.word(given);
        let name_like = view.title_case(given)
            && word.chars().all(|c| c.is_alphabetic() || c == '-')
            && !is_common_word(word)
            && !is_title(word);
        let (start, end) = (view.tokens[given].start, entities[k].end);
        // The entity before, if it holds the given name.
        let before = k
            .checked_sub(1)
            .filter(|&j| entities[j].end > view.tokens[given].start);
        // Taken into another name only as the last word after titles and
        // ordinary words (`Coach Erik`); a name of another kind that is the
        // word alone, or more, is the model's reading (`Risparmio` in
        // `Cassa di Risparmio di Roma`).
        let left = |j: usize| view.range(&entities[j]).start..given;
        let taken_with_a_title = |j: usize| {
            entities[j].end == view.tokens[given].end
                && !left(j).is_empty()
                && left(j).all(|t| is_title(view.word(t)) || is_common_word(view.word(t)))
        };
        if !name_like || before.is_some_and(|j| !taken_with_a_title(j)) {
            k += 1;
            continue;
        }
        let e = &mut entities[k];
        view.respan(e, start, end);
        e.canonical = None;
        if let Some(j) = before {
            // What is left of it is titles and ordinary words (`Coach`).
            entities.remove(j);
            continue;
        }
        k += 1;
    }
}

/// Titles that, inside a name the model took for an organization or a
/// place, begin the person it is run on into (`Security Council President
/// Tono Eitel`). Not titles that also name organizations and places
/// (`Burger King`, `Prince Edward Island`, `Attorney General`).
const INNER_PERSON_TITLES: &[&str] = &[
    "President",
    "Ambassador",
    "Cardinal",
    "Emperor",
    "Empress",
    "Speaker",
    "Chairman",
    "Chairwoman",
    "Senator",
    "Governor",
    "Minister",
    "Secretary",
    "Mayor",
    "Premier",
    "Chancellor",
    "Spokesman",
    "Spokeswoman",
    "Envoy",
    "Sheikh",
    "Judge",
];

/// A name other than a person's with a title inside and capitalized words
/// after it (`U.N. Ambassador Albright`, `Chicago Cardinal Joseph
/// Bernardin`, `Security Council President Tono Eitel of Germany`) is the
/// bearer's body or place, the title, and the person; a place after `of`
/// becomes a place of its own.
pub(crate) fn split_at_inner_titles(view: &View<'_>, entities: &mut Vec<Entity>) {
    let mut people = Vec::new();
    for e in entities
        .iter_mut()
        .filter(|e| named(e) && e.label != "PERSON")
    {
        let r = view.range(e);
        let Some(title) =
            (r.start + 1..r.end).find(|&k| INNER_PERSON_TITLES.contains(&view.word(k)))
        else {
            continue;
        };
        let name_end = (title + 1..r.end)
            .find(|&k| view.word(k) == "of")
            .unwrap_or(r.end);
        let name = title + 1..name_end;
        let is_name = !name.is_empty()
            && name.clone().all(|k| {
                let w = view.word(k);
                view.capitalized(k) && !is_company_form(w) && !is_common_word(w)
            });
        if !is_name {
            continue;
        }
        people.push(view.entity(
            view.tokens[name.start].start,
            view.tokens[name.end - 1].end,
            "PERSON",
        ));
        if name_end + 1 < r.end {
            people.push(view.entity(view.tokens[name_end + 1].start, e.end, "LOC"));
        }
        // The whole run of titles goes (`Vice Chairman`).
        let body_end = view.titles_start(title, r.start + 1);
        view.respan(e, e.start, view.tokens[body_end - 1].end);
        e.canonical = None;
    }
    if !people.is_empty() {
        entities.extend(people);
        entities.sort_by_key(|e| (e.start, e.end));
    }
}

/// A title at the end of a name other than a person's, with no name after
/// it, is no part of the name (`Lao Chairman`, `Fed Vice Chairman`):
/// CoNLL-2003 marks the bearer's body or country, never the title. The
/// whole run of titles goes, and a name left with ordinary words only is
/// none (`Executive Vice President`); a name made only of titles is left to
/// the rules for those.
pub(crate) fn drop_trailing_titles(view: &View<'_>, entities: &mut Vec<Entity>) {
    entities.retain_mut(|e| {
        let r = view.range(e);
        if !named(e)
            || e.label == "PERSON"
            || r.len() < 2
            || !INNER_PERSON_TITLES.contains(&view.word(r.end - 1))
        {
            return true;
        }
        let end = view.titles_start(r.end - 1, r.start);
        if end == r.start {
            return true;
        }
        view.respan(e, e.start, view.tokens[end - 1].end);
        e.canonical = None;
        !(r.start..end).all(|k| is_common_word(view.word(k)))
    });
}

/// A name of two or more words that ends in a company form (`Royal
/// Trustco Ltd`, `Santa Fe Southern Pacific Corp`) names a company, whatever
/// the model took its first words for: it becomes an organization, and a
/// place or person it was linked to no longer applies. So do the shorter
/// mentions tagged as people that are words of such a name in the same
/// document (`Royal`, `Disney` after `Walt Disney Co`).
pub(crate) fn companies_are_organizations(view: &View<'_>, entities: &mut [Entity]) {
    // A name with its company form after a comma (`Acme Robotics, Inc.`),
    // which the model leaves out of the name: the form is read as the
    // name's last word.
    let comma_form = |e: &Entity| -> Option<&str> {
        let last = view.range(e).end.checked_sub(1)?;
        let comma = view.next_in_sentence(last)?;
        let form = view.next_in_sentence(comma)?;
        (view.word(comma) == "," && is_company_form(view.word(form))).then(|| view.word(form))
    };
    let words = |e: &Entity| {
        let mut w = view.range(e).map(|t| view.word(t)).collect::<Vec<_>>();
        w.extend(comma_form(e));
        w
    };
    let companies: Vec<Vec<&str>> = entities
        .iter()
        .filter(|e| named(e))
        .map(words)
        .filter(|w| is_company_name(w.iter().copied()))
        .collect();
    if companies.is_empty() {
        return;
    }
    for e in entities.iter_mut().filter(|e| named(e) && e.label != "ORG") {
        let words = words(e);
        let is_company = is_company_name(words.iter().copied());
        let part_of_company = e.label == "PERSON"
            && !words.is_empty()
            && companies
                .iter()
                .any(|c| c.len() > words.len() && c.windows(words.len()).any(|w| w == words));
        if is_company || part_of_company {
            e.label = "ORG".to_owned();
            e.canonical = None;
        }
    }
}

/// A possessive ending followed by what it possesses, a noun, adjective or
/// numeral by its part of speech (without tags: a lower-case word or a
/// numeral), is no part of the name before it (`the Fed 's decision`,
/// `the Treasury 's 30-year bond`): it goes from the end of a name. One
/// with nothing after it is the name's own (`at Lord 's ,`), and so is one
/// before a verb (`Moody 's said`) or a capitalized word, which may go on
/// with the name (`Moody 's Investors Service`); names that hold one
/// inside (`Duke of Norfolk 's XI`) keep it.
pub(crate) fn drop_trailing_possessives(view: &View<'_>, entities: &mut [Entity]) {
    for e in entities.iter_mut().filter(|e| named(e)) {
        let r = view.range(e);
        if r.len() < 2 || !matches!(view.word(r.end - 1), "'s" | "'S" | "’s" | "’S") {
            continue;
        }
        let possessed = view.next_in_sentence(r.end - 1).is_some_and(|next| {
            match view.tokens[next].pos.as_deref() {
                Some(pos) => ["NN", "JJ", "CD"].iter().any(|p| pos.starts_with(p)),
                None => view
                    .word(next)
                    .starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit()),
            }
        });
        if possessed {
            view.respan(e, e.start, view.tokens[r.end - 2].end);
        }
    }
}

/// Whether a word abbreviates "number" before a numeral (`No.`, `Nos.`).
fn is_number_sign(word: &str) -> bool {
    matches!(word, "No." | "Nos." | "no." | "nos.")
}

/// A name that ends in `No.` takes the numeral after it (`Regulation No.`
/// and `142` make `Regulation No.142`), and a `No.` alone, with its
/// numeral or without, is no name: the model sees the abbreviation's
/// capital and dot, not what it numbers.
pub(crate) fn numbered_names(view: &View<'_>, entities: &mut Vec<Entity>) {
    entities.retain_mut(|e| {
        if !named(e) {
            return true;
        }
        let r = view.range(e);
        if r.is_empty() {
            return true;
        }
        let last = r.end - 1;
        if is_number_sign(view.word(last))
            && let Some(next) = view.next_in_sentence(last)
            && view.word(next).starts_with(|c: char| c.is_ascii_digit())
        {
            view.respan(e, e.start, view.tokens[next].end);
        }
        !is_number_sign(view.word(r.start))
    });
}

/// Heads of the names of documents, plans, agreements and gatherings: a
/// name ending in one goes on through what it is about (`ASEAN Strategy`
/// and then `on Carbon Neutrality`; `Senior Officials Meeting` and then
/// `on Education`). Not `Congress`, which is a body (`voted by Congress
/// for the Contras`).
const TITLED_HEADS: &[&str] = &[
    "Accord",
    "Act",
    "Agenda",
    "Agreement",
    "Blueprint",
    "Charter",
    "Code",
    "Compact",
    "Conference",
    "Consensus",
    "Convention",
    "Covenant",
    "Declaration",
    "Dialogue",
    "Forum",
    "Framework",
    "Index",
    "Initiative",
    "Meeting",
    "Pact",
    "Plan",
    "Plans",
    "Program",
    "Programme",
    "Protocol",
    "Resolution",
    "Roadmap",
    "Strategies",
    "Strategy",
    "Summit",
    "Symposium",
    "Treaty",
    "Vision",
];

impl View<'_> {
    /// Whether token `t` can be a word of a titled name's subject: it is
    /// capitalized and names no day or month (`Summit on Monday`).
    fn subject_word(&self, t: usize) -> bool {
        self.capitalized(t) && !is_day_or_month_name(self.word(t))
    }

    /// Whether token `t` is a capitalized word of letters only that a
    /// titled name can take in where the model left it out (`General` of
    /// `General Agreement`, `Master` of `Master Plans`).
    fn left_out_word(&self, t: usize) -> bool {
        self.subject_word(t) && self.word(t).chars().all(char::is_alphabetic)
    }

    /// Whether token `t` is a year from 1900 to 2099, which can end a
    /// titled name (`Vision 2045`, `Vision to 2045`).
    fn titled_year(&self, t: usize) -> bool {
        year(self.word(t)).is_some_and(|y| (1900..2100).contains(&y))
    }

    /// The last token of what a titled name whose head is token `head`
    /// goes on through: `on`, `of`, `for` or `against`, an optional `the`,
    /// and capitalized words, joined by `of` (`on the Conduct of
    /// Parties`) or by `and` before an ordinary word (`on Tariffs and
    /// Trade`); or `to` and a year (`to 2045`), or a year alone (`2045`).
    /// `None` when nothing after the head continues it.
    fn titled_tail(&self, head: usize) -> Option<usize> {
        let prep = self.next_in_sentence(head)?;
        // So does a year right after the head (`Vision 2045`).
        if self.titled_year(prep) {
            return Some(prep);
        }
        let mut t = self.next_in_sentence(prep)?;
        match self.word(prep) {
            // A year from 1900 to 2099 ends `Vision to 2045`.
            "to" => return self.titled_year(t).then_some(t),
            "on" | "of" | "for" | "against" => {}
            _ => return None,
        }
        if self.word(t) == "the" {
            t = self.next_in_sentence(t)?;
        }
        if !self.subject_word(t) {
            return None;
        }
        let mut last = t;
        while let Some(next) = self.next_in_sentence(last) {
            if self.subject_word(next) {
                last = next;
                continue;
            }
            let joiner = self.word(next);
            let Some(mut after) = self.next_in_sentence(next) else {
                break;
            };
            if joiner == "and" {
                // `on Tariffs and Trade`, but not `on Carbon Neutrality and
                // the ASEAN Blue Economy Framework` nor `and Japan`.
                if self.subject_word(after) && is_common_word(self.word(after)) {
                    last = after;
                    continue;
                }
                break;
            }
            if joiner != "of" {
                break;
            }
            if self.word(after) == "the"
                && let Some(a) = self.next_in_sentence(after)
            {
                after = a;
            }
            if !self.subject_word(after) {
                break;
            }
            last = after;
        }
        Some(last)
    }
}

/// The [`TITLED_HEADS`] that head names of documents, measures and
/// indices, which CoNLL-2003 marks MISC whoever made them (`Clean Air Act`,
/// `Lusaka Agreement`, `Consumer Price Index`). Not gatherings, programmes
/// and pacts, which are often bodies (`Organisation of the Islamic
/// Conference`, `World Food Programme`, `Andean Pact`).
const DOCUMENT_HEADS: &[&str] = &[
    "Accord",
    "Act",
    "Agreement",
    "Blueprint",
    "Charter",
    "Code",
    "Consensus",
    "Covenant",
    "Declaration",
    "Framework",
    "Index",
    "Plan",
    "Plans",
    "Protocol",
    "Resolution",
    "Roadmap",
    "Strategies",
    "Strategy",
    "Treaty",
    "Vision",
];

/// Relabels a titled name whose head is token `head`: it is no person or
/// place (one the model took for either becomes a MISC), and a document's
/// name (see [`DOCUMENT_HEADS`]) is a MISC even if the model took it for an
/// organization (`Carbon Neutral Strategy`, `Corporate Sustainability
/// Index`), unless a body's head comes before its own (`Committee for the
/// Declaration of`). Other organizations and MISCs keep their label.
fn relabel_titled(view: &View<'_>, e: &mut Entity, head: usize) {
    match e.label.as_str() {
        "PERSON" | "LOC" => e.label = "MISC".to_owned(),
        "ORG" if DOCUMENT_HEADS.contains(&view.word(head)) => {
            let r = view.range(e);
            let body_first = (r.start..head).any(|k| is_generic_head(view.word(k)));
            if !body_first {
                e.label = "MISC".to_owned();
                e.canonical = None;
            }
        }
        _ => {}
    }
}

/// Whether an entity names a document by its head (see
/// [`DOCUMENT_HEADS`]): two words or more ending in one (`Clean Air Act`),
/// or one followed by its subject (`Code of Conduct`).
fn is_document_name(view: &View<'_>, e: &Entity) -> bool {
    let r = view.range(e);
    let ends_in_head = r.len() >= 2 && DOCUMENT_HEADS.contains(&view.word(r.end - 1));
    ends_in_head
        || document_head_inside(view, &r).is_some_and(|k| DOCUMENT_HEADS.contains(&view.word(k)))
}

/// The head of a document the tokens `r` name by its head and subject
/// (`Code of Conduct`): a [`TITLED_HEADS`] word followed by `of`, `on` or
/// `for` inside them.
fn document_head_inside(view: &View<'_>, r: &Range<usize>) -> Option<usize> {
    (r.start..r.end.saturating_sub(1)).find(|&k| {
        TITLED_HEADS.contains(&view.word(k)) && matches!(view.word(k + 1), "of" | "on" | "for")
    })
}

/// An organization followed by one or two capitalized words the model left
/// out, the last a [`TITLED_HEADS`] word, names what the body made or holds
/// (`ASEAN` + `Community Vision`): it goes on through them and becomes a
/// MISC. Not a place: Reuters capitalizes common nouns after one (`The U.S.
/// Plan calls for`, `the U.S. Strategy for dealing with`). Not in a
/// heading, whose capitals say nothing. `entities` are sorted by start.
fn extend_bodies_to_titled_heads(view: &View<'_>, entities: &mut [Entity]) {
    for i in 0..entities.len() {
        let e = &entities[i];
        let r = view.range(e);
        // A known organization the model labelled otherwise counts too
        // (`ASEAN` as a MISC); [`known_organizations`] relabels it later.
        if !(e.label == "ORG" || is_known_organization(&e.text)) || r.is_empty() {
            continue;
        }
        let free_until = entities.get(i + 1).map_or(usize::MAX, |n| n.start);
        let mut last = r.end - 1;
        let mut head = None;
        for _ in 0..2 {
            let Some(k) = view.next_in_sentence(last) else {
                break;
            };
            if view.tokens[k].end > free_until || !view.left_out_word(k) || view.in_heading(k) {
                break;
            }
            if TITLED_HEADS.contains(&view.word(k)) {
                head = Some(k);
                break;
            }
            last = k;
        }
        if let Some(head) = head {
            let e = &mut entities[i];
            view.respan(e, e.start, view.tokens[head].end);
            e.label = "MISC".to_owned();
            e.canonical = None;
        }
    }
}

/// Whether `body`, an organization, place or other name (not a person),
/// ends right before the tokens `name` in the same sentence, so that it is
/// the first word of the titled name they begin.
fn joins_titled_name(view: &View<'_>, body: &Entity, name: &Range<usize>) -> bool {
    let b = view.range(body);
    matches!(body.label.as_str(), "ORG" | "LOC" | "MISC")
        && !b.is_empty()
        && b.end == name.start
        && view.sentence_of[name.start].contains(&b.start)
}

/// A name of a document, plan or gathering the model cut at its preposition
/// goes on through its subject (`ASEAN Strategy` + `on Carbon Neutrality`,
/// `Declaration` + `on the Conduct of Parties`, `Community Vision` + `to
/// 2045`), taking in the names found there (see [`View::titled_tail`]) and
/// up to two capitalized words the model left out before it (`General` +
/// `Agreement on Tariffs and Trade`), or the name the model found right
/// before it (`ASEAN` + `Community Vision`; see also
/// [`extend_bodies_to_titled_heads`]). It is then relabelled by its head
/// (see [`relabel_titled`]): a gathering's keeps the model's ORG or MISC
/// (`United Nations Conference on Trade and Development` is a body), a
/// document's is a MISC (`Treaty of Rome`), and none is a person or place.
/// So is a name that names a document inside (`Code of Conduct`), and one
/// of two words or more that ends in the head.
pub(crate) fn complete_titled_names(view: &View<'_>, entities: &mut Vec<Entity>) {
    entities.sort_by_key(|e| (e.start, e.end));
    extend_bodies_to_titled_heads(view, entities);
    // One pass that builds the new list: a name may take in the one kept
    // before it (its body) and the ones after it (its tail).
    let mut out: Vec<Entity> = Vec::with_capacity(entities.len());
    let mut rest = std::mem::take(entities).into_iter().peekable();
    while let Some(mut e) = rest.next() {
        let r = view.range(&e);
        if !named(&e) || r.is_empty() {
            out.push(e);
            continue;
        }
        if !TITLED_HEADS.contains(&view.word(r.end - 1)) {
            if let Some(head) = document_head_inside(view, &r) {
                relabel_titled(view, &mut e, head);
            }
            out.push(e);
            continue;
        }
        // A body or place right before the name is its first word
        // (`ASEAN` + `Community Vision`, `EU` + `Pact for Growth`).
        if let Some(body) = out.pop_if(|body| joins_titled_name(view, body, &r)) {
            let end = e.end;
            view.respan(&mut e, body.start, end);
            e.canonical = None;
            // Two words or more now: relabelled below, with a tail or
            // without.
        }
        let r = view.range(&e);
        let head = r.end - 1;
        let Some(last) = view.titled_tail(head) else {
            // A name of two words or more that ends in a document's or
            // gathering's head is relabelled as one (`Community Vision`);
            // one such word alone is often a company's name (`Summit
            // added`, `Charter said`).
            if r.len() >= 2 {
                relabel_titled(view, &mut e, head);
            }
            out.push(e);
            continue;
        };
        // A capitalized word the model left out before the name is its
        // first (`General` of `General Agreement on Tariffs and Trade`).
        let before = out.last().map_or(0, |p| p.end);
        let mut first = r.start;
        while first > view.sentence_of[first].start
            && r.start - first < 2
            && view.tokens[first - 1].start >= before
            && !view.opens(first - 1)
            && view.left_out_word(first - 1)
        {
            first -= 1;
        }
        let start = view.tokens[first].start.min(e.start);
        // The names found in the tail are taken in.
        let mut end = view.tokens[last].end;
        while let Some(inside) = rest.next_if(|n| n.start < end) {
            end = end.max(inside.end);
        }
        view.respan(&mut e, start, end);
        e.canonical = None;
        relabel_titled(view, &mut e, head);
        out.push(e);
    }
    *entities = out;
}

/// Brackets and quotation marks, each with its partner (`"` and `` ` ``
/// are their own).
const PAIRED_MARKS: &[(char, char)] = &[
    ('<', '>'),
    ('(', ')'),
    ('[', ']'),
    ('{', '}'),
    ('“', '”'),
    ('‘', '’'),
    ('"', '"'),
    ('`', '`'),
];

/// Separators, which can follow a name but are no part of one.
const SEPARATORS: &[char] = &[',', ';', ':'];

/// Whether a token is only brackets, quotation marks or separators, which
/// enclose or follow a name but are no part of one (Reuters' `<Union Texas
/// Petroleum Co>`).
fn is_enclosing_mark(word: &str) -> bool {
    !word.is_empty()
        && word
            .chars()
            .all(|c| SEPARATORS.contains(&c) || PAIRED_MARKS.iter().any(|&(a, b)| c == a || c == b))
}

/// The mark that pairs with a one-character bracket or quotation mark
/// (itself for `"` and `` ` ``); `None` for separators and anything else.
fn partner(mark: &str) -> Option<char> {
    let mut chars = mark.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return None;
    };
    PAIRED_MARKS.iter().find_map(|&(a, b)| {
        if c == a {
            Some(b)
        } else if c == b {
            Some(a)
        } else {
            None
        }
    })
}

/// Whether the mark at token `edge` of the tokens `r` is no part of the
/// name: a separator, or a bracket or quotation mark whose partner is not
/// among the other tokens (`Mladost ( L )` keeps its brackets).
fn loose_mark(view: &View<'_>, r: &Range<usize>, edge: usize) -> bool {
    let mark = view.word(edge);
    if !is_enclosing_mark(mark) {
        return false;
    }
    match partner(mark) {
        None => true,
        Some(other) => !r
            .clone()
            .any(|t| t != edge && view.word(t).chars().eq([other])),
    }
}

/// Takes loose brackets, quotation marks and separators (see
/// [`loose_mark`]) off the edges of a name (`Gold Mines Inc>` → `Gold Mines
/// Inc`), and drops an entity made only of them (a lone `>`): no name
/// starts or ends with one.
pub(crate) fn trim_enclosing_marks(view: &View<'_>, entities: &mut Vec<Entity>) {
    entities.retain_mut(|e| {
        if !named(e) {
            return true;
        }
        let whole = view.range(e);
        let mut r = whole.clone();
        while !r.is_empty() {
            let (first, last) = (r.start, r.end - 1);
            if first < last
                && partner(view.word(first)).is_some_and(|p| view.word(last).chars().eq([p]))
            {
                // A pair around the whole name (`" Hanoi "`).
                r = first + 1..last;
            } else if loose_mark(view, &r, first) {
                r.start += 1;
            } else if loose_mark(view, &r, last) {
                r.end -= 1;
            } else {
                break;
            }
        }
        if r == whole {
            // Nothing to take off: the span stays as it is, even where it
            // does not fall on token edges.
            return true;
        }
        if r.is_empty() {
            return false;
        }
        let start = if r.start == whole.start {
            e.start
        } else {
            view.tokens[r.start].start
        };
        let end = if r.end == whole.end {
            e.end
        } else {
            view.tokens[r.end - 1].end
        };
        view.respan(e, start, end);
        true
    });
}

/// Joins a name cut at a plural possessive (`ASEAN Foreign Ministers'
/// Retreat`, `Senior Officials’ Meeting`): a run of capitalized words with
/// an apostrophe after a plural ordinary word (`Ministers'`, not `Laos'`)
/// that holds an entity becomes one entity, of the type of its first
/// entity. When the run opens a sentence or clause, whose first capital
/// says nothing, it is joined only if an entity starts it. A day or month
/// name before the run is not taken in (`on Monday Workers' Compensation
/// Act`).
pub(crate) fn join_possessives(view: &View<'_>, entities: &mut Vec<Entity>) {
    let apostrophe = |w: &str| matches!(w, "'" | "’");
    let mut joined = Vec::new();
    for g in view.sentences() {
        let mut t = g.start + 1;
        while t + 1 < g.end {
            if !apostrophe(view.word(t)) {
                t += 1;
                continue;
            }
            let before = view.word(t - 1);
            let plural = before.len() > 3
                && before.ends_with('s')
                && view.capitalized(t - 1)
                && is_common_word(before);
            if !(plural && view.capitalized(t + 1)) {
                t += 1;
                continue;
            }
            // The capitalized run around the apostrophe, or from the start
            // of the entity that ends before it (`Union of Workers`).
            let mut s = t - 1;
            while s > g.start
                && view.capitalized(s - 1)
                && !view.opens(s)
                && !is_day_or_month_name(view.word(s - 1))
            {
                s -= 1;
            }
            let cut = view.tokens[t - 1].end;
            if let Some(e) = entities.iter().find(|e| e.end == cut && named(e)) {
                s = s.min(view.range(e).start.max(g.start));
            }
            let mut end = t + 1;
            while end < g.end && view.capitalized(end) {
                end += 1;
            }
            let (start_b, end_b) = (view.tokens[s].start, view.tokens[end - 1].end);
            let inside: Vec<&Entity> = entities
                .iter()
                .filter(|e| overlaps(e, start_b, end_b))
                .collect();
            let contained = inside
                .iter()
                .all(|e| named(e) && e.start >= start_b && e.end <= end_b);
            // The run must start at a name, or at a capital that says
            // something: not a sentence's or clause's first word
            // (`, Senior Officials’ Meeting` with only `Officials` found).
            let starts_named = inside.first().is_some_and(|e| e.start == start_b);
            if let Some(first) = inside.first()
                && contained
                && (starts_named || !view.opens(s))
            {
                joined.push(view.entity(start_b, end_b, &first.label));
            }
            t = end;
        }
    }
    crate::stage::merge(entities, joined, true);
}

/// Words of quantity and possession that open no name (`Many`, `Several`,
/// `Their`); `All`, `Most` and number words do (`All Blacks`, `Most
/// Valuable Player`, `Five Nations`).
pub(super) const QUANTIFIERS: &[&str] = &[
    "Many", "Some", "Several", "Few", "Each", "Every", "Other", "Such", "These", "Those", "Their",
    "Our", "His", "Her", "Its", "More",
];

/// Drops a leading quantifier or possessive ([`QUANTIFIERS`]) from a
/// longer name (`Many Vietnamese` taken for a person → `Vietnamese`, which
/// the nationality repair then makes MISC). CoNLL-2003 `train.txt` has
/// 152 of these words capitalized, none opening an entity (one inside
/// one: `Town of Our Lady`).
pub(crate) fn drop_leading_quantifiers(view: &View<'_>, entities: &mut [Entity]) {
    for e in entities.iter_mut().filter(|e| named(e)) {
        let r = view.range(e);
        if r.len() >= 2 && QUANTIFIERS.contains(&view.word(r.start)) {
            view.respan(e, view.tokens[r.start + 1].start, e.end);
        }
    }
}

/// Drops a leading `The` from a longer name (`The Ministry of Foreign
/// Affairs` → `Ministry of Foreign Affairs`).
pub(crate) fn drop_leading_the(view: &View<'_>, entities: &mut [Entity]) {
    for e in entities.iter_mut().filter(|e| e.label == "ORG") {
        let r = view.range(e);
        if r.len() >= 2 && view.word(r.start) == "The" && view.opens(r.start) {
            view.respan(e, view.tokens[r.start + 1].start, e.end);
        }
    }
}

/// International and intergovernmental organizations that news names by
/// a short form the model, seeing one sentence, often takes for an
/// adjective or an event (`ASEAN`, `EU`, `OPEC` tagged MISC). Matched
/// exactly, case included, against whole recognized entities only: the
/// list never creates an entity, it corrects a label.
const ORGANIZATIONS: &[&str] = &[
    // The news agency, also as its sign-off at the end of an article.
    "Reuters",
    "Reuter",
    "REUTER",
    "REUTERS",
    "ASEAN",
    "Association of Southeast Asian Nations",
    "APEC",
    "Asia-Pacific Economic Cooperation",
    "United Nations",
    "UN",
    "U.N.",
    "UNESCO",
    "UNICEF",
    "UNHCR",
    "UNDP",
    "UNCTAD",
    "UN Security Council",
    "European Union",
    "EU",
    "European Community",
    "EC",
    "European Economic Community",
    "EEC",
    "European Commission",
    "European Parliament",
    "European Central Bank",
    "ECB",
    "NATO",
    "OPEC",
    "OECD",
    "IMF",
    "International Monetary Fund",
    "World Bank",
    "WTO",
    "World Trade Organization",
    "World Health Organization",
    "IAEA",
    "International Atomic Energy Agency",
    "Interpol",
    "African Union",
    "Arab League",
    "Mercosur",
    "Gulf Cooperation Council",
    "GCC",
    "Asian Development Bank",
    "ADB",
    "International Red Cross",
    "ICRC",
    "Federal Reserve",
    "GATT",
    "General Agreement on Tariffs and Trade",
    "EFTA",
    "CARICOM",
    "ECOWAS",
    "SAARC",
    "Commonwealth of Independent States",
    "Mekong River Commission",
];

/// Known organizations (see [`ORGANIZATIONS`]) recognized with another
/// label become ORG.
pub(crate) fn known_organizations(entities: &mut [Entity]) {
    for e in entities.iter_mut() {
        if e.label != "ORG" && is_known_organization(&e.text) {
            e.label = "ORG".to_owned();
        }
    }
}

/// Whether a name is one of the known [`ORGANIZATIONS`], whatever the
/// model labelled it.
fn is_known_organization(name: &str) -> bool {
    ORGANIZATIONS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use docpipe_core::{Span, Token};

    /// A one-sentence-per-line document split on spaces.
    pub(super) fn doc(text: &str) -> (Document, Vec<Range<usize>>) {
        let mut d = Document::new("t", text);
        let mut tokens = Vec::new();
        let mut sentences = Vec::new();
        let mut groups = Vec::new();
        let mut pos = 0;
        for line in text.split('\n') {
            let first = tokens.len();
            let mut p = pos;
            for w in line.split(' ') {
                if !w.is_empty() {
                    tokens.push(Token::new(p, p + w.len()));
                }
                p += w.len() + 1;
            }
            if tokens.len() > first {
                sentences.push(Span::new(tokens[first].start, tokens[tokens.len() - 1].end));
                groups.push(first..tokens.len());
            }
            pos += line.len() + 1;
        }
        d.tokens = Some(tokens);
        d.sentences = Some(sentences);
        (d, groups)
    }

    /// [`doc`] with a part-of-speech tag on each token, in order.
    pub(super) fn tagged_doc(text: &str, tags: &[&'static str]) -> (Document, Vec<Range<usize>>) {
        let (mut d, g) = doc(text);
        let tokens = d.tokens.get_or_insert_with(Vec::new);
        assert_eq!(tokens.len(), tags.len(), "one tag per token of {text:?}");
        for (t, &tag) in tokens.iter_mut().zip(tags) {
            t.pos = Some(tag.into());
        }
        (d, g)
    }

    pub(super) fn entity(d: &Document, text: &str, label: &str) -> Entity {
        entity_at(d, text, 0, label)
    }

    /// `(label, text)` pairs as string slices, to compare with literals.
    fn strs(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
        pairs
            .iter()
            .map(|(l, t)| (l.as_str(), t.as_str()))
            .collect()
    }

    /// `(label, text)` literals as owned pairs, to compare with [`texts`].
    pub(super) fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|&(l, t)| (l.to_owned(), t.to_owned()))
            .collect()
    }

    /// Given `(text, label)` entities as the `(label, text)` pairs
    /// [`texts`] gives when a rule changes none of them.
    pub(super) fn unchanged(given: &[(&str, &str)]) -> Vec<(String, String)> {
        given
            .iter()
            .map(|&(t, l)| (l.to_owned(), t.to_owned()))
            .collect()
    }

    /// An entity over the `nth` occurrence (from 0) of `text` in `d`.
    pub(super) fn entity_at(d: &Document, text: &str, nth: usize, label: &str) -> Entity {
        let start = d.text.match_indices(text).nth(nth).unwrap().0;
        Entity {
            start,
            end: start + text.len(),
            text: text.to_owned(),
            label: label.to_owned(),
            canonical: None,
            value: None,
        }
    }

    pub(super) fn texts(entities: &[Entity]) -> Vec<(String, String)> {
        entities
            .iter()
            .map(|e| (e.label.clone(), e.text.clone()))
            .collect()
    }

    /// What `rule` keeps of `entities` (text, label: the first occurrence
    /// of the text) in the document [`doc`] makes of `text`, as [`texts`].
    pub(super) fn kept(
        text: &str,
        entities: &[(&str, &str)],
        rule: fn(&View<'_>, &mut Vec<Entity>),
    ) -> Vec<(String, String)> {
        let (d, g) = doc(text);
        let v = View::new(&d, &g);
        let mut es = entities
            .iter()
            .map(|&(text, label)| entity(&d, text, label))
            .collect();
        rule(&v, &mut es);
        texts(&es)
    }

    #[test]
    fn countries_tagged_as_people_are_places() {
        let (d, g) = doc("Officials said Peru will host the talks , Anna Smith said .");
        let v = View::new(&d, &g);
        let mut es = vec![
            entity(&d, "Peru", "PERSON"),
            entity(&d, "Anna Smith", "PERSON"),
        ];
        places_not_people(&v, &Gazetteer::builtin().unwrap(), &mut es);
        assert_eq!(es[0].label, "LOC");
        assert_eq!(es[1].label, "PERSON");
    }

    #[test]
    fn regions_tagged_as_people_are_places() {
        let (d, g) = doc("peace in Chechnya and TEXAS , said Mr Bavaria .\n\
             Sam Kerala and Kerala , Anna Peru and Peru .");
        let v = View::new(&d, &g);
        let mut es = vec![
            entity(&d, "Chechnya", "PERSON"),
            entity(&d, "TEXAS", "PERSON"),
            entity(&d, "Bavaria", "PERSON"),
            entity(&d, "Sam Kerala", "PERSON"),
            entity_at(&d, "Kerala", 1, "PERSON"),
            entity(&d, "Anna Peru", "PERSON"),
            entity_at(&d, "Peru", 1, "PERSON"),
        ];
        places_not_people(&v, &Gazetteer::builtin().unwrap(), &mut es);
        let labels: Vec<&str> = es.iter().map(|e| e.label.as_str()).collect();
        // A title before it keeps a person; a word of a longer person's
        // name keeps one if it is a country or city, not if a region.
        assert_eq!(
            labels,
            ["LOC", "LOC", "PERSON", "PERSON", "LOC", "PERSON", "PERSON"]
        );
        assert!(is_region("Yunnan") && is_region("YUNNAN") && !is_region("Victoria"));
    }

    #[test]
    fn state_abbreviations_are_places() {
        let (d, g) = doc("jobs in Morgantown , W. Va. , and Albany , N.Y. , said Va. Smith .");
        let v = View::new(&d, &g);
        let mut es = vec![
            entity(&d, "W. Va.", "PERSON"),
            entity(&d, "N.Y.", "PERSON"),
            entity(&d, "Va. Smith", "PERSON"),
        ];
        places_not_people(&v, &Gazetteer::builtin().unwrap(), &mut es);
        let labels: Vec<&str> = es.iter().map(|e| e.label.as_str()).collect();
        assert_eq!(labels, ["LOC", "LOC", "PERSON"]);
    }

    #[test]
    fn a_title_keeps_a_place_named_person() {
        let (d, g) = doc("Senator Georgia spoke .");
        let v = View::new(&d, &g);
        let mut es = vec![entity(&d, "Georgia", "PERSON")];
        places_not_people(&v, &Gazetteer::builtin().unwrap(), &mut es);
        assert_eq!(es[0].label, "PERSON");
    }

    #[test]
    fn bare_titles_are_no_people() {
        let got = kept(
            "the Deputy Head of the office met Mary Jones .",
            &[("Head", "PERSON"), ("Mary Jones", "PERSON")],
            drop_bare_titles,
        );
        assert_eq!(strs(&got), [("PERSON", "Mary Jones")]);
    }

    #[test]
    fn capitalized_ordinary_words_opening_a_sentence_are_no_names() {
        let got = kept(
            "Despite the rain , the Green Valley club played .\n\
             The theme was \" Building Bridges \" this year .\n\
             Despite rain Boston won .",
            &[
                ("Despite", "PERSON"),
                ("Green Valley", "ORG"),
                ("Building Bridges", "ORG"),
                ("Boston", "LOC"),
            ],
            drop_capitalized_common_words,
        );
        assert_eq!(strs(&got), [("ORG", "Green Valley"), ("LOC", "Boston")]);
    }

    #[test]
    fn hyphenated_ordinary_words_are_ordinary_words() {
        for word in [
            "Socio-cultural",
            "Co-operation",
            "Inter-ministerial",
            "Anti-dumping",
        ] {
            assert!(is_common_word(word), "{word}");
        }
        // A name after the hyphen, ordinary words that make a given name,
        // a form that is no combining one, a capital inside.
        for word in [
            "Pro-Moscow",
            "Sung-sang",
            "Euro-clear",
            "Co-Operation",
            "Socio-",
        ] {
            assert!(!is_common_word(word), "{word}");
        }
        let got = kept(
            "the network ; Socio-cultural cooperation deepens .\nthe Pro-Moscow leaders met .",
            &[("Socio-cultural", "MISC"), ("Pro-Moscow", "MISC")],
            drop_capitalized_common_words,
        );
        assert_eq!(strs(&got), [("MISC", "Pro-Moscow")]);
    }

    #[test]
    fn the_rest_of_a_title_opened_by_a_quotation_is_no_name() {
        let got = kept(
            "the theme \" ASEAN : Enhancing Connectivity and Resilience \" was set .\n\
             talks with Acme and Resilience Partners went on .",
            &[
                ("Enhancing Connectivity", "ORG"),
                // The first `Resilience`, in the theme.
                ("Resilience", "ORG"),
                ("Acme", "ORG"),
                ("Resilience Partners", "ORG"),
            ],
            drop_capitalized_common_words,
        );
        assert_eq!(
            strs(&got),
            [("ORG", "Acme"), ("ORG", "Resilience Partners")]
        );
    }

    #[test]
    fn people_named_by_ordinary_words_alone_are_no_people() {
        let got = kept(
            "the Ministers' Retreat met , said Levy and Anna Bush .",
            &[
                ("Ministers' Retreat", "PERSON"),
                ("Levy", "PERSON"),
                ("Anna Bush", "PERSON"),
            ],
            drop_common_word_people,
        );
        assert_eq!(strs(&got), [("PERSON", "Levy"), ("PERSON", "Anna Bush")]);
    }

    #[test]
    fn organization_kinds_alone_are_no_names() {
        let got = kept(
            "delegates at the Summit praised the Fisheries Committee .",
            &[("Summit", "ORG"), ("Fisheries Committee", "ORG")],
            drop_generic_heads,
        );
        assert_eq!(strs(&got), [("ORG", "Fisheries Committee")]);
    }

    #[test]
    fn listed_words_match_as_written_or_in_capitals() {
        let list = ["South", "Department"];
        for word in ["South", "SOUTH", "DEPARTMENT"] {
            assert!(in_title_or_caps(&list, word), "{word}");
        }
        for word in ["south", "SOUTh", "Sout", "Southern", "department"] {
            assert!(!in_title_or_caps(&list, word), "{word}");
        }
    }

    #[test]
    fn quantifiers_open_no_names() {
        let got = kept(
            "ideas of Many Vietnamese spread to Several Asian Nations , the All Blacks and Few .",
            &[
                ("Many Vietnamese", "PERSON"),
                ("Several Asian Nations", "ORG"),
                ("All Blacks", "ORG"),
                ("Few", "MISC"),
            ],
            |v, es| drop_leading_quantifiers(v, es),
        );
        assert_eq!(
            strs(&got),
            [
                ("PERSON", "Vietnamese"),
                ("ORG", "Asian Nations"),
                ("ORG", "All Blacks"),
                // One word alone is left to the other repairs.
                ("MISC", "Few"),
            ]
        );
    }

    #[test]
    fn ordinal_words_alone_are_no_names() {
        let got = kept(
            "May 24 Second one-day match , then THIRD test , in the Second Division \
             by First Federal .",
            &[
                ("Second", "MISC"),
                ("THIRD", "ORG"),
                ("Second Division", "MISC"),
                ("First", "ORG"),
            ],
            drop_bare_ordinals,
        );
        assert_eq!(strs(&got), [("MISC", "Second Division"), ("ORG", "First")]);
    }

    #[test]
    fn initials_alone_are_no_names() {
        let got = kept(
            "rated A by S and P. , said P. Simmons and I. of K.",
            &[("P.", "PERSON"), ("P. Simmons", "PERSON"), ("K.", "ORG")],
            drop_bare_initials,
        );
        assert_eq!(strs(&got), [("PERSON", "P. Simmons")]);
    }

    #[test]
    fn company_forms_complete_the_name_before_or_go() {
        let text = "About Co , talks with Acme Corp and Inc. , said Corp Smith of Monsanto Co Inc .\n\
                    Ltd rose .";
        let got = kept(
            text,
            &[
                ("Acme Corp", "ORG"),
                ("Inc.", "ORG"),
                ("Co", "LOC"),
                ("Corp Smith", "PERSON"),
                ("Monsanto", "PERSON"),
                ("Co Inc", "LOC"),
                ("Ltd", "ORG"),
            ],
            join_company_forms,
        );
        assert_eq!(
            strs(&got),
            [
                ("ORG", "Acme Corp"),
                ("PERSON", "Corp Smith"),
                ("ORG", "Monsanto Co Inc")
            ]
        );
    }

    #[test]
    fn a_company_form_after_a_comma_makes_the_name_a_company() {
        let got = kept(
            "Acme Robotics , Inc. , a leader , said Acme will hire . Smith , Inc. said .\n\
             Jones , the chief , said .",
            &[
                ("Acme Robotics", "PERSON"),
                ("Acme", "PERSON"),
                ("Smith", "PERSON"),
                ("Jones", "PERSON"),
            ],
            |v, es| companies_are_organizations(v, es),
        );
        assert_eq!(
            strs(&got),
            [
                ("ORG", "Acme Robotics"),
                // A shorter mention of the company's name is the company.
                ("ORG", "Acme"),
                ("ORG", "Smith"),
                // No company form after the comma: left alone.
                ("PERSON", "Jones"),
            ]
        );
    }

    #[test]
    fn names_ending_in_a_company_form_are_organizations() {
        let got = kept(
            "Royal said Santa Fe and Smith agreed .\n\
             Royal Trustco Ltd. and Santa Fe Southern Pacific Corp met Co Smith and Anna Inc of Lima .",
            &[
                ("Royal", "PERSON"),
                ("Santa Fe", "LOC"),
                ("Smith", "PERSON"),
                ("Royal Trustco Ltd.", "PERSON"),
                ("Santa Fe Southern Pacific Corp", "LOC"),
                ("Co Smith", "PERSON"),
                ("Anna", "PERSON"),
                ("Lima", "LOC"),
            ],
            |v, es| companies_are_organizations(v, es),
        );
        assert_eq!(
            strs(&got),
            [
                // A person named by words of a company's name is the
                // company; a place may be just the place.
                ("ORG", "Royal"),
                ("LOC", "Santa Fe"),
                ("PERSON", "Smith"),
                ("ORG", "Royal Trustco Ltd."),
                ("ORG", "Santa Fe Southern Pacific Corp"),
                // A company form first is no company's name.
                ("PERSON", "Co Smith"),
                ("PERSON", "Anna"),
                ("LOC", "Lima"),
            ]
        );
    }

    #[test]
    fn names_ending_in_no_take_the_numeral_and_no_alone_goes() {
        let got = kept(
            "No. 10 , a revision to Regulation No. 142 and Conclusion No. 59 , Acme No. .",
            &[
                ("Regulation No.", "MISC"),
                ("No. 59", "MISC"),
                // The first `No.`, before `10`.
                ("No.", "MISC"),
                ("Acme No.", "ORG"),
            ],
            numbered_names,
        );
        assert_eq!(
            strs(&got),
            [
                ("MISC", "Regulation No. 142"),
                // No numeral follows: the name stays as it was.
                ("ORG", "Acme No."),
            ]
        );
    }

    #[test]
    fn titled_names_go_on_through_their_subject() {
        let got = kept(
            "the ASEAN Strategy on Carbon Neutrality and the ASEAN Blue Economy Framework .\n\
             the Declaration on the Conduct of Parties in the East Sea and the Code of Conduct .\n\
             the General Agreement on Tariffs and Trade and Japan .\n\
             the Community Vision to 2045 , the Summit on Monday , the Plan for growth .\n\
             the Senior Officials Meeting on Education , Reagan said .\n\
             aid voted by Congress for the Contras .\n\
             talks under the General Accord on Trade , the EU Pact for Growth .",
            &[
                ("ASEAN Strategy", "MISC"),
                ("Carbon Neutrality", "PERSON"),
                ("ASEAN Blue Economy Framework", "MISC"),
                ("Declaration", "MISC"),
                ("Conduct of Parties", "ORG"),
                ("East Sea", "LOC"),
                ("Code of Conduct", "LOC"),
                ("General Agreement", "MISC"),
                ("Japan", "LOC"),
                ("Community Vision", "LOC"),
                ("Summit", "ORG"),
                ("Plan", "MISC"),
                ("Senior Officials Meeting", "ORG"),
                ("Reagan", "PERSON"),
                ("Congress", "ORG"),
                ("Contras", "ORG"),
                ("Accord", "MISC"),
                ("EU", "ORG"),
                ("Pact", "MISC"),
            ],
            complete_titled_names,
        );
        assert_eq!(
            strs(&got),
            [
                ("MISC", "ASEAN Strategy on Carbon Neutrality"),
                // `and the` ends the subject.
                ("MISC", "ASEAN Blue Economy Framework"),
                // `in` ends it too.
                ("MISC", "Declaration on the Conduct of Parties"),
                ("LOC", "East Sea"),
                // A document by its head and subject is no place.
                ("MISC", "Code of Conduct"),
                // `and` goes on before an ordinary word, not before a name.
                ("MISC", "General Agreement on Tariffs and Trade"),
                ("LOC", "Japan"),
                ("MISC", "Community Vision to 2045"),
                // Days and months say when; lower case says no name.
                ("ORG", "Summit"),
                ("MISC", "Plan"),
                // A gathering keeps its label.
                ("ORG", "Senior Officials Meeting on Education"),
                ("PERSON", "Reagan"),
                // A body, not a gathering: what it does is no part of it.
                ("ORG", "Congress"),
                ("ORG", "Contras"),
                // The model left out `General`; a body right before is
                // the name's first word.
                ("MISC", "General Accord on Trade"),
                ("MISC", "EU Pact for Growth"),
            ]
        );
    }

    #[test]
    fn acronyms_and_the_names_they_are_defined_by_agree() {
        let got = kept(
            "the Declaration on the Conduct of Parties in the East Sea ( DOC ) , \
             the Code of Conduct in the East Sea ( COC ) .\n\
             the COC talks , the World Bank ( IMF ) and Reuters ( RTRS ) .\n\
             Suu Kyi 's National League for Democracy ( NLD ) met .\n\
             The NLD said NLD members left .\n\
             the Australian Council of Trade Unions ( ACTU ) and Banque Nationale de Paris ( BNP ) .\n\
             at the Europa Community ( EUC ) tender .\n\
             the Europa Commission ( ECN ) said ECN would .\n\
             a General Agreement on Trade and Tariffs ( GATT ) meeting .\n\
             on the Budapest Stock Exchange ( BSE ) , BSE shares fell .",
            &[
                ("Declaration on the Conduct of Parties", "MISC"),
                ("East Sea", "LOC"),
                ("DOC", "ORG"),
                ("Code of Conduct", "MISC"),
                ("COC", "LOC"),
                ("COC talks", "ORG"),
                ("World Bank", "ORG"),
                ("IMF", "MISC"),
                ("Reuters", "ORG"),
                ("Suu Kyi", "PERSON"),
                ("National League for Democracy", "MISC"),
                ("NLD", "ORG"),
                ("NLD said", "ORG"),
                ("NLD members", "ORG"),
                ("Australian", "MISC"),
                ("Council of Trade Unions", "ORG"),
                ("ACTU", "LOC"),
                ("Banque Nationale de Paris", "PERSON"),
                ("BNP", "ORG"),
                ("Europa Community", "MISC"),
                ("EUC", "ORG"),
                ("Europa Commission", "MISC"),
                ("ECN", "ORG"),
                ("ECN would", "ORG"),
                ("General Agreement on Trade and Tariffs", "MISC"),
                ("Budapest Stock Exchange", "MISC"),
                ("BSE", "MISC"),
                ("BSE shares", "MISC"),
            ],
            |v, es| {
                // Later mentions as the model would give them: the acronym
                // alone, not the word after it, which only told `kept`
                // which mention is meant.
                for e in es.iter_mut() {
                    if let Some((acronym @ ("NLD" | "ECN" | "BSE"), _)) = e.text.split_once(' ') {
                        e.end = e.start + acronym.len();
                        e.text = acronym.to_owned();
                    }
                }
                acronyms_agree_with_their_names(v, es);
            },
        );
        assert_eq!(
            strs(&got),
            [
                // A tie: a document's name keeps its label.
                ("MISC", "Declaration on the Conduct of Parties"),
                ("LOC", "East Sea"),
                ("MISC", "DOC"),
                ("MISC", "Code of Conduct"),
                ("MISC", "COC"),
                // Another text: not a mention of the acronym.
                ("ORG", "COC talks"),
                ("ORG", "World Bank"),
                // Letters that do not spell the name before: no definition.
                ("MISC", "IMF"),
                ("ORG", "Reuters"),
                // Left out at its definition: made there.
                ("ORG", "RTRS"),
                ("PERSON", "Suu Kyi"),
                // Three mentions of the acronym outvote the name.
                ("ORG", "National League for Democracy"),
                ("ORG", "NLD"),
                ("ORG", "NLD"),
                ("ORG", "NLD"),
                // Not every letter in one name: nothing changes.
                ("MISC", "Australian"),
                ("ORG", "Council of Trade Unions"),
                ("LOC", "ACTU"),
                // A person does not vote.
                ("ORG", "Banque Nationale de Paris"),
                ("ORG", "BNP"),
                // A tie, not a document: an organization wins.
                ("ORG", "Europa Community"),
                ("ORG", "EUC"),
                // Two mentions of the acronym outvote the name.
                ("ORG", "Europa Commission"),
                ("ORG", "ECN"),
                ("ORG", "ECN"),
                // A known organization's acronym: both are one.
                ("ORG", "General Agreement on Trade and Tariffs"),
                ("ORG", "GATT"),
                // A body's name: both are one, against two votes.
                ("ORG", "Budapest Stock Exchange"),
                ("ORG", "BSE"),
                ("ORG", "BSE"),
            ]
        );
    }

    #[test]
    fn places_cut_at_a_hyphen_are_made_whole() {
        let got = kept(
            "the ASEAN-UK and ASEAN-New Zealand relations , US-South Korea talks , \
             the EU-New Deal and the US-New York Times deal .",
            // Not sorted: the next name is found wherever it stands.
            &[
                ("York Times", "ORG"),
                ("ASEAN-UK", "ORG"),
                ("ASEAN-New", "ORG"),
                ("US-South", "MISC"),
                ("EU-New", "ORG"),
                ("US-New", "MISC"),
            ],
            |v, es| {
                let builtin = Gazetteer::builtin().expect("the built-in gazetteer loads");
                join_places_across_hyphens(v, &builtin, es);
            },
        );
        assert_eq!(
            strs(&got),
            [
                ("ORG", "York Times"),
                ("ORG", "ASEAN-UK"),
                ("ORG", "ASEAN-New Zealand"),
                ("MISC", "US-South Korea"),
                // `New Deal` is no place.
                ("ORG", "EU-New"),
                // Not into the next name.
                ("MISC", "US-New"),
            ]
        );
    }

    #[test]
    fn titles_at_the_end_of_names_are_no_part_of_them() {
        let got = kept(
            "with the Lao Chairman and Fed Vice Chairman , Deputy Minister , Reagan Chairman , \
             Executive Vice President .",
            &[
                ("Lao Chairman", "ORG"),
                ("Fed Vice Chairman", "ORG"),
                ("Deputy Minister", "ORG"),
                ("Reagan Chairman", "PERSON"),
                ("Executive Vice President", "ORG"),
            ],
            drop_trailing_titles,
        );
        assert_eq!(
            strs(&got),
            [
                ("ORG", "Lao"),
                ("ORG", "Fed"),
                // Titles alone and people are for other rules.
                ("ORG", "Deputy Minister"),
                ("PERSON", "Reagan Chairman"),
                // Ordinary words left: no name.
            ]
        );
    }

    #[test]
    fn names_of_documents_are_misc_whoever_made_them() {
        let got = kept(
            "the Carbon Neutral Strategy , the Corporate Sustainability Index , new Cooperation Strategies .\n\
             the 5-point Consensus on Myanmar , the Committee for the Declaration of Rights .\n\
             the Organisation of the Islamic Conference , the World Economic Forum .",
            &[
                ("Carbon Neutral Strategy", "ORG"),
                ("Corporate Sustainability Index", "ORG"),
                ("Cooperation Strategies", "ORG"),
                ("Consensus on Myanmar", "ORG"),
                ("Committee for the Declaration of Rights", "ORG"),
                ("Organisation of the Islamic Conference", "ORG"),
                ("World Economic Forum", "ORG"),
            ],
            complete_titled_names,
        );
        assert_eq!(
            strs(&got),
            [
                ("MISC", "Carbon Neutral Strategy"),
                ("MISC", "Corporate Sustainability Index"),
                ("MISC", "Cooperation Strategies"),
                // By its head and subject.
                ("MISC", "Consensus on Myanmar"),
                // A body's head first: the body that works for one.
                ("ORG", "Committee for the Declaration of Rights"),
                // Gatherings keep the model's label.
                ("ORG", "Organisation of the Islamic Conference"),
                ("ORG", "World Economic Forum"),
            ]
        );
    }

    #[test]
    fn a_body_right_before_a_titled_name_is_its_first_word() {
        // Text, the model's entities and what the rule makes of them.
        type Case = (
            &'static str,
            &'static [(&'static str, &'static str)],
            &'static [(&'static str, &'static str)],
        );
        let cases: [Case; 7] = [
            (
                "the ASEAN Community Vision to 2045 .",
                &[("ASEAN", "ORG"), ("Community Vision", "ORG")],
                &[("MISC", "ASEAN Community Vision to 2045")],
            ),
            // A known organization the model took for a MISC, and the
            // words it left out.
            (
                "finalising the ASEAN Community Vision to 2045 , and the Coca Community Vision .",
                &[("ASEAN", "MISC"), ("Coca", "MISC")],
                &[("MISC", "ASEAN Community Vision to 2045"), ("MISC", "Coca")],
            ),
            // A name ending in such a head is no place or person.
            (
                "toward the ASEAN Community Vision , Hanoi Summit delegates said .",
                &[
                    ("ASEAN", "ORG"),
                    ("Community Vision", "LOC"),
                    ("Hanoi", "LOC"),
                    ("Summit", "MISC"),
                ],
                &[("MISC", "ASEAN Community Vision"), ("MISC", "Hanoi Summit")],
            ),
            // Only a body or place right before it, in its sentence.
            (
                "ASEAN and the Summit , Reagan Plan .",
                &[
                    ("ASEAN", "ORG"),
                    ("Summit", "MISC"),
                    ("Reagan", "PERSON"),
                    ("Plan", "MISC"),
                ],
                &[
                    ("ORG", "ASEAN"),
                    ("MISC", "Summit"),
                    ("PERSON", "Reagan"),
                    ("MISC", "Plan"),
                ],
            ),
            (
                "talks with ASEAN\nSummit ahead .",
                &[("ASEAN", "ORG"), ("Summit", "MISC")],
                &[("ORG", "ASEAN"), ("MISC", "Summit")],
            ),
            // Words the model left out after a body, up to the head, and a
            // year after it.
            (
                "to implement the ASEAN Community Vision 2045 , and the EU Farm Economic Plan .",
                &[("ASEAN", "ORG"), ("2045", "DATE"), ("EU", "ORG")],
                &[("MISC", "ASEAN Community Vision 2045"), ("ORG", "EU")],
            ),
            (
                "Hanoi .\nThe U.S. Plan calls for loans , Global Vision said , Charter said .",
                &[
                    ("Hanoi", "LOC"),
                    ("U.S.", "LOC"),
                    ("Global Vision", "PERSON"),
                    ("Charter", "PERSON"),
                ],
                &[
                    ("LOC", "Hanoi"),
                    ("LOC", "U.S."),
                    ("MISC", "Global Vision"),
                    ("PERSON", "Charter"),
                ],
            ),
        ];
        for (text, entities, want) in cases {
            let got = kept(text, entities, complete_titled_names);
            assert_eq!(strs(&got), want, "{text}");
        }
    }

    #[test]
    fn tagged_possessive_endings_leave_names_before_nouns_only() {
        let text = "Moody 's said the Fed 's rates rose";
        let (d, g) = tagged_doc(
            text,
            &["NNP", "POS", "VBD", "DT", "NNP", "POS", "NNS", "VBD"],
        );
        let v = View::new(&d, &g);
        let mut es = vec![entity(&d, "Moody 's", "ORG"), entity(&d, "Fed 's", "ORG")];
        drop_trailing_possessives(&v, &mut es);
        assert_eq!(strs(&texts(&es)), [("ORG", "Moody 's"), ("ORG", "Fed")]);
    }

    #[test]
    fn possessive_endings_leave_names() {
        let got = kept(
            "the Fed 's decision and the Duke of Norfolk 's XI and Boatmen 's shares at Lord 's , London , \
             Treasury 's 30-year bond and Moody 's Investors Service",
            &[
                ("Fed 's", "ORG"),
                ("Duke of Norfolk 's XI", "ORG"),
                ("Boatmen", "ORG"),
                ("Lord 's", "LOC"),
                ("Treasury 's", "ORG"),
                ("Moody 's", "ORG"),
            ],
            |v, es| drop_trailing_possessives(v, es),
        );
        assert_eq!(
            strs(&got),
            [
                ("ORG", "Fed"),
                ("ORG", "Duke of Norfolk 's XI"),
                ("ORG", "Boatmen"),
                // Nothing possessed after it: the name's own.
                ("LOC", "Lord 's"),
                ("ORG", "Treasury"),
                // Before a capitalized word: maybe more of the name.
                ("ORG", "Moody 's"),
            ]
        );
    }

    #[test]
    fn pieces_of_one_name_are_joined() {
        let got = kept(
            "President Zine al-Abidine Ben Ali met Joaquin del Olmo , Smith and Al Unser Jr .\n\
             Queen Elizabeth I born . Tom Jones said I will , as Charles VI did .\n\
             Erik ten Hag spoke .",
            &[
                ("Zine", "PERSON"),
                ("al-Abidine Ben Ali", "PERSON"),
                ("Joaquin", "PERSON"),
                ("Olmo", "PERSON"),
                ("Erik", "PERSON"),
                ("Hag", "PERSON"),
                ("Smith", "PERSON"),
                ("Al Unser", "PERSON"),
                ("Elizabeth", "PERSON"),
                ("Tom Jones", "PERSON"),
                ("Charles", "PERSON"),
            ],
            complete_people,
        );
        assert_eq!(
            strs(&got),
            [
                ("PERSON", "Zine al-Abidine Ben Ali"),
                ("PERSON", "Joaquin del Olmo"),
                // A comma between: two people.
                ("PERSON", "Smith"),
                ("PERSON", "Al Unser Jr"),
                ("PERSON", "Elizabeth I"),
                // No royal title: `I` is the pronoun.
                ("PERSON", "Tom Jones"),
                ("PERSON", "Charles VI"),
                ("PERSON", "Erik ten Hag"),
            ]
        );
    }

    /// A given name before a particle joins the name after it, out of no
    /// entity or out of one it was taken into with a title; an ordinary
    /// word or a title before the particle does not.
    #[test]
    fn given_names_before_particles_join_the_name() {
        let (d, g) = doc("Erik ten Hag spoke .\n\
             Coach Erik ten Hag spoke .\n\
             Cassa di Risparmio di Roma said .\n\
             United boss Louis van Gaal left .\n\
             The van Gogh show opened . In de Graaf we trust .\n\
             Minister von Weizsaecker came .");
        let v = View::new(&d, &g);
        let mut es: Vec<Entity> = [
            ("Hag", 0, "PERSON"),
            ("Coach Erik", 0, "MISC"),
            ("Hag", 1, "PERSON"),
            ("Risparmio", 0, "ORG"),
            ("Roma", 0, "PERSON"),
            ("United", 0, "ORG"),
            ("Gaal", 0, "PERSON"),
            ("Gogh", 0, "PERSON"),
            ("Graaf", 0, "PERSON"),
            ("Weizsaecker", 0, "PERSON"),
        ]
        .iter()
        .map(|&(text, nth, label)| entity_at(&d, text, nth, label))
        .collect();
        complete_people(&v, &mut es);
        assert_eq!(
            strs(&texts(&es)),
            [
                ("PERSON", "Erik ten Hag"),
                ("PERSON", "Erik ten Hag"),
                ("ORG", "Risparmio"),
                ("PERSON", "Roma"),
                ("ORG", "United"),
                ("PERSON", "Louis van Gaal"),
                ("PERSON", "Gogh"),
                ("PERSON", "Graaf"),
                ("PERSON", "Weizsaecker"),
            ]
        );
    }

    #[test]
    fn titles_inside_names_begin_people() {
        let got = kept(
            "U.N. Ambassador Albright met Security Council President Tono Eitel of Germany , \
             the Burger King Corp and the Minister Corp and the Government Minister of Finance , \
             Federal Reserve Vice Chairman Manuel Johnson .",
            &[
                ("Federal Reserve Vice Chairman Manuel Johnson", "ORG"),
                ("U.N. Ambassador Albright", "ORG"),
                ("Security Council President Tono Eitel of Germany", "ORG"),
                ("Burger King Corp", "ORG"),
                ("Minister Corp", "ORG"),
                ("Government Minister of Finance", "ORG"),
            ],
            split_at_inner_titles,
        );
        assert_eq!(
            strs(&got),
            [
                ("ORG", "U.N."),
                ("PERSON", "Albright"),
                ("ORG", "Security Council"),
                ("PERSON", "Tono Eitel"),
                ("LOC", "Germany"),
                // No inner person title, or no name after it.
                ("ORG", "Burger King Corp"),
                ("ORG", "Minister Corp"),
                ("ORG", "Government Minister of Finance"),
                // The whole run of titles goes.
                ("ORG", "Federal Reserve"),
                ("PERSON", "Manuel Johnson"),
            ]
        );
    }

    #[test]
    fn names_lose_enclosing_marks_and_marks_alone_are_none() {
        let text = "< Gold Mines Inc > said \" Hanoi \" and > rose , Mladost ( L ) ,";
        let (d, g) = doc(text);
        let v = View::new(&d, &g);
        let span = |from: &str, to: &str| {
            let start = text.find(from).unwrap();
            let end = text[start..].find(to).unwrap() + start + to.len();
            Entity {
                start,
                end,
                text: text[start..end].to_owned(),
                label: "ORG".to_owned(),
                canonical: None,
                value: None,
            }
        };
        let mut es = vec![
            span("< Gold", "Inc >"),
            span("\" Hanoi", "Hanoi \""),
            span("> rose", ">"),
            span("Mladost", "( L ) ,"),
            Entity {
                label: "DATE".to_owned(),
                ..span("said", "said")
            },
        ];
        trim_enclosing_marks(&v, &mut es);
        assert_eq!(
            strs(&texts(&es)),
            [
                ("ORG", "Gold Mines Inc"),
                ("ORG", "Hanoi"),
                ("ORG", "Mladost ( L )"),
                ("DATE", "said")
            ]
        );
        for e in &es {
            assert_eq!(&text[e.start..e.end], e.text);
        }
    }

    #[test]
    fn plural_possessives_do_not_cut_names() {
        let (d, g) = doc(
            "at the Nordic Farmers ' Congress in May , and in Peru ' s Andes .\n\
             the Union of Workers ’ Assembly met .\n\
             on education , Senior Officials ’ Meeting on welfare .\n\
             Senior Officials ’ Meeting opened .\n\
             passed on Monday Workers ' Compensation Act .",
        );
        let v = View::new(&d, &g);
        let mut es = vec![
            entity(&d, "Nordic", "MISC"),
            entity(&d, "Congress", "ORG"),
            entity(&d, "Peru", "LOC"),
            entity(&d, "Andes", "LOC"),
            entity(&d, "Union of Workers", "ORG"),
            entity(&d, "Officials", "MISC"),
        ];
        // The last `Officials`, whose run opens its sentence, and the last
        // `Workers`, after a day's name.
        for word in ["Officials", "Workers"] {
            let last = d.text.rfind(word).unwrap();
            es.push(Entity {
                start: last,
                end: last + word.len(),
                ..entity(&d, word, "MISC")
            });
        }
        join_possessives(&v, &mut es);
        assert_eq!(
            strs(&texts(&es)),
            [
                ("MISC", "Nordic Farmers ' Congress"),
                ("LOC", "Peru"),
                ("LOC", "Andes"),
                ("ORG", "Union of Workers ’ Assembly"),
                ("MISC", "Senior Officials ’ Meeting"),
                ("MISC", "Officials"),
                ("MISC", "Workers ' Compensation Act"),
            ]
        );
    }

    #[test]
    fn a_leading_the_is_not_part_of_a_name() {
        let got = kept(
            "The Fisheries Agency said so .",
            &[("The Fisheries Agency", "ORG")],
            |v, es| drop_leading_the(v, es),
        );
        assert_eq!(strs(&got), [("ORG", "Fisheries Agency")]);
    }

    #[test]
    fn known_organizations_are_relabelled_not_created() {
        let mk = |text: &str, label: &str| Entity {
            start: 0,
            end: text.len(),
            text: text.to_owned(),
            label: label.to_owned(),
            canonical: None,
            value: None,
        };
        let mut es = vec![
            mk("ASEAN", "MISC"),
            mk("EU", "LOC"),
            mk("Asean", "MISC"),
            mk("UN", "ORG"),
        ];
        known_organizations(&mut es);
        let labels: Vec<&str> = es.iter().map(|e| e.label.as_str()).collect();
        // Exact text only: `Asean` is not in the list.
        assert_eq!(labels, ["ORG", "ORG", "MISC", "ORG"]);
    }
}
