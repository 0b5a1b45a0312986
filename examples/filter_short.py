#!/usr/bin/env python3
"""A docpipe `exec` stage that filters: drops documents shorter than N words.

    [[stage]]
    uses = "exec"
    id = "long_only"
    command = ["python3", "examples/filter_short.py", "--min-words", "100"]

Documents with at least N words (default 50) come back unchanged; the others
are answered with {"id": …, "drop": "<n> words, fewer than <N>"} and docpipe
writes that reason to dropped.jsonl.
"""

import argparse
import json
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-words", type=int, default=50)
    args = parser.parse_args()
    print(f"filter_short: keeping documents of {args.min_words}+ words", file=sys.stderr, flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        doc = json.loads(line)
        words = len(doc["text"].split())
        if words < args.min_words:
            answer = {"id": doc["id"], "drop": f"{words} words, fewer than {args.min_words}"}
        else:
            answer = doc
        sys.stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
