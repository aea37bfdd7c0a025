"""The one exception type the core raises for a page it will not publish, and the one kind of
rejection that is not final."""

from __future__ import annotations


class PageRejected(Exception):
    """A page that cannot become a record; `stage` names the step that refused it, `sha256` the
    hash of its bytes when the step that refused it read them (a page over a size limit)."""

    def __init__(self, stage: str, reason: str, sha256: str | None = None) -> None:
        super().__init__(f"{stage}: {reason}")
        self.stage = stage
        self.reason = reason
        self.sha256 = sha256


#: How a page stopped by its time limit is rejected. Such a rejection depends on the machine, not
#: only on the page, so it is never carried over: the next run tries the page again.
TIMED_OUT = "took longer than page_timeout_s"


def timed_out(error: str) -> bool:
    return error.startswith(TIMED_OUT)
