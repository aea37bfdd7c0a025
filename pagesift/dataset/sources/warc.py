"""WARC files (.warc, .warc.gz; Common Crawl, wget --warc-file, Browsertrix, Heritrix), read with warcio.

Pages are the `response` records (and `resource` records with HTML): the HTTP payload, its
transfer and content encodings undone, with the record's WARC-Target-URI as its url. A response
that is not HTML (an image, a script) or not a success (a 404, a redirect) is refused on sight
with its reason; requests, metadata, warcinfo and revisit records are the crawl's bookkeeping,
not pages. A page is read by its offset (a .warc.gz holds one gzip member per record, as the
WARC standard's annex asks and crawlers write), so a batch reads only its own records and a 1 GB
archive is never held.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from pagesift.dataset.sources.base import Found, Payload, damaged
from pagesift.dataset.sources.files import hash_stream
from pagesift.errors import PageRejected, is_fault
from pagesift.settings import Limits

if TYPE_CHECKING:
    from warcio.recordloader import ArcWarcRecord

HTML_TYPES = ("text/html", "application/xhtml+xml")


# warcio is imported by the functions below, when a WARC is read: it imports fsspec and asyncio,
# 2.5 MiB and 30 ms in every pool worker, which reads no WARC in a run of page files.


@cache
def _damage() -> tuple[type[BaseException], ...]:
    """What a damaged archive raises while it is read (truncated gzip, bad headers, cut-off records)."""
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    return (ArchiveLoadFailed, StatusAndHeadersParserException, EOFError, zlib.error, OSError, ValueError)


@cache
def _records_type() -> type:
    """warcio's record iterator, with the loader and warnings pagesift needs (defined once)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.recordloader import ArcWarcRecordLoader

    class _Loader(ArcWarcRecordLoader):
        """warcio's record loader, reading the HTTP response of a record whose target URI spells
        its scheme in capitals ("HTTP://", "Https://": a scheme is case-insensitive, RFC 3986 3.1)."""

        def load_http_headers(self, rec_type: str, uri: str, stream: BinaryIO, length: int | None) -> object:
            return super().load_http_headers(rec_type, _lower_scheme(uri), stream, length)

    class _Records(ArchiveIterator):
        """warcio's iterator, without its warning on stderr about a record not followed by a blank
        line: damage is reported as a rejection, and a run's terminal shows no library's output."""

        INC_RECORD = ""

        def __init__(self, stream: BinaryIO) -> None:
            super().__init__(stream)
            self.loader = _Loader(verify_http=False)

    return _Records


def _records(stream: BinaryIO) -> Any:
    return _records_type()(stream)


def _lower_scheme(uri: str) -> str:
    scheme, colon, rest = (uri or "").partition(":")
    return scheme.lower() + colon + rest if colon else uri


class Warc:
    name = "warc"
    suffixes: tuple[str, ...] = (".warc", ".warc.gz")
    archive = True

    def open(self, raw: BinaryIO, path: str) -> BinaryIO:
        return raw

    def pages(self, stream: BinaryIO, path: str, limits: Limits) -> Iterator[Found]:
        """The offset of every response record (refused on sight when not a successful HTML
        response); damage ends the listing with one refusal at the offset of the record where it
        was met. A page is listed only once warcio has read past its record (a damaged gzip
        trailer or blank lines after it are its damage), so a refusal never names a listed page."""
        records = _records(stream)
        offset = records.offset
        pending: Found | None = None  # the last page, listed once its record is read to its end
        try:
            for record in records:
                if pending is not None:
                    yield pending
                    pending = None
                offset = records.offset
                if record.format != "warc":  # warcio reads ARC files too, and takes garbage for them
                    yield Found(
                        offset, "WARC damaged here, nothing after it is read: no WARC record header", stage="read"
                    )
                    return
                if record.rec_type not in ("response", "resource"):
                    continue
                why = refusal(record)
                missing = _missing(record)
                if missing:
                    yield Found(offset, _cut_short(missing), stage="read")
                    return
                if record.rec_type == "resource" and why is not None:
                    continue  # a crawler's log or a screenshot kept beside the pages
                pending = Found(offset, why)
            if pending is not None:
                yield pending
        except _damage() as exc:
            if is_fault(exc):
                raise
            damaged_at = records.offset  # warcio moves it to the next record once one is read to its end
            if pending is not None and damaged_at > cast(int, pending.offset):
                yield pending
            yield Found(max(damaged_at, offset), _damaged(exc), stage="read")

    def read(self, stream: BinaryIO, path: str, offset: int | None, limits: Limits) -> Payload:
        stream.seek(offset or 0)
        try:
            record = next(iter(_records(stream)))
            if record.format != "warc":
                raise PageRejected("read", f"no WARC record at byte {offset}")
            why = refusal(record)
            if why is not None:
                raise PageRejected("discover", why)
            encoding = (record.http_headers.get_header("content-encoding") or "").lower() if record.http_headers else ""
            if encoding and encoding != "identity" and encoding not in _decompressors():
                raise PageRejected("read", f"HTTP payload is {encoding}-encoded, which cannot be decoded here")
            body = record.content_stream()
            data = body.read(limits.max_page_bytes + 1)
            if len(data) > limits.max_page_bytes:
                digest = hashlib.sha256(data)
                reason = f"record payload is over max_page_bytes={limits.max_page_bytes}"
                raise PageRejected("read", reason, sha256=hash_stream(body, digest))
            missing = _missing(record)
            if missing:
                raise PageRejected("read", _cut_short(missing))
        except StopIteration:
            raise PageRejected("read", f"no WARC record at byte {offset}") from None
        except _damage() as exc:
            if is_fault(exc):
                raise
            raise PageRejected("read", _damaged(exc)) from exc
        return Payload(data, "html", record.rec_headers.get_header("WARC-Target-URI"))


def refusal(record: ArcWarcRecord) -> str | None:
    """Why a response or resource record is no page, or None: not HTML, or not a success."""
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    if headers is None:
        return "WARC response record holds no HTTP response"
    if record.rec_type == "response":
        status = headers.get_statuscode() or ""
        if not status.startswith("2"):
            return f"HTTP status {status or 'missing'}, not a page"
    mime = (headers.get_header("content-type") or "").split(";")[0].strip().lower()
    if mime and mime not in HTML_TYPES:
        return f"WARC record holds {mime}, not HTML"
    return None


def _missing(record: ArcWarcRecord) -> int:
    """Read what is left of the record; the bytes its Content-Length promised that the file lacks
    (a truncated file ends in silence, without an error)."""
    for _ in iter(lambda: record.raw_stream.read(1 << 16), b""):
        pass
    return int(getattr(record.raw_stream, "limit", 0) or 0)


def _cut_short(missing: int) -> str:
    return f"WARC damaged here, nothing after it is read: the record is cut short ({missing} bytes missing)"


def _decompressors() -> Any:
    from warcio.bufferedreaders import BufferedReader

    return BufferedReader.get_supported_decompressors()


def _damaged(exc: BaseException) -> str:
    from warcio.exceptions import ArchiveLoadFailed

    if isinstance(exc, ArchiveLoadFailed) and "non-chunked" in str(exc):
        return (
            "WARC is gzipped as one stream, not one gzip member per record, so its records cannot be read "
            "by offset; recompress it (`warcio recompress IN OUT`)"
        )
    return damaged("WARC", exc)


SOURCE = Warc()
