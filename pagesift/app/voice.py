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
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

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

    def say(self, message: str, event: str = "info", level: str = "info", **fields: Any) -> None:
        """One line on stderr; `info` lines are dropped by `-q`, warnings and errors never."""
        if level == "info" and self.level < NORMAL:
            return
        if self.json:
            self.err.file.write(json.dumps(record(message, event, level, **fields), ensure_ascii=False) + "\n")
            self.err.file.flush()
        else:
            self.err.print(message, markup=False, highlight=False)


def record(message: str, event: str, level: str, **fields: Any) -> dict[str, Any]:
    """A JSON log line: when, how grave, what kind of event, its text, then its own fields."""
    stamp = datetime.now(UTC).isoformat(timespec="milliseconds")
    return {"time": stamp, "level": level, "event": event, "message": message, **fields}


class JSONFormatter(logging.Formatter):
    """Prefect's console lines in the shape of the command's own JSON lines (event: its logger)."""

    def format(self, entry: logging.LogRecord) -> str:
        return json.dumps(record(entry.getMessage(), entry.name, entry.levelname.lower()), ensure_ascii=False)
