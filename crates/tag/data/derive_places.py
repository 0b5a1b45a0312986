#!/usr/bin/env python3
"""Derives places.tsv.zst (the tag stage's built-in gazetteer) from GeoNames.

Usage (from the repository root):
    python3 crates/tag/data/derive_places.py ../shared/data/gazetteers crates/tag/data/places.tsv.zst \
        ../shared/data/conll2003/train.txt ../shared/data/bench/reuters21578.jsonl \
        ../shared/data/summ/bbc_news_summary.jsonl

Output lines: LOC<TAB>canonical<TAB>variant|variant|...  (countries first,
then cities by decreasing population). Only Latin-script names are kept;
alternate names only for cities of 100,000 people or more, and no
all-capital codes of 4 letters or fewer (airport codes).

GeoNames' alternate names include translations and nicknames made of plain
English words (Casablanca: `White House`; Rasht: `Rest`; Caen: `Can`;
Richmond: `None Such`). In English news those words mean something else, so
a city's alternate name is left out when every word of it is an ordinary
English word: written in lower case at least 5 times over the corpora given
(CoNLL-2003 train.txt tokens, then JSONL texts; counted as derive_common.py
counts), and either at least as often as capitalized in mid-sentence or at
least 100 times (`white`, `house`: names like `White House` make them
capitalized more often than not). A spelling of the city's own name
(`Ha Tinh` for `Hà Tĩnh`) is kept whatever its words.
"""
import json, subprocess, sys, unicodedata

from derive_common import word_counts

src, dst, train, corpora = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
lower, cap_mid, _ = word_counts(train, corpora)


def english(word):
    n = lower[word]
    return n >= 5 and (n >= cap_mid[word] or n >= 100)


def fold(s):
    """Lower case, diacritics, hyphens and dots gone."""
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return " ".join(s.lower().replace("-", " ").replace(".", " ").split())


def plain_words(variant, name):
    words = fold(variant).split()
    return fold(variant) != fold(name) and bool(words) and all(english(w) for w in words)


def latin(s):
    for c in s:
        if c.isascii():
            if not (c.isalnum() or c in " -'."):
                return False
        elif not ('\u00c0' <= c <= '\u024f' or '\u1e00' <= c <= '\u1eff'):
            return False
    return any(c.isalpha() for c in s) and s[:1].isupper()

# General aliases of places (not taken from any corpus).
ALIASES = {
    "United States": ["US", "U.S.", "USA", "U.S.A.", "United States of America", "America"],
    "United Kingdom": ["UK", "U.K.", "Britain", "Great Britain"],
    "Russia": ["Russian Federation"],
    "South Korea": ["Republic of Korea", "ROK"],
    "North Korea": ["DPRK"],
    "Laos": ["Lao PDR", "Lao People's Democratic Republic"],
    "Myanmar": ["Burma"],
    "Czechia": ["Czech Republic"],
    "Netherlands": ["Holland", "The Netherlands"],
    "Vietnam": ["Viet Nam"],
}
REGIONS = ["Europe", "Asia", "Africa", "North America", "South America", "Latin America",
           "Southeast Asia", "South East Asia", "East Asia", "Middle East", "Asia-Pacific",
           "Asia Pacific", "Oceania", "Antarctica", "Caribbean", "Balkans", "Scandinavia",
           "Western Europe", "Eastern Europe", "Central Asia", "South Asia", "Gulf", "Pacific",
           "Atlantic", "Mekong", "East Sea", "South China Sea"]

lines, seen = [], set()
countries = json.load(open(f"{src}/countries.json"))
for c in sorted(countries.values(), key=lambda c: -int(c.get("population") or 0)):
    name = c["name"]
    variants = [v for v in ALIASES.get(name, []) if v not in seen]
    lines.append(f"LOC\t{name}\t{'|'.join(variants)}")
    seen.add(name)
for r in REGIONS:
    lines.append(f"LOC\t{r}\t")
cities = json.load(open(f"{src}/cities15000.json"))
for c in sorted(cities.values(), key=lambda c: (-int(c.get("population") or 0), c["geonameid"])):
    name = c["name"]
    if not latin(name):
        continue
    variants = []
    if int(c.get("population") or 0) >= 100000:
        variants = sorted({v for v in c.get("alternatenames", []) if latin(v) and v != name and len(v) > 2
                           and not (v.replace('.', '').isupper() and len(v) <= 4)
                           and not plain_words(v, name)})
    lines.append(f"LOC\t{name}\t{'|'.join(variants)}")
data = ("\n".join(lines) + "\n").encode()
out = subprocess.run(["zstd", "-19", "-q", "-c"], input=data, capture_output=True, check=True).stdout
open(dst, "wb").write(out)
print(f"{len(lines)} entries, {len(data)} bytes -> {len(out)} bytes", file=sys.stderr)
