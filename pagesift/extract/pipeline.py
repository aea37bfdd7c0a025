"""One page, end to end: bytes → Page → links, noise, main content, outline → record → validated.

Every failure becomes a Rejection naming its stage; nothing escapes as an exception.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import signal
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from pagesift.dataset.discover import inside, shown
from pagesift.dataset.location import is_remote, read_bytes
from pagesift.errors import TIMED_OUT, PageRejected
from pagesift.extract.blocks import from_lines
from pagesift.extract.links import find_links, find_text_links
from pagesift.extract.maintext import main_content
from pagesift.extract.meta import canonical_url, headline, language, lead_text, title_from_text
from pagesift.extract.noise import mark_noise
from pagesift.extract.page import UNSUPPORTED, Page, load_page, page_format, source_of
from pagesift.extract.record import build_record
from pagesift.extract.sections import find_sections
from pagesift.extract.validate import errors
from pagesift.model import Outcome, Record, Rejection
from pagesift.settings import DEFAULT_LIMITS, Limits
from pagesift.text import fold


class PageTimeout(BaseException):
    """A page ran past its time limit (a BaseException, so no library swallows it)."""


def extract(page: Page, processed_at: str) -> tuple[Record, int]:
    """The record of a decoded, parsed page, and how many unsafe links it dropped; raises
    PageRejected when the page holds no article."""
    title: str | None
    if page.tree is not None:
        tree = page.tree
        url = canonical_url(tree)
        title = headline(tree)
        links = find_links(tree, url)
        mark_noise(tree, links.blocks)
        content = main_content(tree)
        if content is None:
            raise PageRejected("extract", "no main content found (trafilatura found no article text)")
        text, blocks = content.text, content.blocks
        if not title.strip():  # an article's content block with no <title> or heading
            title = title_from_text(text)
    else:
        lines = page.lines
        url, title = None, title_from_text(lines[0])  # a first line too long for a title is text
        links = find_text_links(lines)
        body = lines[:links.cut_at]
        if title is not None:
            body = [line for line in body[1:] if fold(line) != fold(title)]
        text, blocks = "\n".join([title, *body] if title else body), from_lines(body)
    outline = find_sections(blocks, title or "")
    if page.tree is not None and not (outline.sections and outline.summary):
        outline.summary = lead_text(page.tree) or outline.summary  # the dek the page sets apart
    record = build_record(
        page, title=title, url=url, language=language(page.tree, text), text=text,
        outline=outline, links=links.links, processed_at=processed_at,
    )
    return record, links.unsafe_dropped


def process(path: str, data: bytes, processed_at: str, limits: Limits = DEFAULT_LIMITS) -> Outcome:
    """Bytes of one raw file to a validated record or a rejection (never an exception)."""
    source = source_of(path, data)
    try:
        record, unsafe = extract(load_page(source, data, limits), processed_at)
    except PageRejected as exc:
        return Outcome(rejection=Rejection(path, source.sha256, exc.stage, exc.reason))
    except PageTimeout as exc:
        why = f"{TIMED_OUT}={exc.args[0]} (seconds of CPU time); tried again on the next run"
        return Outcome(rejection=Rejection(path, source.sha256, "extract", why))
    except Exception as exc:
        return Outcome(rejection=Rejection(path, source.sha256, "extract", f"internal error: {type(exc).__name__}: {exc}"))
    problems = errors(record)
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        return Outcome(rejection=Rejection(path, source.sha256, "validate", f"record fails article.schema.json: {shown}"),
                       unsafe_links=unsafe)
    return Outcome(record=record, unsafe_links=unsafe)


def process_file(
    path: str | Path, processed_at: str, limits: Limits = DEFAULT_LIMITS, root: str | Path | None = None
) -> Outcome:
    """Read and process one raw file found under the raw folder `root` (default: the file's own
    folder): never a file outside `root`, whatever was swapped in after discover (a symlink, a
    folder replaced by a link), never blocking on a FIFO, never holding an oversized file whole."""
    path = str(path)
    if is_remote(path):
        if page_format(path) is None:
            return Outcome(rejection=Rejection(path, _hash_remote(path), "discover", UNSUPPORTED))
        return _process_remote(path, processed_at, limits)
    real_root = os.path.realpath(root if root is not None else os.path.dirname(path) or ".")
    unsupported = page_format(path) is None  # decided before reading: a 50 MB .pdf is hashed, not read whole
    try:
        fd = _open_regular(path, real_root)
    except Outside as exc:
        return Outcome(rejection=Rejection(path, None, "read", str(exc)))
    except OSError as exc:
        if unsupported:
            return Outcome(rejection=Rejection(path, None, "discover", UNSUPPORTED))
        return Outcome(rejection=Rejection(path, None, "read", f"cannot read file: {exc.strerror or exc}"))
    if unsupported:
        with os.fdopen(fd, "rb") as handle:
            regular = stat.S_ISREG(os.fstat(handle.fileno()).st_mode)
            return Outcome(rejection=Rejection(path, _hash_stream(handle) if regular else None, "discover", UNSUPPORTED))
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(handle.fileno())
        if not stat.S_ISREG(st.st_mode):
            return Outcome(rejection=Rejection(path, None, "read", "not a regular file"))
        if st.st_size > limits.max_page_bytes:
            reason = f"file is {st.st_size} bytes, over max_page_bytes={limits.max_page_bytes}"
            return Outcome(rejection=Rejection(path, _hash_stream(handle), "read", reason))
        data = handle.read(limits.max_page_bytes + 1)
    with time_limit(limits.page_timeout_s):
        return process(path, data, processed_at, limits)


def _process_remote(url: str, processed_at: str, limits: Limits) -> Outcome:
    """A page behind an fsspec URL: read at most max_page_bytes + 1 of it."""
    try:
        data = read_bytes(url, limits.max_page_bytes)
    except OSError as exc:
        return Outcome(rejection=Rejection(url, None, "read", f"cannot read file: {exc.strerror or exc}"))
    if len(data) > limits.max_page_bytes:
        reason = f"file is over max_page_bytes={limits.max_page_bytes}"
        return Outcome(rejection=Rejection(url, None, "read", reason))
    with time_limit(limits.page_timeout_s):
        return process(url, data, processed_at, limits)


class Outside(OSError):
    """The file opened lies outside the raw folder (a link or folder swapped in after discover)."""


def _open_regular(path: str, root: str) -> int:
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


def _hash_stream(handle: BinaryIO) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _hash_remote(path: str) -> str:
    return hashlib.sha256(read_bytes(path, 1 << 62)).hexdigest()


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Stop a page that uses more than `seconds` of CPU time (SIGPROF: CPU, not wall-clock time,
    so a loaded machine does not reject a page a quiet one publishes; only where the page runs on
    a process's main thread, as in worker processes: in-process thread runs have no per-page limit)."""
    if threading.current_thread() is not threading.main_thread() or seconds <= 0:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise PageTimeout(seconds)

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
