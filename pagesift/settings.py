"""Limits and defaults, in one place, so a hostile page is stopped by a setting, not a crash."""

from __future__ import annotations

from dataclasses import dataclass

MiB = 1024 * 1024

#: File endings pagesift reads, mapped to the format they hold.
FORMATS: dict[str, str] = {
    ".html.gz": "html.gz",
    ".htm.gz": "html.gz",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".txt.gz": "text.gz",
}


@dataclass(frozen=True, slots=True)
class Limits:
    """Safe defaults for untrusted pages; every one is reported when a page hits it."""

    max_page_bytes: int = 16 * MiB  # size of the file as stored
    max_inflated_bytes: int = 32 * MiB  # size after gunzip (gzip bombs stop here)


DEFAULT_LIMITS = Limits()
DEFAULT_BATCH_SIZE = 64
