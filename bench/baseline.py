"""The baseline: a single-process loop of bare trafilatura over a folder of pages.

    .venv/bin/python bench/baseline.py RAW_DIR

For each file (sorted): read it, gunzip it if it is .gz, and call
``trafilatura.extract(html_bytes, include_comments=False)``. Prints one JSON object: the loop's
wall time (read + gunzip + extract, what the ratio uses), the time inside ``extract`` alone, and
this process's RSS before and after the loop (trafilatura keeps process-global caches).
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import sys
import time


def rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main(raw: str) -> dict[str, float | int]:
    import trafilatura

    paths = sorted(
        os.path.join(folder, name) for folder, _, files in os.walk(raw) for name in files if not name.startswith(".")
    )
    rss_before = rss_mib()
    extract_s = 0.0
    extracted = 0
    started = time.perf_counter()
    for path in paths:
        with open(path, "rb") as handle:
            data = handle.read()
        if path.endswith(".gz"):
            data = gzip.decompress(data)
        t = time.perf_counter()
        text = trafilatura.extract(data, include_comments=False)
        extract_s += time.perf_counter() - t
        extracted += bool(text)
    seconds = time.perf_counter() - started
    return {
        "pages": len(paths),
        "extracted": extracted,
        "seconds": round(seconds, 3),
        "extract_seconds": round(extract_s, 3),
        "pages_per_s": round(len(paths) / seconds, 2) if seconds else 0.0,
        "rss_before_loop_mib": round(rss_before, 1),
        "rss_after_loop_mib": round(rss_mib(), 1),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
