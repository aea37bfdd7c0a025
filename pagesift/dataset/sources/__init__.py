"""Where pages come from: page files, WARC files, JSON Lines of {url, html}; one module each.

`--raw` names a folder or one archive file. Discover walks the folder; a file whose name a source
claims (`.warc`, `.warc.gz`, `.jsonl`, `.jsonl.gz`) is an archive and is expanded into its pages
(`Source.pages`); any other file is one page. The workers then read each page by its reference
(`read_page`), opening its file only inside the raw folder. A new source is a module in this
package with a `SOURCE` (see `base.Source`) added to SOURCES.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator
from typing import BinaryIO, cast

from pagesift.dataset.location import is_remote, open_remote
from pagesift.dataset.location import stat as remote_stat
from pagesift.dataset.sources import base, files, jsonl, warc
from pagesift.dataset.sources.base import Archive, Found, Outside, Payload, Source, open_inside
from pagesift.errors import PageRejected, fault, is_fault
from pagesift.model import page_ref
from pagesift.settings import DEFAULT_LIMITS, Limits

#: Archive sources first: a name is claimed by the first source whose suffix it ends with.
SOURCES: tuple[Source, ...] = (warc.SOURCE, jsonl.SOURCE, files.SOURCE)
UNSUPPORTED = f"unsupported file type (reads {', '.join(s for source in SOURCES for s in source.suffixes)})"

__all__ = ["SOURCES", "UNSUPPORTED", "Archive", "Found", "Outside", "Payload", "Reader", "Source", "archive_source", "list_pages", "open_raw",
           "page_ref", "page_sha256", "read_page", "release", "source_for", "split_ref"]


def source_for(path: str) -> Source | None:
    """The source that reads the file at `path`, by its name; None for a type pagesift does not read."""
    name = path.lower()
    return next((s for s in SOURCES if any(name.endswith(suffix) for suffix in s.suffixes)), None)


def archive_source(path: str) -> Archive | None:
    """The source of an archive (a file that holds many pages), or None."""
    source = source_for(path)
    return cast(Archive, source) if source is not None and source.archive else None


def split_ref(ref: str) -> tuple[str, int | None]:
    """(path, offset) of a page reference; a file whose own name ends like one (``x#000000000001``,
    no archive before the ``#``) is a path."""
    path, offset = base.split_ref(ref)
    return (path, offset) if offset is None or archive_source(path) else (ref, None)


def open_raw(path: str, root: str | None) -> BinaryIO:
    """A raw file opened for reading: a remote one through fsspec, a local one only inside the
    real path `root` (raises base.Outside otherwise)."""
    if is_remote(path):
        return open_remote(path)
    real_root = os.path.realpath(root if root is not None else os.path.dirname(path) or ".")
    return os.fdopen(open_inside(path, real_root), "rb")


def list_pages(path: str, source: Archive, root: str | None, limits: Limits = DEFAULT_LIMITS) -> Iterator[Found]:
    """The pages of the archive at `path`, streamed; one refusal for an archive that cannot be
    opened or holds no page."""
    try:
        raw = open_raw(path, root)
    except Outside as exc:
        yield Found(None, str(exc), stage="read")
        return
    except OSError as exc:
        yield Found(None, f"cannot read file: {exc.strerror or exc}", stage="read")
        return
    with raw:
        listed = False
        for found in source.pages(source.open(raw, path), path, limits):
            listed = True
            yield found
        if not listed:
            yield Found(None, f"{source.name} file holds no page")


class Reader:
    """Reads pages by reference, keeping the last archive open between reads: a batch's pages
    of one archive are read with one open, and a .jsonl.gz read in offset order is decompressed
    once, not once per page. The open file is reused only while its path still names it (same
    device, inode, size and modification time); otherwise it is opened, and checked, again."""

    def __init__(self) -> None:
        self._key: tuple[object, ...] | None = None
        self._stream: BinaryIO | None = None
        self._raw: BinaryIO | None = None

    def read(self, ref: str, root: str | None, limits: Limits = DEFAULT_LIMITS) -> Payload:
        """The page `ref`; raises PageRejected (a page file or record that cannot be read)."""
        path, offset = split_ref(ref)
        source = source_for(path)
        if source is None:
            raise PageRejected("discover", UNSUPPORTED)
        try:
            if not source.archive:
                with open_raw(path, root) as raw:
                    return source.read(raw, path, offset, limits)
            return source.read(self._open(path, root, cast(Archive, source)), path, offset, limits)
        except Outside as exc:
            raise PageRejected("read", str(exc)) from None
        except OSError as exc:
            self.close()
            if is_fault(exc):
                raise fault(exc, page_ref(path, offset)) from exc
            raise PageRejected("read", f"cannot read file: {exc.strerror or exc}") from None

    def _open(self, path: str, root: str | None, source: Archive) -> BinaryIO:
        key = _identity(path, root)
        if self._stream is None or key != self._key:
            self.close()
            self._raw = open_raw(path, root)
            self._stream, self._key = source.open(self._raw, path), key
        return self._stream

    def close(self) -> None:
        for handle in (self._stream, self._raw):
            if handle is not None:
                handle.close()
        self._stream = self._raw = self._key = None

    __del__ = close  # a thread's Reader, and its open archive, go with the thread (a flow's task threads end with it)


def _identity(path: str, root: str | None) -> tuple[object, ...]:
    if is_remote(path):
        return (path, *remote_stat(path))
    st = os.stat(path)
    return (path, root, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


_LOCAL = threading.local()  # a Reader per thread: a Dask worker runs batches on several


def read_page(ref: str, root: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Payload:
    """The page `ref` (see Reader); raises PageRejected."""
    reader = getattr(_LOCAL, "reader", None)
    if reader is None:
        reader = _LOCAL.reader = Reader()
    return cast(Reader, reader).read(ref, root, limits)


def release() -> None:
    """Close this thread's open archive (a run's batches in this process are done)."""
    reader = getattr(_LOCAL, "reader", None)
    if reader is not None:
        cast(Reader, reader).close()


def page_sha256(ref: str) -> str | None:
    """The sha256 of the page `ref` as a record would hash it (an incremental run's content check), or None."""
    try:
        return hashlib.sha256(read_page(ref).data).hexdigest()
    except PageRejected as exc:
        return exc.sha256
