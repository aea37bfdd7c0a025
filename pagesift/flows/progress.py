"""Progress of a run: a bar with pages/s and ETA on a terminal, log lines in a scheduled run.

The flow reports through `current()`; the CLI installs a terminal reporter for its own runs.
"""

from __future__ import annotations

import time
from typing import Protocol


class Reporter(Protocol):
    def start(self, total: int) -> None: ...
    def advance(self, pages: int) -> None: ...
    def stop(self) -> None: ...


class LogReporter:
    """Progress as Prefect log lines, at most one every `every` seconds."""

    def __init__(self, every: float = 10.0) -> None:
        self.every, self.total, self.done, self.t0, self.last = every, 0, 0, 0.0, 0.0

    def start(self, total: int) -> None:
        self.total, self.done, self.t0 = total, 0, time.perf_counter()
        self.last = self.t0

    def advance(self, pages: int) -> None:
        from prefect import get_run_logger

        self.done += pages
        now = time.perf_counter()
        if now - self.last >= self.every or self.done == self.total:
            rate = self.done / max(now - self.t0, 1e-9)
            eta = (self.total - self.done) / rate if rate else 0.0
            get_run_logger().info("extracted %d/%d pages, %.1f pages/s, ETA %.0f s", self.done, self.total, rate, eta)
            self.last = now

    def stop(self) -> None:
        pass


_current: Reporter = LogReporter()


def current() -> Reporter:
    return _current


def use(reporter: Reporter) -> None:
    global _current
    _current = reporter
