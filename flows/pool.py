"""Local worker processes for the batches: started once, warmed early, shared by the run.

`pagesift run` starts the pool before Prefect's API is up, so the workers import the extractor
while the server starts. A flow run started any other way (a served deployment) starts it on its
first batch. With no worker (0: a direct call of the flow, a Dask cluster's own workers, a
memory:// folder) the batches run in this process, one at a time. The workers import the core only
(no Prefect): a batch is plain pagesift work that writes one shard file.

A page's time limit holds even in C code no timer interrupts (libxml2, a regex engine): each worker
marks the page it is on (a small file: pool generation, batch, its CPU time at the page's start,
the page), and a sentinel thread in the run's process reads the workers' CPU time from /proc; a
worker that has spent `kill_after` CPU seconds on one page (the page's own limit, which SIGPROF
enforces on Python code, plus a grace) is killed. The pool is then broken for every batch in
flight: it is started again, and each of those batches runs again — the page that was killed
rejected at once (`run.killed`), the others processed as before. `--workers 1` is one such
worker, so the limit holds there too. Linux only (/proc), like the watchdog of in-process runs; in
this process or on Dask, C code is bounded by the limits on what reaches it.
"""

from __future__ import annotations

import ctypes
import functools
import multiprocessing
import multiprocessing.util
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from multiprocessing.sharedctypes import Synchronized

from pagesift.dataset import run
from pagesift.dataset.publish import ShardSummary
from pagesift.settings import DEFAULT_LIMITS

#: CPU seconds a worker may spend on one page before it is killed: the page's own limit (SIGPROF
#: stops Python code then) and a grace for the page's rejection to be written.
KILL_AFTER_S = DEFAULT_LIMITS.page_timeout_s + 5.0
_CHECK_S = 0.25  # how often the sentinel reads the workers' CPU time

_pool: ProcessPoolExecutor | None = None
_size = 0
_generation = 0  # pools started by this run: a broken one is replaced by the next
_sentinel: _Sentinel | None = None
_restarting = threading.Lock()
_inline = threading.Lock()  # one batch at a time when there is no pool
_inline_done = 0  # pages done in this process (no pool)
_killed = False  # set by `kill`: no batch starts after an interrupt
_starting = False  # set while `start` creates the pool (and registers its semaphores)
_for_next_run = False  # the pool was started for the next run of the flow (`pagesift run`), which owns it

# In a worker: where it marks its page, its pool's generation, the run's count of pages done.
_marks: str | None = None
_worker_generation = 0
_done: Synchronized | None = None


def _warm(parent: int, marks: str, generation: int, done: Synchronized) -> None:
    """Runs in each new worker: ignore Ctrl-C (see `start`), watch the run's process (`parent`),
    import the extractor, prime trafilatura's lazy parts and load the language model."""
    global _marks, _worker_generation, _done
    _marks, _worker_generation, _done = marks, generation, done
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C pending since the spawn is dropped with it
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    threading.Thread(target=_exit_with, args=(parent,), name="pagesift-orphan-watch", daemon=True).start()
    from pagesift.extract import pipeline

    try:
        pipeline.warm()
    except Exception:
        # A fault here (`ulimit -f` or a full disk while the language model unpacks) must not break
        # the pool with no word of why: the first page meets it again and fails the run naming it.
        pass


_WATCH_S = 0.2  # how often a worker checks that its run is still alive


def _exit_with(parent: int) -> None:
    """End this worker as soon as the run that started it is gone (SIGKILLed, by the OOM killer
    say): an orphan would go on writing shards for nobody, holding its memory. Its mark goes too,
    and the marks' folder with the last worker out: no sentinel is left to remove them, and in
    /dev/shm they would hold memory until a reboot."""
    while os.getppid() == parent:  # a worker whose run died is adopted by another process
        time.sleep(_WATCH_S)
    if _marks is not None:
        for name in (str(os.getpid()), f".{os.getpid()}"):
            with suppress(OSError):
                os.unlink(os.path.join(_marks, name))
        with suppress(OSError):
            os.rmdir(_marks)  # fails while another worker's mark is there: that worker removes it
    os._exit(1)


def start(workers: int, kill_after: float = KILL_AFTER_S, *, for_next_run: bool = False) -> None:
    """Start `workers` processes (none for 0) and have each import the extractor now; a worker
    that spends `kill_after` CPU seconds on one page is killed (see the module's docstring). A pool
    started `for_next_run` belongs to the next run of the flow, which stops it when its batches
    are done (`Lease`)."""
    global _pool, _size, _sentinel, _for_next_run
    if workers < 1 or _pool is not None:
        return
    _sentinel = _Sentinel(kill_after)
    _pool, _size = _new_pool(workers, _sentinel), workers
    _for_next_run = for_next_run


def _new_pool(workers: int, sentinel: _Sentinel) -> ProcessPoolExecutor:
    """A pool of `workers` spawned processes, each started now, marking its pages for `sentinel`."""
    global _starting
    _starting = True
    # The workers share the terminal's process group, but ignore its Ctrl-C: the run that owns them
    # stops them (`kill`). SIGINT is blocked in this thread while it spawns them: a blocked signal
    # stays blocked across exec, so a Ctrl-C reaches no worker before `_warm` ignores it, and the
    # run's own handler still gets it (it was ignored here before, and a Ctrl-C in that moment lost).
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_warm,
            initargs=(os.getpid(), sentinel.folder, _generation, sentinel.done),
        )
        for _ in range(workers):
            pool.submit(int)  # makes the executor spawn its workers now, in this thread
        return pool
    finally:
        _starting = False
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def stop() -> None:
    global _pool, _size, _sentinel
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
    if _sentinel is not None:
        _sentinel.close()
    _pool, _size, _sentinel = None, 0, None


def pages_done() -> int:
    """Pages this process's batches have finished so far (the workers count each page as it ends):
    the run's progress between the ends of its batches. Not the pages of Dask's workers."""
    return _inline_done + (_sentinel.done.value if _sentinel is not None else 0)


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
    if _sentinel is not None:  # the run ends with os._exit: its marks would stay in memory (/dev/shm)
        shutil.rmtree(_sentinel.folder, ignore_errors=True)
    _pool, _size = None, 0


@dataclass
class Lease:
    """A run's hold on the pool. A run that owns it (started it, or is the run it was started
    for) releases it as soon as its batches are done: publishing is when a run's memory peaks,
    and idle workers would only wait through it (about 200 MiB each)."""

    size: int
    owned: bool

    def release(self) -> None:
        if self.owned:
            self.owned = False
            stop()


@contextmanager
def workers(count: int) -> Iterator[Lease]:
    """The pool for a run: the one already started, or one started here (none for 0: the
    batches run in this process); stopped by the run that owns it, at the latest on the way out."""
    global _for_next_run
    owned = _for_next_run or (_pool is None and count >= 1)
    _for_next_run = False
    if _pool is None and count >= 1:
        start(count)
    lease = Lease(max(_size, 1), owned)
    try:
        yield lease
    finally:
        lease.release()


def run_batch(paths: list[str], staging: str, index: int, processed_at: str, root: str | None) -> ShardSummary:
    """One batch, on the pool (again, without the page its worker was killed for, if one was), or
    in this process."""
    if _killed:
        raise RuntimeError("the run was interrupted")
    if _pool is None:
        with _inline:
            return run.extract(paths, staging, index, processed_at, root, watch=_count_inline())
    stopped: dict[str, float] = {}
    while True:
        pool, generation, sentinel = _pool, _generation, _sentinel
        if pool is None or sentinel is None or _killed:
            raise RuntimeError("the run was interrupted")
        try:
            return pool.submit(_batch, paths, staging, index, processed_at, root, stopped).result()
        except BrokenProcessPool:
            if _killed or not sentinel.killed_in(generation):
                raise  # a worker died of something else (the OOM killer): the run fails
            stopped.update(sentinel.stopped(index))
            _restart(generation)


def _restart(generation: int) -> None:
    """Replace the pool of `generation`, broken by a kill, by a new one (once, whichever of its
    batches comes first)."""
    global _pool, _generation
    with _restarting:
        if _generation != generation or _pool is None or _sentinel is None or _killed:
            return
        broken = _pool
        _generation += 1
        _pool = _new_pool(_size, _sentinel)
    broken.shutdown(wait=False, cancel_futures=True)


def _count_inline() -> Callable[[str | None], None]:
    """In this process: count each page as it ends, for `pages_done`."""
    started = False

    def watch(page: str | None) -> None:
        nonlocal started
        global _inline_done
        if started:
            _inline_done += 1
        started = page is not None

    return watch


def _batch(
    paths: list[str], staging: str, index: int, processed_at: str, root: str | None, stopped: dict[str, float]
) -> ShardSummary:
    """In a worker: the batch, each page marked for the sentinel as it starts and counted as it ends."""
    assert _marks is not None and _done is not None  # set by `_warm`
    mark, tmp = os.path.join(_marks, str(os.getpid())), os.path.join(_marks, f".{os.getpid()}")
    started = False

    def watch(page: str | None) -> None:
        nonlocal started
        if started:
            with _done.get_lock():
                _done.value += 1
        started = page is not None
        if page is None:
            with suppress(FileNotFoundError):
                os.unlink(mark)
            return
        write_mark(mark, tmp, f"{_worker_generation}\t{index}\t{time.process_time()!r}\t{page}")

    summary = run.extract(paths, staging, index, processed_at, root, watch=watch, stopped=stopped)
    _trim()
    return summary


def write_mark(mark: str, tmp: str, line: str) -> None:
    """Replace the mark at `mark` by `line`, written aside at `tmp` first: the sentinel reads a
    whole mark or the one before, never half of one."""
    with open(tmp, "w", encoding="utf-8", errors="surrogateescape") as handle:
        handle.write(line)
    os.replace(tmp, mark)


def _trim() -> None:
    """Hand the free pages of the worker's heap back to the system after a batch: glibc keeps
    what a page's tree and strings freed (AEB's pages, batches of 64: a worker held 191–205 MiB
    after each batch without it, 183–189 with it), and a long run peaks while it extracts, the
    workers' memory counted in. A millisecond or so; the next batch takes the pages back as it
    needs them."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None where the C library has none (musl)."""
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


class _Sentinel:
    """In the run's process: kills a worker that has spent `kill_after` CPU seconds on one page,
    and remembers the page (by batch) and the pool generation it broke."""

    def __init__(self, kill_after: float) -> None:
        self.kill_after = kill_after
        self.folder = _marks_folder()
        self.done: Synchronized = multiprocessing.get_context("spawn").Value("q", 0)
        self._lock = threading.Lock()
        self._stopped: dict[int, dict[str, float]] = {}
        self._broken: set[int] = set()
        self._closed = threading.Event()
        threading.Thread(target=self._run, name="pagesift-page-sentinel", daemon=True).start()

    def _run(self) -> None:
        while not self._closed.wait(_CHECK_S):
            self.check()

    def check(self) -> None:
        """Read every worker's mark and CPU time; kill those past their page's time."""
        try:
            names = [name for name in os.listdir(self.folder) if name.isdigit()]
        except FileNotFoundError:
            return
        for name in names:
            path = os.path.join(self.folder, name)
            try:
                with open(path, encoding="utf-8", errors="surrogateescape") as handle:
                    generation, index, started, page = handle.read().split("\t", 3)
                used = _cpu_seconds(int(name)) - float(started)
            except (OSError, ValueError):
                with suppress(OSError):
                    os.unlink(path)  # the worker is gone (killed with its broken pool): its mark too
                continue
            if used > self.kill_after:
                with self._lock:
                    self._stopped.setdefault(int(index), {})[page] = DEFAULT_LIMITS.page_timeout_s
                    self._broken.add(int(generation))
                with suppress(ProcessLookupError):
                    os.kill(int(name), signal.SIGKILL)
                with suppress(OSError):
                    os.unlink(path)

    def killed_in(self, generation: int) -> bool:
        with self._lock:
            return generation in self._broken

    def stopped(self, index: int) -> dict[str, float]:
        """The pages of batch `index` whose worker was killed, with their time limit."""
        with self._lock:
            return self._stopped.pop(index, {})

    def close(self) -> None:
        self._closed.set()
        shutil.rmtree(self.folder, ignore_errors=True)


def _marks_folder() -> str:
    """A new folder for the marks: in /dev/shm (memory, where multiprocessing keeps the pool's
    semaphores) when a folder can be made there, else in the temporary folder. A worker writes and
    renames its mark at every page: 15 µs there against 65–77 µs of CPU (116–141 µs of wall) on the
    disk's file system, whose journal each rename waits for (bench/marks.py). Its name holds the
    id of the process that made it (the run's), so a folder whose run was SIGKILLed with its workers
    is told from a live run's by whether that process is still there."""
    root, prefix = _marks_root(), f"{MARKS_PREFIX}{os.getpid()}-"
    if root is not None:
        with suppress(OSError):  # a mandatory access policy may refuse what the mode bits allow
            return tempfile.mkdtemp(prefix=prefix, dir=root)
    return tempfile.mkdtemp(prefix=prefix)


MARKS_PREFIX = "pagesift-marks-"  # then the id of the process that made the folder, a dash, a random part


def _marks_root() -> str | None:
    """/dev/shm when this user may write there, else None."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK) else None


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of process `pid`, from /proc (OSError when it is gone)."""
    with open(f"/proc/{pid}/stat", "rb") as stat:
        fields = stat.read().rsplit(b")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
