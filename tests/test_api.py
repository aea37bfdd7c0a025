"""The Prefect API a run talks to: its temporary server cannot be impersonated, and a server that
does not really answer is refused in one line (issue 21, items 9 and 15)."""

from __future__ import annotations

import errno
import http.server
import socket
import subprocess
import sys
import threading

import pytest

from pagesift.flows import api

_Popen = subprocess.Popen


def _idle_server(args: list[str], **kwargs: object) -> subprocess.Popen[bytes]:
    """The server's process without the server: holds what it inherits and does nothing, so the
    test does not depend on how fast a real server would bind its port."""
    return _Popen([sys.executable, "-c", "import time; time.sleep(120)"], **kwargs)  # type: ignore[call-overload]


def test_no_other_process_can_take_the_temporary_apis_port(monkeypatch: pytest.MonkeyPatch) -> None:
    """A squatter binding the announced port before the server answers is refused by the kernel:
    the port is bound and listening before the server starts (it inherits the socket)."""
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setattr(api.subprocess, "Popen", _idle_server)
    server = api.TemporaryAPI()
    try:
        assert server.url is not None
        port = int(server.url.rsplit(":", 1)[1].split("/")[0])
        for option in (socket.SO_REUSEADDR, socket.SO_REUSEPORT):
            with socket.socket() as squatter:
                squatter.setsockopt(socket.SOL_SOCKET, option, 1)
                with pytest.raises(OSError) as refused:
                    squatter.bind(("127.0.0.1", port))
                assert refused.value.errno == errno.EADDRINUSE
    finally:
        server.kill()
    assert server.process is None


class _HealthOnly(http.server.BaseHTTPRequestHandler):
    """A server that answers /health and nothing else: every other request waits unanswered."""

    def do_GET(self) -> None:
        if self.path.endswith("/health"):
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"true")
        else:
            self.server.release.wait(30)  # type: ignore[attr-defined]  # set below

    def log_message(self, *args: object) -> None:
        pass


def test_a_server_that_answers_only_its_health_check_is_refused_in_one_line() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _HealthOnly)
    server.release = threading.Event()  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/api"
    try:
        assert api.health_problem(url) is None
        with pytest.raises(api.APIUnavailable) as refused:
            api.check_api(url, timeout=1.0)
        message = str(refused.value)
        assert "answers its health check but not the Prefect API" in message and "no answer" in message
        assert "\n" not in message
    finally:
        server.release.set()  # type: ignore[attr-defined]
        server.shutdown()
        server.server_close()


def test_a_users_server_that_stops_answering_mid_run_is_given_up_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """Against PREFECT_API_URL the run checks the server as it goes: answering, nothing happens; once
    it has been silent for `lost_after` seconds, `on_death` hears what happened (not the temporary
    server: exit 4), instead of a run stalled on the client's retries."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _HealthOnly)
    server.release = threading.Event()  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/api"
    monkeypatch.setenv("PREFECT_API_URL", url)
    lost: list[tuple[str, bool]] = []
    heard = threading.Event()
    users = api.TemporaryAPI(
        on_death=lambda what, temporary: (lost.append((what, temporary)), heard.set()), lost_after=1.0
    )
    assert users.process is None and users.url is None  # nothing started: the user's server is used
    with users.serving():
        assert not heard.wait(2.0)  # the server answers: the run goes on
        server.shutdown()
        server.server_close()
        assert heard.wait(10.0)
    ((what, temporary),) = lost
    assert not temporary and what.startswith(f"the Prefect API at {url} (PREFECT_API_URL) stopped answering (")
    assert what.endswith(" for 1 s)") and "\n" not in what


def test_a_users_server_is_not_given_up_after_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """The watch ends with the run: a server stopped afterwards is nobody's concern."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _HealthOnly)
    server.release = threading.Event()  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("PREFECT_API_URL", f"http://127.0.0.1:{server.server_address[1]}/api")
    heard = threading.Event()
    users = api.TemporaryAPI(on_death=lambda what, temporary: heard.set(), lost_after=0.5)
    with users.serving():
        pass
    server.shutdown()
    server.server_close()
    assert not heard.wait(2.0)
