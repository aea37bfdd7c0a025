"""Causes and remedies found on pages nobody annotated for them: a check for invention on unseen pages.

    .venv/bin/python bench/invented.py [--pages DIR]

Runs the pipeline over the Article Extraction Benchmark's 181 pages (news and blogs of many sites,
not health articles; ../shared/corpora/aeb/html) and counts the pages that get causes or remedies,
and the items, listing each page's titled sections of those kinds. Few of these pages hold real
causes or remedies, so what is found here is mostly invented: the figure should stay low. Skips
cleanly when ../shared is absent.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pagesift.dataset.ingest import process_file

AEB = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "aeb" / "html"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=AEB)
    args = parser.parse_args()
    files = sorted(args.pages.glob("*.html*")) if args.pages.is_dir() else []
    if not files:
        print(f"no pages in {args.pages}: skipped")
        sys.exit(0)
    counts = {"causes": 0, "remedies": 0}
    pages = 0
    for path in files:
        record = process_file(path, "1970-01-01T00:00:00Z").record
        if record is None or not (record["causes"] or record["remedies"]):
            continue
        pages += 1
        for kind in counts:
            counts[kind] += len(record[kind])
        shown = [(s["kind"], s["heading"][:50], len(s["items"])) for s in record["sections"] if s["kind"] in counts]
        print(f"{path.name[:20]}  {record['title'][:50]!r}  {shown}")
    print(
        f"{pages} of {len(files)} pages with causes or remedies: {counts['causes']} causes, {counts['remedies']} remedies"
    )


if __name__ == "__main__":
    main()
