//! Gazetteers: lists of names with a label and a canonical form.
//!
//! The built-in one is derived from GeoNames (countries, and cities of more
//! than 15,000 people with their Latin-script alternate names; CC BY 4.0,
//! see `data/README.md`). It feeds the recognizer's gazetteer features and
//! the canonical names of places. User gazetteers (`label<TAB>name` lines)
//! add or override entities after recognition.

use crate::error::TagError;
use crate::fingerprint::{FpMap, combine, of_str};
use crate::fold::{fold, fold_fingerprint, fold_tight};
use std::path::Path;

/// The entity labels a gazetteer may use, in feature order.
pub(crate) const LABELS: [&str; 4] = ["PERSON", "ORG", "LOC", "MISC"];

/// The longest name, in tokens, that is matched.
const MAX_TOKENS: usize = 6;

/// One name of a gazetteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerEntry {
    /// `PERSON`, `ORG`, `LOC` or `MISC`.
    pub label: &'static str,
    /// The canonical form all its variants resolve to.
    pub canonical: String,
}

/// A matched name: tokens `[start, end)` of a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Match {
    pub start: usize,
    pub end: usize,
    pub entry: u32,
}

/// A set of names, matched over tokens, case- and diacritic-insensitively.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    entries: Vec<GazetteerEntry>,
    /// `fold_tight(name)` → entry.
    by_key: FpMap<u32>,
    /// Chain fingerprint of folded tokens → (is a proper prefix, entry+1).
    trie: FpMap<(bool, u32)>,
    /// How many entries, from the first, are countries (built-in only).
    countries: u32,
}

const CHAIN_SEED: u64 = 0x6a2e_77c1;

/// The first region of the built-in gazetteer, after the countries.
const FIRST_REGION: &str = "Europe";

/// `fold_tight` of an already folded name.
fn tight(folded: &str) -> String {
    folded
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '\'' | '’'))
        .collect()
}

/// Normalizes a label as users write it.
pub(crate) fn label_of(s: &str) -> Option<&'static str> {
    match s.trim().to_ascii_uppercase().as_str() {
        "PER" | "PERSON" => Some(LABELS[0]),
        "ORG" | "ORGANIZATION" => Some(LABELS[1]),
        "LOC" | "LOCATION" | "GPE" => Some(LABELS[2]),
        "MISC" => Some(LABELS[3]),
        _ => None,
    }
}

impl Gazetteer {
    /// The built-in gazetteer (GeoNames places), parsed from the embedded
    /// table.
    pub fn builtin() -> Result<Self, TagError> {
        static BYTES: &[u8] = include_bytes!("../data/places.tsv.zst");
        let raw = zstd::decode_all(BYTES)
            .map_err(|e| TagError::InvalidModel(format!("built-in gazetteer: {e}")))?;
        let text = String::from_utf8_lossy(&raw);
        let mut g = Self::default();
        for line in text.lines() {
            let mut cols = line.split('\t');
            let (Some(label), Some(canonical)) = (cols.next(), cols.next()) else {
                continue;
            };
            let Some(label) = label_of(label) else {
                continue;
            };
            // `derive_places.py` writes the countries first, then the
            // regions, `Europe` the first of them, then the cities.
            if canonical == FIRST_REGION && g.countries == 0 {
                g.countries = g.entries.len() as u32;
            }
            let id = g.add_entry(label, canonical, false);
            g.add_name(canonical, id, false);
            for variant in cols.next().unwrap_or("").split('|') {
                if !variant.is_empty() {
                    g.add_name(variant, id, false);
                }
            }
        }
        Ok(g)
    }

    /// Reads a user gazetteer: `label<TAB>name` lines (`#` comments and
    /// blank lines ignored); the name is its own canonical form. Anything
    /// but a regular file of at most 64 MiB is refused.
    pub fn from_file(path: &Path) -> Result<Self, TagError> {
        let read_error = |source| TagError::ReadGazetteer {
            path: path.to_owned(),
            source,
        };
        let bytes =
            crate::files::read_regular(path, crate::files::GAZETTEER_LIMIT).map_err(read_error)?;
        let text = String::from_utf8(bytes)
            .map_err(|e| read_error(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))?;
        let mut g = Self::default();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |message: String| TagError::Gazetteer {
                path: path.to_owned(),
                line: n + 1,
                message,
            };
            let (label, name) = line
                .split_once('\t')
                .ok_or_else(|| err("expected `label<TAB>name`".into()))?;
            let label = label_of(label).ok_or_else(|| {
                err(format!(
                    "unknown label `{label}`: use PERSON, ORG, LOC or MISC"
                ))
            })?;
            let name = name.trim();
            if name.is_empty() {
                return Err(err("empty name".into()));
            }
            let id = g.add_entry(label, name, true);
            g.add_name(name, id, true);
        }
        Ok(g)
    }

    fn add_entry(&mut self, label: &'static str, canonical: &str, replace: bool) -> u32 {
        // The entry's key is its name's: looked up again by `add_name`.
        let key = of_str(&fold_tight(canonical));
        if let Some(&id) = self.by_key.get(&key) {
            if replace {
                self.entries[id as usize] = GazetteerEntry {
                    label,
                    canonical: canonical.to_owned(),
                };
            }
            return id;
        }
        self.entries.push(GazetteerEntry {
            label,
            canonical: canonical.to_owned(),
        });
        (self.entries.len() - 1) as u32
    }

    fn add_name(&mut self, name: &str, id: u32, replace: bool) {
        let folded = fold(name);
        let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
        if words.is_empty() || words.len() > MAX_TOKENS {
            return;
        }
        let key = of_str(&tight(&folded));
        if replace || !self.by_key.contains_key(&key) {
            self.by_key.insert(key, id);
        }
        let mut chain = CHAIN_SEED;
        for (k, w) in words.iter().enumerate() {
            chain = combine(chain, of_str(w));
            let last = k + 1 == words.len();
            let slot = self.trie.entry(chain).or_insert((false, 0));
            if last {
                if replace || slot.1 == 0 {
                    slot.1 = id + 1;
                }
            } else {
                slot.0 = true;
            }
        }
    }

    /// Adds every name of `other` (its entries override this one's).
    pub fn extend(&mut self, other: &Gazetteer) {
        for e in &other.entries {
            let id = self.add_entry(e.label, &e.canonical, true);
            self.add_name(&e.canonical, id, true);
        }
    }

    /// The number of entries (canonical names).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it has no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry whose name or variant folds like `name`.
    pub fn lookup(&self, name: &str) -> Option<&GazetteerEntry> {
        let id = self.by_key.get(&of_str(&fold_tight(name)))?;
        self.entries.get(*id as usize)
    }

    /// The index of the entry whose name or variant folds like `name`. In
    /// the built-in gazetteer it is a rank: countries first, then regions,
    /// then cities by decreasing population.
    pub(crate) fn rank(&self, name: &str) -> Option<u32> {
        self.by_key.get(&of_str(&fold_tight(name))).copied()
    }

    /// Whether `name` is one of the built-in gazetteer's countries (or a
    /// variant of one: `U.S.`), not a region or city.
    pub(crate) fn is_country(&self, name: &str) -> bool {
        self.rank(name).is_some_and(|r| r < self.countries)
    }

    /// The entry with index `id`.
    pub(crate) fn entry(&self, id: u32) -> Option<&GazetteerEntry> {
        self.entries.get(id as usize)
    }

    /// Longest matches over a sentence's words, left to right, starting at
    /// capitalized words only.
    pub(crate) fn matches(&self, words: &[&str]) -> Vec<Match> {
        let mut out = Vec::new();
        if self.trie.is_empty() {
            return out;
        }
        let mut i = 0;
        while i < words.len() {
            if !words[i].chars().next().is_some_and(char::is_uppercase) {
                i += 1;
                continue;
            }
            let mut chain = CHAIN_SEED;
            let mut found: Option<(usize, u32)> = None;
            for (j, word) in words.iter().enumerate().skip(i).take(MAX_TOKENS) {
                chain = combine(chain, fold_fingerprint(word));
                match self.trie.get(&chain) {
                    Some(&(more, entry)) => {
                        if entry > 0 {
                            found = Some((j + 1, entry - 1));
                        }
                        if !more {
                            break;
                        }
                    }
                    None => break,
                }
            }
            match found {
                Some((end, entry)) => {
                    out.push(Match {
                        start: i,
                        end,
                        entry,
                    });
                    i = end;
                }
                None => i += 1,
            }
        }
        out
    }

    /// Feature values of the matches over a sentence's words: one per word,
    /// 0 outside any match.
    pub(crate) fn feature_values(&self, words: &[&str]) -> Vec<u64> {
        let mut out = vec![0u64; words.len()];
        for m in self.matches(words) {
            let label = self.entry(m.entry).map_or(0, |e| {
                LABELS.iter().position(|l| *l == e.label).unwrap_or(0)
            });
            for (k, slot) in out[m.start..m.end].iter_mut().enumerate() {
                *slot = combine(label as u64 + 1, u64::from(k == 0) + 7);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_resolves_vietnamese_place_variants() {
        let g = Gazetteer::builtin().unwrap();
        let hanoi = g.lookup("Hanoi").unwrap().canonical.clone();
        for v in ["Hà Nội", "Ha Noi", "HÀ NỘI", "Hanoi"] {
            assert_eq!(g.lookup(v).unwrap().canonical, hanoi, "{v}");
        }
        let vn = g.lookup("Vietnam").unwrap();
        assert_eq!(vn.label, "LOC");
        for v in ["Việt Nam", "Viet Nam", "VIETNAM"] {
            assert_eq!(g.lookup(v).unwrap().canonical, vn.canonical, "{v}");
        }
    }

    #[test]
    fn countries_are_told_from_regions_and_cities() {
        let g = Gazetteer::builtin().unwrap();
        for name in ["Ethiopia", "U.S.", "Viet Nam", "Laos"] {
            assert!(g.is_country(name), "{name}");
        }
        for name in ["Europe", "Leicester", "Milan", "Hanoi", "Nowhere"] {
            assert!(!g.is_country(name), "{name}");
        }
        assert!(!Gazetteer::default().is_country("Ethiopia"));
    }

    /// GeoNames' translations and nicknames made of plain English words
    /// are not names of those cities in English news; real other names
    /// and spellings of a city still are.
    #[test]
    fn builtin_leaves_out_plain_english_alternate_names() {
        let g = Gazetteer::builtin().unwrap();
        for phrase in [
            "White House",
            "Rest",
            "Spoken",
            "Name",
            "Okay",
            "None Such",
            "Big Easy",
        ] {
            assert!(g.lookup(phrase).is_none(), "{phrase}");
        }
        for (variant, city) in [
            ("Bombay", "Mumbai"),
            ("Ha Tinh", "Hà Tĩnh"),
            ("HCM City", "Ho Chi Minh City"),
            ("Casablanca", "Casablanca"),
        ] {
            assert_eq!(g.lookup(variant).map(|e| e.canonical.as_str()), Some(city));
        }
        let words = ["White", "House", "spokesman", "Marlin", "Fitzwater"];
        assert!(g.matches(&words).is_empty());
    }

    #[test]
    fn matches_longest_capitalized_names() {
        let g = Gazetteer::builtin().unwrap();
        let words = ["in", "Hà", "Nội", "and", "New", "York", "today"];
        let m = g.matches(&words);
        assert_eq!(m.len(), 2);
        assert_eq!((m[0].start, m[0].end), (1, 3));
        assert_eq!((m[1].start, m[1].end), (4, 6));
    }
}
