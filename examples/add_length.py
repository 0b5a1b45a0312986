#!/usr/bin/env python3
"""A docpipe `exec` stage that adds a field: the text's length.

For every document it sets attrs.<key> = {"chars": …, "words": …, "lines": …},
where <key> is the first argument (default "length", the stage id to use in
the pipeline file). Run it from a pipeline:

    [[stage]]
    uses = "exec"
    id = "length"
    command = ["python3", "examples/add_length.py", "length"]
    produces = ["attrs.length"]

The protocol: one JSON document per line on stdin; answer one JSON line per
document on stdout (the whole record, or {"id", "drop"} / {"id", "error"})
and flush. Logs go to stderr, never to stdout.
"""

import json
import sys


def process(doc, key):
    text = doc["text"]
    doc.setdefault("attrs", {})[key] = {
        "chars": len(text),  # code points, like docpipe's offsets
        "words": len(text.split()),
        "lines": text.count("\n") + 1 if text else 0,
    }
    return doc


def main():
    key = sys.argv[1] if len(sys.argv) > 1 else "length"
    for line in sys.stdin:
        if not line.strip():
            continue
        doc = json.loads(line)
        try:
            answer = process(doc, key)
        except Exception as e:  # one bad document must not stop the worker
            answer = {"id": doc.get("id"), "error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
