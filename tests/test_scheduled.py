"""A real Prefect server on loopback (`make server PORT=…`): its UI calls the API on its port; a
served deployment, triggered, publishes and leaves its progress and summary in the run's Prefect
logs, and so does a `pagesift run` against the server; one that is interrupted shows as cancelled
there."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from pagesift.flows.api import health_problem

from .conftest import BIN, ROOT, free_port

pytestmark = pytest.mark.slow


def _wait(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def _post(url: str, body: dict) -> list[dict]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), method="POST", headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def _run_logs(api: str) -> list[str]:
    """The log messages of the deployment's flow run on the server, as the UI shows them."""
    runs = _post(f"{api}/flow_runs/filter", {"flow_runs": {"deployment_id": {"is_null_": False}}})
    if not runs:
        return []
    logs = _post(f"{api}/logs/filter", {"logs": {"flow_run_id": {"any_": [runs[0]["id"]]}}, "limit": 200})
    return [log["message"] for log in logs]


def _stop(*processes: subprocess.Popen | None) -> None:
    for proc in processes:
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, 15)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)
                proc.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """`make server PORT=…` on loopback (its own database): the API URL and a client environment."""
    home = tmp_path_factory.mktemp("prefect-home")
    api = f"http://127.0.0.1:{free_port()}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_SERVER_SERVICES")}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    process = subprocess.Popen(  # the Makefile's server target; -o: never rebuild the venv from a test
        [
            "make",
            "-s",
            "-C",
            str(ROOT),
            "-o",
            ".venv/.installed",
            "server",
            f"PORT={api.split(':')[2].split('/')[0]}",
            f"PREFECT_HOME={home}",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait(lambda: health_problem(api) is None, 120, "the Prefect server")
        yield api, {**env, "PREFECT_API_URL": api}
    finally:
        _stop(process)


def test_served_deployment_runs_on_demand_and_publishes(tmp_path: Path, server: tuple[str, dict[str, str]]) -> None:
    raw, out = tmp_path / "raw", tmp_path / "processed"
    shutil.copytree(ROOT / "raw", raw)
    api, client_env = server
    serve = None
    try:
        serve = subprocess.Popen(
            [
                str(BIN / "pagesift"),
                "serve",
                "--name",
                "nightly",
                "--cron",
                "0 3 * * *",
                "--raw",
                str(raw),
                "--out",
                str(out),
                "--workers",
                "1",
            ],
            env=client_env,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )

        def deployment_exists() -> bool:
            found = subprocess.run(
                [str(BIN / "prefect"), "deployment", "inspect", "process-pages/nightly"],
                env=client_env,
                capture_output=True,
                text=True,
                cwd=tmp_path,
            )
            return found.returncode == 0 and "0 3 * * *" in found.stdout

        _wait(deployment_exists, 120, "the served deployment")
        triggered = subprocess.run(
            [str(BIN / "prefect"), "deployment", "run", "process-pages/nightly", "--watch", "--watch-timeout", "240"],
            env=client_env,
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=300,
        )
        assert triggered.returncode == 0, triggered.stdout + triggered.stderr
        assert "Completed" in triggered.stdout + triggered.stderr
        report = json.loads((out / "run_report.json").read_text())
        pages = len(list(raw.iterdir()))
        assert report["found"] == report["published"] == pages
        assert (out / "datapackage.json").exists()
        expected = (
            f"found {pages} pages: {pages} new",
            f"extracted {pages}/{pages} pages",
            f"publishing {pages} pages into",
            f"published {pages} pages, rejected 0",
            f"published {pages}, rejected 0 in",
        )
        logs = _wait(
            lambda: (found := _run_logs(api)) and all(any(e in m for m in found) for e in expected) and found,
            60,
            "the served run's progress and summary in its Prefect logs",
        )
        assert not any(m.startswith("Traceback") for m in logs)
    finally:
        _stop(serve)


def test_an_interrupted_run_is_cancelled_on_the_server(tmp_path: Path, server: tuple[str, dict[str, str]]) -> None:
    """Ctrl-C against a running server: the run stops at once and the UI says it was cancelled,
    instead of showing it "Running" for ever."""
    api, client_env = server
    raw = tmp_path / "raw"
    raw.mkdir()
    for copy in range(120):
        for page in (ROOT / "raw").iterdir():
            shutil.copyfile(page, raw / f"{copy:03d}-{page.name}")
    run = subprocess.Popen(
        [
            str(BIN / "pagesift"),
            "run",
            "--raw",
            str(raw),
            "--out",
            str(tmp_path / "out"),
            "--workers",
            "2",
            "--batch-size",
            "8",
        ],
        env=client_env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        while not (line := run.stderr.readline()).startswith("found "):
            assert line, "the run ended before it found its pages"
        time.sleep(0.5)
        os.killpg(run.pid, signal.SIGINT)
        _, stderr = run.communicate(timeout=30)
        assert run.returncode == 130, stderr
        assert stderr.strip().splitlines() == ["interrupted; the published files are unchanged"], stderr
        (latest,) = _post(
            f"{api}/flow_runs/filter",
            {"flow_runs": {"deployment_id": {"is_null_": True}}, "sort": "EXPECTED_START_TIME_DESC", "limit": 1},
        )
        assert latest["state"]["type"] == "CANCELLED"
        assert "interrupted" in latest["state"]["message"]
    finally:
        _stop(run)


def test_the_ui_calls_the_api_on_the_servers_own_port(server: tuple[str, dict[str, str]]) -> None:
    """`make server PORT=…`: the UI's settings (what the browser's app reads first) name the API
    on that port, not Prefect's default 4200."""
    api, _ = server
    with urllib.request.urlopen(api.removesuffix("/api") + "/ui-settings", timeout=10) as response:
        settings = json.loads(response.read())
    assert settings["api_url"] == api


@pytest.fixture(scope="module")
def cli_run(server: tuple[str, dict[str, str]], tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, int, str]:
    """A `pagesift run` over raw/ against the server: its flow run, the pages, its stderr."""
    api, client_env = server
    tmp_path = tmp_path_factory.mktemp("cli-run")
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "raw", raw)
    done = subprocess.run(
        [str(BIN / "pagesift"), "run", "--raw", str(raw), "--out", str(tmp_path / "out"), "--workers", "1"],
        env=client_env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    (latest,) = _post(
        f"{api}/flow_runs/filter",
        {"flow_runs": {"deployment_id": {"is_null_": True}}, "sort": "EXPECTED_START_TIME_DESC", "limit": 1},
    )
    return latest, len(list(raw.iterdir())), done.stderr


def _expected(pages: int) -> tuple[str, ...]:
    """What a run's Prefect logs say: its stages, progress and summary."""
    return (
        f"found {pages} pages: {pages} new",
        f"extracted {pages}/{pages} pages",
        f"publishing {pages} pages into",
        f"published {pages} pages, rejected 0",
        f"published {pages}, rejected 0 in",
    )


def test_a_cli_run_against_the_server_logs_its_stages_progress_and_summary(
    server: tuple[str, dict[str, str]], cli_run: tuple[dict, int, str]
) -> None:
    """`pagesift run` with PREFECT_API_URL: the flow run's logs in the UI hold what a served run's
    hold (found, extracted, publishing, published, the summary), not only Prefect's own lines."""
    api, _ = server
    latest, pages, stderr = cli_run

    def logged() -> list[str]:
        logs = _post(f"{api}/logs/filter", {"logs": {"flow_run_id": {"any_": [latest["id"]]}}, "limit": 200})
        messages = [log["message"] for log in logs]
        return messages if all(any(e in m for m in messages) for e in _expected(pages)) else []

    _wait(logged, 60, "the CLI run's stages, progress and summary in its Prefect logs")
    assert sum(line.startswith("found ") for line in stderr.splitlines()) == 1  # the terminal shows it once


def _headless_browser() -> str | None:
    return shutil.which("chromium-headless-shell") or shutil.which("chromium")


@pytest.mark.skipif(
    _headless_browser() is None, reason="no headless Chromium (Debian: apt-get install chromium-headless-shell)"
)
def test_the_ui_shows_the_cli_runs_page_with_its_logs_in_a_headless_browser(
    server: tuple[str, dict[str, str]], cli_run: tuple[dict, int, str]
) -> None:
    """The UI as a person meets it: a real browser loads the run's page from `make server PORT=…`
    (the UI's own app, calling the API on that port) and shows the run, its state and its logs —
    not "Oops. Something went wrong"."""
    api, _ = server
    latest, pages, _ = cli_run
    page = f"{api.removesuffix('/api')}/runs/flow-run/{latest['id']}"

    def shown() -> str:
        dom = subprocess.run(
            [
                str(_headless_browser()),
                "--no-sandbox",
                "--disable-gpu",
                "--window-size=1400,4000",
                "--virtual-time-budget=30000",
                "--dump-dom",
                page,
            ],
            capture_output=True,
            text=True,
            timeout=180,
        ).stdout
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", dom))
        return text if all(e in text for e in _expected(pages)[:4]) else ""

    text = _wait(shown, 120, "the run's page with its logs in the browser")
    assert latest["name"] in text and "Completed" in text and "process-pages" in text
    assert "Something went wrong" not in text
