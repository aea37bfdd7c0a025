"""The Prefect API of one CLI run: a temporary server started first thing, or the user's server.

Prefect's ephemeral mode starts its temporary API server (a uvicorn subprocess that imports the
whole server: about 7 s here) only when the flow is called, after our own imports, and stops it
as soon as the flow returns — before the client has delivered its events, which then fail one by
one as ERROR lines. `TemporaryAPI` spawns the same server at the very start of `pagesift run`, so
its start-up overlaps ours, and:

- binds its port here and hands the listening socket to the server, so no other local process
  can take the announced port and impersonate the API;
- runs it in its own process group, so the terminal's Ctrl-C reaches only `pagesift`, which then
  stops the server itself (`kill`), and a dying run takes it along (PR_SET_PDEATHSIG);
- turns off the server services a one-run server never needs (automations' triggers and actions,
  plus the SQLite-heavy recorders that `flows/__init__` turns off), and its registration of block
  types (none is used by a run);
- sends the run's events nowhere (the one-run server would drop them: no recorder, persister or
  triggers), tells the flow its artifacts would be read by nobody (`read_after_run`), and
  delivers what the client still holds before stopping the server (`serving`);
- watches the server: if it dies during the run, `on_death` decides at once (the CLI reports a
  run whose files are final as done, any other as failed) instead of minutes of client retries.

With PREFECT_API_URL set, it starts nothing: `check_api` first checks that the server answers,
and during the run its health check is read every LOST_CHECK_S; a server that has not answered
for LOST_AFTER_S (stopped, or its machine gone) is given up the same way, through `on_death` —
instead of a run stalled on the client's retries, its terminal filling with undelivered events.
This module imports no Prefect at import time, so the CLI can use it before Prefect starts.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import partial

#: Settings of the temporary server's process only: it serves one run, then stops.
_SERVER_ENV = {
    "PREFECT_UI_ENABLED": "0",
    "PREFECT__SERVER_EPHEMERAL": "1",
    "PREFECT__SERVER_FINAL": "1",
    "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false",  # no automations on a one-run server
    # No block types registered at start-up: a run uses no blocks, and checking the registry first
    # imports every installed collection (prefect-dask: dask and distributed), about 0.9 CPU-s of
    # the server's start here. A server started by `make server` registers them as usual.
    "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
    "PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false",
}
#: The server's process: Prefect's API app, served by uvicorn on the listening socket it inherits
#: (its file descriptor is the one argument).
_SERVE = """
import socket, sys, uvicorn
config = uvicorn.Config("prefect.server.api.server:create_app", factory=True, log_level="error", lifespan="on")
uvicorn.Server(config).run(sockets=[socket.socket(fileno=int(sys.argv[1]))])
"""
_WATCH_S = 0.2  # how often the run checks that its temporary server is alive
_CHECK_S = 0.01  # how long a check waits for a server's exit to be known (once a run, before it publishes)
_REAP_S = 5.0  # how long a SIGKILLed server may take to be reaped (the kernel ends it at once)
_STARTUP_TIMEOUT = "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"
CHECK_TIMEOUT_S = 5.0  # how long the user's server has to answer each of the checks before a run
LOST_CHECK_S = 2.0  # how often the user's server is checked during a run
LOST_AFTER_S = 30.0  # a user's server silent this long during a run is given up (a restart takes less)
DRAIN_TIMEOUT_S = 10.0  # delivering a run's events takes milliseconds; this only bounds a stuck socket


_serving: TemporaryAPI | None = None  # the TemporaryAPI this process runs its flows against, if any


def read_after_run() -> bool:
    """Whether what a flow run writes to its API (artifacts) is kept for someone to read: not on a
    temporary server, whose database (in pagesift's cache, not `make server`'s) nobody opens."""
    return _serving is None


def before_publish() -> None:
    """A run about to change its output checks its temporary server first: one that died during
    extraction stops the run here (its `on_death`), with the published files unchanged, not in the
    middle of the commit or after it, as the watching thread may on a busy machine."""
    if _serving is not None:
        _serving.check()


_early: TemporaryAPI | None = None  # started by `start_early`, not yet taken by the run


def start_early() -> None:
    """Start a `pagesift run`'s temporary server before the command line's own imports (about
    0.3 s): the server's start-up is the run's critical path. The run takes it (`take_early`); a
    command that does not (a refused folder, a bad option) stops it (`stop_early`)."""
    global _early
    if not os.environ.get("PREFECT_API_URL"):
        _early = TemporaryAPI()


def take_early() -> TemporaryAPI | None:
    """The server `start_early` started, now the caller's to stop; None if there is none."""
    global _early
    api, _early = _early, None
    return api


def stop_early() -> None:
    """Stop the server `start_early` started if no run took it."""
    api = take_early()
    if api is not None:
        api.kill()


class APIUnavailable(RuntimeError):
    """The Prefect API cannot be reached or did not start; the message says what to do."""


def _die_with_parent(parent: int) -> None:
    """In the server's process: ask Linux to stop it when this run's process (`parent`) dies, even
    by SIGKILL; and stop now if it died already (a Ctrl-C between the fork and this call)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return  # not Linux: the server stops when the run exits normally
    if os.getppid() != parent:
        os._exit(1)


def health_problem(url: str, timeout: float = 2.0) -> str | None:
    """None when the API at `url` answers its health check, else why not (one short phrase)."""
    return _call_problem(f"{url.rstrip('/')}/health", timeout, body=False)


def check_api(url: str, timeout: float = CHECK_TIMEOUT_S) -> None:
    """Fail with one clear line when the server named by PREFECT_API_URL does not answer: its
    health check, then a real API call (a server that answers /health and nothing else would leave
    the run waiting on the client's retries for minutes)."""
    problem = health_problem(url, timeout)
    if problem is not None:
        raise APIUnavailable(
            f"cannot reach the Prefect API at {url} (PREFECT_API_URL): {problem}; start the server "
            "(`make server`) or unset PREFECT_API_URL to run with a temporary one"
        )
    problem = _call_problem(f"{url.rstrip('/')}/admin/version", timeout)
    if problem is not None:
        raise APIUnavailable(
            f"the server at {url} (PREFECT_API_URL) answers its health check but not the Prefect API "
            f"(GET /admin/version: {problem} within {timeout:g} s); is it a Prefect server? Start one "
            "(`make server`) or unset PREFECT_API_URL to run with a temporary one"
        )


def _call_problem(url: str, timeout: float, body: bool = True) -> str | None:
    """None when `url` answers 200 (with a JSON `body`, if asked), else why not (one short phrase)."""
    import json

    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            if response.status != 200:
                return f"HTTP {response.status}"
            if body:
                json.loads(response.read())
            return None
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code}"
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError):
            return "no answer"
        return getattr(reason, "strerror", None) or str(reason)


class TemporaryAPI:
    """A Prefect API server for this process's runs, or nothing when PREFECT_API_URL is set."""

    def __init__(
        self,
        startup_timeout: float | None = None,
        on_death: Callable[[str, bool], None] | None = None,
        lost_after: float = LOST_AFTER_S,
    ) -> None:
        self.url: str | None = None
        self.lost_after = lost_after
        self.process: subprocess.Popen[bytes] | None = None
        self.timeout = startup_timeout or _startup_timeout()
        self.on_death = on_death
        self._stopping = False
        self._socket: socket.socket | None = None
        if os.environ.get("PREFECT_API_URL"):
            return
        # The port is bound and listening here, and the socket handed to the server: the port is
        # this run's from the first instant, so no other local process can take it and answer the
        # run's API calls (choosing a free port, closing it and letting the server bind it left a
        # window of seconds, the server's imports, for any process to bind it first).
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(128)
        port = self._socket.getsockname()[1]
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115  held open for the server's life; read back if it fails to start
        self.process = subprocess.Popen(
            [sys.executable, "-c", _SERVE, str(self._socket.fileno())],
            env={**os.environ, **_SERVER_ENV},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
            process_group=0,
            preexec_fn=partial(_die_with_parent, os.getpid()),
            pass_fds=(self._socket.fileno(),),
        )
        self.url = f"http://127.0.0.1:{port}/api"

    def _last_error_line(self) -> str:
        self._stderr.seek(0)
        lines = [line.strip() for line in self._stderr.read().decode(errors="replace").splitlines() if line.strip()]
        return lines[-1] if lines else "no output"

    def wait_healthy(self) -> None:
        """Return once the temporary server answers; a one-line `APIUnavailable` if it never does."""
        if self.process is None or self.url is None:
            return
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise APIUnavailable(
                    f"the temporary Prefect API server exited with code {self.process.returncode} "
                    f"({self._last_error_line()}); run again with --debug, or use a running "
                    "server (PREFECT_API_URL)"
                )
            if health_problem(self.url, timeout=2) is None:
                return
            time.sleep(0.05)
        raise APIUnavailable(
            f"the temporary Prefect API server did not answer within {self.timeout:g} s "
            f"(a busy machine?); set {_STARTUP_TIMEOUT} higher"
        )

    @contextmanager
    def serving(self) -> Iterator[None]:
        """Run the caller's flows against this API, without the flow heartbeat thread; on the way
        out, deliver the client's queued events and logs, then stop the server."""
        from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

        global _serving
        updates: dict = {PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
        try:
            self.wait_healthy()
            if self.url:
                updates[PREFECT_API_URL] = self.url
                _drop_events()
                threading.Thread(target=self._watch, name="pagesift-api-watch", daemon=True).start()
            elif users := os.environ.get("PREFECT_API_URL"):
                threading.Thread(
                    target=self._watch_users, args=(users,), name="pagesift-api-watch", daemon=True
                ).start()
            _serving = self if self.url is not None else None
            with temporary_settings(updates=updates):
                try:
                    yield
                finally:
                    drain_client()
        finally:
            _serving = None
            self.kill()

    def _watch(self) -> None:
        """Call `on_death` (what happened; True: the temporary server) if the server ends while the
        run still needs it (a crash, the OOM killer): the Prefect client would otherwise retry a
        dead server for minutes."""
        process = self.process
        while process is not None and process.poll() is None:
            time.sleep(_WATCH_S)
        self.check()

    def check(self) -> None:
        """Call `on_death` if the server has ended while the run still needs it. A short wait, not
        poll(): poll() says "running" when another thread (the watcher) is polling that moment."""
        process = self.process
        if process is None or self._stopping or self.on_death is None:
            return
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=_CHECK_S)
        if process.returncode is not None and not self._stopping:
            self.on_death(f"the temporary Prefect API server stopped (exit code {process.returncode})", True)

    def _watch_users(self, url: str) -> None:
        """Call `on_death` if the user's server at `url` stops answering its health check for
        `lost_after` seconds while the run still needs it."""
        silent_since: float | None = None
        while not self._stopping:
            problem = health_problem(url, timeout=min(LOST_CHECK_S, self.lost_after))
            now = time.monotonic()
            if problem is None:
                silent_since = None
            elif silent_since is None:
                silent_since = now
            elif now - silent_since >= self.lost_after:
                if not self._stopping and self.on_death is not None:
                    self.on_death(
                        f"the Prefect API at {url} (PREFECT_API_URL) stopped answering "
                        f"({problem} for {self.lost_after:g} s)",
                        False,
                    )
                return
            time.sleep(min(LOST_CHECK_S, self.lost_after / 4))

    def kill(self) -> None:
        """Stop the server and everything it started (its process group) at once, at a run's end
        as when it is interrupted: nothing of it is left running. At the end its work is done
        (every call of the run answered, what the client held delivered by `serving`), so it is
        not asked to shut down: uvicorn's graceful shutdown (the services, docket) took 0.21–0.27 s
        of every run here, for a database nobody reads; SQLite's is crash-safe, and the next
        run's server opens it as after any crash."""
        self._stopping = True
        if self.process is not None:
            _signal_group(self.process.pid, signal.SIGKILL)
            # With a timeout, Popen.wait never blocks on the lock that poll() holds: a Ctrl-C
            # handler that calls this may have interrupted a poll() of this thread.
            with suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=_REAP_S)
        self.process = None
        self._release()

    def _release(self) -> None:
        """Close this process's copy of the server's socket (held until the server is gone, so the
        port is never free while the run may still call it)."""
        if self._socket is not None:
            self._socket.close()
            self._socket = None


def cancel_current_run(message: str, timeout: float = 1.5) -> None:
    """Mark the flow run in progress in this thread as cancelled, on the user's server (a run that
    is stopped at once would stay "Running" in its UI). Best effort, bounded by `timeout`; plain
    HTTP, as this runs in a signal handler while the Prefect client may be mid-request."""
    import json

    from prefect.context import FlowRunContext
    from prefect.settings import PREFECT_API_URL

    context = FlowRunContext.get()
    url = PREFECT_API_URL.value()
    if context is None or context.flow_run is None or not url:
        return
    body = {"state": {"type": "CANCELLED", "name": "Cancelled", "message": message}, "force": True}
    request = urllib.request.Request(
        f"{url.rstrip('/')}/flow_runs/{context.flow_run.id}/set_state",
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    try:
        urllib.request.urlopen(request, timeout=timeout).close()
    except (OSError, ValueError):
        pass  # the run stays as the server last saw it


def _startup_timeout() -> float:
    """Prefect's own setting for its temporary server's start-up, which the failure message names
    (`pagesift.flows` sets 120 s unless the user did)."""
    try:
        return float(os.environ.get(_STARTUP_TIMEOUT, "120"))
    except ValueError:
        return 120.0


def _signal_group(pid: int, signum: int) -> None:
    try:
        os.killpg(pid, signum)
    except ProcessLookupError:
        pass  # already gone


def preload() -> None:
    """Import what a flow run would import on its first call (the flow and task engines, FastAPI's
    encoder for the parameters): done while the temporary server starts, it is off the critical path."""
    import fastapi.encoders  # noqa: F401
    import prefect.flow_engine
    import prefect.task_engine  # noqa: F401


def _drop_events() -> None:
    """The temporary server has no event persister, task-run recorder or triggers (`flows/__init__`,
    `_SERVER_ENV`): the events a run emits would be dropped on arrival, so they are not sent."""
    from prefect.events.clients import NullEventsClient
    from prefect.events.worker import EventsWorker

    EventsWorker.set_client_override(NullEventsClient)


def drain_client(timeout: float = DRAIN_TIMEOUT_S) -> None:
    """Deliver the events and logs the Prefect client still holds, while the API is up (quietly:
    the services' "Still processing items" warnings describe this very wait; a failure still
    logs an ERROR)."""
    import logging

    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    loggers = [logging.getLogger(service.__name__) for service in (EventsWorker, APILogWorker)]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        EventsWorker.drain_all(timeout=timeout, at_exit=False)
        APILogWorker.drain_all(timeout=timeout, at_exit=False)
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)
