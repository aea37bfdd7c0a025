"""The one exception type the core raises for a page it will not publish."""

from __future__ import annotations


class PageRejected(Exception):
    """A page that cannot become a record; `stage` names the step that refused it."""

    def __init__(self, stage: str, reason: str) -> None:
        super().__init__(f"{stage}: {reason}")
        self.stage = stage
        self.reason = reason
