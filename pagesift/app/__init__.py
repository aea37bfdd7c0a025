"""The application: the command line and the evaluation (the Prefect flows are `pagesift.flows`, in flows/)."""

from __future__ import annotations

import os
import signal
import sys

TYPE_CHECKING = False  # not `typing`'s: the console script's handler is in place the sooner
if TYPE_CHECKING:
    from collections.abc import Callable
    from types import FrameType
    from typing import Any

    _Handler = Callable[[int, FrameType | None], Any] | int | None

#: Options that make `pagesift run` print something and exit, starting no flow.
_NO_FLOW = {"--dry-run", "--help", "-h", "--version"}
_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def main() -> None:
    """The console script. The command line is imported here, not by the script itself, so that a
    Ctrl-C during its imports (the first half second) is one line and exit 130, as later, not a
    traceback; a `pagesift run` starts its temporary Prefect API before those imports."""
    args = sys.argv[1:]
    run = command_of(args) == "run" and not _NO_FLOW & set(args)
    before = {s: signal.getsignal(s) for s in _SIGNALS}
    for signum, handler in before.items():
        if handler is not signal.SIG_IGN:  # a signal its caller ignores (a background job) stays ignored
            signal.signal(signum, _stop_at_once)
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


def _restore(handlers: dict[signal.Signals, _Handler]) -> None:
    for signum, handler in handlers.items():
        if handler is not None:  # None: not set from Python, nothing to put back
            signal.signal(signum, handler)


def _stop_at_once(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C or SIGTERM before the command's own handling is in place (its imports, a run's checks):
    stop the server `start_early` started, leave no output folder the run created, say one word
    (as a JSON line with --log-format json, once the command line has read it), exit 130 / 143.
    Not a KeyboardInterrupt: raised inside an import it was swallowed by a library now and then
    (the run went on), and one escaping code that `exec` runs (a dataclass's `__init__`) makes
    CPython end the process by SIGINT after our exit 130 under `python -m`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    word = "interrupted" if signum == signal.SIGINT else "terminated"
    try:
        api = sys.modules.get("pagesift.flows.api")
        if api is not None and hasattr(api, "stop_early"):
            api.stop_early()
        cli = sys.modules.get("pagesift.app.cli")
        if cli is not None and hasattr(cli, "_discard_created"):
            cli._discard_created()
        if cli is not None and hasattr(cli, "voice"):
            cli.voice.say(word, event=word, level="warning", at_once=True, exit=128 + signum)
        else:
            os.write(2, f"{word}\n".encode())
    except BaseException:  # a half-imported module: still the one word, and the exit
        os.write(2, f"{word}\n".encode())
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
