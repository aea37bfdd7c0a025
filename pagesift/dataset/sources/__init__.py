"""Where pages come from: page files, WARC files, JSON Lines of {url, html}; one module each.

`--raw` names a folder or one archive file. Discover walks the folder; a file whose name an archive
source claims (`suffixes(archive=True)`: WARC and JSON Lines files) is an archive and is expanded
into its pages (`Source.pages`); any other file is one page. The workers then read each page by its
reference (`read_page`), opening its file only inside the raw folder. A new source is a module in
this package with a `SOURCE` (see `base.Source`) added to SOURCES: nothing else names a source or
its suffixes (the command line's help and messages ask `suffixes`; tests/test_sources.py plugs in a
fake one).
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator
from typing import BinaryIO, cast

from pagesift.dataset.location import is_remote, open_remote
from pagesift.dataset.location import stat as remote_stat
from pagesift.dataset.sources import files, jsonl, warc
from pagesift.dataset.sources.base import Archive, Found, Outside, Payload, Source, open_inside
from pagesift.errors import PageRejected, fault, is_fault
from pagesift.extract.urls import http_url
from pagesift.model import page_ref, split_ref
from pagesift.settings import DEFAULT_LIMITS, Limits

#: Archive sources first: a name is claimed by the first source whose suffix it ends with.
SOURCES: tuple[Source, ...] = (warc.SOURCE, jsonl.SOURCE, files.SOURCE)
UNSUPPORTED = f"unsupported file type (reads {', '.join(s for source in SOURCES for s in source.suffixes)})"


def suffixes(archive: bool) -> str:
    """The file endings the sources read, of archives or of page files, as a list for messages."""
    return ", ".join(suffix for source in SOURCES if source.archive == archive for suffix in source.suffixes)


__all__ = [
    "SOURCES",
    "UNSUPPORTED",
    "Archive",
    "Found",
    "Outside",
    "Payload",
    "Reader",
    "Source",
    "archive_source",
    "identity",
    "inside_raw",
    "list_pages",
    "open_raw",
    "page_identity",
    "page_ref",
    "read_page",
    "release",
    "source_for",
    "split_ref",
    "suffixes",
    "where",
]


def source_for(path: str) -> Source | None:
    """The source that reads the file at `path`, by its name; None for a type pagesift does not read."""
    name = path.lower()
    return next((s for s in SOURCES if any(name.endswith(suffix) for suffix in s.suffixes)), None)


def archive_source(path: str) -> Archive | None:
    """The source of an archive (a file that holds many pages), or None."""
    source = source_for(path)
    return cast(Archive, source) if source is not None and source.archive else None


def raw_base(root: str) -> str:
    """The folder the pages of the raw location `root` are named inside: `root` itself, or the
    folder of the one archive `root` names."""
    if is_remote(root):
        return root.rstrip("/").rsplit("/", 1)[0] if archive_source(root) else root.rstrip("/")
    return root if os.path.isdir(root) else os.path.dirname(root) or "."


def where(path: str, root: str | None) -> str:
    """The file a page's path names: a path inside the raw location `root` (as references and
    records give it: the same corpus however --raw is spelt), or a path or URL of its own."""
    if root is None or is_remote(path) or os.path.isabs(path):
        return path
    base = raw_base(root)
    return f"{base}/{path}" if is_remote(base) else os.path.join(base, path)


def inside_raw(full: str, root: str) -> str:
    """The path inside the raw location `root` of the file at `full` (found under it): `where`'s inverse."""
    base = raw_base(root)
    if is_remote(base):
        return full[len(base) + 1 :] if full.startswith(base + "/") else full
    return os.path.relpath(full, base)


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
        name, offset = split_ref(ref)
        source = source_for(name)
        if source is None:
            raise PageRejected("discover", UNSUPPORTED)
        path = where(name, root)
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
                raise fault(exc, page_ref(name, offset)) from exc
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


def page_identity(ref: str, root: str | None = None) -> str | None:
    """The page `ref`'s identity as its record would give it (`identity`; an incremental run's
    check), or None when it cannot be read."""
    try:
        payload = read_page(ref, root)
    except PageRejected as exc:
        return exc.sha256
    return identity(hashlib.sha256(payload.data).hexdigest(), http_url(payload.url) if payload.url else None)


def identity(sha256: str | None, url: str | None) -> str | None:
    """What a page's record is made from, as one hash for the manifest: its bytes' sha256 and the
    url its archive gives it (an archive record whose url changed is a changed page); a page file's
    is its sha256. Its path and offset are its key."""
    if sha256 is None or url is None:
        return sha256
    return hashlib.sha256(f"{sha256}\n{url}".encode()).hexdigest()
