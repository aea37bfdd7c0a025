"""Shared fixtures: repository paths, the optional ../shared data, and one Prefect test harness."""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import sys
import tempfile
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
