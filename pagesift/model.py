"""What becomes of a page: its record, or its rejection with the stage and the reason.

At the bottom of the package: the extraction core makes outcomes, discovery makes rejections,
publishing writes both, and none of them needs the others for these types.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

Record = dict[str, Any]  # one article, as article.schema.json describes it


@dataclass(frozen=True, slots=True)
class Rejection:
    path: str
    sha256: str | None
    stage: str  # discover, read, decode, parse, extract, validate or publish
    error: str

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Outcome:
    """A page's fate: exactly one of record and rejection is set."""

    record: Record | None = None
    rejection: Rejection | None = None
    unsafe_links: int = 0  # related links dropped for an unsafe scheme (javascript:, data:, ...)
