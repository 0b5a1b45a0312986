#!/usr/bin/env python3
"""Where a docpipe run's time goes, thread by thread (Linux only).

    python3 benches/compare/threads.py [--interval 0.02] -- DOCPIPE run PIPELINE.toml --input X --output DIR --threads N --force

Starts the command and samples ``/proc/PID/task/*/{comm,schedstat}`` every
``--interval`` seconds until it exits. For every thread it prints the last
sample of its time on a CPU and its time runnable but waiting for a CPU
(the scheduler's run-queue delay), summed by thread name. On an idle machine
a thread's wait is near zero; when other work keeps every core busy, the
wait shows how much of the run the pipeline's threads were ready to work
but had no core. Time after a thread's last sample (at most one interval)
is not seen.
"""

from __future__ import annotations

import argparse
import collections
import os
import subprocess
import sys
import time


def sample(pid: int, seen: dict) -> None:
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                comm = f.read().strip()
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                on_cpu, waiting, _ = (int(x) for x in f.read().split())
        except (OSError, ValueError):
            continue
        seen[tid] = (comm, on_cpu / 1e9, waiting / 1e9)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--interval", type=float, default=0.02)
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not cmd:
        ap.error("give the command after --")
    seen: dict = {}
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    while p.poll() is None:
        sample(p.pid, seen)
        time.sleep(args.interval)
    wall = time.perf_counter() - t0
    by_name: dict = collections.defaultdict(lambda: [0, 0.0, 0.0])
    for comm, cpu, wait in seen.values():
        agg = by_name[comm]
        agg[0] += 1
        agg[1] += cpu
        agg[2] += wait
    with open("/proc/loadavg") as f:
        load = f.read().split()[0]
    print(f"wall {wall:.2f}s, exit {p.returncode}, load average (1 min) at the end {load}")
    print(f"  {'thread name':<24} {'threads':>7} {'on cpu s':>9} {'waiting s':>10}")
    for name, (n, cpu, wait) in sorted(by_name.items(), key=lambda kv: -kv[1][1]):
        print(f"  {name:<24} {n:>7} {cpu:>9.2f} {wait:>10.2f}")
    total_cpu = sum(v[1] for v in by_name.values())
    total_wait = sum(v[2] for v in by_name.values())
    print(f"  {'all':<24} {len(seen):>7} {total_cpu:>9.2f} {total_wait:>10.2f}"
          f"   (cpu/wall = {total_cpu / wall:.2f} cores busy on average)")
    return p.returncode


if __name__ == "__main__":
    sys.exit(main())
