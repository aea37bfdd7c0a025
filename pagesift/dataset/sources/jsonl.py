"""JSON Lines of pages (.jsonl, .jsonl.gz), one ``{"url": ..., "html": ...}`` object a line, as
crawlers write them. A page's offset is the byte offset of its line in the (uncompressed) stream;
blank lines are not pages (a run of them over max_page_bytes ends the archive). A line that is not JSON, or holds no ``html`` string, is rejected with
its reason; a line over max_page_bytes is refused on sight, never held.
"""

from __future__ import annotations

import gzip
import hashlib
import zlib
from collections.abc import Callable, Iterator
from typing import BinaryIO

import orjson

from pagesift.dataset.sources.base import Found, Payload, damaged
from pagesift.errors import PageRejected, is_fault
from pagesift.settings import Limits

#: What a damaged .jsonl.gz raises while it is read (cut short, bad gzip data).
DAMAGE = (EOFError, zlib.error, OSError)


class JsonLines:
    name = "jsonl"
    suffixes: tuple[str, ...] = (".jsonl", ".jsonl.gz")
    archive = True

    def open(self, raw: BinaryIO, path: str) -> BinaryIO:
        return gzip.GzipFile(fileobj=raw, mode="rb") if path.lower().endswith(".gz") else raw  # type: ignore[return-value]

    def pages(self, stream: BinaryIO, path: str, limits: Limits) -> Iterator[Found]:
        offset = 0
        peek = getattr(stream, "peek", None)  # a gzip stream, a local file: blank lines skipped by the buffer
        try:
            while True:
                if peek is not None:
                    blank = _blank_lines(stream, peek, limits.max_page_bytes)
                    if blank > limits.max_page_bytes:
                        yield Found(
                            offset,
                            f"more than max_page_bytes={limits.max_page_bytes} bytes of blank lines; "
                            "nothing after them is read",
                            stage="read",
                        )
                        return
                    offset += blank
                line = stream.readline(limits.max_page_bytes + 1)
                if not line:
                    break
                start, offset = offset, offset + len(line)
                if len(line) > limits.max_page_bytes and not line.endswith(b"\n"):
                    while rest := stream.readline(1 << 20):  # skipped, never held
                        offset += len(rest)
                        if rest.endswith(b"\n"):
                            break
                    yield Found(start, f"line is over max_page_bytes={limits.max_page_bytes}", stage="read")
                elif line.strip():
                    yield Found(start)
        except DAMAGE as exc:
            if is_fault(exc):
                raise
            yield Found(offset, damaged("JSON Lines file", exc), stage="read")

    def read(self, stream: BinaryIO, path: str, offset: int | None, limits: Limits) -> Payload:
        try:
            if stream.tell() != offset:
                stream.seek(offset or 0)  # forward in a gzip stream: what lies between is skipped, not kept
            line = stream.readline(limits.max_page_bytes + 1)
        except DAMAGE as exc:
            if is_fault(exc):
                raise
            raise PageRejected("read", damaged("JSON Lines file", exc)) from exc
        sha = hashlib.sha256(line).hexdigest()
        if len(line) > limits.max_page_bytes:
            raise PageRejected("read", f"line is over max_page_bytes={limits.max_page_bytes}", sha256=sha)
        if offset in (None, 0):
            line = line.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark before the first line
        try:
            item = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise PageRejected("read", f"line is not JSON ({exc})", sha256=sha) from None
        if not isinstance(item, dict) or not isinstance(item.get("html"), str):
            raise PageRejected(
                "read", 'line holds no "html" string (JSON Lines of {"url": ..., "html": ...})', sha256=sha
            )
        url = item.get("url")
        if url is not None and not isinstance(url, str):
            raise PageRejected("read", f'"url" is {type(url).__name__}, not a string', sha256=sha)
        return Payload(item["html"].encode("utf-8"), "html", url or None)


_BLANK = b" \t\r\n\f\v"


def _blank_lines(stream: BinaryIO, peek: Callable[[int], bytes], most: int) -> int:
    """Skip the whole blank lines ahead in `stream`, a buffer at a time, and say how many bytes
    they held (past `most`, no more are skipped): a run of them costs a step per buffer, not per
    line (196 KB of gzipped blank lines, one readline each, took 74 s). The spaces that open a
    page's line stay, so its offset is where the line starts."""
    skipped = 0
    while skipped <= most:
        ahead = peek(1)
        blank = len(ahead) - len(ahead.lstrip(_BLANK))
        lines = ahead.rfind(b"\n", 0, blank) + 1  # the bytes of the whole blank lines in the buffer
        if lines:
            stream.read(lines)
            skipped += lines
        if blank < len(ahead) or not lines:  # a page's line begins, or the end
            return skipped
    return skipped


SOURCE = JsonLines()
