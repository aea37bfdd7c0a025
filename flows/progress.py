"""Progress of a run: the CLI's own lines and bar for `pagesift run`, Prefect log lines otherwise.

The flow reports through `current()`: `stage` when a step begins or ends (what was found,
publishing, published), `start`/`advance`/`stop` while the batches are extracted, and `finished`
once the run's files are final (published, or settled, and uploaded): what follows only tells
Prefect, so the CLI knows a run that then loses its API has still done its work.
`pagesift run` installs its console reporter; a served or deployed run keeps `LogReporter`, whose
lines go to the run's Prefect logs (the UI shows them).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from pagesift.dataset.report import RunReport


class Reporter(Protocol):
    def stage(self, name: str, message: str) -> None: ...
    def start(self, total: int) -> None: ...
    def advance(self, pages: int) -> None: ...
    def stop(self) -> None: ...
    def finished(self, report: RunReport) -> None: ...


class Rate:
    """Pages done, pages/s and ETA of an extraction, for the reporters' lines."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self.t0 = total, 0, time.perf_counter()

    def line(self) -> str:
        elapsed = max(time.perf_counter() - self.t0, 1e-9)
        rate = self.done / elapsed
        eta = f", ETA {(self.total - self.done) / rate:.0f} s" if rate and self.done < self.total else ""
        return f"extracted {self.done}/{self.total} pages, {rate:.1f} pages/s{eta}"


class LogReporter:
    """Progress as Prefect log lines: every stage, and extraction at most once every `every` s."""

    def __init__(self, every: float = 10.0) -> None:
        self.every, self.rate, self.last = every, Rate(0), 0.0

    def stage(self, name: str, message: str) -> None:
        from prefect import get_run_logger

        get_run_logger().info(message)

    def start(self, total: int) -> None:
        self.rate, self.last = Rate(total), time.perf_counter()

    def advance(self, pages: int) -> None:
        from prefect import get_run_logger

        self.rate.done += pages
        now = time.perf_counter()
        if now - self.last >= self.every or self.rate.done == self.rate.total:
            get_run_logger().info(self.rate.line())
            self.last = now

    def stop(self) -> None:
        pass

    def finished(self, report: RunReport) -> None:
        from prefect import get_run_logger

        get_run_logger().info(
            "pagesift run %s → %s: found %d (new %d, changed %d, unchanged %d, deleted %d), published %d, "
            "rejected %d in %.1f s", report.raw, report.out, report.found, report.new, report.changed,
            report.unchanged, report.deleted, report.published, report.rejected, report.seconds)


class Tee:
    """Several reporters as one: `pagesift run` against the user's server shows its progress on the
    terminal and logs it to the flow run too, as a served run does (the UI shows it)."""

    def __init__(self, *reporters: Reporter) -> None:
        self.reporters = reporters

    def stage(self, name: str, message: str) -> None:
        for reporter in self.reporters:
            reporter.stage(name, message)

    def start(self, total: int) -> None:
        for reporter in self.reporters:
            reporter.start(total)

    def advance(self, pages: int) -> None:
        for reporter in self.reporters:
            reporter.advance(pages)

    def stop(self) -> None:
        for reporter in self.reporters:
            reporter.stop()

    def finished(self, report: RunReport) -> None:
        for reporter in self.reporters:
            reporter.finished(report)


_current: Reporter = LogReporter()


def current() -> Reporter:
    return _current


def use(reporter: Reporter) -> None:
    global _current
    _current = reporter
