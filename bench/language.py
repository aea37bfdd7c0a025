"""Language identification benchmark (issue 13): pagesift's `language` against the languages of the
sites of the AEB pages (bench/aeb-languages.json) and of the real health pages (their file names:
en_*, zh_*), beside what the pages declare; and the model's cost.

    make bench-language           (also part of `make bench`)
    .venv/bin/python bench/language.py [--shared DIR] [--results FILE]

Each page goes through `ingest.process_file` in this process (the worker's path). Figures:
accuracy of `language` over the published pages, of `declared_language` (a page that declares
nothing counts as wrong), the pages where the model was unsure (confidence below
language.MIN_CONFIDENCE), the model's load time and resident memory, and its time per page.
Without ../shared it says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import Counter
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
SHARED = BENCH.parent.parent / "shared"


def _rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def pages(shared: Path) -> list[tuple[str, Path, str]]:
    """(set, path, the language of its site) of every page."""
    labels = json.loads((BENCH / "aeb-languages.json").read_text())["languages"]
    found = [("aeb", shared / "corpora" / "aeb" / "html" / f"{key}.html.gz", lang) for key, lang in labels.items()]
    found += [
        ("health-real", path, path.name.split("_")[0])
        for path in sorted((shared / "corpora" / "health-real").glob("*.html"))
    ]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--results", type=Path, default=BENCH / "results-language.json")
    args = parser.parse_args(argv)
    if not (args.shared / "corpora" / "aeb" / "html").is_dir():
        print(f"skipped: {args.shared}/corpora is absent (the language benchmark needs the AEB and real pages)")
        return 0
    from pagesift.dataset.ingest import process_file
    from pagesift.extract import language

    before = _rss_mib()
    started = time.perf_counter()
    language.load()
    load_s, model_mib = time.perf_counter() - started, _rss_mib() - before
    results: dict[str, Any] = {"model_load_s": round(load_s, 2), "model_rss_mib": round(model_mib, 1), "sets": {}}
    identify_s = 0.0
    texts = 0
    for name in ("aeb", "health-real"):
        chosen = [(path, lang) for set_name, path, lang in pages(args.shared) if set_name == name]
        right = declared_right = unsure = published = 0
        wrong: list[dict[str, Any]] = []
        by_language: Counter[str] = Counter()
        for path, lang in chosen:
            record = process_file(path, "2026-01-01T00:00:00Z").record
            if record is None:
                continue
            published += 1
            by_language[lang] += 1
            t0 = time.process_time()
            language.identify(record["text"], record["declared_language"])
            identify_s += time.process_time() - t0
            texts += 1
            right += record["language"] == lang
            declared_right += record["declared_language"] == lang
            unsure += (record["language_confidence"] or 0.0) < language.MIN_CONFIDENCE
            if record["language"] != lang:
                wrong.append(
                    {
                        "page": path.name,
                        "site": lang,
                        "language": record["language"],
                        "confidence": record["language_confidence"],
                        "declared": record["declared_language"],
                    }
                )
        results["sets"][name] = {
            "pages": len(chosen),
            "published": published,
            "site_languages": dict(by_language.most_common()),
            "accuracy": right / published if published else None,
            "declared_accuracy": declared_right / published if published else None,
            "unsure": unsure,
            "wrong": wrong,
        }
    results["identify_cpu_ms_per_page"] = round(1000 * identify_s / texts, 2) if texts else None
    results["load_average"] = os.getloadavg()
    args.results.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
