"""Find the raw files of a run: every file under the raw folder, in a stable order.

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
from collections.abc import Iterable
from pathlib import Path

from pagesift.dataset.location import is_remote, list_files, local_path
from pagesift.model import Rejection

_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder"))


class Discovery(list[str]):
    """The files of a run to process (sorted paths: a list, as `discover` always returned), and
    the inputs refused on sight in `rejections` (sorted by path). `found` counts both."""

    def __init__(self, paths: Iterable[str] = (), rejections: list[Rejection] | None = None) -> None:
        super().__init__(paths)
        self.rejections: list[Rejection] = rejections or []

    @property
    def found(self) -> int:
        return len(self) + len(self.rejections)


def shown(path: str) -> str:
    """A path as it can be written to UTF-8 outputs: undecodable bytes escaped (``\\xff``)."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", errors="backslashreplace")


def inside(target: str, root: str) -> bool:
    """Whether the real path `target` lies in (or is) the real folder `root`."""
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


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


def discover(raw: str | Path) -> Discovery:
    """Every file below `raw` (hidden files and folders skipped), sorted, as paths; with the
    inputs refused on sight (see the module docstring) as rejections at stage ``discover``."""
    if is_remote(str(raw)):  # an fsspec URL: no links, FIFOs or devices to refuse there
        return Discovery(list_files(str(raw)))
    root = Path(local_path(str(raw)))
    if not root.is_dir():
        raise FileNotFoundError(f"raw folder not found: {root}")
    real_root = os.path.realpath(root)
    paths: list[str] = []
    refused: list[Rejection] = []

    def refuse(path: str, reason: str) -> None:
        refused.append(Rejection(shown(path), None, "discover", reason))

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
                paths.append(full)
            else:
                refuse(full, reason)
    return Discovery(sorted(paths), sorted(refused, key=lambda r: r.path))
