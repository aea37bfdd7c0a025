"""A Prefect API for one CLI run, started before the run needs it.

Prefect's ephemeral mode starts its temporary API server (a uvicorn subprocess that imports the
whole server: about 6 s here) only when the flow is called, after our own imports. `TemporaryAPI`
spawns the same server at the very start of `pagesift run`, so its start-up overlaps ours, and
points this process at it. With PREFECT_API_URL set (a real server), it does nothing.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager


def _die_with_parent() -> None:
    """In the server's process: ask Linux to stop it when this run's process dies, even by SIGKILL."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the server stops when the run exits normally


class TemporaryAPI:
    def __init__(self, startup_timeout: float = 120.0) -> None:
        self.url: str | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self.timeout = startup_timeout
        if os.environ.get("PREFECT_API_URL"):
            return
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "prefect.server.api.server:create_app",
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "error", "--lifespan", "on"],
            env=env, stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent,
        )
        self.url = f"http://127.0.0.1:{port}/api"

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"the temporary Prefect API server exited with code {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"the temporary Prefect API server did not answer within {self.timeout:.0f} s")

    @contextmanager
    def serving(self) -> Iterator[None]:
        """Run the caller's flows against this API (and without the flow heartbeat thread)."""
        from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

        updates: dict = {PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
        if self.url:
            self._wait_healthy()
            updates[PREFECT_API_URL] = self.url
        try:
            with temporary_settings(updates=updates):
                yield
        finally:
            self.stop()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
