"""The per-page cost of validating a record against article.schema.json, in one process.

    .venv/bin/python bench/validation.py [--pages DIR] [--repeat N]

Extracts the records of the pages once (AEB's 181 real pages when ../shared is present, else the
project's raw/ samples and the health-real pages when present), then times
`pagesift.extract.validate.errors` (jsonschema-rs's compiled validator on the published
article.schema.json; jsonschema writes the messages of an invalid record) over them:
the cost a valid page pays on the hot path. It also times one invalid record per page (its title
emptied: the error path, which writes every message), the record model's own strict validation
over the same valid records (pydantic: the faster alternative, for comparison), and prints the
mean extraction cost per page beside it, for scale.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
AEB = ROOT.parent / "shared" / "corpora" / "aeb" / "html"
NOW = "1970-01-01T00:00:00Z"


def default_pages() -> list[Path]:
    if AEB.is_dir():
        return sorted(AEB.glob("*.html.gz"))
    return sorted(p for p in (ROOT / "raw").iterdir() if p.is_file() and not p.name.startswith("."))


def _per_record(check: Any, records: list[dict[str, Any]], repeat: int) -> float:
    """The best of `repeat` passes over the records, in microseconds per record."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for record in records:
            check(record)
        best = min(best, time.perf_counter() - started)
    return best / len(records) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, help="a folder of pages (default: AEB, else raw/)")
    parser.add_argument("--repeat", type=int, default=5, help="passes over the records; the best is kept")
    args = parser.parse_args()
    pages = sorted(p for p in args.pages.iterdir() if p.is_file()) if args.pages else default_pages()

    from pydantic import ValidationError

    from pagesift.dataset.ingest import process_file
    from pagesift.extract.validate import errors
    from pagesift.model import Article

    def by_model(record: dict[str, Any]) -> bool:
        try:
            Article.model_validate(record)
        except ValidationError:
            return False
        return True

    started = time.perf_counter()
    records = [r for r in (process_file(p, NOW, root=p.parent).record for p in pages) if r is not None]
    extract_ms = (time.perf_counter() - started) / len(pages) * 1e3
    errors(records[0])  # compile the validator before timing (once per process)
    broken = []
    for record in records:
        record = copy.deepcopy(record)
        record["title"] = ""
        broken.append(record)
    assert all(not errors(r) for r in records) and all(errors(r) for r in broken)
    valid_us = _per_record(errors, records, args.repeat)
    invalid_us = _per_record(errors, broken, args.repeat)
    model_us = _per_record(by_model, records, args.repeat)
    size = statistics.mean(len(str(r)) for r in records)
    print(f"{len(records)} records of {len(pages)} pages (mean {size:,.0f} characters as text)")
    print(f"valid record:   {valid_us:8.1f} us per record (jsonschema-rs, the published schema)")
    print(f"invalid record: {invalid_us:8.1f} us per record (every message written, by jsonschema)")
    print(f"record model:   {model_us:8.1f} us per valid record (pydantic, strict)")
    print(f"extraction:     {extract_ms * 1e3:8.0f} us per page (one pass, for scale)")


if __name__ == "__main__":
    main()
