"""What a worker's per-page mark costs (flows/pool.py: the page it is on, for the sentinel that
enforces a page's time limit), in the folder the pool uses and in the temporary folder.

    .venv/bin/python bench/marks.py [--pages 3000] [--rounds 3]

Each page: the run's count of pages done under its lock, then the mark written aside and renamed
over the last one (`pool.write_mark`), as `pool._batch` does; CPU and wall microseconds a page.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import tempfile
import time

from pagesift.flows import pool


def per_page(folder: str, pages: int) -> tuple[float, float]:
    """(CPU µs, wall µs) of one page's mark in `folder`."""
    done = multiprocessing.get_context("spawn").Value("q", 0)
    mark, tmp = os.path.join(folder, str(os.getpid())), os.path.join(folder, f".{os.getpid()}")
    cpu, wall = time.process_time(), time.perf_counter()
    for i in range(pages):
        with done.get_lock():
            done.value += 1
        pool.write_mark(mark, tmp, f"0\t{i}\t{time.process_time()!r}\traw/some/page-{i}.html.gz")
    return 1e6 * (time.process_time() - cpu) / pages, 1e6 * (time.perf_counter() - wall) / pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    roots = {"pool's folder": pool._marks_root(), "temporary folder": None}
    print(f"pool's folder: {pool._marks_root() or tempfile.gettempdir()}; temporary folder: {tempfile.gettempdir()}")
    for r in range(args.rounds):
        cells = []
        for name, root in roots.items():
            folder = tempfile.mkdtemp(prefix="pagesift-marks-bench-", dir=root)
            try:
                cpu, wall = per_page(folder, args.pages)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
            cells.append(f"{name} {cpu:.1f} µs CPU, {wall:.1f} µs wall")
        print(f"round {r + 1}: " + "; ".join(cells), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
