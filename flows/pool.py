"""Local worker processes for the batches: started once, warmed early, shared by the run.

`pagesift run` starts the pool before Prefect's API is up, so the workers import the extractor
while the server starts. A flow run started any other way (a served deployment) starts it on its
first batch. With one worker the batches run in this process, one at a time. The workers import
the core only (no Prefect): a batch is plain pagesift work that writes one shard file.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from pagesift.pipeline import process_file
from pagesift.publish import ShardSummary, write_shard

_pool: ProcessPoolExecutor | None = None
_size = 0
_inline = threading.Lock()  # one batch at a time when there is no pool


def extract_shard(paths: list[str], staging: str, index: int, processed_at: str, root: str | None) -> ShardSummary:
    """Decode, parse, extract and validate each page of a batch (found under the raw folder
    `root`, the only folder it may read) into one shard file."""
    return write_shard((process_file(path, processed_at, root=root) for path in paths), staging, index)


def _warm(parent: int) -> None:
    """Runs in each new worker: watch the run's process (`parent`); the imports above are done;
    prime trafilatura's lazy parts."""
    import trafilatura

    threading.Thread(target=_exit_with, args=(parent,), name="pagesift-orphan-watch", daemon=True).start()
    trafilatura.extract("<html><body><p>warm</p></body></html>")


_WATCH_S = 0.2  # how often a worker checks that its run is still alive


def _exit_with(parent: int) -> None:
    """End this worker as soon as the run that started it is gone (SIGKILLed, by the OOM killer
    say): an orphan would go on writing shards for nobody, holding its memory."""
    while os.getppid() == parent:  # a worker whose run died is adopted by another process
        time.sleep(_WATCH_S)
    os._exit(1)


def start(workers: int) -> None:
    """Start `workers` processes (none for 1) and have each import the extractor now."""
    global _pool, _size
    if workers <= 1 or _pool is not None:
        return
    _pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                initializer=_warm, initargs=(os.getpid(),))
    _size = workers
    for _ in range(workers):
        _pool.submit(int)  # makes the executor spawn its workers at once


def stop() -> None:
    global _pool, _size
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
    _pool, _size = None, 0


@contextmanager
def workers(count: int) -> Iterator[int]:
    """The pool for a run: the one already started, or one started (and stopped) here."""
    started_here = _pool is None and count > 1
    if started_here:
        start(count)
    try:
        yield max(_size, 1)
    finally:
        if started_here:
            stop()


def run_batch(paths: list[str], staging: str, index: int, processed_at: str, root: str | None) -> ShardSummary:
    if _pool is None:
        with _inline:
            return extract_shard(paths, staging, index, processed_at, root)
    return _pool.submit(extract_shard, paths, staging, index, processed_at, root).result()
