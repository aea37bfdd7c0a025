"""Pages/s from a WARC and from JSON Lines against the same pages as files, and memory over a big WARC.

    make bench-sources                  # 1,000 pages three ways, then a 1 GiB .warc
    .venv/bin/python bench/sources.py [--pages 1000] [--big-mib 1024] [--workers N] [--code REV] [--read-only]
        [--results FILE]

1. The benchmark's pages (`bench/corpus.py`: the AEB pages with ../shared, else raw/), HTML only and
   uncompressed, written three ways holding the same bytes: a folder of `.html` files, one
   `.warc.gz` (a response record per page, one gzip member each, as crawlers write) and one
   `.jsonl.gz` of {url, html}. `pagesift run` over each (fresh output folder, default workers):
   wall time, pages/s, pages/s over the extract stage alone (the run report's timing: what the
   source changes, without Prefect's start-up), peak RSS of the whole process tree
   (`bench/procs.py`) and the stage times of the run report.
   Beside the runs, the cost of reading alone, in this process: discover (listing the archives)
   and `read_page` for every page, in CPU seconds (`time.process_time`, so the machine's load
   does not count) — what a source adds to a page's ~60 ms of extraction.
2. A big uncompressed `.warc` of about `--big-mib` MiB (the pages repeated, each a distinct
   article), run once, then again with nothing changed (the re-run lists the archive again and
   processes nothing). Flat memory: its peak RSS should be no higher than the 1,000-page runs'.

Generated files live in bench/work/sources/ (gitignored); results go to bench/results-sources.json.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import platform
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus
import procs
from run import code_tree

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work" / "sources"
SHARED_PAGES = ROOT.parent / "shared" / "corpora" / "aeb" / "html"


def pages(count: int) -> list[tuple[str, bytes]]:
    """`count` distinct HTML pages (name, bytes), uncompressed."""
    folder = SHARED_PAGES if SHARED_PAGES.is_dir() else ROOT / "raw"
    sources = [s for s in corpus.load_sources(folder) if s.html]
    made = []
    for copy in range(count):
        source = sources[copy % len(sources)]
        data = corpus.edit(source, copy)
        if source.name.lower().endswith(".gz"):
            data = gzip.decompress(data)
        made.append((corpus.copy_name(source, copy).removesuffix(".gz"), data))
    return made


def _record(writer: WARCWriter, name: str, data: bytes) -> None:
    http = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(data)))], protocol="HTTP/1.1"
    )
    writer.write_record(
        writer.create_warc_record(
            f"https://bench.example/{name}", "response", payload=io.BytesIO(data), http_headers=http
        )
    )


def write_inputs(folder: Path, made: list[tuple[str, bytes]]) -> dict[str, Path]:
    """The pages as files, as a .warc.gz and as a .jsonl.gz (each in a folder of its own)."""
    shutil.rmtree(folder, ignore_errors=True)
    inputs = {name: folder / name for name in ("files", "warc", "jsonl")}
    for path in inputs.values():
        path.mkdir(parents=True)
    for name, data in made:
        (inputs["files"] / name).write_bytes(data)
    with (inputs["warc"] / "pages.warc.gz").open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for name, data in made:
            _record(writer, name, data)
    with gzip.open(inputs["jsonl"] / "pages.jsonl.gz", "wb", compresslevel=6) as handle:
        for name, data in made:
            line = {"url": f"https://bench.example/{name}", "html": data.decode("utf-8", errors="replace")}
            handle.write(json.dumps(line).encode() + b"\n")
    return inputs


def write_big_warc(path: Path, mib: int) -> int:
    """An uncompressed .warc of at least `mib` MiB of distinct pages; returns how many."""
    path.parent.mkdir(parents=True, exist_ok=True)
    base = pages(181)
    count = 0
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        while handle.tell() < mib * 1024 * 1024:
            name, data = base[count % len(base)]
            edited = data + b"\n<!-- big copy %d -->\n" % count
            edited = edited.replace(b"pagesift-bench=", b"pagesift-big=%d&pagesift-bench=" % count, 2)
            _record(writer, f"{count:07d}-{name}", edited)
            count += 1
    return count


def read_cost(raw: Path) -> dict[str, float]:
    """CPU seconds to list the pages under `raw` and to read each one (no extraction)."""
    from pagesift.dataset.discover import discover
    from pagesift.dataset.sources import read_page

    started = time.process_time()
    found = discover(raw)
    listed = time.process_time()
    size = sum(len(read_page(ref, str(raw)).data) for ref in found)
    read = time.process_time()
    return {
        "pages": len(found),
        "mib": round(size / 2**20, 1),
        "discover_cpu_s": round(listed - started, 2),
        "read_cpu_s": round(read - listed, 2),
        "read_ms_per_page": round(1000 * (read - listed) / max(len(found), 1), 2),
    }


def run(name: str, raw: Path, out: Path, workers: int | None, code: Path, fresh: bool = True) -> dict[str, Any]:
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    exe = Path(sys.executable).with_name("pagesift")
    cmd = [str(exe), "run", "--raw", str(raw), "--out", str(out)] + (["--workers", str(workers)] if workers else [])
    env = {**os.environ, "PREFECT_HOME": str(WORK / "prefect"), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PREFECT_API_URL", None)
    if code != ROOT:  # a snapshot's packages before the editable install's (see bench/run.py --code)
        env["PYTHONPATH"] = str(code)
    (WORK / "logs").mkdir(parents=True, exist_ok=True)
    measured = procs.run(cmd, cwd=ROOT, env=env, log=WORK / "logs" / f"{name}.log")
    if measured.returncode != 0:
        raise SystemExit(f"pagesift run failed ({name}); see {WORK / 'logs' / f'{name}.log'}")
    report = json.loads((out / "run_report.json").read_text(encoding="utf-8"))
    result = measured.as_dict()
    del result["rss_series"]
    result["report"] = {k: report[k] for k in ("found", "new", "unchanged", "published", "rejected", "timings")}
    result["pages_per_s"] = round(report["found"] / measured.seconds, 1)
    result["extract_pages_per_s"] = round(report["found"] / max(report["timings"]["extract"], 1e-3), 1)
    print(
        f"  {name:<12} {measured.seconds:7.1f} s  {result['pages_per_s']:6.1f} pages/s  "
        f"extract {result['extract_pages_per_s']:6.1f} pages/s  "
        f"peak RSS {measured.peak_rss_mib:6.0f} MiB  stages {report['timings']}",
        flush=True,
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--big-mib", type=int, default=1024, help="size of the big .warc (0: skip it)")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--read-only", action="store_true", help="measure the cost of reading alone, no runs")
    parser.add_argument("--code", default=None, help="benchmark this git revision (as bench/run.py --code)")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results-sources.json")
    args = parser.parse_args(argv)
    code, described = code_tree(args.code)
    results: dict[str, Any] = {
        "pages": args.pages,
        "load_before": os.getloadavg(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "corpus": "aeb" if SHARED_PAGES.is_dir() else "raw",
        **described,
    }
    print(f"{args.pages} pages as files, .warc.gz and .jsonl.gz (load average {os.getloadavg()[0]:.1f})", flush=True)
    inputs = write_inputs(WORK / f"inputs-{args.pages}", pages(args.pages))
    results["sizes_mib"] = {k: round(sum(f.stat().st_size for f in v.iterdir()) / 2**20, 1) for k, v in inputs.items()}
    results["read_cost"] = {name: read_cost(raw) for name, raw in inputs.items()}
    print(f"  reading alone (CPU s): {results['read_cost']}", flush=True)
    if args.read_only:
        print(json.dumps(results["read_cost"], indent=2))
        return 0
    for name, raw in inputs.items():
        results[name] = run(name, raw, WORK / f"out-{name}", args.workers, code)
    for name in ("warc", "jsonl"):  # extract-stage throughput against the files'
        results[f"{name}_vs_files"] = round(
            results[name]["extract_pages_per_s"] / results["files"]["extract_pages_per_s"], 2
        )
    if args.big_mib:
        big = WORK / "big" / "big.warc"
        count = write_big_warc(big, args.big_mib)
        print(
            f"big WARC: {count} pages, {big.stat().st_size / 2**20:.0f} MiB (load average {os.getloadavg()[0]:.1f})",
            flush=True,
        )
        results["big"] = {
            "pages": count,
            "mib": round(big.stat().st_size / 2**20, 1),
            "run": run("big", big, WORK / "out-big", args.workers, code),
            "rerun": run("big-rerun", big, WORK / "out-big", args.workers, code, fresh=False),
        }
    results["load_after"] = os.getloadavg()
    args.results.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(
        f"extract pages/s against files: warc {results['warc_vs_files']}, jsonl {results['jsonl_vs_files']}; "
        f"wrote {args.results}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
