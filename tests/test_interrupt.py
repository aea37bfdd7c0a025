"""Ctrl-C and SIGTERM during `pagesift run`: out within 2 s, one line, exit 130/143, nothing left
running (the temporary API server, the worker processes), the published files unchanged."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT, published_files

pytestmark = pytest.mark.slow
PAGESIFT = [sys.executable, "-m", "pagesift"]


def _session(sid: int) -> list[str]:
    """The live (not zombie) processes of a session: what a run started and left behind."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == sid and fields[0] != "Z":  # fields: state ppid pgrp session ...
            found.append(f"{entry.name} {stat.split(' (', 1)[1].split(')')[0]}")
    return found


def _wait_gone(sid: int, timeout: float = 5.0) -> list[str]:
    deadline = time.monotonic() + timeout
    while (left := _session(sid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def _start(raw: Path, out: Path, home: Path, *extra: str) -> subprocess.Popen[str]:
    """`pagesift run` as a terminal starts it: the leader of its own session and process group,
    so a signal to the group is the terminal's Ctrl-C."""
    env = {**os.environ, "PREFECT_HOME": str(home)}
    env.pop("PREFECT_API_URL", None)
    return subprocess.Popen(
        [*PAGESIFT, "run", "--raw", str(raw), "--out", str(out), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=out.parent,
        start_new_session=True,
    )


def _stop(process: subprocess.Popen[str]) -> None:
    """Whatever happened in the test: nothing of the run survives it."""
    for pid in _session(process.pid):
        try:
            os.kill(int(pid.split()[0]), signal.SIGKILL)
        except ProcessLookupError:
            pass
    if process.poll() is None:
        process.kill()
    process.communicate()


def _signal_and_wait(process: subprocess.Popen[str], signum: int) -> tuple[float, str]:
    sent = time.monotonic()
    os.killpg(process.pid, signum)  # the whole foreground group, as a terminal does
    _, stderr = process.communicate(timeout=30)
    return time.monotonic() - sent, stderr


def test_ctrl_c_during_extraction_stops_everything_and_changes_nothing(
    tmp_path: Path, published: Path, prefect_home: Path
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for copy in range(120):  # 1,080 small pages: several seconds of extraction on two workers
        for page in (ROOT / "raw").iterdir():
            shutil.copyfile(page, raw / f"{copy:03d}-{page.name}")
    before = published_files(published)
    run = _start(raw, published, prefect_home, "--workers", "2", "--batch-size", "8")
    try:
        lines = []
        while not any(line.startswith("found ") for line in lines):
            line = run.stderr.readline()
            assert line, "".join(lines)
            lines.append(line)
        time.sleep(0.5)  # batches are in the worker processes now
        started = _session(run.pid)
        assert any("uvicorn" in p or "python" in p for p in started) and len(started) >= 3, started
        seconds, stderr = _signal_and_wait(run, signal.SIGINT)
        assert run.returncode == 130, "".join(lines) + stderr
        assert seconds < 2.0
        assert stderr.strip().splitlines() == ["interrupted; the published files are unchanged"], stderr
        assert _wait_gone(run.pid) == []
        assert published_files(published) == before
    finally:
        _stop(run)


@pytest.mark.parametrize(
    ("signum", "code", "word"), [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")]
)
def test_a_signal_while_the_api_starts_stops_the_server_too(
    published: Path, prefect_home: Path, signum: int, code: int, word: str
) -> None:
    before = published_files(published)
    run = _start(ROOT / "raw", published, prefect_home)
    try:
        assert run.stderr.readline().startswith("starting: ")
        time.sleep(1.0)  # the temporary API server is starting in its own process group
        assert len(_session(run.pid)) >= 2
        seconds, stderr = _signal_and_wait(run, signum)
        assert run.returncode == code, stderr
        assert seconds < 2.0
        assert stderr.strip().splitlines()[-1] == f"{word}; the published files are unchanged", stderr
        assert "Traceback" not in stderr
        assert _wait_gone(run.pid) == []
        assert published_files(published) == before
    finally:
        _stop(run)


# Once, Ctrl-C at the start of a run into a new folder left that folder holding only `.lock`.
def test_a_run_interrupted_at_start_leaves_no_output_folder_it_created(tmp_path: Path, prefect_home: Path) -> None:
    out = tmp_path / "new-out"
    run = _start(ROOT / "raw", out, prefect_home)
    try:
        assert run.stderr.readline().startswith("starting: ")  # printed once the folder and its lock were made
        assert (out / ".lock").exists()
        while not (line := run.stderr.readline()).startswith("Prefect API ready") and line:
            pass  # the run's own Ctrl-C handler is in place by then; nothing is published yet
        _, stderr = _signal_and_wait(run, signal.SIGINT)
        assert run.returncode == 130, stderr
        assert not out.exists(), list(out.iterdir())
    finally:
        _stop(run)


# Once, a Ctrl-C in a run's first second printed a KeyboardInterrupt traceback (raised in the
# middle of an import), was ignored (it came while the worker pool started: SIGINT ignored then), or
# left the run hung for good on an import lock that the interrupted import still held.
@pytest.mark.parametrize("after", [0.25, 0.5, 0.8])
def test_ctrl_c_in_the_first_second_stops_the_run_at_once(
    tmp_path: Path, published: Path, prefect_home: Path, after: float
) -> None:
    before = published_files(published)
    run = _start(ROOT / "raw", published, prefect_home, "--workers", "1")
    try:
        time.sleep(after)  # the command's own imports, its checks, the API and the worker starting
        seconds, stderr = _signal_and_wait(run, signal.SIGINT)
        assert run.returncode == 130, stderr
        assert seconds < 5.0 and "Traceback" not in stderr, stderr
        assert _wait_gone(run.pid) == []
        assert published_files(published) == before
    finally:
        _stop(run)


# Twice in CI, on a busy machine, a Ctrl-C during the console script's imports ended the process by
# SIGINT after it printed "interrupted" (the KeyboardInterrupt had escaped code run by `exec`, as
# a dataclass's `__init__` is made, which makes CPython re-raise the signal at exit), and once a
# run went on to the end (a library's import swallowed the KeyboardInterrupt).
_INTERRUPTED_IMPORT = """
import importlib.abc, importlib.util, os, signal, sys, time

HOW = sys.argv[1]


class Interrupting(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    '''The command line's import, interrupted as a Ctrl-C would.'''

    def find_spec(self, name, path, target=None):
        return importlib.util.spec_from_loader(name, self) if name == "pagesift.app.cli" else None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        if HOW == "json":  # the command line has read --log-format json when the Ctrl-C comes
            from pagesift.app.voice import Voice

            module.voice, module._discard_created = Voice(format="json"), lambda: None
        if HOW == "exec":
            exec("os.kill(os.getpid(), signal.SIGINT)\\nfor _ in range(10**6): pass", {"os": os, "signal": signal})
        else:
            try:
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(1)
            except BaseException:
                pass  # a library that swallows it
        module.main = lambda: print("the command ran")


sys.meta_path.insert(0, Interrupting())
if HOW == "ignored":
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # as a shell's background job starts
sys.argv = ["pagesift", "eval"]
from pagesift.app import main

main()
"""


@pytest.mark.parametrize("where", ["exec", "swallowed"])
def test_ctrl_c_during_the_console_scripts_imports_is_exit_130_and_one_word(tmp_path: Path, where: str) -> None:
    (tmp_path / "interrupted.py").write_text(_INTERRUPTED_IMPORT, encoding="utf-8")
    run_as_module = [sys.executable, "-m", "interrupted", where]  # as `python -m pagesift`: the exit that re-raised
    done = subprocess.run(run_as_module, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert (done.returncode, done.stderr, done.stdout) == (130, "interrupted\n", "")


def test_the_console_scripts_handler_speaks_json_and_leaves_an_ignored_signal_ignored(tmp_path: Path) -> None:
    (tmp_path / "interrupted.py").write_text(_INTERRUPTED_IMPORT, encoding="utf-8")

    def run(how: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "interrupted", how], capture_output=True, text=True, timeout=60, cwd=tmp_path
        )

    json_run = run("json")
    assert json_run.returncode == 130, json_run.stderr
    said = json.loads(json_run.stderr)
    assert (said["event"], said["level"], said["message"]) == ("interrupted", "warning", "interrupted")
    ignored = run("ignored")
    assert (ignored.returncode, ignored.stdout, ignored.stderr) == (0, "the command ran\n", "")
