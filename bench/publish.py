"""The publish step alone at scale: peak memory and time of `publish()` over N pages' shards.

    .venv/bin/python bench/publish.py [--pages 100000] [--batch-size 64] [--work bench/work/publish] [--distinct]

The pages of raw/ are extracted once; their records are repeated under distinct paths, ids and
hashes (same text, so the near-duplicate grouping sees a few large groups, as in `make bench`'s
corpus) into shards of `--batch-size` records with their signatures, as a run's batches would
write them. Then `publish()` runs in this process, and the peak RSS of the process (its
high-water mark: `ru_maxrss`) is reported before and after it: what publishing adds to the main
process of a run of N pages, without the extraction's hour. Everything is written under `--work`.
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import orjson

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from pagesift.dataset import neardup, publish  # noqa: E402
from pagesift.dataset.datapackage import Release  # noqa: E402
from pagesift.extract.minhash import NUM_PERM, signature  # noqa: E402
from pagesift.extract.pipeline import process  # noqa: E402

STAMP = "2026-11-30T00:00:00Z"


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sample_records() -> list[dict]:
    """The records of raw/'s pages (the sample every clone has)."""
    records = []
    for path in sorted((ROOT / "raw").iterdir()):
        outcome = process(f"raw/{path.name}", path.read_bytes(), STAMP)
        if outcome.record is not None:
            records.append(outcome.record)
    return records


def write_shards(staging: Path, records: list[dict], pages: int, batch_size: int, distinct: bool = False) -> list[int]:
    """Shards of `pages` copies of the records, each copy with its own path, sha256 and id; with
    `distinct`, each with a signature of its own too (random hash values), so that every page leads
    its own near-duplicate group, as a corpus of distinct articles has them."""
    signatures = [signature(record["text"]) for record in records]
    random = np.random.default_rng(0)
    shards = []
    for index, start in enumerate(range(0, pages, batch_size)):
        records_path, rejected_path = publish._shard_paths(staging, index)
        with records_path.open("wb") as out, neardup.shard_path(staging, index).open("wb") as sigs:
            for i in range(start, min(pages, start + batch_size)):
                record = dict(records[i % len(records)])
                record["source"] = {
                    **record["source"],
                    "path": f"raw/p{i:07d}.html",
                    "sha256": hashlib.sha256(b"%d" % i).hexdigest(),
                }
                record["id"] = hashlib.sha256(b"id%d" % i).hexdigest()[:16]
                out.write(orjson.dumps(record) + b"\n")
                sig = signatures[i % len(records)]
                if distinct and sig is not None:
                    values = random.integers(0, 2**32, size=NUM_PERM, dtype=np.uint32)
                    sig = values.astype("<u4").tobytes() + sig[4 * NUM_PERM :]
                sigs.write(neardup.signature_line(record["source"]["path"], record, sig))
        rejected_path.write_bytes(b"")
        shards.append(index)
    return shards


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--work", type=Path, default=BENCH / "work" / "publish")
    parser.add_argument(
        "--distinct", action="store_true", help="a signature of its own for every page (no near-duplicates)"
    )
    args = parser.parse_args(argv)
    shutil.rmtree(args.work, ignore_errors=True)
    staging = args.work / "staging"
    staging.mkdir(parents=True)
    records = sample_records()
    shards = write_shards(staging, records, args.pages, args.batch_size, args.distinct)
    before = peak_mib()
    print(
        f"{args.pages} pages in {len(shards)} shards ({len(records)} distinct records); peak RSS before publish "
        f"{before:.0f} MiB",
        flush=True,
    )
    started, cpu = time.perf_counter(), time.process_time()
    summary = publish.publish(staging, args.work / "out", shards, {}, Release(raw="raw", created=STAMP))
    print(
        f"published {summary.published}, {summary.near_duplicate_groups} near-duplicate groups, in "
        f"{time.perf_counter() - started:.2f} s ({time.process_time() - cpu:.2f} CPU-s); peak RSS {peak_mib():.0f} MiB (+{peak_mib() - before:.0f} MiB)"
    )


if __name__ == "__main__":
    main()
