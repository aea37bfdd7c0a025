"""The application: the command line and the evaluation (the Prefect flows are `pagesift.flows`, in flows/)."""

from __future__ import annotations

import sys

#: Options that make `pagesift run` print something and exit, starting no flow.
_NO_FLOW = {"--dry-run", "--help", "-h", "--version"}


def main() -> None:
    """The console script. The command line is imported here, not by the script itself, so that a
    Ctrl-C during its imports (the first half second) is one line and exit 130, as later, not a
    traceback; a `pagesift run` starts its temporary Prefect API before those imports."""
    args = sys.argv[1:]
    try:
        try:
            if command_of(args) == "run" and not _NO_FLOW & set(args):
                from pagesift.flows.api import start_early

                start_early()
            from pagesift.app.cli import main as command
        except KeyboardInterrupt:
            sys.stderr.write("interrupted\n")
            raise SystemExit(130) from None
        command()
    finally:
        api = sys.modules.get("pagesift.flows.api")
        if api is not None:
            api.stop_early()  # a command that did not take it: a refused folder, a bad option


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
