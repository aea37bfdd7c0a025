"""A scheduled deployment on a real Prefect server on loopback (`make server PORT=…`): serve it,
trigger it; it publishes, and its progress and summary are in the run's Prefect logs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

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


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _post(url: str, body: dict) -> list[dict]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def _run_logs(api: str) -> list[str]:
    """The log messages of the (only) flow run on the server, as the UI shows them."""
    runs = _post(f"{api}/flow_runs/filter", {})
    if not runs:
        return []
    logs = _post(f"{api}/logs/filter", {"logs": {"flow_run_id": {"any_": [runs[0]["id"]]}}, "limit": 200})
    return [log["message"] for log in logs]


def test_served_deployment_runs_on_demand_and_publishes(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "processed"
    shutil.copytree(ROOT / "raw", raw)
    api = f"http://127.0.0.1:{free_port()}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_SERVER_SERVICES")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    server = subprocess.Popen(  # the Makefile's server target; -o: never rebuild the venv from a test
        ["make", "-s", "-C", str(ROOT), "-o", ".venv/.installed", "server", f"PORT={api.split(':')[2].split('/')[0]}",
         f"PREFECT_HOME={tmp_path / 'prefect-home'}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    client_env = {**env, "PREFECT_API_URL": api}
    serve = None
    try:
        _wait(lambda: _healthy(api), 120, "the Prefect server")
        serve = subprocess.Popen(
            [str(BIN / "pagesift"), "serve", "--name", "nightly", "--cron", "0 3 * * *",
             "--raw", str(raw), "--out", str(out), "--workers", "1"],
            env=client_env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            start_new_session=True,
        )

        def deployment_exists() -> bool:
            found = subprocess.run([str(BIN / "prefect"), "deployment", "inspect", "process-pages/nightly"],
                                   env=client_env, capture_output=True, text=True, cwd=tmp_path)
            return found.returncode == 0 and "0 3 * * *" in found.stdout

        _wait(deployment_exists, 120, "the served deployment")
        triggered = subprocess.run(
            [str(BIN / "prefect"), "deployment", "run", "process-pages/nightly", "--watch", "--watch-timeout", "240"],
            env=client_env, capture_output=True, text=True, cwd=tmp_path, timeout=300,
        )
        assert triggered.returncode == 0, triggered.stdout + triggered.stderr
        assert "Completed" in triggered.stdout + triggered.stderr
        report = json.loads((out / "run_report.json").read_text())
        pages = len(list(raw.iterdir()))
        assert report["found"] == report["published"] == pages
        assert (out / "datapackage.json").exists()
        expected = (f"found {pages} pages: {pages} new", f"extracted {pages}/{pages} pages",
                    f"publishing {pages} pages into", f"published {pages} pages, rejected 0",
                    f"published {pages}, rejected 0 in")
        logs = _wait(lambda: (found := _run_logs(api)) and all(any(e in m for m in found) for e in expected) and found,
                     60, "the served run's progress and summary in its Prefect logs")
        assert not any(m.startswith("Traceback") for m in logs)
    finally:
        for proc in (serve, server):
            if proc is not None and proc.poll() is None:
                os.killpg(proc.pid, 15)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, 9)
