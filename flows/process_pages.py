"""The `process-pages` flow: discover → extract (in batches) → publish.

Per-page work (decode, parse, sections, links, validation) happens inside a batch task, so a run
makes one task run per batch, not per page; each batch streams its outcomes to a shard file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from prefect import flow, get_run_logger, task, unmapped
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

from pagesift.discover import discover
from pagesift.pipeline import process_file
from pagesift.publish import PublishSummary, ShardSummary, publish, write_shard
from pagesift.settings import DEFAULT_BATCH_SIZE


@dataclass(slots=True)
class RunSummary:
    found: int
    published: int
    rejected: int
    seconds: float
    rows: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)


@task(name="discover")
def discover_pages(raw: str) -> list[str]:
    return discover(raw)


@task(name="extract-batch")
def extract_batch(paths: list[str], staging: str, index: int, processed_at: str) -> ShardSummary:
    """Decode, parse, extract and validate each page of a batch into one shard file."""
    return write_shard((process_file(path, processed_at) for path in paths), staging, index)


@task(name="publish")
def publish_run(staging: str, out: str, shards: list[ShardSummary]) -> PublishSummary:
    return publish(staging, out, [shard.index for shard in shards])


@flow(name="process-pages", task_runner=ThreadPoolTaskRunner(max_workers=1))
def process_pages(raw: str = "raw", out: str = "processed", batch_size: int = DEFAULT_BATCH_SIZE) -> RunSummary:
    """Turn the raw pages under `raw` into validated datasets under `out`."""
    started = time.perf_counter()
    processed_at = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    paths = discover_pages(raw)
    batches = [paths[i:i + batch_size] for i in range(0, len(paths), batch_size)]
    Path(out).mkdir(parents=True, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".staging-", dir=out)
    try:
        shards = extract_batch.map(
            batches, staging=unmapped(staging), index=range(len(batches)), processed_at=unmapped(processed_at)
        ).result()
        published = publish_run(staging, out, shards)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if published.published + published.rejected != len(paths):
        raise RuntimeError(f"{len(paths)} pages found but {published.published} published + {published.rejected} rejected")
    kinds: dict[str, int] = {}
    for shard in shards:
        for kind, n in shard.kinds.items():
            kinds[kind] = kinds.get(kind, 0) + n
    summary = RunSummary(len(paths), published.published, published.rejected,
                         round(time.perf_counter() - started, 3), published.rows, dict(sorted(kinds.items())))
    get_run_logger().info("found %d, published %d, rejected %d", summary.found, summary.published, summary.rejected)
    return summary


def with_workers(workers: int) -> "flow":
    """The flow on `workers` local processes (1: in-process threads, no process start-up)."""
    if workers <= 1:
        return process_pages
    return process_pages.with_options(task_runner=ProcessPoolTaskRunner(max_workers=workers))


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)
