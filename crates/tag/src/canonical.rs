//! Canonical names: one name per real-world entity, the same in every
//! document.
//!
//! A mention's canonical form is a function of the mention, its document
//! and the committed tables only: titles are dropped (`Ambassador Vu Ho` →
//! `Vu Ho`), a short person mention links to the longest person mention of
//! the document that contains its words (`Việt` → `Đỗ Hùng Việt`), an
//! acronym defined in the document (`Association of Southeast Asian Nations
//! (ASEAN)`) names its long form, places resolve through the gazetteer
//! (`Hà Nội`, `Ha Noi`, `HÀ NỘI` → `Hanoi`), and what remains is written
//! without diacritics, in one case style (`Đỗ Hùng Việt` and `DO HUNG VIET`
//! → `Do Hung Viet`).

use crate::fold::{fold, strip_diacritics};
use crate::gazetteer::Gazetteer;
use crate::repair::is_company_name;
use docpipe_core::Entity;
use std::collections::{HashMap, HashSet};

/// Words that are titles, not names, at the start of a person mention.
const TITLES: &[&str] = &[
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "dr",
    "dr.",
    "prof",
    "prof.",
    "sir",
    "dame",
    "president",
    "vice",
    "prime",
    "minister",
    "deputy",
    "pm",
    "fm",
    "ambassador",
    "chairman",
    "chairwoman",
    "secretary",
    "general",
    "gen.",
    "gen",
    "senator",
    "sen.",
    "rep.",
    "governor",
    "gov.",
    "king",
    "queen",
    "prince",
    "princess",
    "premier",
    "chancellor",
    "acting",
    "foreign",
    "head",
    "director",
    "mayor",
    "judge",
    "justice",
    "lt.",
    "col.",
    "capt.",
    "sgt.",
    "rev.",
    "father",
    "pope",
    "sheikh",
    "excellency",
    "his",
    "her",
    "madam",
    "madame",
    "ceo",
    "chief",
    "spokesman",
    "spokeswoman",
    "envoy",
    "ambassador-designate",
    "lord",
    "lady",
    "colonel",
    "captain",
];

/// Whether a word is a title.
pub(crate) fn is_title(word: &str) -> bool {
    if word.is_ascii() {
        return TITLES.iter().any(|t| t.eq_ignore_ascii_case(word));
    }
    let f = fold(word);
    TITLES.contains(&f.as_str())
}

/// The case style of a canonical form: diacritics removed, whitespace
/// collapsed, a multi-word name in capitals title-cased, and so is a word
/// in capitals too long for an acronym (`VIETNAM`). A hyphenated word is
/// judged by its longest part and title-cased part by part, so that
/// acronyms joined by hyphens stay (`ASEAN-EU`, not `Asean-eu`).
pub(crate) fn style(name: &str) -> String {
    let plain = strip_diacritics(name).replace('’', "'");
    let words: Vec<&str> = plain.split_whitespace().collect();
    let shouting = words.len() > 1 && words.iter().all(|w| !w.chars().any(char::is_lowercase));
    let words: Vec<String> = words
        .iter()
        .map(|w| {
            let longest = w.split('-').map(|p| p.chars().count()).max().unwrap_or(0);
            if shouting || (longest > 5 && !w.chars().any(char::is_lowercase)) {
                w.split('-').map(title_case).collect::<Vec<_>>().join("-")
            } else {
                (*w).to_owned()
            }
        })
        .collect();
    words.join(" ")
}

/// `WORD` → `Word`.
fn title_case(word: &str) -> String {
    let mut cs = word.chars();
    match cs.next() {
        Some(f) => f
            .to_uppercase()
            .chain(cs.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// Initials of the capitalized words of a name (`Association of Southeast
/// Asian Nations` → `ASAN`), for acronym matching.
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}

/// Sets `canonical` on every PERSON, ORG, LOC and MISC entity of a
/// document. `user` gazetteers are consulted before the built-in one.
pub(crate) fn resolve(text: &str, entities: &mut [Entity], user: &Gazetteer, builtin: &Gazetteer) {
    let named = |e: &Entity| matches!(e.label.as_str(), "PERSON" | "ORG" | "LOC" | "MISC");
    // Acronyms defined as `Long Name (ACR)`: long form → acronym.
    let mut acronym_of: Vec<(String, String)> = Vec::new();
    for (i, e) in entities.iter().enumerate() {
        if !named(e) {
            continue;
        }
        let after = text.get(e.end..).unwrap_or("").trim_start();
        if let Some(rest) = after.strip_prefix('(')
            && let Some(next) = entities.get(i + 1)
            && rest.trim_start().starts_with(next.text.as_str())
            && next
                .text
                .chars()
                .all(|c| c.is_uppercase() || c.is_ascii_digit())
            && next.text.len() >= 2
        {
            let ini = initials(&e.text);
            let acr = &next.text;
            let matches = ini == *acr
                || (acr.len() >= 2
                    && ini.starts_with(&acr[..1])
                    && ini.len() >= acr.len().saturating_sub(1)
                    && ini.len() <= acr.len() + 1);
            if matches {
                acronym_of.push((fold(&e.text), acr.clone()));
            }
        }
    }
    // A one-word mention that is a word of a longer person's name in the
    // same document is that person (`Việt` after `Đỗ Hùng Việt`), unless it
    // is a place the gazetteer or the regions' list knows (`Chechnya` after
    // the headline's `Lebed Chechnya`).
    // The words of those longer names, in one set rather than a scan of
    // every name per mention.
    let name_words: HashSet<String> = entities
        .iter()
        .filter(|e| e.label == "PERSON")
        .map(|e| {
            fold(&e.text)
                .split(' ')
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|w| w.len() > 1)
        .flatten()
        .collect();
    for e in entities
        .iter_mut()
        .filter(|e| named(e) && e.label != "PERSON")
    {
        let f = fold(&e.text);
        if !f.contains(' ')
            && name_words.contains(&f)
            && builtin.lookup(&e.text).is_none()
            && !crate::repair::is_region(&e.text)
        {
            e.label = "PERSON".to_owned();
        }
    }
    let persons = NameIndex::new(
        entities
            .iter()
            .filter(|e| e.label == "PERSON")
            .map(|e| Name::new(&e.text))
            .collect(),
    );
    // Companies named with their form (`Walt Disney Co`), for the shorter
    // mentions of them (`Disney`).
    let companies = NameIndex::new(
        entities
            .iter()
            .filter(|e| e.label == "ORG" && is_company_name(e.text.split_whitespace()))
            .map(|e| Name::new(&e.text))
            .collect(),
    );
    // The first definition of each long form, as a scan would find it.
    let mut first_acronym: HashMap<&str, &str> = HashMap::new();
    for (long, acr) in &acronym_of {
        first_acronym.entry(long).or_insert(acr);
    }
    let names = Names {
        persons: &persons,
        companies: &companies,
        acronym_of: &first_acronym,
    };
    for e in entities.iter_mut().filter(|e| named(e)) {
        e.canonical = Some(canonical_of(e, &names, user, builtin));
    }
}

/// A name of the document as written, with its folded words (folded once,
/// not for every mention it is compared with).
struct Name {
    text: String,
    words: Vec<String>,
}

impl Name {
    fn new(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            words: fold(text).split(' ').map(str::to_owned).collect(),
        }
    }
}

/// The document's own names that shorter mentions are linked to.
struct Names<'a> {
    /// People's names.
    persons: &'a NameIndex,
    /// Companies' names with their form.
    companies: &'a NameIndex,
    /// Long form (folded) → acronym, as first defined in the document.
    acronym_of: &'a HashMap<&'a str, &'a str>,
}

/// Names of a document with, for each folded word, the names holding it:
/// a mention's longer names all hold its rarest word, so only the names
/// with that word are looked at, not every name of the document (which
/// made a document of many people quadratic).
struct NameIndex {
    names: Vec<Name>,
    /// Folded word → positions in `names` of the names holding it, in order.
    by_word: HashMap<String, Vec<usize>>,
}

impl NameIndex {
    fn new(names: Vec<Name>) -> Self {
        let mut by_word: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, n) in names.iter().enumerate() {
            for w in &n.words {
                let holders = by_word.entry(w.clone()).or_default();
                // A word twice in one name lists the name once.
                if holders.last() != Some(&i) {
                    holders.push(i);
                }
            }
        }
        Self { names, by_word }
    }

    /// The names with more words than `words` (folded) and all of them in
    /// it, in document order.
    fn containing<'n>(&'n self, words: &[&str]) -> impl Iterator<Item = &'n Name> {
        let rarest = words
            .iter()
            .map(|w| self.by_word.get(*w).map_or(&[][..], Vec::as_slice))
            .min_by_key(|holders| holders.len())
            // `words` comes from `split`, never empty.
            .unwrap_or(&[]);
        rarest.iter().map(|&i| &self.names[i]).filter(move |n| {
            n.words.len() > words.len() && words.iter().all(|w| n.words.iter().any(|x| x == w))
        })
    }
}

/// The company a shorter mention (`words`, folded) names: of the
/// companies with those words in a row (`Mark IV Industries Inc`, not for
/// `IV Mark`), the shortest (`Salomon Brothers Inc` rather than its
/// `Salomon Brothers Asia Ltd`), written in capitals and small letters if
/// one is (`PaineWebber Inc`, not `PAINEWEBBER INC`).
fn company_of<'n>(words: &[&str], companies: &'n NameIndex) -> Option<&'n Name> {
    companies
        .containing(words)
        .filter(|c| c.words.windows(words.len()).any(|w| w == words))
        .min_by_key(|c| {
            (
                !c.text.chars().any(char::is_lowercase),
                c.words.len(),
                c.text.as_str(),
            )
        })
}

fn canonical_of(e: &Entity, names: &Names<'_>, user: &Gazetteer, builtin: &Gazetteer) -> String {
    let name = e.text.as_str();
    if let Some(entry) = user.lookup(name) {
        return entry.canonical.clone();
    }
    let folded = fold(name);
    if let Some(acr) = names.acronym_of.get(folded.as_str()) {
        return style(acr);
    }
    let words: Vec<&str> = folded.split(' ').collect();
    if e.label == "PERSON" {
        let full = names
            .persons
            .containing(&words)
            .max_by_key(|p| (p.words.len(), std::cmp::Reverse(p.text.as_str())));
        return style(full.map_or(name, |p| p.text.as_str()));
    }
    if e.label == "ORG"
        && let Some(company) = company_of(&words, names.companies)
    {
        return style(&company.text);
    }
    if matches!(e.label.as_str(), "LOC" | "ORG" | "MISC")
        && let Some(entry) = builtin.lookup(name)
        && (e.label == "LOC" || name.split_whitespace().count() > 1)
    {
        return entry.canonical.clone();
    }
    style(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_names() {
        assert_eq!(style("Đỗ Hùng Việt"), "Do Hung Viet");
        assert_eq!(style("DO HUNG VIET"), "Do Hung Viet");
        assert_eq!(style("ASEAN"), "ASEAN");
        assert_eq!(style("VIETNAM"), "Vietnam");
        // Acronyms joined by a hyphen are no shouting.
        assert_eq!(style("ASEAN-EU"), "ASEAN-EU");
        assert_eq!(style("VIETNAM-CHINA"), "Vietnam-China");
        assert_eq!(style("HÀ NỘI-BASED FIRM"), "Ha Noi-Based Firm");
        assert_eq!(
            style("Ministry of  Foreign Affairs"),
            "Ministry of Foreign Affairs"
        );
    }

    /// Entities of `(text, label)` at the last mention of each text: where
    /// in the text matters not to these tests.
    fn at_last_mentions(text: &str, given: &[(&str, &str)]) -> Vec<Entity> {
        given
            .iter()
            .map(|&(t, label)| {
                let start = text.rfind(t).unwrap();
                Entity {
                    start,
                    end: start + t.len(),
                    text: t.to_owned(),
                    label: label.to_owned(),
                    canonical: None,
                    value: None,
                }
            })
            .collect()
    }

    #[test]
    fn shorter_mentions_of_a_company_link_to_its_full_name() {
        let text = "Walt Disney Co and Mark IV Industries Inc said Disney, Mark IV and IV Mark and Disney agreed. \
                    Mark IV Industries Finance Corp and MARK IV CORP said.";
        let mut entities = at_last_mentions(
            text,
            &[
                ("Walt Disney Co", "ORG"),
                ("Mark IV Industries Inc", "ORG"),
                ("Mark IV Industries Finance Corp", "ORG"),
                ("MARK IV CORP", "ORG"),
                ("Disney", "ORG"),
                ("Mark IV", "ORG"),
                ("IV Mark", "ORG"),
                ("Disney", "PERSON"),
            ],
        );
        let builtin = Gazetteer::builtin().unwrap();
        resolve(text, &mut entities, &Gazetteer::default(), &builtin);
        let canonical: Vec<&str> = entities
            .iter()
            .map(|e| e.canonical.as_deref().unwrap())
            .collect();
        assert_eq!(
            canonical,
            [
                "Walt Disney Co",
                "Mark IV Industries Inc",
                "Mark IV Industries Finance Corp",
                "Mark Iv Corp",
                "Walt Disney Co",
                // The shortest of the companies written in small letters
                // too, not `Mark IV Industries Finance Corp` nor `MARK IV
                // CORP`.
                "Mark IV Industries Inc",
                // Not the company's words in its order.
                "IV Mark",
                // A person is linked to people only.
                "Disney",
            ]
        );
    }

    #[test]
    fn a_word_of_a_longer_persons_name_is_that_person_unless_a_place() {
        let text = "Đỗ Hùng Việt met Lebed Chechnya . Việt went to Chechnya and Hanoi .";
        let mut entities = at_last_mentions(
            text,
            &[
                ("Đỗ Hùng Việt", "PERSON"),
                ("Lebed Chechnya", "PERSON"),
                ("Việt", "ORG"),
                ("Chechnya", "LOC"),
            ],
        );
        let builtin = Gazetteer::builtin().unwrap();
        resolve(text, &mut entities, &Gazetteer::default(), &builtin);
        let labels: Vec<&str> = entities.iter().map(|e| e.label.as_str()).collect();
        assert_eq!(labels, ["PERSON", "PERSON", "PERSON", "LOC"]);
    }

    /// Looking only at the names with a mention's rarest word finds what
    /// a scan of every name finds, in the same order.
    #[test]
    fn name_index_agrees_with_a_scan() {
        let texts = [
            "Pham Binh Minh",
            "Minh",
            "Abu Abu Bakr",
            "Nguyen Van Minh",
            "Binh Minh",
            "Van  Minh",
        ];
        let index = NameIndex::new(texts.iter().map(|t| Name::new(t)).collect());
        let mentions = [
            "Minh",
            "Binh Minh",
            "Abu",
            "Abu Bakr",
            "Van",
            "Nobody",
            "",
            "Minh Van",
        ];
        for mention in mentions {
            let folded = fold(mention);
            let words: Vec<&str> = folded.split(' ').collect();
            let scan: Vec<&str> = index
                .names
                .iter()
                .filter(|n| {
                    n.words.len() > words.len()
                        && words.iter().all(|w| n.words.iter().any(|x| x == w))
                })
                .map(|n| n.text.as_str())
                .collect();
            let found: Vec<&str> = index.containing(&words).map(|n| n.text.as_str()).collect();
            assert_eq!(found, scan, "{mention}");
        }
        let minh: Vec<&str> = index
            .containing(&["minh"])
            .map(|n| n.text.as_str())
            .collect();
        assert_eq!(
            minh,
            [
                "Pham Binh Minh",
                "Nguyen Van Minh",
                "Binh Minh",
                "Van  Minh"
            ]
        );
    }

    #[test]
    fn titles() {
        assert!(is_title("Ambassador"));
        assert!(is_title("Mr."));
        assert!(!is_title("Viet"));
    }
}
