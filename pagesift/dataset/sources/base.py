"""The seam every source plugs into: what a source lists, what it reads, and how files are opened.

A page is known by its reference (`pagesift.model.page_ref`): the path of the file that is the
page, or ``PATH#OFFSET`` for a page inside an archive. The manifest, the shards, carry-over and
duplicates are all keyed by it, so incremental runs and kill safety work per page, whatever holds
the page.
"""

from __future__ import annotations

import errno
import fcntl
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, Protocol

from pagesift.settings import Limits


@dataclass(frozen=True, slots=True)
class Payload:
    """One page as its source read it: the bytes, how to read them, and the url the source knows."""

    data: bytes
    format: str  # html, html.gz, text or text.gz (settings.FORMATS)
    url: str | None = None  # a WARC record's target URI, a JSON line's url; None for a file


@dataclass(frozen=True, slots=True)
class Found:
    """A page a file holds, as discover lists it: its offset in the file (None: the file is the
    page), or why it is refused on sight and at which stage (a non-HTML WARC record, a damaged
    archive from this offset on)."""

    offset: int | None
    refusal: str | None = None
    stage: str = "discover"


class Source(Protocol):
    """One kind of raw file. A new source is one module with such an object, named in SOURCES."""

    name: str
    suffixes: tuple[str, ...]  # the lower-case file endings it reads
    archive: bool  # holds many pages (an Archive), or is one page itself

    def read(self, stream: BinaryIO, path: str, offset: int | None, limits: Limits) -> Payload:
        """The page at `offset` (None: the whole file); raises PageRejected (stage read or
        discover) when it cannot be one."""
        ...


class Archive(Source, Protocol):
    """A file of many pages: listed by discover, each read by its offset."""

    def open(self, raw: BinaryIO, path: str) -> BinaryIO:
        """The stream `pages` and `read` work on (a gzip stream for a .jsonl.gz, else `raw`)."""
        ...

    def pages(self, stream: BinaryIO, path: str, limits: Limits) -> Iterator[Found]:
        """Every page the archive holds, in offset order, streamed (never all held)."""
        ...


def damaged(what: str, exc: BaseException) -> str:
    """The one-line reason for an archive damaged where `exc` was met."""
    detail = " ".join(str(exc).split())[:200] or type(exc).__name__
    return f"{what} damaged here, nothing after it is read: {detail}"


def shown(path: str) -> str:
    """A path as it can be written to UTF-8 outputs: undecodable bytes escaped (``\\xff``)."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", errors="backslashreplace")


def inside(target: str, root: str) -> bool:
    """Whether the real path `target` lies in (or is) the real folder (or file) `root`."""
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


class Outside(OSError):
    """The file opened lies outside the raw folder (a link or folder swapped in after discover)."""


def open_inside(path: str, root: str) -> int:
    """Open without blocking (a FIFO) and without following a link at the last step (a symlink
    that discover let through is opened at its target), then check where the open landed: the
    kernel's name for the opened file must lie inside `root`, so no link swapped in at any step
    of the path, before or after the check, gets a file outside it read."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise
        fd = os.open(os.path.realpath(path), flags)
    where = _opened_path(fd)
    if where is None:  # no kernel name to ask: the resolved path, if it is the very file opened
        real = os.path.realpath(path)
        try:
            where = real if os.path.samestat(os.fstat(fd), os.stat(real)) else None
        except OSError:
            where = None
    if where is None or not inside(where, root):
        os.close(fd)
        raise Outside(f"symlink points outside the raw folder (to {shown(where or '?')}); not followed")
    return fd


def _opened_path(fd: int) -> str | None:
    """The real path of an open file, as the kernel knows it (Linux /proc, macOS F_GETPATH);
    None where neither is available."""
    if hasattr(fcntl, "F_GETPATH"):  # macOS
        name = fcntl.fcntl(fd, fcntl.F_GETPATH, bytes(1024))
        return os.fsdecode(name.split(b"\0", 1)[0])
    try:
        return os.readlink(f"/proc/self/fd/{fd}").removesuffix(" (deleted)")
    except OSError:
        return None
