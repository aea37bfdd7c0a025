"""Progress of a run: the CLI's own lines and bar for `pagesift run`, Prefect log lines otherwise.

The flow reports through `current()`: `stage` when a step begins or ends (what was found,
publishing, published), `start`/`tick`/`stop` while the batches are extracted (`tick` with the
pages done so far, every second: the workers count pages as they end, so progress moves between
the ends of batches, and the lines every 10 s come on time even while nothing ends), and `finished`
once the run's files are final (published, or settled, and uploaded): what follows only tells
Prefect, so the CLI knows a run that then loses its API has still done its work.
`pagesift run` installs its console reporter; a served or deployed run keeps `LogReporter`, whose
lines go to the run's Prefect logs (the UI shows them).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from pagesift.dataset.report import RunReport


class Reporter(Protocol):
    def stage(self, name: str, message: str) -> None: ...
    def start(self, total: int) -> None: ...
    def tick(self, done: int) -> None: ...
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
    """Progress as Prefect log lines: every stage, and extraction every `every` s and at its end."""

    def __init__(self, every: float = 10.0) -> None:
        self.every, self.rate, self.last = every, Rate(0), 0.0
        self.logger: Any = None  # the flow run's logger, taken in the flow's thread: ticks come from another

    def stage(self, name: str, message: str) -> None:
        from prefect import get_run_logger

        get_run_logger().info(message)

    def start(self, total: int) -> None:
        from prefect import get_run_logger

        self.rate, self.last, self.logger = Rate(total), time.perf_counter(), get_run_logger()

    def tick(self, done: int) -> None:
        ended = self.rate.done < done == self.rate.total
        self.rate.done = max(self.rate.done, done)
        now = time.perf_counter()
        if ended or now - self.last >= self.every:
            self.logger.info(self.rate.line())
            self.last = now

    def stop(self) -> None:
        pass

    def finished(self, report: RunReport) -> None:
        from prefect import get_run_logger

        get_run_logger().info(
            "pagesift run %s → %s: found %d (new %d, changed %d, unchanged %d, deleted %d), published %d, "
            "rejected %d in %.1f s",
            report.raw,
            report.out,
            report.found,
            report.new,
            report.changed,
            report.unchanged,
            report.deleted,
            report.published,
            report.rejected,
            report.seconds,
        )


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

    def tick(self, done: int) -> None:
        for reporter in self.reporters:
            reporter.tick(done)

    def stop(self) -> None:
        for reporter in self.reporters:
            reporter.stop()

    def finished(self, report: RunReport) -> None:
        for reporter in self.reporters:
            reporter.finished(report)


@contextmanager
def ticking(done: Callable[[], int], every: float) -> Iterator[None]:
    """While the block runs, tell the current reporter `done()` every `every` seconds, from a
    thread of its own: progress that does not wait for a batch to end."""
    quit_ticking = threading.Event()

    def tick() -> None:
        while not quit_ticking.wait(every):
            current().tick(done())

    ticker = threading.Thread(target=tick, name="pagesift-progress", daemon=True)
    ticker.start()
    try:
        yield
    finally:
        quit_ticking.set()
        ticker.join()


_current: Reporter = LogReporter()


def current() -> Reporter:
    return _current


def use(reporter: Reporter) -> None:
    global _current
    _current = reporter
