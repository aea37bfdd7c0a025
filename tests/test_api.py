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
