"""The application: the command line and the evaluation (the Prefect flows are `pagesift.flows`, in flows/)."""

from __future__ import annotations

import os
import signal
import sys
from contextlib import suppress
from types import FrameType
from typing import Any

#: Options that make `pagesift run` print something and exit, starting no flow.
_NO_FLOW = {"--dry-run", "--help", "-h", "--version"}


def main() -> None:
    """The console script. The command line is imported here, not by the script itself, so that a
    Ctrl-C during its imports (the first half second) is one line and exit 130, as later, not a
    traceback; a `pagesift run` starts its temporary Prefect API before those imports."""
    args = sys.argv[1:]
    run = command_of(args) == "run" and not _NO_FLOW & set(args)
    before = signal.signal(signal.SIGINT, _stop_at_once), signal.signal(signal.SIGTERM, _stop_at_once)
    try:
        if run:
            from pagesift.flows.api import start_early

            start_early()
        from pagesift.app.cli import main as command

        if not run:  # the other commands take Ctrl-C as a KeyboardInterrupt; a run installs its own handler
            _restore(before)
        command()
    finally:
        api = sys.modules.get("pagesift.flows.api")
        if api is not None:
            api.stop_early()  # a command that did not take it: a refused folder, a bad option
        _restore(before)  # the caller's, when this ran in its process (a test)


def _restore(handlers: tuple[Any, Any]) -> None:
    signal.signal(signal.SIGINT, handlers[0])
    signal.signal(signal.SIGTERM, handlers[1])


def _stop_at_once(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C or SIGTERM before the command's own handling is in place (its imports, a run's checks):
    stop the server `start_early` started, leave no output folder the run created, say one word,
    exit 130 / 143. Not a KeyboardInterrupt: raised inside an import it was swallowed by a library
    now and then (the run went on), and one escaping code that `exec` runs (a dataclass's
    `__init__`) makes CPython end the process by SIGINT after our exit 130."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        api = sys.modules.get("pagesift.flows.api")
        with suppress(Exception):
            if api is not None:
                api.stop_early()
        with suppress(Exception):
            getattr(sys.modules.get("pagesift.app.cli"), "_discard_created", lambda: None)()
        os.write(2, b"interrupted\n" if signum == signal.SIGINT else b"terminated\n")
    finally:
        os._exit(128 + signum)


def command_of(args: list[str]) -> str | None:
    """The command a command line names: its first word that is neither an option nor the value of
    the one global option that takes one (`--log-format`)."""
    words = iter(args)
    for word in words:
        if word == "--log-format":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None
