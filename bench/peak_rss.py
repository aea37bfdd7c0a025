"""Peak memory of `pagesift run` alone (no baseline, no quality figures) at one or more scales: the
summed RSS and PSS of the whole process tree, per process role, and how it grew over the run.

    .venv/bin/python bench/peak_rss.py --scale 1000,10000 [--workers N] [--batch-size N]
        [--interval 0.5] [--json bench/work/peak_rss.json]

The pages are `make bench`'s (bench/corpus.py: the AEB pages or raw/, repeated with distinct ids);
each scale is one fresh run with the temporary Prefect API, sampled from /proc (bench/procs.py).
`make bench` measures the same figures beside the baseline; this script exists because at 100,000
pages the baseline alone takes longer than pagesift on this 2-core machine, and because peak
memory does not depend on how busy the machine is (wall time does), so it can be measured while
other work runs. Run it under `nice` on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402
import run as bench  # noqa: E402


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="1000,10000", help="comma-separated page counts")
    parser.add_argument("--workers", type=int, help="passed to pagesift run (default: one per core)")
    parser.add_argument("--batch-size", type=int, help="passed to pagesift run")
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between /proc samples")
    parser.add_argument("--json", type=Path, default=bench.WORK / "peak_rss.json", help="where to write the figures")
    args = parser.parse_args(argv)
    args.scales = [int(s) for s in args.scale.split(",") if s.strip()]
    # What bench.run_pagesift expects of `make bench`'s options: this working tree, its Prefect home.
    args.code_dir, args.prefect_home, args.wait_idle = bench.ROOT, bench.WORK / "prefect-home", 0.0
    return args


def growth(series: list[tuple[float, float]], points: int = 10) -> list[tuple[float, float]]:
    """The RSS time series thinned to about `points` samples (time s, tree RSS MiB)."""
    step = max(len(series) // points, 1)
    return [(round(t, 1), round(m)) for t, m in series[::step]] + ([tuple(series[-1])] if series else [])


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    (bench.WORK / "logs").mkdir(parents=True, exist_ok=True)
    aeb = bench.SHARED / "corpora" / "aeb" / "html"
    source_dir, pool_dir = (
        (aeb, bench.WORK / "pages-aeb") if aeb.is_dir() else (bench.ROOT / "raw", bench.WORK / "pages-raw")
    )
    pool = corpus.build_pool(corpus.load_sources(source_dir), pool_dir, max(args.scales), log=bench.log)
    results: dict[str, Any] = {
        "source": str(source_dir),
        "loadavg_at_start": Path("/proc/loadavg").read_text().split()[:3],
        "git_commit": bench._git("rev-parse", "HEAD"),
        "scales": [],
    }
    for n in args.scales:
        raw = corpus.scale_folder(pool, bench.WORK / f"raw-{n}", n)
        bench.log(f"scale {n}: pagesift run ...")
        measured = bench.run_pagesift(f"rss-{n}", raw, bench.WORK / f"out-rss-{n}", args, fresh=True)
        row = {
            "pages": n,
            "seconds": measured["seconds"],
            "cpu_s": measured["cpu_s"],
            "other_cpu_s": measured["other_cpu_s"],
            "peak_rss_mib": measured["peak_rss_mib"],
            "peak_pss_mib": measured["peak_pss_mib"],
            "peak_rss_by_role_mib": measured["peak_rss_by_role_mib"],
            "max_process_hwm_mib": measured["max_process_hwm_mib"],
            "output": measured["output"],
            "rss_growth": growth(measured["rss_series"]),
        }
        results["scales"].append(row)
        bench.log(
            f"  {n} pages: peak RSS {row['peak_rss_mib']:.0f} MiB (PSS {row['peak_pss_mib']:.0f}), by role "
            f"{row['peak_rss_by_role_mib']}, {row['seconds']:.0f} s, other work {row['other_cpu_s']:.0f} cpu-s"
        )
        bench.log(f"  tree RSS over the run (s, MiB): {row['rss_growth']}")
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    bench.log(f"figures in {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
