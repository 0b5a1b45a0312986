#!/usr/bin/env python3
"""Derives common.txt: word forms that are ordinary lower-case English words.

Usage: derive_common.py TRAIN.txt REUTERS.jsonl OUT.txt [MORE.jsonl ...]

A form (lower-cased) is listed when, over CoNLL-2003 train.txt (tokens), the
Reuters-21578 bench corpus and any further JSONL corpora given (texts split
on spaces and punctuation; BBC News Summary's articles, 2004-05, bring words
of newer news such as `connectivity`), it
occurs in lower case at least 5 times and at least 4 times as often as
capitalized in mid-sentence, and is not tagged as (part of) an entity in
train.txt more often than it is written in lower case. One form per line,
sorted by byte order. Deterministic: same inputs, same bytes.

`word_counts` is shared with derive_places.py.
"""
import json
import re
import sys
from collections import Counter


def word_counts(train, corpora):
    """Counts, per lower-cased form, how often it is written in lower case,
    how often capitalized in mid-sentence, and how often it is (part of) an
    entity in train.txt; over train.txt's tokens and the JSONL corpora's
    texts."""
    lower, cap_mid, in_entity = Counter(), Counter(), Counter()

    def count(words):
        start = True
        for w in words:
            if not w[:1].isalpha():
                start = w in (".", "!", "?", ":", ";", '"', "``", "''", "(", "-", "--")
                continue
            k = w.lower()
            if w == k:
                lower[k] += 1
            elif w[0].isupper() and w[1:] == w[1:].lower() and not start:
                cap_mid[k] += 1
            start = False

    sentence = []
    for line in open(train, encoding="utf-8"):
        cols = line.split()
        if not cols or cols[0] == "-DOCSTART-":
            count(sentence)
            sentence = []
            continue
        sentence.append(cols[0])
        if cols[-1] != "O":
            in_entity[cols[0].lower()] += 1
    count(sentence)

    token = re.compile(r"[A-Za-z][A-Za-z'-]*|[.!?:;\"(]")
    for corpus in corpora:
        for line in open(corpus, encoding="utf-8"):
            doc = json.loads(line)
            for para in doc.get("text", "").split("\n"):
                count(token.findall(para))
    return lower, cap_mid, in_entity


def main():
    train, reuters, dst = sys.argv[1:4]
    lower, cap_mid, in_entity = word_counts(train, [reuters, *sys.argv[4:]])
    words = sorted(
        k for k, n in lower.items()
        if n >= 5 and n >= 4 * cap_mid[k] and in_entity[k] <= n and len(k) > 1
    )
    open(dst, "w", encoding="utf-8").write("".join(w + "\n" for w in words))
    print(f"{len(words)} words", file=sys.stderr)


if __name__ == "__main__":
    main()
