"""The extraction phase alone: the worker pool's batches with no Prefect, no start-up, no publishing.

    .venv/bin/python bench/pool_phase.py [--pages 768] [--rounds 3] [--raw bench/work/raw-2000]

A run's wall time beyond its fixed cost is this phase, the last batches' imbalance, and
publishing. Here the pool of `pagesift run` (flows/pool.py: spawned workers, their marks, the
sentinel) takes the batches of `--pages` pages (batches of the default size, submitted as the
flow's threads submit them) with one worker and with two, each a fresh pool (its workers warmed
by the pool's own initializer, then handed one page each, as the pool deals them out),
beside the bare loop over the same pages (bench/baseline.py, a fresh process), in turn; printed:
the workers' CPU milliseconds a page (from /proc), the wall milliseconds a page, and the bare
loop's wall over the two workers' wall: what `bench/run.py`'s ratio would be without a run's
start, end of batches and publishing. `--raw` defaults to the 2,000-page folder `bench/run.py` generates (`make bench` first).

`--tail` measures the end of the batches instead: two workers over the pages in batches of the
default size all equal, and in the batches a run makes (`run.batches` with two workers: the last
ones shrink), each a fresh pool, which goes first alternating; printed: the wall milliseconds a
page of each, and the medians.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pagesift.dataset import run
from pagesift.flows import pool
from pagesift.settings import DEFAULT_BATCH_SIZE

STAMP = "2026-12-07T00:00:00Z"


def measure(workers: int, batches: list[list[str]], raw: Path) -> tuple[float, float]:
    """(CPU ms, wall ms) a page of a fresh pool of `workers` over the batches."""
    staging = tempfile.mkdtemp(prefix="pagesift-pool-phase-")
    try:
        pool.start(workers)
        with ThreadPoolExecutor(workers) as threads:  # a page a worker first, as the pool deals them out
            list(
                threads.map(
                    lambda i: pool.run_batch(batches[0][:1], staging, 10_000 + i, STAMP, str(raw)), range(workers)
                )
            )
        children = [p.pid for p in multiprocessing.active_children() if "resource_tracker" not in p.name]
        before = {pid: pool._cpu_seconds(pid) for pid in children}
        wall = time.perf_counter()
        with ThreadPoolExecutor(len(batches)) as threads:
            list(threads.map(lambda ib: pool.run_batch(ib[1], staging, ib[0], STAMP, str(raw)), enumerate(batches)))
        wall = time.perf_counter() - wall
        cpu = sum(pool._cpu_seconds(pid) - before[pid] for pid in children)
    finally:
        pool.stop()
        shutil.rmtree(staging, ignore_errors=True)
    pages = sum(map(len, batches))
    return 1000 * cpu / pages, 1000 * wall / pages


def bare(paths: list[str]) -> float:
    """Wall ms a page of bench/baseline.py's loop over the pages (linked into a folder of their own)."""
    folder = Path(tempfile.mkdtemp(prefix="pagesift-pool-phase-bare-"))
    try:
        for path in paths:
            (folder / Path(path).name).symlink_to(path)
        out = subprocess.run(
            [sys.executable, str(Path(__file__).resolve().parent / "baseline.py"), str(folder)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 1000 * json.loads(out.strip().splitlines()[-1])["seconds"] / len(paths)


def tail(equal: list[list[str]], shrinking: list[list[str]], raw: Path, rounds: int) -> int:
    """Two workers over equal batches and over shrinking ones, alternated: wall ms a page of each."""
    walls: dict[str, list[float]] = {"equal": [], "shrinking": []}
    plans = {"equal": equal, "shrinking": shrinking}
    for r in range(rounds):
        for name in ("equal", "shrinking") if r % 2 == 0 else ("shrinking", "equal"):
            cpu, wall = measure(2, plans[name], raw)
            walls[name].append(wall)
            print(
                f"round {r + 1}: {name} batches ({len(plans[name])}): {cpu:.2f} CPU-ms, {wall:.2f} wall-ms a page",
                flush=True,
            )
    equal_wall, shrinking_wall = statistics.median(walls["equal"]), statistics.median(walls["shrinking"])
    saved = statistics.median(a - b for a, b in zip(walls["equal"], walls["shrinking"], strict=True))
    print(f"median wall-ms a page: equal {equal_wall:.2f}, shrinking {shrinking_wall:.2f} (saves {saved:.2f})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=768)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--raw", type=Path, default=Path(__file__).resolve().parent / "work" / "raw-2000")
    parser.add_argument("--tail", action="store_true", help="equal batches against shrinking ones, two workers")
    args = parser.parse_args(argv)
    if not args.raw.is_dir():
        parser.error(f"{args.raw} is missing: `make bench` (or bench/run.py --scale 2000) generates it")
    raw = args.raw.resolve()
    paths = sorted(str(p) for p in raw.iterdir())[: args.pages]
    batches = run.batches(paths, DEFAULT_BATCH_SIZE)
    if args.tail:
        return tail(batches, run.batches(paths, DEFAULT_BATCH_SIZE, workers=2), raw, args.rounds)
    for r in range(args.rounds):
        walls: dict[int, float] = {}
        for workers in (0, 1, 2) if r % 2 == 0 else (2, 1, 0):
            if workers == 0:
                walls[0] = bare(paths)
                print(f"round {r + 1}: bare loop: {walls[0]:.2f} wall-ms a page", flush=True)
                continue
            cpu, walls[workers] = measure(workers, batches, raw)
            print(
                f"round {r + 1}: {workers} worker(s): {cpu:.2f} CPU-ms a page, {walls[workers]:.2f} wall-ms a page",
                flush=True,
            )
        print(f"round {r + 1}: bare / two workers: {walls[0] / walls[2]:.2f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
