"""The one exception type the core raises for a page it will not publish, the one a run fails
with when its environment fails it, and the codes every rejection is grouped by."""

from __future__ import annotations

import errno
import re


class PageRejected(Exception):
    """A page that cannot become a record; `stage` names the step that refused it, `sha256` the
    hash of its bytes when the step that refused it read them (a page over a size limit)."""

    def __init__(self, stage: str, reason: str, sha256: str | None = None) -> None:
        super().__init__(f"{stage}: {reason}")
        self.stage = stage
        self.reason = reason
        self.sha256 = sha256


class RunFault(RuntimeError):
    """The machine failed the run while it processed a page (a disk full, a file over `ulimit -f`,
    an I/O error, memory exhausted): the run's failure, never the page's verdict, so the run stops
    and the published files stay as they were. One argument, so it crosses a process pool whole."""


#: OSErrors that say the machine, not the page, failed: they stop the run (RunFault).
FAULT_ERRNOS = frozenset(
    {
        errno.EIO,
        errno.ENOSPC,
        errno.EFBIG,
        errno.EDQUOT,
        errno.ENOMEM,
        errno.EMFILE,
        errno.ENFILE,
        errno.EROFS,
        errno.ENOBUFS,
    }
)


def is_fault(exc: BaseException) -> bool:
    """Whether `exc` is an environment fault rather than something wrong with a page."""
    return isinstance(exc, MemoryError) or (isinstance(exc, OSError) and exc.errno in FAULT_ERRNOS)


def fault(exc: BaseException, where: str) -> RunFault:
    """The run's one-line failure for an environment fault met `where` (a page, a shard)."""
    what = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    name = f" ({exc.filename})" if isinstance(exc, OSError) and exc.filename else ""
    said = f"{type(exc).__name__}: {what}" if what else type(exc).__name__
    return RunFault(
        f"the machine failed the run while processing {where}: {said}{name}; "
        "the run stopped and the published files are unchanged: fix the cause and run again"
    )


#: How a page stopped by its time limit is rejected. Such a rejection depends on the machine, not
#: only on the page, so it is never carried over: the next run tries the page again.
TIMED_OUT = "took longer than page_timeout_s"

#: Every rejection's `code`, by (stage, the start of its reason), first match wins: a short,
#: stable set to group rejections by (rejected.jsonl keeps the reason itself, in full). Each code
#: is documented in docs/output.md; tests/test_codes.py checks that every reason pagesift writes
#: has its code and none falls to `other`.
_CODES: tuple[tuple[str, str, str], ...] = (
    ("discover", r"unsupported file type", "unsupported-type"),
    ("discover", r"path is not valid UTF-8", "bad-file-name"),
    ("*", r"symlink points outside the raw folder", "outside-raw"),
    ("discover", r"broken symlink|symlink cannot be resolved", "broken-link"),
    ("*", r"symlink to |not a regular file", "not-a-regular-file"),
    ("*", r"cannot inspect file|cannot read file|cannot list folder", "unreadable"),
    (
        "*",
        r"file is .*over max_page_bytes|line is over max_page_bytes|record payload is over|more than max_page_bytes"
        r"|inflated .*max_inflated_bytes|.*max_inflated_bytes",
        "too-large",
    ),
    ("*", r"WARC is gzipped as one stream", "warc-one-gzip-stream"),
    ("*", r"(WARC|JSON Lines file) damaged here|no WARC record at byte", "archive-damaged"),
    ("*", r"\w+ file holds no page", "archive-empty"),
    ("*", r"HTTP status", "http-status"),
    ("*", r"WARC record holds|WARC response record holds no HTTP response", "not-html"),
    ("read", r"HTTP payload is", "unsupported-encoding"),
    ("read", r"line is not JSON|line holds no \"html\" string|\"url\" is", "bad-json-line"),
    ("decode", r"empty file|file holds only|text dump holds no text", "empty"),
    ("decode", r"not a text page|binary data", "binary"),
    ("decode", r"gzip holds more than max_gzip_members", "too-many-gzip-members"),
    ("decode", r"not valid gzip|truncated gzip|.*bytes of data that are not gzip", "bad-gzip"),
    ("decode", r"invalid .* after its byte-order mark", "bad-encoding"),
    (
        "parse",
        r"HTML has more than max_dom_nodes|HTML nested deeper|HTML has a tag with more than|.*resource limit",
        "too-complex",
    ),
    ("parse", r"", "unparseable"),
    ("extract", TIMED_OUT, "timeout"),
    ("extract", r"internal error", "internal-error"),
    ("extract", r"", "not-an-article"),
    ("validate", r"", "invalid-record"),
    ("publish", r"duplicate article", "duplicate"),
    ("dedup", r"near-duplicate", "near-duplicate"),
)
_MATCHERS = tuple((stage, re.compile(pattern), code) for stage, pattern, code in _CODES)
#: Every code a rejection may carry (`other`: a reason no rule names, a bug of this table).
CODES: tuple[str, ...] = (*dict.fromkeys(code for _, _, code in _CODES), "other")
#: Codes whose pages may pass another time (a time limit on a loaded machine, a file that could not
#: be read then): never carried over, and a run that holds one is never settled.
RETRIED = frozenset({"timeout", "unreadable"})


def rejection_code(stage: str, reason: str) -> str:
    """The stable code of a rejection at `stage` for `reason` (see _CODES)."""
    return next(
        (code for where, pattern, code in _MATCHERS if where in ("*", stage) and pattern.match(reason)), "other"
    )
