"""The application: the command line and the evaluation (the Prefect flows are `pagesift.flows`, in flows/)."""

from __future__ import annotations

import sys


def main() -> None:
    """The console script. The command line is imported here, not by the script itself, so that a
    Ctrl-C during its imports (the first half second) is one line and exit 130, as later, not a
    traceback."""
    try:
        from pagesift.app.cli import main as command
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        raise SystemExit(130) from None
    command()
