"""Find the pages of a run: every file under the raw folder, in a stable order, each archive
(a file an archive source claims by its suffix; see `sources`) expanded into the pages it holds, listed by
reference (``PATH#OFFSET``). `--raw` may also name one archive file: its pages are the run's.

Nothing found is dropped in silence. What cannot be read safely is refused on sight, before a byte
of it is read, as a rejection at stage ``discover``:

- a symlink that resolves outside the raw folder (to ``/etc/passwd``, ``/dev/zero``, another
  folder), a broken symlink, a symlink loop, and a symlink to a folder (never followed, inside or
  out: the folder's own files are read where they are);
- anything that is not a regular file: a FIFO (reading it would block the run), a socket, a device;
- a path that is not valid UTF-8 (it could not be written to the JSON outputs; it is reported with
  its bad bytes escaped, ``bad-\\xff.html``);
- a folder that cannot be listed.

Regular files of a type pagesift does not read (``.pdf``, ``.json``) are returned as paths like any
other: the page step rejects them ("unsupported file type", stage ``discover``) with their hash, and
incremental runs carry that rejection over like any outcome.

A symlink to a regular file inside the raw folder is read like any file. Hidden files and folders
(names starting with ".") are not inputs: they are skipped, as editors and tools keep their own
files there.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterable
from pathlib import Path

from pagesift.dataset.location import is_remote, list_files, local_path
from pagesift.dataset.sources import archive_source, inside_raw, list_pages
from pagesift.dataset.sources.base import inside, shown
from pagesift.model import Rejection, page_ref

_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


class Discovery(list[str]):
    """The pages of a run to process (sorted references: a list, as `discover` always returned),
    and the inputs refused on sight in `rejections` (sorted by reference). `found` counts both.
    `seconds`: how long finding them took (the run report's discover stage, wherever it ran);
    `root`: the raw location the references' paths lie inside (`raw_root`)."""

    def __init__(
        self,
        paths: Iterable[str] = (),
        rejections: list[Rejection] | None = None,
        seconds: float = 0.0,
        root: str | None = None,
    ) -> None:
        super().__init__(paths)
        self.rejections: list[Rejection] = rejections or []
        self.seconds = seconds
        self.root = root

    @property
    def found(self) -> int:
        return len(self) + len(self.rejections)


def _kind(mode: int) -> str:
    return next((what for test, what in _KINDS if test(mode)), "not a regular file")


def refusal(path: str, root: str) -> str | None:
    """Why the file at `path` (found under the real path `root`) must not be read; None if it may."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return "path is not valid UTF-8; not read (rename the file)"
    try:
        st = os.lstat(path)
    except OSError as exc:
        return f"cannot inspect file: {exc.strerror or exc}"
    if stat.S_ISLNK(st.st_mode):
        target = os.path.realpath(path)
        if not inside(target, root):
            return f"symlink points outside the raw folder (to {shown(target)}); not followed"
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return f"broken symlink (its target {shown(os.readlink(path))} does not exist)"
        except OSError as exc:
            return f"symlink cannot be resolved ({exc.strerror or exc}); not followed"
        if stat.S_ISDIR(st.st_mode):
            return "symlink to a folder; not followed (the folder's files are read where they are)"
        if not stat.S_ISREG(st.st_mode):
            return f"symlink to {_kind(st.st_mode)}, not a regular file; not read"
    elif not stat.S_ISREG(st.st_mode):
        return f"not a regular file ({_kind(st.st_mode)}); not read"
    return None


def raw_root(raw: str | Path) -> str:
    """The raw location as the run reads it: a local path (a file:// URL's too), or an fsspec URL."""
    return str(raw) if is_remote(str(raw)) else local_path(str(raw))


def discover(raw: str | Path) -> Discovery:
    """Every page below `raw` (hidden files and folders skipped; archives expanded into their
    pages), sorted, as references to their paths inside `raw` (however `raw` is spelt: relative,
    absolute, with a trailing slash, the pages are the same); with the inputs refused on sight
    (see the module docstring) as rejections at stage ``discover`` (``read`` for a damaged archive)."""
    started = time.perf_counter()
    paths: list[str] = []
    refused: list[Rejection] = []
    location = raw_root(raw)

    def refuse(path: str, reason: str, stage: str = "discover", offset: int | None = None) -> None:
        refused.append(Rejection(shown(inside_raw(path, location)), None, stage, reason, offset))

    def found(path: str, root: str | None) -> None:
        source = archive_source(path)
        if source is None:
            paths.append(page_ref(inside_raw(path, location), None))
            return
        for page in list_pages(path, source, root):
            if page.refusal is None:
                paths.append(page_ref(inside_raw(path, location), page.offset))
            else:
                refuse(path, page.refusal, page.stage, page.offset)

    def done() -> Discovery:
        return Discovery(
            sorted(paths), sorted(refused, key=lambda r: r.ref), round(time.perf_counter() - started, 3), location
        )

    if is_remote(location):  # an fsspec URL: no links, FIFOs or devices to refuse there
        for url in list_files(location) if not archive_source(location) else [location]:
            found(url, None)
        return done()
    root = Path(location)
    if root.is_file() and archive_source(str(root)):
        found(str(root), os.path.realpath(root))  # --raw names one archive: it is the only file read
        return done()
    if not root.is_dir():
        raise FileNotFoundError(f"raw folder not found: {root}")
    real_root = os.path.realpath(root)

    def unreadable(exc: OSError) -> None:
        refuse(str(exc.filename), f"cannot list folder: {exc.strerror or exc}")

    for folder, dirs, files in os.walk(root, followlinks=False, onerror=unreadable):
        kept = []
        for name in sorted(dirs):
            if name.startswith("."):
                continue
            full = os.path.join(folder, name)
            if os.path.islink(full):  # os.walk lists symlinks to folders here, and never enters them
                refuse(full, refusal(full, real_root) or "symlink to a folder; not followed")
            else:
                kept.append(name)
        dirs[:] = kept
        for name in files:
            if name.startswith("."):
                continue
            full = os.path.join(folder, name)
            reason = refusal(full, real_root)
            if reason is None:
                found(full, real_root)
            else:
                refuse(full, reason)
    return done()
