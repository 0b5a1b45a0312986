#!/usr/bin/env python3
"""Times docpipe against spaCy and datatrove on the same documents.

Takes a slice of a JSONL corpus (default: the first 2,000 documents of
``../shared/data/bench/reuters21578.jsonl``), writes it to a work directory
outside the repository, then runs, interleaved for ``--rounds`` rounds (the
order rotates every round so drift in machine load spreads evenly):

* docpipe: ``docpipe run pipelines/news.toml --input SLICE --output DIR
  --threads N --force`` for each ``--threads`` value, into an output
  directory removed before every run (so nothing of an earlier run is
  reused); the engine's own run time is read from the run summary it prints
  and per-stage CPU seconds from ``manifest.json``;
* spaCy: ``spacy_worker.py`` for each ``--spacy PYTHON:MODEL`` (``nlp.pipe``
  in one process, JSONL in and out);
* datatrove: ``datatrove_worker.py`` (JsonlReader → JsonlWriter, and with
  its basic filters), one task, one process.

Every run is a child process; its wall time, user+system CPU time and peak
RSS come from ``os.wait4`` (the same rusage GNU ``/usr/bin/time`` reports).
Each tool also reports its processing time without start-up and model
loading (docpipe: the run's wall time from its summary; the workers: the time
from "model loaded" to "output written").

Then peak RSS of docpipe on 1× and ``--rss-scale``× the slice (the slice
repeated with ids made distinct), at each ``--rss-threads``.

Prints medians, docs/s, the ratios and the issue's targets; writes every raw
measurement to ``WORKDIR/results.json``. Only the standard library is used
here; the workers run in the Python environments you name (see README.md).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent  # the workspace root
DEFAULT_CORPUS = ROOT.parent / "shared/data/bench/reuters21578.jsonl"
DEFAULT_DOCPIPE = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release/docpipe"
DEFAULT_VENV = Path("/work/venv-compare")


def loadavg() -> tuple[float, float, float]:
    with open("/proc/loadavg") as f:
        a, b, c = f.read().split()[:3]
    return float(a), float(b), float(c)


def run_child(argv: list[str], log: Path, cwd: Path | None = None) -> dict:
    """Runs argv with stdout/stderr to files; returns wall, cpu, peak RSS."""
    out_path, err_path = log.with_suffix(".out"), log.with_suffix(".err")
    load_before = loadavg()[0]
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdout=out, stderr=err, cwd=cwd)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        tail = err_path.read_text(errors="replace")[-3000:]
        raise SystemExit(f"command failed ({p.returncode}): {' '.join(argv)}\n{tail}")
    return {
        "argv": argv,
        "wall_s": wall,
        "cpu_s": ru.ru_utime + ru.ru_stime,
        "user_s": ru.ru_utime,
        "sys_s": ru.ru_stime,
        "max_rss_kb": ru.ru_maxrss,  # kilobytes on Linux
        "load1_before": load_before,
        "load1_after": loadavg()[0],
        "stdout": out_path.read_text(errors="replace"),
    }


def write_slice(corpus: Path, dest: Path, docs: int, offset: int) -> tuple[int, int]:
    """Copies `docs` non-empty lines of `corpus` from `offset` verbatim."""
    n = nbytes = 0
    with open(corpus, encoding="utf-8") as f, open(dest, "w", encoding="utf-8") as out:
        for i, line in enumerate(f):
            if i < offset or not line.strip():
                continue
            rec = json.loads(line)
            nbytes += len(rec.get("text", "").encode("utf-8"))
            out.write(line if line.endswith("\n") else line + "\n")
            n += 1
            if n == docs:
                break
    return n, nbytes


def write_scaled(src: Path, dest: Path, times: int) -> int:
    """`src` repeated `times` times; copy k > 0 gets ids suffixed `~k`."""
    n = 0
    with open(dest, "w", encoding="utf-8") as out:
        for k in range(times):
            with open(src, encoding="utf-8") as f:
                for line in f:
                    rec = json.loads(line)
                    if k:
                        rec["id"] = f"{rec.get('id', '')}~{k}"
                    out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                    n += 1
    return n


SUMMARY_RE = re.compile(r" in ([0-9.]+)s with (\d+) threads")


class Config:
    """One thing to time."""

    def __init__(self, key: str, label: str, argv_fn, parse_fn):
        self.key, self.label, self.argv_fn, self.parse_fn = key, label, argv_fn, parse_fn
        self.runs: list[dict] = []


def docpipe_config(args, threads: int, slice_path: Path, work: Path) -> Config:
    out = work / f"out-docpipe-t{threads}"

    def argv():
        shutil.rmtree(out, ignore_errors=True)
        return [
            str(args.docpipe), "run", str(args.pipeline), "--input", str(slice_path),
            "--output", str(out), "--threads", str(threads), "--force",
        ]

    def parse(r):
        m = SUMMARY_RE.search(r["stdout"])
        if not m:
            raise SystemExit(f"no run summary in docpipe output:\n{r['stdout']}")
        manifest = json.loads((out / "manifest.json").read_text())
        errors = manifest["read"].get("errors", 0) + sum(s["errors"] for s in manifest["stages"])
        if errors:
            raise SystemExit(f"docpipe: {errors} documents failed; see {out}/errors.jsonl")
        return {
            "process_s": float(m.group(1)),
            "docs": manifest["read"]["docs"],
            "stages": {s["id"]: s["seconds"] for s in manifest["stages"]},
            "versions": manifest.get("versions", {}),
        }

    return Config(f"docpipe-t{threads}", f"docpipe news.toml, --threads {threads}", argv, parse)


def spacy_config(python: str, model: str, slice_path: Path, work: Path, batch_size) -> Config:
    tag = re.sub(r"[^A-Za-z0-9]+", "_", f"{model}-{Path(python).parent.parent.name}")
    out = work / f"out-spacy-{tag}.jsonl"

    def argv():
        a = [python, str(HERE / "spacy_worker.py"), "--model", model,
             "--input", str(slice_path), "--output", str(out)]
        if batch_size:
            a += ["--batch-size", str(batch_size)]
        return a

    def parse(r):
        return json.loads(r["stdout"].strip().splitlines()[-1])

    return Config(f"spacy-{tag}", f"spaCy {model} ({python})", argv, parse)


def datatrove_config(python: str, filters: bool, slice_path: Path, work: Path) -> Config:
    key = "datatrove-filters" if filters else "datatrove-io"
    out = work / f"out-{key}"

    def argv():
        shutil.rmtree(out, ignore_errors=True)
        a = [python, str(HERE / "datatrove_worker.py"), "--input", str(slice_path),
             "--output-dir", str(out)]
        return a + (["--filters"] if filters else [])

    def parse(r):
        return json.loads(r["stdout"].strip().splitlines()[-1])

    label = "datatrove JsonlReader→" + ("Gopher rep.+Gopher quality+C4 filters→" if filters else "") + "JsonlWriter"
    return Config(key, label, argv, parse)


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="JSONL with id/text (default: %(default)s)")
    ap.add_argument("--docs", type=int, default=2000, help="documents in the slice (default: %(default)s)")
    ap.add_argument("--offset", type=int, default=0, help="skip this many corpus lines first")
    ap.add_argument("--rounds", type=int, default=5, help="interleaved rounds; medians over them (default: %(default)s)")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/docpipe-compare"), help="slice, outputs, logs (default: %(default)s)")
    ap.add_argument("--docpipe", type=Path, default=DEFAULT_DOCPIPE, help="release binary (default: %(default)s)")
    ap.add_argument("--pipeline", type=Path, default=ROOT / "pipelines/news.toml")
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2], help="docpipe --threads values (default: 1 2)")
    ap.add_argument("--spacy", action="append", metavar="PYTHON:MODEL",
                    help="a spaCy run: interpreter and model (`en_core_web_sm` or `blank`); repeatable; "
                         f"default {DEFAULT_VENV}/bin/python:en_core_web_sm. The first is the one the 100x target uses.")
    ap.add_argument("--spacy-batch-size", type=int, default=None)
    ap.add_argument("--datatrove-python", default=str(DEFAULT_VENV / "bin/python"),
                    help="interpreter with datatrove installed; '' to skip datatrove")
    ap.add_argument("--no-datatrove-filters", action="store_true", help="only the reader→writer datatrove run")
    ap.add_argument("--rss-scale", type=int, default=10, help="peak RSS on 1x and this many times the slice (0: skip)")
    ap.add_argument("--rss-threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--rss-repeats", type=int, default=1)
    args = ap.parse_args()

    if not args.docpipe.exists():
        raise SystemExit(f"{args.docpipe} not found: build it with `cargo build --release` (or pass --docpipe)")
    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    (work / "logs").mkdir(exist_ok=True)
    slice_path = work / f"slice-{args.docs}.jsonl"
    ndocs, nbytes = write_slice(args.corpus, slice_path, args.docs, args.offset)
    print(f"slice: {ndocs} documents, {nbytes / 1e6:.2f} MB of text, from {args.corpus} (offset {args.offset}) → {slice_path}")

    configs = [docpipe_config(args, t, slice_path, work) for t in args.threads]
    for spec in args.spacy or [f"{DEFAULT_VENV}/bin/python:en_core_web_sm"]:
        python, _, model = spec.rpartition(":")
        configs.append(spacy_config(python, model, slice_path, work, args.spacy_batch_size))
    if args.datatrove_python:
        configs.append(datatrove_config(args.datatrove_python, False, slice_path, work))
        if not args.no_datatrove_filters:
            configs.append(datatrove_config(args.datatrove_python, True, slice_path, work))

    started = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    loads = [loadavg()]
    for rnd in range(args.rounds):
        k = rnd % len(configs)
        for c in configs[k:] + configs[:k]:
            r = run_child(c.argv_fn(), work / "logs" / f"{c.key}-r{rnd}")
            r.update(c.parse_fn(r))
            r["round"] = rnd
            c.runs.append(r)
            loads.append(loadavg())
            print(f"  round {rnd + 1}/{args.rounds} {c.key:<28} wall {r['wall_s']:8.2f}s  process {r['process_s']:8.2f}s  "
                  f"cpu {r['cpu_s']:8.2f}s  rss {r['max_rss_kb'] / 1024:7.1f} MB  load {r['load1_before']:.2f}",
                  flush=True)

    rss = []
    if args.rss_scale:
        big = work / f"slice-{args.docs}x{args.rss_scale}.jsonl"
        nbig = write_scaled(slice_path, big, args.rss_scale)
        for rep in range(args.rss_repeats):
            for threads in args.rss_threads:
                for scale, path, n in [(1, slice_path, ndocs), (args.rss_scale, big, nbig)]:
                    out = work / f"out-rss-t{threads}-x{scale}"
                    shutil.rmtree(out, ignore_errors=True)
                    r = run_child([str(args.docpipe), "run", str(args.pipeline), "--input", str(path), "--output",
                                   str(out), "--threads", str(threads), "--force"],
                                  work / "logs" / f"rss-t{threads}-x{scale}-r{rep}")
                    r.update({"threads": threads, "scale": scale, "docs": n, "repeat": rep})
                    rss.append(r)
                    loads.append(loadavg())
                    print(f"  rss t{threads} x{scale:<3} {n:>7} docs  peak {r['max_rss_kb'] / 1024:7.1f} MB  wall {r['wall_s']:.1f}s",
                          flush=True)
    finished = time.strftime("%Y-%m-%d %H:%M:%S %Z")

    # ---- report -------------------------------------------------------
    print()
    print(f"{ndocs} documents ({nbytes / 1e6:.2f} MB of text), {args.rounds} interleaved rounds, medians; {started} → {finished}")
    hdr = f"{'config':<26} {'process s':>9} {'docs/s':>9} {'MB/s':>7} {'wall s':>8} {'docs/s':>8} {'cpu s':>8} {'docs/cpu-s':>10} {'peak RSS':>9}"
    print("  process = without start-up and model loading; wall = whole child process; cpu = user+sys of the process")
    print(hdr)
    summary = {}
    for c in configs:
        p = med([r["process_s"] for r in c.runs])
        w = med([r["wall_s"] for r in c.runs])
        cpu = med([r["cpu_s"] for r in c.runs])
        rs = med([r["max_rss_kb"] for r in c.runs]) / 1024
        summary[c.key] = {"label": c.label, "process_s": p, "wall_s": w, "cpu_s": cpu, "rss_mb": rs,
                          "docs_per_s": ndocs / p, "docs_per_s_wall": ndocs / w, "docs_per_cpu_s": ndocs / cpu}
        print(f"{c.key:<26} {p:9.2f} {ndocs / p:9.1f} {nbytes / 1e6 / p:7.3f} {w:8.2f} {ndocs / w:8.1f} {cpu:8.2f} "
              f"{ndocs / cpu:10.1f} {rs:7.1f}MB")
    print()
    for c in configs:
        if c.runs and "spacy_version" in c.runs[0]:
            r0 = c.runs[0]
            print(f"{c.key}: spaCy {r0['spacy_version']}, model {r0['model_name']} {r0['model_version']}, "
                  f"pipes {r0['pipe_names']}, Python {r0['python']}; {r0['tokens']} tokens, {r0['sentences']} sentences, "
                  f"{r0['entities']} entities; model load {med([r['load_s'] for r in c.runs]):.2f}s")
        if c.runs and "datatrove_version" in c.runs[0]:
            r0 = c.runs[0]
            print(f"{c.key}: datatrove {r0['datatrove_version']}, Python {r0['python']}; {r0['written']} of {r0['docs']} documents written")
        if c.runs and "stages" in c.runs[0]:
            stages = {s: med([r["stages"][s] for r in c.runs]) for s in c.runs[0]["stages"]}
            total = sum(stages.values())
            print(f"{c.key}: per-stage seconds (median; the manifest's time inside each stage summed over workers, descheduled time included) " + ", ".join(f"{s} {v:.2f} ({100 * v / total:.0f}%)" for s, v in stages.items()))
    print()
    dp = {t: summary.get(f"docpipe-t{t}") for t in args.threads}
    spacy_keys = [c.key for c in configs if c.key.startswith("spacy-")]
    if dp.get(1) and spacy_keys:
        for key in spacy_keys:
            s = summary[key]
            print(f"docpipe 1 thread vs {key}: {dp[1]['docs_per_s'] / s['docs_per_s']:.1f}x (process), "
                  f"{dp[1]['docs_per_s_wall'] / s['docs_per_s_wall']:.1f}x (wall), "
                  f"{dp[1]['docs_per_cpu_s'] / s['docs_per_cpu_s']:.1f}x (per cpu-s)")
        first = summary[spacy_keys[0]]
        ratio = dp[1]["docs_per_s"] / first["docs_per_s"]
        print(f"  target docpipe 1 thread >= 100x spaCy ({spacy_keys[0]}, process): {ratio:.1f}x → {'met' if ratio >= 100 else 'NOT met'}")
    if dp.get(1) and dp.get(2):
        sc = dp[2]["docs_per_s"] / dp[1]["docs_per_s"]
        scw = dp[2]["docs_per_s_wall"] / dp[1]["docs_per_s_wall"]
        print(f"  target 2 threads >= 1.7x 1 thread: {sc:.2f}x (process), {scw:.2f}x (wall) → {'met' if sc >= 1.7 else 'NOT met'}")
        per_round = [a["process_s"] / b["process_s"]
                     for a, b in zip(configs[args.threads.index(1)].runs, configs[args.threads.index(2)].runs)]
        print(f"    per-round 2t/1t speedups: {', '.join(f'{x:.2f}' for x in per_round)}")
    if rss:
        for threads in args.rss_threads:
            one = med([r["max_rss_kb"] for r in rss if r["threads"] == threads and r["scale"] == 1]) / 1024
            many = med([r["max_rss_kb"] for r in rss if r["threads"] == threads and r["scale"] == args.rss_scale]) / 1024
            print(f"  target peak RSS at {args.rss_scale}x <= 1.3x of 1x (--threads {threads}): "
                  f"{one:.1f} MB → {many:.1f} MB = {many / one:.2f}x → {'met' if many / one <= 1.3 else 'NOT met'}")
    l1 = [x[0] for x in loads]
    print(f"load average (1 min) during the runs: min {min(l1):.2f}, median {med(l1):.2f}, max {max(l1):.2f} "
          f"on {os.cpu_count()} CPUs")

    results = {"started": started, "finished": finished, "argv": sys.argv, "slice": str(slice_path),
               "docs": ndocs, "text_bytes": nbytes, "summary": summary,
               "runs": {c.key: c.runs for c in configs}, "rss": rss, "loadavg": loads}
    for runs in results["runs"].values():
        for r in runs:
            r.pop("stdout", None)
    for r in rss:
        r.pop("stdout", None)
    (work / "results.json").write_text(json.dumps(results, indent=1))
    print(f"raw measurements: {work / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
