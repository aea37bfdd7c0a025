"""The `pagesift` command as a user types it: its errors, its feedback, its summary."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pagesift.app import command_of
from pagesift.app.cli import app
from pagesift.dataset.store import OutputLock

from .conftest import ROOT, free_port, published_files

PAGESIFT = [sys.executable, "-m", "pagesift"]


def test_help_lists_commands_and_options() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("run", "eval", "serve", "report", "--debug"):
        assert command in result.output
    result = runner.invoke(app, ["run", "--help"])
    for option in ("--raw", "--out", "--batch-size", "--workers"):
        assert option in result.output


def _one_line_error(result: subprocess.CompletedProcess[str], code: int, *phrases: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == code, result.stderr
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and "starting" not in result.stderr  # refused before Prefect starts
    for phrase in phrases:
        assert phrase in lines[0]


def _pagesift(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **(env or {})}
    if env is None or "PREFECT_API_URL" not in env:
        environment.pop("PREFECT_API_URL", None)
    return subprocess.run([*PAGESIFT, *args], capture_output=True, text=True, env=environment, cwd=cwd, timeout=120)


@pytest.mark.parametrize("case", ["raw missing", "raw is a file", "out is a file", "out is raw", "out inside raw"])
def test_unusable_folders_are_one_line_and_exit_2(tmp_path: Path, published: Path, case: str) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "raw", raw)
    before = published_files(published)
    raw_arg, out_arg, phrase = {
        "raw missing": (tmp_path / "nope", published, "raw folder not found"),
        "raw is a file": (raw / "seed-back-numbness.txt", published, "is a file, not a folder"),
        "out is a file": (raw, published / "notes.txt", "is a file, not a folder"),
        "out is raw": (raw, raw, "is inside --raw"),
        "out inside raw": (raw, raw / "processed", "is inside --raw"),
    }[case]
    result = _pagesift("run", "--raw", str(raw_arg), "--out", str(out_arg))
    _one_line_error(result, 2, phrase)
    assert published_files(published) == before
    assert not (raw / "processed").exists()  # nothing written into the raw folder


def test_a_refused_run_leaves_no_temporary_api_behind(tmp_path: Path) -> None:
    """The console script starts a run's temporary API before the command line has checked the
    folders (its imports would delay the server); a run refused then stops it at once."""
    from .test_interrupt import _wait_gone

    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home")}
    env.pop("PREFECT_API_URL", None)
    run = subprocess.Popen(
        [*PAGESIFT, "-v", "run", "--raw", str(tmp_path / "nope"), "--out", str(tmp_path / "out")],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 2 and "raw folder not found" in stderr, stderr
    assert _wait_gone(run.pid) == []


def test_the_console_script_stops_the_server_it_started_for_a_run_refused_before_taking_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the console script's own process (so no parent's death can stop it): the server started
    early for `run` is stopped when the command refuses its folders, and none is left to take."""
    from pagesift import app as console
    from pagesift.flows import api

    from .test_api import _idle_server

    started: list[subprocess.Popen[bytes]] = []

    def popen(args: list[str], **kwargs: object) -> subprocess.Popen[bytes]:
        started.append(_idle_server(args, **kwargs))
        return started[-1]

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setattr(api.subprocess, "Popen", popen)
    monkeypatch.setattr(sys, "argv", ["pagesift", "run", "--raw", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    with pytest.raises(SystemExit) as exited:
        console.main()
    assert exited.value.code == 2
    assert len(started) == 1 and started[0].poll() is not None  # started early, then stopped
    assert api.take_early() is None


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["run", "--raw", "raw"], "run"),
        (["-v", "--log-format", "json", "--debug", "run"], "run"),
        (["--log-format", "run", "eval"], "eval"),  # a global option's value is not the command
        (["eval", "--gold", "run"], "eval"),
        (["--version"], None),
        ([], None),
    ],
)
def test_the_console_script_finds_the_command_past_the_global_options(args: list[str], command: str | None) -> None:
    assert command_of(args) == command


def test_an_output_folder_in_use_is_refused_with_exit_3(tmp_path: Path, published: Path) -> None:
    before = published_files(published)
    with OutputLock(published):
        result = _pagesift("run", "--raw", str(ROOT / "raw"), "--out", str(published))
    _one_line_error(result, 3, "another pagesift run", "is using")
    assert published_files(published) == before


def test_an_unreachable_prefect_api_is_one_line_and_exit_4(tmp_path: Path, published: Path) -> None:
    before = published_files(published)
    closed = {"PREFECT_API_URL": f"http://127.0.0.1:{free_port()}/api"}
    result = _pagesift("run", "--raw", str(ROOT / "raw"), "--out", str(published), env=closed)
    _one_line_error(result, 4, "cannot reach the Prefect API", "make server")
    served = _pagesift("serve", "--raw", str(ROOT / "raw"), "--out", str(published), env=closed)
    assert served.returncode == 4 and len(served.stderr.strip().splitlines()) == 1, served.stderr
    assert published_files(published) == before


@pytest.mark.slow
def test_a_temporary_api_slower_than_its_setting_is_one_line_and_exit_4(published: Path, prefect_home: Path) -> None:
    """The start-up timeout the message tells the user to raise is the one the run waits for."""
    from .test_interrupt import _wait_gone

    before = published_files(published)
    env = {**os.environ, "PREFECT_HOME": str(prefect_home), "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "0"}
    env.pop("PREFECT_API_URL", None)
    run = subprocess.Popen(
        [*PAGESIFT, "run", "--raw", str(ROOT / "raw"), "--out", str(published)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    _, stderr = run.communicate(timeout=120)
    lines = stderr.strip().splitlines()
    assert run.returncode == 4, stderr
    assert lines[0].startswith("starting: ") and len(lines) == 2, stderr
    assert "did not answer within 0 s" in lines[1] and "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS" in lines[1]
    assert _wait_gone(run.pid) == []  # the server that was still starting is stopped
    assert published_files(published) == before


@pytest.mark.parametrize("cron", ["61 * * * *", "every hour", "0 * * *"])
def test_serve_refuses_a_bad_cron_before_serving(tmp_path: Path, cron: str) -> None:
    closed = {"PREFECT_API_URL": f"http://127.0.0.1:{free_port()}/api"}
    result = _pagesift("serve", "--cron", cron, "--raw", str(ROOT / "raw"), "--out", str(tmp_path / "out"), env=closed)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "not a valid cron expression" in result.stderr and "serving" not in result.stderr + result.stdout


@pytest.mark.parametrize(
    "args", [["run", "--bogus"], ["run", "--batch-size", "0"], ["runn"], ["serve", "--workers", "x"]]
)
def test_a_bad_option_is_one_line_and_exit_2(args: list[str]) -> None:
    result = _pagesift(*args)
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "--help" in result.stderr and "Traceback" not in result.stderr


def test_an_unexpected_failure_is_one_line_and_the_traceback_needs_debug(tmp_path: Path) -> None:
    (tmp_path / "run_report.json").write_text("{not json")
    result = _pagesift("report", "--out", str(tmp_path))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "--debug" in result.stderr, result.stderr
    debug = _pagesift("--debug", "report", "--out", str(tmp_path))
    assert debug.returncode == 1 and "Traceback" in debug.stderr


def _table(stdout: str) -> dict[str, str]:
    figures = {}
    for line in stdout.splitlines():
        cells = [c.strip() for c in line.strip("│ ").split("│")]
        if len(cells) == 2:
            figures[cells[0]] = cells[1]
    return figures


@pytest.mark.slow
def test_pagesift_run_end_to_end_in_a_subprocess(tmp_path: Path) -> None:
    """A run says what it does from its first second, reports its wall time, and leaves no ERROR
    line: the client's events are dealt with before the temporary API server stops."""
    raw, out = tmp_path / "raw", tmp_path / "processed"
    shutil.copytree(ROOT / "raw", raw)
    (raw / "empty.txt").write_bytes(b"")
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home"), "COLUMNS": "200"}
    env.pop("PREFECT_API_URL", None)
    for again in (False, True):  # a full run, then a run with nothing changed
        started = time.monotonic()
        result = subprocess.run(
            [*PAGESIFT, "run", "--raw", str(raw), "--out", str(out), "--workers", "1"],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            cwd=tmp_path,
        )
        wall = time.monotonic() - started
        assert result.returncode == 0, result.stderr
        assert "ERROR" not in result.stderr and "Traceback" not in result.stderr, result.stderr
        status = result.stderr.splitlines()
        assert status[0].startswith("starting: ") and "temporary Prefect API" in status[0]
        assert any(line.startswith("found 10 pages") for line in status)
        if again:
            assert "nothing new, changed or deleted: the published files stand" in status
        else:
            assert status.index("publishing 10 pages into " + str(out) + " …") < status.index(
                "published 9 pages, rejected 1"
            )
        figures = _table(result.stdout)
        assert figures["pages found"] == "10"
        assert figures["published"] == "9"
        assert figures["rejected"].startswith("1 ")
        seconds = float(figures["time"].split()[0])
        ready = float(next(line for line in status if line.startswith("Prefect API ready after ")).split()[4])
        assert (
            max(ready, wall - 3.0) < seconds <= wall + 0.05
        )  # the command's wall time (shown to 0.1 s), not the flow's
    articles = (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    rejected = [json.loads(line) for line in (out / "rejected.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(articles) == 9
    database = sqlite3.connect(tmp_path / "prefect-home" / "prefect.db")  # the temporary API's
    try:
        assert database.execute("SELECT count(*) FROM flow_run").fetchone() == (2,)
        assert database.execute("SELECT count(*) FROM artifact").fetchone() == (0,)  # nobody would read them
    finally:
        database.close()
    assert [r["error"] for r in rejected] == ["empty file"]


@pytest.mark.slow
def test_a_lock_taken_after_the_check_is_still_one_line_and_exit_3(published: Path, prefect_home: Path) -> None:
    """The flow takes the output lock for good; if another run took it after the CLI's check, the
    refusal is still one line (Prefect's ERROR record of the failed flow run stays off the terminal)."""
    before = published_files(published)
    no_probe = (
        "import sys, pagesift.app.cli as cli; check = cli._check_locations; "
        "cli._check_locations = lambda raw, out, probe_lock=True: check(raw, out, probe_lock=False); "
        "cli.main(sys.argv[1:])"
    )
    env = {**os.environ, "PREFECT_HOME": str(prefect_home)}
    env.pop("PREFECT_API_URL", None)
    with OutputLock(published):
        result = subprocess.run(
            [sys.executable, "-c", no_probe, "run", "--raw", str(ROOT / "raw"), "--out", str(published)],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr and "ERROR" not in result.stderr, result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("pagesift: another pagesift run (pid ")
    assert published_files(published) == before


# --- issue 21 (16): the basics a command-line user expects -------------------------------------


def test_version_and_h_are_there() -> None:
    from pagesift import __version__

    version = _pagesift("--version")
    assert version.returncode == 0 and version.stdout.startswith(f"pagesift {__version__} ") and not version.stderr
    for args in (["-h"], ["run", "-h"], ["eval", "-h"]):
        helped = _pagesift(*args)
        assert helped.returncode == 0 and helped.stdout.startswith("Usage: pagesift"), helped.stderr


@pytest.mark.parametrize("command", [[], ["run"], ["report"], ["serve"], ["eval"]])
def test_help_fits_80_columns_and_names_every_option_in_full(command: list[str]) -> None:
    import typer.main

    group = typer.main.get_command(app)
    target = group.commands[command[0]] if command else group  # type: ignore[attr-defined]
    helped = _pagesift(*command, "--help", env={"COLUMNS": "80"})
    assert helped.returncode == 0, helped.stderr
    assert max(map(len, helped.stdout.splitlines())) <= 80, helped.stdout
    for param in target.params:
        for name in param.opts + param.secondary_opts:
            assert f" {name}" in helped.stdout or f"{name}," in helped.stdout, (name, helped.stdout)


def test_log_format_json_makes_every_stderr_line_a_json_object(tmp_path: Path) -> None:
    result = _pagesift("--log-format", "json", "run", "--raw", str(tmp_path / "nosuch"), "--out", str(tmp_path / "o"))
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    record = json.loads(line)
    assert record["level"] == "error" and record["exit"] == 2 and "raw folder not found" in record["message"]
    assert {"time", "event"} <= set(record)
    bad = _pagesift("--log-format", "xml", "report")
    assert bad.returncode == 2 and "'xml' is not one of text, json" in bad.stderr


def test_quiet_keeps_errors_and_verbose_counts_up(capsys: pytest.CaptureFixture[str]) -> None:
    from pagesift.app.voice import DEBUG, NORMAL, QUIET, VERBOSE, Voice

    quiet = Voice(level=QUIET)
    quiet.say("found 9 pages", event="planned")
    quiet.say("cannot publish", event="error", level="error")
    assert capsys.readouterr().err.splitlines() == ["cannot publish"]
    from pagesift.app import cli

    for args, level in ((["-q"], QUIET), ([], NORMAL), (["-v"], VERBOSE), (["-vv"], DEBUG), (["--debug"], DEBUG)):
        refused = CliRunner().invoke(app, [*args, "report", "--out", "/nonexistent/x"])
        assert isinstance(refused.exception, cli.CommandError) and cli.voice.level == level, args
    cli.voice.level = NORMAL


def test_dry_run_says_what_a_run_would_do_and_creates_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _pagesift("run", "--dry-run", "--raw", str(ROOT / "raw"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    pages = sorted(p.name for p in (ROOT / "raw").iterdir())
    lines = result.stdout.splitlines()
    assert (
        lines[0].startswith(f"dry run: found {len(pages)} pages: {len(pages)} new, 0 changed")
        and "nothing was written" in lines[0]
    )
    assert sorted(Path(line.split("new: ")[1]).name for line in lines[1:]) == pages
    assert not out.exists() and not result.stderr
    limited = _pagesift(
        "--log-format", "json", "run", "--dry-run", "--limit", "3", "--raw", str(ROOT / "raw"), "--out", str(out)
    )
    plan, said = json.loads(limited.stdout), json.loads(limited.stderr)
    assert (
        plan["found"] == 3
        and len(plan["new"]) == 3
        and said["event"] == "sample"
        and sorted(said["pages"]) == sorted(plan["new"])
    )
    assert not out.exists()


@pytest.mark.slow
def test_a_limited_run_in_json_publishes_its_sample_and_says_every_step_as_json(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(ROOT / "raw", raw)
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home")}
    env.pop("PREFECT_API_URL", None)
    result = subprocess.run(
        [
            *PAGESIFT,
            "--log-format",
            "json",
            "run",
            "--limit",
            "3",
            "--raw",
            str(raw),
            "--out",
            str(out),
            "--workers",
            "1",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    said = [json.loads(line) for line in result.stderr.splitlines()]  # every line, Prefect's too
    events = [line["event"] for line in said]
    assert events[0] == "starting" and {"sample", "api", "planned", "publishing", "published"} <= set(events)
    sample = next(line["pages"] for line in said if line["event"] == "sample")
    summary = json.loads(result.stdout)
    assert summary["found"] == summary["published"] + summary["rejected"] == 3 and summary["wall_seconds"] > 0
    published = {json.loads(line)["source"]["path"] for line in (out / "articles.jsonl").read_text().splitlines()}
    assert published <= set(sample) and len(sample) == 3
    refused = subprocess.run(
        [*PAGESIFT, "run", "--limit", "2", "--raw", str(raw), "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=tmp_path,
    )
    assert refused.returncode == 2 and "--limit 2 would delete 1 page that" in refused.stderr.splitlines()[-1]


# --- issue 21 (15): no silent waits ------------------------------------------------------------


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now


def test_progress_off_a_terminal_is_a_line_every_10_s_even_while_no_batch_ends(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from types import SimpleNamespace

    from pagesift.app import cli

    clock = _Clock()
    monkeypatch.setattr(cli, "time", SimpleNamespace(monotonic=clock.monotonic))
    reporter = cli._ConsoleProgress(live=False)
    reporter.start(640)
    said = []
    for second, done in enumerate([0] * 12 + [3] * 9 + [40] * 2, start=1):  # no 64-page batch ends
        clock.now = float(second)
        reporter.tick(done)
        said += capsys.readouterr().err.splitlines()
    assert [line.split(",")[0] for line in said] == ["extracted 0/640 pages", "extracted 3/640 pages"]
    reporter.tick(640)
    reporter.stop()
    assert capsys.readouterr().err.splitlines()[-1].startswith("extracted 640/640 pages")


def test_a_closed_reporter_prints_no_stage_line_after_the_stoppers(capsys: pytest.CaptureFixture[str]) -> None:
    """The thread that stops a run (its API died) closes the reporter before it prints its line:
    the flow's thread, still going, prints no stage after it."""
    from pagesift.app import cli

    reporter = cli._ConsoleProgress(live=False)
    reporter.start(6)
    reporter.tick(6)
    reporter.close()
    reporter.stage("publishing", "publishing 6 pages into out …")
    assert [line.split(",")[0] for line in capsys.readouterr().err.splitlines()] == ["extracted 6/6 pages"]
    assert reporter.stage_name == "publishing"  # still known, for what the stopper says of the files


def test_the_runs_handler_leaves_a_signal_its_caller_ignores_ignored(tmp_path: Path) -> None:
    """A background job of a shell without job control starts with SIGINT ignored: the terminal's
    Ctrl-C is not for it, and the run's own handler does not take it back."""
    import signal

    from pagesift.app import cli

    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        interrupt = cli._Interrupt(tmp_path)
        interrupt.install()
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        assert signal.getsignal(signal.SIGTERM) is interrupt
    finally:
        signal.signal(signal.SIGINT, before[0])
        signal.signal(signal.SIGTERM, before[1])


def test_a_ctrl_c_closes_the_reporter_without_waiting_on_a_line_being_printed() -> None:
    """The Ctrl-C handler may have interrupted the bar's own lock on the main thread while the
    watcher thread closes the reporter: it waits a moment at most, then silences it all the same;
    and a reporter closed before extraction starts draws no bar."""
    import threading

    from pagesift.app import cli

    reporter = cli._ConsoleProgress(live=True)
    held, release = threading.Event(), threading.Event()

    def printing() -> None:
        with reporter._closing:
            held.set()
            release.wait(5)

    other = threading.Thread(target=printing)
    other.start()
    held.wait(5)
    started = time.monotonic()
    reporter.close(summary=False, wait=0.05)
    assert time.monotonic() - started < 1.0 and reporter._closed
    release.set()
    other.join()
    reporter.start(10)
    assert reporter._bar is None


def test_a_terminal_bar_moves_with_the_pages_not_the_batches() -> None:
    from pagesift.app import cli

    reporter = cli._ConsoleProgress(live=True)
    reporter.start(640)
    assert reporter._bar is not None
    try:
        reporter.tick(5)
        assert reporter._bar.tasks[0].completed == 5  # not 0 until the first batch of 64 ends
    finally:
        reporter.stop(summary=False)


def test_ticking_tells_the_reporter_what_is_done_while_the_block_waits() -> None:
    """The flow's extraction reads the workers' count of pages every second, not only when a
    batch ends: a block that waits (no batch ends) still gets its progress ticked."""
    import threading

    from pagesift.flows import progress

    seen: list[int] = []
    three = threading.Event()

    class Recorder:
        def tick(self, done: int) -> None:
            seen.append(done)
            if len(seen) >= 3:
                three.set()

    counter = iter(range(1000))
    previous = progress.current()
    progress.use(Recorder())  # type: ignore[arg-type]  # only tick is called
    try:
        with progress.ticking(lambda: next(counter), 0.01):
            assert three.wait(60), "no tick within 60 s"
    finally:
        progress.use(previous)
    assert seen[:3] == [0, 1, 2]
