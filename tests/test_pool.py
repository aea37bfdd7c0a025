"""The worker pool holds a page's time limit even in C code no timer interrupts (issue 21, item
11): a worker that stops answering is killed, its page rejected over its time limit, and the rest
of its batch — and of every batch the kill interrupted — still processed."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pagesift.errors import RETRIED
from pagesift.flows import pool

from .conftest import SHM, shm_leftovers
from .hostile_corpus import article

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")]

#: Loaded into each worker (sitecustomize on PYTHONPATH): stand-ins for two pages. `deaf` arms its
#: page timer, then spins with the timer's Python handler never run, as a call into C that never
#: returns to the interpreter (libxml2 on a hostile page) would; `slow` waits (answering, using no CPU) until the deaf page has been killed the first
#: time round, so its batch is surely in flight when the pool breaks.
_HOOKS = """
import os, signal, time
import pagesift.dataset.ingest as ingest
from pagesift.extract.pipeline import time_limit

_process_file = ingest.process_file
_SEEN = os.environ["PAGESIFT_TEST_SEEN"]


def process_file(ref, *args, **kwargs):
    if "deaf" in os.path.basename(str(ref)):
        open(os.path.join(_SEEN, "deaf"), "w").close()
        with time_limit(0.5):
            signal.signal(signal.SIGPROF, signal.SIG_IGN)  # its Python handler would never run
            while True:
                pass
    if "slow" in os.path.basename(str(ref)) and not os.path.exists(os.path.join(_SEEN, "slow")):
        open(os.path.join(_SEEN, "slow"), "w").close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            time.sleep(0.05)
    return _process_file(ref, *args, **kwargs)


ingest.process_file = process_file
"""


def _hooked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The raw and staging folders of a test whose workers load `_HOOKS`."""
    hooks, seen, raw, staging = (tmp_path / name for name in ("hooks", "seen", "raw", "staging"))
    for folder in (hooks, seen, raw, staging):
        folder.mkdir()
    (hooks / "sitecustomize.py").write_text(_HOOKS, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(hooks))
    monkeypatch.setenv("PAGESIFT_TEST_SEEN", str(seen))
    return raw, staging


@pytest.mark.parametrize("marks", ["memory", "temporary folder", "refused"])
def test_a_worker_deaf_to_its_page_timer_is_killed_and_every_other_page_processed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, marks: str
) -> None:
    """Wherever the workers' marks go: /dev/shm, or the temporary folder where it cannot be
    written, or where a folder cannot be made in it (a file stands for a refusing /dev/shm)."""
    if marks == "temporary folder":
        monkeypatch.setattr(pool, "_marks_root", lambda: None)
    elif marks == "refused":
        (tmp_path / "shm").write_text("not a folder")
        monkeypatch.setattr(pool, "_marks_root", lambda: str(tmp_path / "shm"))
    elif pool._marks_root() is None:
        pytest.skip("no writable /dev/shm here")
    raw, staging = _hooked(tmp_path, monkeypatch)
    names = [["a-heartburn", "b-deaf", "c-insomnia"], ["d-slow", "e-dandruff", "f-back-pain"]]
    batches = [[str(raw / f"{name}.html") for name in batch] for batch in names]
    for page in batches[0] + batches[1]:
        Path(page).write_text(
            article(f"What Causes {Path(page).stem[2:].title()} and How to Ease It"), encoding="utf-8"
        )

    others = _children()  # processes other tests' fixtures started (a server) are not the pool's
    first = pool._generation  # counted over the process's pools
    pool.start(2, kill_after=2.0)
    assert pool._sentinel is not None
    folder = Path(pool._sentinel.folder)
    assert folder.parent == Path("/dev/shm" if marks == "memory" else tempfile.gettempdir())
    started = time.monotonic()
    try:
        with ThreadPoolExecutor(2) as threads:
            shards = list(
                threads.map(
                    lambda i: pool.run_batch(batches[i], str(staging), i, "2026-01-01T00:00:00Z", str(raw)), range(2)
                )
            )
        generations, done = pool._generation, pool.pages_done()
    finally:
        pool.stop()
    held = time.monotonic() - started
    assert held < 60  # generous: the deaf page costs 2 s of CPU, then its worker is killed

    assert [(shard.records, shard.rejected) for shard in shards] == [(2, 1), (3, 0)]
    published = {
        Path(json.loads(line)["source"]["path"]).stem
        for shard in shards
        for line in (staging / f"{shard.index:06d}.records.jsonl").read_text().splitlines()
    }
    assert published == {"a-heartburn", "c-insomnia", "d-slow", "e-dandruff", "f-back-pain"}
    (rejected,) = [json.loads(line) for line in (staging / "000000.rejected.jsonl").read_text().splitlines()]
    assert Path(rejected["path"]).stem == "b-deaf" and rejected["stage"] == "extract"
    assert rejected["code"] == "timeout" in RETRIED and "killed" in rejected["error"]  # tried again by the next run
    assert generations == first + 1  # one kill, one new pool: both batches ran again on it
    assert done >= 5
    assert _children() - others == set()
    assert not folder.exists()  # the marks go with the pool


def _children() -> set[int]:
    """This process's children that still run."""
    return {int(name) for name in os.listdir("/proc") if name.isdigit() and _is_worker_of_this_test(int(name))}


def _is_worker_of_this_test(pid: int) -> bool:
    """A process whose parent is this one and that still runs (the pool left nothing behind)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()
    except OSError:
        return False
    return (
        int(stat[1]) == os.getpid()
        and stat[0] not in (b"Z", b"X")
        and b"resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes()
    )


def test_one_worker_is_a_process_too_so_the_kill_holds_with_workers_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--workers 1` (and any run of one batch) gets one worker process, not the run's own: a page
    deaf to its timer is killed there too, and the rest of the run goes on."""
    from pagesift.flows.process_pages import choose_flow, process_pages

    assert choose_flow(1, 3, None) == (process_pages, 1)
    assert choose_flow(None, 1, None) == (process_pages, 1)  # one batch: one process, never none
    assert choose_flow(None, 0, None) == (process_pages, 0)  # no page: no process started
    raw, staging = _hooked(tmp_path, monkeypatch)
    pages = [str(raw / f"{name}.html") for name in ("a-heartburn", "b-deaf", "c-insomnia")]
    for page in pages:
        Path(page).write_text(
            article(f"What Causes {Path(page).stem[2:].title()} and How to Ease It"), encoding="utf-8"
        )

    others, before = _children(), pool._generation
    with pool.workers(1):
        pool._sentinel.kill_after = 2.0  # type: ignore[union-attr]  # the test's page limit, not 35 s
        shard = pool.run_batch(pages, str(staging), 0, "2026-01-01T00:00:00Z", str(raw))
        generations = pool._generation - before
    assert (shard.records, shard.rejected, generations) == (2, 1, 1)
    (rejected,) = [json.loads(line) for line in (staging / "000000.rejected.jsonl").read_text().splitlines()]
    assert Path(rejected["path"]).stem == "b-deaf" and "killed" in rejected["error"]
    assert _children() - others == set()


def test_a_killed_pool_leaves_no_marks_behind(tmp_path: Path) -> None:
    """An interrupted run stops its workers with `kill` and ends by os._exit: the marks' folder
    (in memory, /dev/shm) goes with them, as `stop` removes it."""
    import subprocess

    script = (
        "import os, sys\n"
        "from pagesift.flows import pool\n"
        "if __name__ == '__main__':\n"
        "    pool.start(1)\n"
        "    folder = pool._sentinel.folder\n"
        "    print(os.path.isdir(folder), flush=True)\n"
        "    pool.kill()\n"
        "    print(os.path.exists(folder), flush=True)\n"
        "    os._exit(0)\n"
    )
    (tmp_path / "killed.py").write_text(script, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(tmp_path / "killed.py")], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.split() == ["True", "False"]


def test_workers_whose_run_was_killed_leave_no_marks_behind(tmp_path: Path) -> None:
    """A run SIGKILLed (by the OOM killer, say) cleans up nothing itself: its workers, which end
    when they see it gone, remove their marks, and the last one the folder."""
    import signal
    import subprocess

    script = (
        "import os, time\n"
        "from pagesift.flows import pool\n"
        "if __name__ == '__main__':\n"
        "    pool.start(2)\n"
        "    pool.run_batch([], os.environ['STAGING'], 0, '2026-01-01T00:00:00Z', None)\n"
        "    print(pool._sentinel.folder, flush=True)\n"
        "    time.sleep(600)\n"
    )
    (tmp_path / "killed.py").write_text(script, encoding="utf-8")
    (tmp_path / "staging").mkdir()
    run = subprocess.Popen(
        [sys.executable, str(tmp_path / "killed.py")],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "STAGING": str(tmp_path / "staging")},
    )
    assert run.stdout is not None
    folder = Path(run.stdout.readline().strip())
    marks = sorted(p.name for p in folder.iterdir())
    os.kill(run.pid, signal.SIGKILL)
    run.wait(timeout=60)
    deadline = time.monotonic() + 30
    while folder.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not folder.exists(), f"left behind: {marks}"


@pytest.mark.skipif(not SHM.is_dir(), reason="no /dev/shm")
def test_the_sessions_sweep_takes_only_what_no_live_process_holds() -> None:
    """The suite's sweep of /dev/shm (conftest.no_shm_leftovers) takes a semaphore no process maps
    and a settled marks' folder whose maker is gone, never a live run's semaphore or folder, nor a
    folder made a moment ago."""
    import multiprocessing
    import uuid

    since = time.time() - 10
    gone = int(Path("/proc/sys/kernel/pid_max").read_text()) + 1  # no process has this id
    tag = uuid.uuid4().hex[:8]
    orphan_sem = SHM / f"sem.mp-test{tag}"
    orphan_sem.write_bytes(b"\0" * 32)
    orphan_marks = Path(tempfile.mkdtemp(prefix=f"{pool.MARKS_PREFIX}{gone}-", dir=SHM))
    fresh_orphan = Path(tempfile.mkdtemp(prefix=f"{pool.MARKS_PREFIX}{gone}-", dir=SHM))
    live_marks = Path(tempfile.mkdtemp(prefix=f"{pool.MARKS_PREFIX}{os.getpid()}-", dir=SHM))
    settled = time.time() - 6  # a folder unchanged this long is settled; a fresh one may be a run's start
    for folder in (orphan_marks, live_marks):
        os.utime(folder, (settled, settled))
    live_lock = multiprocessing.get_context("spawn").Lock()  # a named semaphore, mapped by this process
    live_sem = SHM / live_lock._semlock.name.lstrip("/").replace("mp-", "sem.mp-", 1)  # type: ignore[attr-defined]
    try:
        assert live_sem.exists()
        left = set(shm_leftovers(since))
        assert {orphan_sem, orphan_marks} <= left
        assert live_marks not in left and live_sem not in left and fresh_orphan not in left
    finally:
        orphan_sem.unlink(missing_ok=True)
        for folder in (orphan_marks, fresh_orphan, live_marks):
            folder.rmdir()
