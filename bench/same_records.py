"""Digest every record pagesift makes of the test corpora, to prove a speed change changes no output.

    .venv/bin/python bench/same_records.py [--out FILE]              # in this worktree
    /tmp/base/.venv/bin/python bench/same_records.py --out base.txt  # another checkout's code, run from here
    diff base.txt new.txt                                            # empty: byte-identical records

Runs `pagesift.dataset.ingest.process_file` (processed_at fixed) over every page of
`../shared/corpora/health-real/*.html`, `../shared/corpora/aeb/html/*.html.gz`, `tests/gold/*` and
`raw/*`, and writes one line per page: its reference and the sha256 of the whole outcome (the
record as orjson with sorted keys, or the rejection; the unsafe-link count; the MinHash
signature), then a digest of all lines. References are relative to the current folder, so run
every checkout's interpreter from the same folder: the records (whose `source` names the path)
are then comparable byte for byte. pagesift is whichever the interpreter imports (printed first).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import orjson

PROCESSED_AT = "1970-01-01T00:00:00Z"
GLOBS = ("../shared/corpora/health-real/*.html", "../shared/corpora/aeb/html/*.html.gz", "tests/gold/*", "raw/*")


def pages() -> list[Path]:
    """The pages, in a fixed order; tests/gold's .gold.json answers and README are not pages."""
    found: list[Path] = []
    for pattern in GLOBS:
        found += sorted(
            p
            for p in Path().glob(pattern)
            if p.is_file() and not p.name.startswith(".") and not p.name.endswith((".gold.json", ".md"))
        )
    return found


def digest(path: Path, signature: bool = True) -> str:
    """sha256 of everything `process_file` returns for the page (but its near-duplicate signature,
    unless `signature`: a change of the signature's scheme keeps every record)."""
    from pagesift.dataset.ingest import process_file

    outcome = process_file(path, PROCESSED_AT)
    whole: dict[str, Any] = {
        "record": outcome.record,
        "rejection": asdict(outcome.rejection) if outcome.rejection else None,
        "unsafe_links": outcome.unsafe_links,
    }
    if signature:
        whole["signature"] = outcome.signature.hex() if outcome.signature is not None else None
    return hashlib.sha256(orjson.dumps(whole, option=orjson.OPT_SORT_KEYS)).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the digests here (default: stdout)")
    parser.add_argument(
        "--without-signature", action="store_true", help="leave the near-duplicate signatures out of the digests"
    )
    args = parser.parse_args(argv)
    import pagesift

    lines = [f"{path} {digest(path, not args.without_signature)}" for path in pages()]
    total = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    text = "\n".join(lines) + f"\nall {len(lines)} pages {total}\n"
    if args.out:
        args.out.write_text(text)
    else:
        sys.stdout.write(text)
    print(f"pagesift from {Path(pagesift.__file__).parent}: {len(lines)} pages, digest {total}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
