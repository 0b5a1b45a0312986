"""One datatrove run for compare.py: a JsonlReader → [filters] → JsonlWriter
pipeline over the slice, one task, one worker, in this process.

    python datatrove_worker.py --input SLICE.jsonl --output-dir DIR [--filters]

Without ``--filters`` this is datatrove's I/O floor: read each JSONL line into
a ``Document`` and write it back (uncompressed). With ``--filters`` the
documents also pass datatrove's basic English quality filters, all offline:
``GopherRepetitionFilter``, ``GopherQualityFilter`` (word splitting through
datatrove's English tokenizer, ``spacy.blank("en")``) and
``C4QualityFilter``; dropped documents are not written.

Prints one JSON object on stdout: versions, seconds importing (``load_s``),
seconds running the executor (``process_s``), documents read and written.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", required=True)
    ap.add_argument("--output-dir", required=True)
    ap.add_argument("--filters", action="store_true")
    args = ap.parse_args()

    t0 = time.perf_counter()
    from importlib.metadata import version

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    steps = []
    inp = Path(args.input).resolve()
    out = Path(args.output_dir).resolve()
    steps.append(
        JsonlReader(
            str(inp.parent),
            glob_pattern=inp.name,
            compression=None,
            text_key="text",
            id_key="id",
            add_file_path=False,
        )
    )
    if args.filters:
        from datatrove.pipeline.filters import (
            C4QualityFilter,
            GopherQualityFilter,
            GopherRepetitionFilter,
        )

        steps += [GopherRepetitionFilter(), GopherQualityFilter(), C4QualityFilter()]
    steps.append(JsonlWriter(str(out / "data"), output_filename="${rank}.jsonl", compression=None))
    executor = LocalPipelineExecutor(
        pipeline=steps,
        tasks=1,
        workers=1,
        logging_dir=str(out / "logs"),
        skip_completed=False,
    )
    t1 = time.perf_counter()
    executor.run()
    t2 = time.perf_counter()

    written = 0
    for p in (out / "data").glob("*.jsonl"):
        with open(p, encoding="utf-8") as f:
            written += sum(1 for _ in f)
    read = 0
    with open(inp, encoding="utf-8") as f:
        read = sum(1 for line in f if line.strip())
    print(
        json.dumps(
            {
                "datatrove_version": version("datatrove"),
                "filters": args.filters,
                "python": sys.version.split()[0],
                "load_s": t1 - t0,
                "process_s": t2 - t1,
                "docs": read,
                "written": written,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
