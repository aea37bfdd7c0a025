"""Local worker processes for the batches: started once, warmed early, shared by the run.

`pagesift run` starts the pool before Prefect's API is up, so the workers import the extractor
while the server starts. A flow run started any other way (a served deployment) starts it on its
first batch. With one worker the batches run in this process, one at a time. The workers import
the core only (no Prefect): a batch is plain pagesift work that writes one shard file.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.util
import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from pagesift.dataset import run
from pagesift.dataset.publish import ShardSummary

_pool: ProcessPoolExecutor | None = None
_size = 0
_inline = threading.Lock()  # one batch at a time when there is no pool
_killed = False  # set by `kill`: no batch starts after an interrupt
_starting = False  # set while `start` creates the pool (and registers its semaphores)


def _warm(parent: int) -> None:
    """Runs in each new worker: ignore Ctrl-C (see `start`), watch the run's process (`parent`),
    import the extractor, prime trafilatura's lazy parts and load the language model."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(parent,), name="pagesift-orphan-watch", daemon=True).start()
    import trafilatura

    import pagesift.extract.pipeline  # noqa: F401
    from pagesift.extract import language

    try:
        trafilatura.extract("<html><body><p>warm</p></body></html>")
        language.load()
    except Exception:
        # A fault here (`ulimit -f` or a full disk while the language model unpacks) must not break
        # the pool with no word of why: the first page meets it again and fails the run naming it.
        pass


_WATCH_S = 0.2  # how often a worker checks that its run is still alive


def _exit_with(parent: int) -> None:
    """End this worker as soon as the run that started it is gone (SIGKILLed, by the OOM killer
    say): an orphan would go on writing shards for nobody, holding its memory."""
    while os.getppid() == parent:  # a worker whose run died is adopted by another process
        time.sleep(_WATCH_S)
    os._exit(1)


def start(workers: int) -> None:
    """Start `workers` processes (none for 1) and have each import the extractor now."""
    global _pool, _size, _starting
    if workers <= 1 or _pool is not None:
        return
    _starting = True
    # The workers share the terminal's process group, but ignore its Ctrl-C: the run that owns them
    # stops them (`kill`). An ignored signal stays ignored across exec, so they ignore it from
    # their first instruction when spawned from the main thread; `_warm` makes sure of it.
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
    try:
        _pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                    initializer=_warm, initargs=(os.getpid(),))
        _size = workers
        for _ in range(workers):
            _pool.submit(int)  # makes the executor spawn its workers now, in this thread
    finally:
        _starting = False
        if main:
            signal.signal(signal.SIGINT, previous)


def stop() -> None:
    global _pool, _size
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
    _pool, _size = None, 0


def kill() -> None:
    """Stop the workers at once (a run interrupted, or whose API died: it then ends with
    `os._exit`): nothing of them is left running, nor for multiprocessing's resource tracker to
    clean up.

    No lock is taken (this runs in a signal handler, perhaps while this thread holds the pool's):
    batches stop being submitted, so the executor spawns no replacement, and a worker spawned while
    the first sweep ran is caught by the second.
    """
    global _pool, _size, _killed
    _killed = True
    for _ in range(2):
        children = multiprocessing.active_children()
        for child in children:
            child.kill()
        for child in children:
            child.join(timeout=1)
    if not _starting:
        # The pool's queues hold named semaphores, registered with the resource tracker (a process
        # that outlives this one by a moment). `os._exit` skips multiprocessing's exit handler,
        # whose first step unlinks and unregisters them; without it the tracker unlinks them itself
        # and prints "leaked semaphore objects" warnings on the terminal. That first step, here.
        # (Not while `start` is registering semaphores: the tracker's lock is this thread's then.)
        multiprocessing.util._run_finalizers(0)  # type: ignore[attr-defined]  # private: not in the stubs
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
    if _killed:
        raise RuntimeError("the run was interrupted")
    if _pool is None:
        with _inline:
            return run.extract(paths, staging, index, processed_at, root)
    return _pool.submit(run.extract, paths, staging, index, processed_at, root).result()
