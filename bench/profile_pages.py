"""Profile pagesift's per-page work against bare trafilatura, on the same pages, in one process.

    .venv/bin/python bench/profile_pages.py [--pages DIR] [--repeat N] [--top N] [--pyinstrument] [--no-profile]

Times `pagesift.dataset.ingest.process_file` on each page (AEB's 181 real pages when ../shared is
present, else the project's raw/ samples) and, right after it, bare `trafilatura.extract(bytes,
include_comments=False)` on the same file, read and decompressed as bench/baseline.py's loop does
(pagesift reads and decompresses it too), both after the warm-up a run's workers do; then
prints where pagesift's time goes: a cProfile table (stdlib, always available) and, with
--pyinstrument, a call tree. Both are timed in wall and CPU seconds (the CPU of the thread that
does the work; the CPU figure is what other work on a shared machine inflates least); --no-profile
stops after the timings, to
compare two checkouts side by side. pyinstrument is not a
project dependency: install it into the venv by hand for an investigation
(`.venv/bin/pip install pyinstrument`) and do not add it to requirements.
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import io
import pstats
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
AEB = SHARED / "corpora" / "aeb"
# pagesift comes from the editable install, or from PYTHONPATH (e.g. a snapshot bench/run.py --code made)


def default_pages() -> list[Path]:
    if (AEB / "html").is_dir():
        return sorted((AEB / "html").glob("*.html.gz"))
    return sorted(p for p in (ROOT / "raw").iterdir() if p.is_file() and not p.name.startswith("."))


def html_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def time_pagesift(pages: list[Path], repeat: int) -> tuple[float, float]:
    """(wall, CPU) seconds of `repeat` passes of process_file over the pages."""
    from pagesift.dataset.ingest import process_file

    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        for path in pages:
            process_file(path, "1970-01-01T00:00:00Z")
    return time.perf_counter() - started, time.process_time() - cpu


def time_side_by_side(pages: list[Path], repeat: int) -> tuple[float, float, float, float]:
    """(pagesift wall, pagesift CPU, bare wall, bare CPU) seconds of `repeat` passes, the two timed
    page by page in turn: what other work on a shared machine adds lands on both sides within the
    same second, so their ratio holds where two loops timed a minute apart differ by a third."""
    import trafilatura

    from pagesift.dataset.ingest import process_file

    html = {p for p in pages if not p.name.endswith((".txt", ".txt.gz"))}
    # This thread's CPU clock: the process's, read between the two, put about 2 ms a page of
    # pagesift's time on bare extract's side on this machine (bare's CPU above its wall time, with
    # numpy's second thread or without it); the thread's clock agrees with the wall clock.
    wall, cpu = time.perf_counter, time.thread_time
    ours = [0.0, 0.0]
    bare = [0.0, 0.0]
    for _ in range(repeat):
        for path in pages:
            started, used = wall(), cpu()
            process_file(path, "1970-01-01T00:00:00Z")
            middle, middle_cpu = wall(), cpu()
            if path in html:  # read and decompressed here, as pagesift and bench/baseline.py's loop do
                trafilatura.extract(html_bytes(path), include_comments=False)
            ours[0] += middle - started
            ours[1] += middle_cpu - used
            bare[0] += wall() - middle
            bare[1] += cpu() - middle_cpu
    return ours[0], ours[1], bare[0], bare[1]


def own_code(stats: pstats.Stats, total: float, top: int) -> list[tuple[str, float, float, int]]:
    """pagesift's own functions by cumulative time: (file:function, cumulative %, own %, calls)."""
    rows = []
    for (filename, line, name), (_, calls, own, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        if "/pagesift/" in filename and "site-packages" not in filename:
            rel = "pagesift/" + filename.rsplit("/pagesift/", 1)[1]
            rows.append((f"{rel}:{name} (line {line})", 100 * cumulative / total, 100 * own / total, calls))
    rows.sort(key=lambda r: -r[1])
    return rows[:top]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, help="folder of pages (default: AEB, else raw/)")
    parser.add_argument("--repeat", type=int, default=1, help="passes over the pages (default 1)")
    parser.add_argument("--top", type=int, default=25, help="rows per table")
    parser.add_argument("--pyinstrument", action="store_true", help="also print a pyinstrument call tree")
    parser.add_argument("--no-profile", action="store_true", help="the timings only")
    args = parser.parse_args(argv)

    pages = sorted(p for p in args.pages.iterdir() if p.is_file()) if args.pages else default_pages()
    import pagesift

    print(
        f"{len(pages)} pages from {pages[0].parent if pages else '-'}; pagesift from {Path(pagesift.__file__).parent}"
    )
    # Warm-up as a run's workers do (pipeline.warm: justext's stop lists, the language model), then
    # imports, compiled rules, the validator: per-page figures hold no one-time cost on either side.
    from pagesift.extract.pipeline import warm

    warm()
    time_side_by_side(pages[:5], 1)

    ours, ours_cpu, bare, bare_cpu = time_side_by_side(pages, args.repeat)
    n = len(pages) * args.repeat
    print(f"pagesift.process_file        {ours:7.2f} s  {n / ours:6.1f} pages/s  CPU {ours_cpu:7.2f} s")
    print(f"trafilatura.extract (bare)   {bare:7.2f} s  {n / bare:6.1f} pages/s  CPU {bare_cpu:7.2f} s")
    print(
        f"pagesift per page / bare     {ours / bare:7.2f}x  (pipeline work beyond bare extract: "
        f"{100 * (ours - bare) / ours:.0f}% of pagesift's time); CPU {ours_cpu / bare_cpu:.2f}x"
    )
    if args.no_profile:
        return 0

    profiler = cProfile.Profile()
    profiler.enable()
    time_pagesift(pages, args.repeat)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    total = max(v[3] for k, v in stats.stats.items() if k[2] == "time_pagesift")  # type: ignore[attr-defined]
    print(f"\ncProfile of process_file over the pages ({total:.2f} s under the profiler)")
    print(f"{'pagesift function':70} {'cum %':>6} {'own %':>6} {'calls':>8}")
    for name, cum, own, calls in own_code(stats, total, args.top):
        print(f"{name:70} {cum:6.1f} {own:6.1f} {calls:8d}")
    stats.sort_stats("tottime").print_stats(args.top)
    print(f"\nTop functions by own time (all code):\n{out.getvalue()[-6000:]}")

    if args.pyinstrument:
        try:
            from pyinstrument import Profiler
        except ImportError:
            print("pyinstrument is not installed: .venv/bin/pip install pyinstrument (not a project dependency)")
            return 0
        profiler2 = Profiler(interval=0.0005)
        profiler2.start()
        time_pagesift(pages, args.repeat)
        profiler2.stop()
        print(profiler2.output_text(unicode=True, color=False, show_all=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
