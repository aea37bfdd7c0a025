"""What the `pagesift` command says on stderr, at the level and in the format the user chose.

Levels: `-q` only warnings, errors and the summary; by default also what the run is doing (its
stages and progress); `-v` Prefect's own INFO lines too; `-vv` (or `--debug`) Prefect's debug
lines and the traceback of an error. Formats: `text` for people, `json` for machines — one JSON
object a line on stderr (`time`, `level`, `event`, `message`, and the event's own fields), the
summary as one JSON object on stdout, Prefect's lines in the same shape.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any

from rich.console import Console

QUIET, NORMAL, VERBOSE, DEBUG = 0, 1, 2, 3
FORMATS = ("text", "json")


@dataclass
class Voice:
    """The command's stderr: `level` (QUIET … DEBUG) and `format` (text or json)."""

    level: int = NORMAL
    format: str = "text"

    def __post_init__(self) -> None:
        self.err = Console(stderr=True, soft_wrap=True)

    @property
    def json(self) -> bool:
        return self.format == "json"

    @property
    def live(self) -> bool:
        """Whether a progress bar may be drawn: text on a terminal, progress not silenced."""
        return not self.json and self.level >= NORMAL and self.err.is_terminal

    def say(self, message: str, event: str = "info", level: str = "info", at_once: bool = False, **fields: Any) -> None:
        """One line on stderr; `info` lines are dropped by `-q`, warnings and errors never. `at_once`
        writes it to the file descriptor itself, past rich's and Python's buffers, for a signal
        handler: the Ctrl-C may have interrupted a line being printed, whose rich buffer a run that
        exits at once never flushes, and whose stream refuses a reentrant write."""
        if level == "info" and self.level < NORMAL:
            return
        line = json.dumps(record(message, event, level, **fields), ensure_ascii=False) if self.json else message
        if at_once:
            _write_at_once(self.err.file, line + "\n")
        elif self.json:
            self.err.file.write(line + "\n")
            self.err.file.flush()
        else:
            self.err.print(message, markup=False, highlight=False)


def _write_at_once(stream: IO[str], text: str) -> None:
    """`text` written to the descriptor under `stream` (to the stream, when it has none: a test's)."""
    try:
        descriptor = stream.fileno()
    except (AttributeError, OSError, ValueError):
        stream.write(text)
        stream.flush()
        return
    os.write(descriptor, text.encode("utf-8", "replace"))


def record(message: str, event: str, level: str, **fields: Any) -> dict[str, Any]:
    """A JSON log line: when, how grave, what kind of event, its text, then its own fields."""
    stamp = datetime.now(UTC).isoformat(timespec="milliseconds")
    return {"time": stamp, "level": level, "event": event, "message": message, **fields}


class JSONFormatter(logging.Formatter):
    """Prefect's console lines in the shape of the command's own JSON lines (event: its logger)."""

    def format(self, entry: logging.LogRecord) -> str:
        return json.dumps(record(entry.getMessage(), entry.name, entry.levelname.lower()), ensure_ascii=False)
