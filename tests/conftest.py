"""Shared fixtures: repository paths, the optional ../shared data, and one Prefect test harness."""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
BIN = Path(sys.executable).parent  # the venv's console scripts: pagesift, prefect, dask
os.environ.setdefault("PREFECT_HOME", str(ROOT / ".prefect"))
# pagesift's cache (the prepared language model, 88 MB) in a folder of this test session, removed
# at its end: the tests and the runs they start never read or change the user's ~/.cache/pagesift.
if "PAGESIFT_CACHE" not in os.environ:
    os.environ["PAGESIFT_CACHE"] = tempfile.mkdtemp(prefix="pagesift-test-cache-")
    atexit.register(shutil.rmtree, os.environ["PAGESIFT_CACHE"], ignore_errors=True)
# The flow tests count task runs through the API, so the test server records them.
os.environ.setdefault("PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED", "true")

import pagesift.flows  # noqa: E402,F401  (sets Prefect's offline settings before Prefect is imported)

SHM = Path("/dev/shm")


def _mapped_in_shm() -> set[int]:
    """The inodes of the /dev/shm files some live process maps. A POSIX semaphore is mapped by each
    holder, under the name glibc made it with (then renamed): known by its inode, not its name."""
    mapped: set[int] = set()
    for maps in Path("/proc").glob("[0-9]*/maps"):
        try:
            text = maps.read_text(errors="replace")
        except OSError:  # gone, or another user's
            continue
        for line in text.splitlines():
            if " /dev/shm/" in line:
                mapped.add(int(line.split()[4]))  # address, mode, offset, device, inode, path
    return mapped


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def shm_leftovers(since: float) -> list[Path]:
    """What SIGKILLed runs of this user left in /dev/shm since `since`: a run killed with its whole
    process group (workers and multiprocessing's resource tracker too) leaves its pool's semaphores
    (`sem.mp-*`, mapped by no live process) and its marks' folder (named by a process now gone, and
    unchanged for a few seconds). /dev/shm is listed before the processes' maps are read: a
    semaphore's maker maps it before it gives it its name, so one listed and then found mapped by
    nobody has no live holder (one made after the listing is not a candidate). Processes outside
    this PID namespace are not seen: the suite assumes it does not share /dev/shm with them."""
    from pagesift.flows.pool import MARKS_PREFIX  # here: the pool's imports are not every session's

    if not SHM.is_dir():
        return []
    candidates = []
    for path in SHM.iterdir():
        try:
            stat = path.lstat()
        except OSError:
            continue
        if stat.st_uid == os.getuid() and stat.st_mtime >= since:
            candidates.append((path, stat))
    mapped, settled, left = _mapped_in_shm(), time.time() - 5, []
    for path, stat in candidates:
        if path.name.startswith("sem.mp-") and stat.st_ino not in mapped:
            left.append(path)
        elif path.name.startswith(MARKS_PREFIX) and stat.st_mtime < settled:
            maker = path.name[len(MARKS_PREFIX) :].split("-", 1)[0]
            if maker.isdigit() and not _alive(int(maker)):
                left.append(path)
    return left


@pytest.fixture(scope="session", autouse=True)
def no_shm_leftovers() -> Iterator[None]:
    """The crash tests SIGKILL whole runs, as an OOM killer or a power cut would; nothing of such a
    run survives to remove its entries in /dev/shm, which hold memory until a reboot. The session
    removes what such runs left while it ran (what a session itself killed leaves stays)."""
    started = time.time() - 1  # a file system's clock may trail this one's by a tick
    yield
    for path in shm_leftovers(started):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            with suppress(OSError):
                path.unlink()


@pytest.fixture(scope="session")
def prefect_harness():
    """A temporary Prefect API (SQLite in a temp folder), shared by the tests that run flows."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def shared() -> Path:
    """../shared beside the repo (benchmark pages, the seed); tests skip cleanly without it."""
    if not SHARED.is_dir():
        pytest.skip("../shared is absent (a fresh clone has no shared data)")
    return SHARED


def free_port() -> int:
    """A free TCP port on loopback, for the servers the slow tests start."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def prefect_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One PREFECT_HOME for the tests' `pagesift run` subprocesses: its database is created once."""
    return tmp_path_factory.mktemp("prefect-home")


def published_files(out: Path) -> dict[str, bytes]:
    """The files a reader sees in an output folder (not the lock or a run's hidden work files)."""
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)
    }


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """An output folder holding a previous run's files (their content is all that matters here)."""
    out = tmp_path / "processed"
    (out / "tables").mkdir(parents=True)
    (out / "datapackage.json").write_text('{"name": "earlier"}\n')
    (out / "notes.txt").write_text("kept by the user\n")
    (out / "tables" / "articles.csv").write_text("id\nearlier\n")
    return out
