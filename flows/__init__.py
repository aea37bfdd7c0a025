"""Prefect flows for pagesift.

Importing this package first sets Prefect up to run offline (each only if the user has not set
it): a PREFECT_HOME in pagesift's per-user cache (never the working folder, which may be
read-only and is not the run's to fill), no analytics, a long ephemeral-server start-up timeout,
and — when no PREFECT_API_URL names a real server — the SQLite-heavy event services off.
Prefect's log level stays Prefect's (INFO), so served and deployed runs log their progress and
summary to the API; `pagesift run` quiets its own terminal instead (`pagesift.app.cli`).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pagesift.settings import cache_dir


def _prefect_home() -> str:
    """`$PAGESIFT_CACHE/prefect` (default ~/.cache/pagesift/prefect), else a folder of this user's
    in the temporary folder when the cache cannot be written or there is no home folder."""
    fallback = Path(tempfile.gettempdir()) / f"pagesift-prefect-{os.getuid()}"
    try:
        homes = [cache_dir() / "prefect", fallback]
    except RuntimeError:  # HOME unset and no passwd entry
        homes = [fallback]
    for home in homes:
        try:
            home.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(home, os.W_OK):
            return str(home)
    return str(fallback)


_OFFLINE = {
    "PREFECT_HOME": os.environ.get("PREFECT_HOME") or _prefect_home(),
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
}
_EPHEMERAL = {
    # The temporary server's recorders hold SQLite's lock after many task runs (503s, backoffs).
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED": "false",
}
for _name, _value in _OFFLINE.items():
    os.environ.setdefault(_name, _value)
if not os.environ.get("PREFECT_API_URL"):
    for _name, _value in _EPHEMERAL.items():
        os.environ.setdefault(_name, _value)
