"""The output location between runs: its lock, its manifest, crash recovery, and carry-over.

- One run at a time: `OutputLock` holds an exclusive `flock` on `OUT/.lock` for the whole run and
  refuses a second run with a clear message (the kernel drops the lock if the run is killed).
- Crash safety: `publish` writes every file into `OUT/.publish.tmp/`, then a `COMMITTED` marker,
  then renames the files into place. `recover` (run under the lock before anything else) finishes
  those renames if the marker is there, and otherwise throws the half-written folder away; stale
  `.staging-*` folders of killed runs go too.
- Incremental runs: `.manifest.jsonl` records each page's size, mtime and identity (its sha256;
  a page of an archive: its archive's size and mtime, the hash of its own bytes and url), by
  reference (its path inside --raw). A page whose size and
  mtime are unchanged is taken as unchanged; otherwise its content hash decides. The outcomes of
  unchanged pages are carried over byte for byte from the last published files.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import shutil
import stat
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import orjson

from pagesift import PIPELINE_VERSION
from pagesift.dataset.location import is_remote, read_bytes
from pagesift.dataset.location import stat as remote_stat
from pagesift.dataset.sources import page_identity, release, split_ref, where
from pagesift.errors import RETRIED, rejection_code
from pagesift.model import SCHEMA_VERSION

MANIFEST = ".manifest.jsonl"
#: The manifest's own format: 2 keys pages by their path inside --raw (escaped, see model.page_ref)
#: with an identity that covers an archive's url. A manifest of another format is not used: every
#: page is processed again, once.
MANIFEST_FORMAT = 2
TMP = ".publish.tmp"
COMMITTED = "COMMITTED"


class RunRefused(RuntimeError):
    """Another run holds the output location."""


class RecoveryError(RuntimeError):
    """The publish a killed or failed run committed cannot be finished (yet)."""


def _names(path: Path, handle: int) -> bool:
    """Whether `path` still names the file open as `handle`."""
    try:
        return os.path.samestat(os.stat(path, follow_symlinks=False), os.fstat(handle))
    except OSError:
        return False


class OutputLock:
    """An exclusive lock on an output folder for the length of a run."""

    def __init__(self, out: str | Path) -> None:
        self.path = Path(out) / ".lock"
        self._handle: int | None = None

    def __enter__(self) -> OutputLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:  # never through a link: the lock file's content is overwritten with a pid
            handle = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        except OSError as exc:
            raise RunRefused(
                f"{self.path} is a symbolic link or cannot be opened ({exc.strerror}); "
                "remove it, it is only a lock file"
            ) from None
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            os.close(handle)
            raise RunRefused(f"{self.path} is not a regular file; remove it, it is only a lock file")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(handle, 64).decode(errors="replace").strip() or "unknown"
            os.close(handle)
            raise RunRefused(
                f"another pagesift run (pid {holder}) is using {self.path.parent}; "
                "wait for it to finish or use another --out"
            ) from None
        if not _names(self.path, handle):  # removed meanwhile by a run that created the folder (discard_unused)
            os.close(handle)
            return self.__enter__()
        os.ftruncate(handle, 0)
        os.write(handle, str(os.getpid()).encode())
        self._handle = handle
        return self

    def __exit__(self, *exc: object) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            os.close(self._handle)
            self._handle = None


def discard_unused(folder: str | Path) -> None:
    """Remove an output folder that a run created and leaves holding nothing but its lock file (and
    staging folders): a run interrupted or failed at its start leaves no empty output behind. Not a
    folder that holds anything else (a publish, committed or not), nor one whose lock another run
    holds (its pid in the lock file is another's)."""
    folder = Path(folder)
    lock = folder / ".lock"
    try:
        if any(p.name != ".lock" and not p.name.startswith(".staging-") for p in folder.iterdir()):
            return
        handle = os.open(lock, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # held: by this process (a run that is ending), or by another run
            if os.read(handle, 64).decode(errors="replace").strip() != str(os.getpid()):
                return
        for stale in folder.glob(".staging-*"):
            shutil.rmtree(stale, ignore_errors=True)
        lock.unlink()
        folder.rmdir()
    except OSError:
        return  # something was written meanwhile: the folder stays
    finally:
        os.close(handle)


def recover(out: str | Path, keep: str | Path | None = None) -> str | None:
    """Finish or discard what a killed run left (never the `keep` staging folder of this run)."""
    out = Path(out)
    for stale in out.glob(".staging-*"):
        if keep is None or stale != Path(keep):
            shutil.rmtree(stale, ignore_errors=True)
    tmp = out / TMP
    if not tmp.exists():
        return None
    if (tmp / COMMITTED).exists():
        try:
            commit_files(tmp, out)
        except OSError as exc:
            where = f" ({exc.filename})" if exc.filename else ""
            raise RecoveryError(
                f"cannot finish the interrupted publish into {out}: {exc.strerror or exc}{where}; its complete "
                f"files wait in {tmp}; fix the cause and run again"
            ) from exc
        return "finished the publish of an interrupted run"
    shutil.rmtree(tmp, ignore_errors=True)
    return "discarded the unfinished publish of an interrupted run"


_FS_IOC_GETFLAGS = 0x80086601  # Linux: the inode flags of chattr/lsattr
_FS_NO_REPLACE = 0x10 | 0x20  # FS_IMMUTABLE_FL, FS_APPEND_FL
_BSD_NO_REPLACE = 0x2 | 0x4 | 0x20000 | 0x40000  # UF_IMMUTABLE, UF_APPEND, SF_IMMUTABLE, SF_APPEND


def check_replaceable(target: Path) -> None:
    """Raise the OSError a rename onto `target` would meet, where it can be told beforehand: a
    folder in its place, or a file made immutable or append-only (chattr +i / +a, chflags)."""
    try:
        st = target.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    flags = getattr(st, "st_flags", 0) & _BSD_NO_REPLACE
    if not flags and stat.S_ISREG(st.st_mode) and sys.platform.startswith("linux"):
        try:
            fd = os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            return
        try:
            buf = fcntl.ioctl(fd, _FS_IOC_GETFLAGS, b"\0" * 8)
            flags = int.from_bytes(buf[:4], sys.byteorder) & _FS_NO_REPLACE
        except OSError:  # a file system without inode flags
            flags = 0
        finally:
            os.close(fd)
    if flags:
        raise PermissionError(
            errno.EPERM, os.strerror(errno.EPERM) + " (the file is immutable or append-only)", str(target)
        )


def commit_files(tmp: Path, out: Path) -> None:
    """Rename every file of a committed publish into place, datapackage.json last; idempotent."""
    files = sorted(
        (p.relative_to(tmp) for p in tmp.rglob("*") if p.is_file() and p.name != COMMITTED),
        key=lambda rel: (rel.name == "datapackage.json", str(rel)),
    )
    for rel in files:
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp / rel, out / rel)
    shutil.rmtree(tmp, ignore_errors=True)


@dataclass(frozen=True, slots=True)
class Entry:
    """What a run knew of one page (`path` is its reference: see sources)."""

    path: str
    size: int
    mtime_ns: int
    identity: str | None  # sources.identity: its bytes' sha256 (and an archive's url); None when unread


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def load_manifest(out: str | Path) -> dict[str, Entry]:
    """The manifest of the last published run, if it was made by this pipeline version."""
    path = Path(out) / MANIFEST
    if not path.exists():
        return {}
    entries: dict[str, Entry] = {}
    with path.open("rb") as handle:
        header = orjson.loads(handle.readline() or b"{}")
        if header != _HEADER:
            return {}  # another pipeline or schema version, or manifest format: everything is processed again
        for line in handle:
            entry = Entry(**orjson.loads(line))
            entries[entry.path] = entry
    return entries


#: What the manifest's entries were made by: records of another pipeline or schema version are not carried over.
_HEADER = {"pipeline_version": PIPELINE_VERSION, "schema_version": SCHEMA_VERSION, "format": MANIFEST_FORMAT}


def manifest_header() -> bytes:
    """The manifest's first line: the pipeline and schema versions and the manifest format its entries were made by."""
    return orjson.dumps(_HEADER) + b"\n"


def manifest_line(entry: Entry) -> bytes:
    """One page's manifest line; publish writes them in reference order, as it merges the shards."""
    return orjson.dumps(asdict(entry)) + b"\n"


@dataclass(slots=True)
class Plan:
    """Which pages (files, and pages of archives, by reference) a run must process, and which it carries over."""

    todo: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    stats: dict[str, tuple[int, int]] = field(default_factory=dict)  # path -> (size, mtime_ns)
    settled: bool = False  # nothing to process or delete: the last published files stand


def plan_run(
    paths: list[str],
    previous: dict[str, Entry],
    full: bool = False,
    refused: Iterable[str] = (),
    root: str | None = None,
) -> Plan:
    """Sort the found pages (references inside the raw location `root`) into new, changed and
    unchanged (by size+mtime, then identity: content hash, and an archive's url); pages neither
    found nor `refused` (by discover) since the last run are deleted.

    A page of an archive (``PATH#OFFSET``) has its archive's size and mtime: a page of an
    unchanged archive is unchanged; in a changed one (pages appended, one rewritten), each page
    whose own bytes and url are the same is unchanged too."""
    plan = Plan()
    files: dict[str, tuple[int, int]] = {}  # an archive is stat'ed once, not once per page
    for ref in paths:
        path, offset = split_ref(ref)
        if path not in files:
            files[path] = _stat(where(path, root))
        plan.stats[ref] = files[path]
        before = None if full else previous.get(ref)
        if before is None:
            plan.new.append(ref)
        elif (before.size, before.mtime_ns) == plan.stats[ref] or (
            before.identity is not None
            and (offset is not None or before.size == plan.stats[ref][0])
            and _same_identity(ref, root, before.identity)
        ):
            plan.unchanged.append(ref)
        else:
            plan.changed.append(ref)
    release()  # the archives whose pages were hashed are closed
    plan.todo = sorted(plan.new + plan.changed)
    present = set(paths) | set(refused)
    plan.deleted = sorted(p for p in previous if p not in present)
    plan.settled = bool(previous) and not full and not plan.todo and not plan.deleted
    return plan


def _stat(path: str) -> tuple[int, int]:
    try:
        if is_remote(path):
            return remote_stat(path)
        st = os.stat(path)
        return st.st_size, st.st_mtime_ns
    except OSError:
        return 0, 0


def has_retried(out: str | Path) -> bool:
    """Whether the published rejections hold a page to try again (a code of errors.RETRIED: its
    time limit on a loaded machine, a file that could not be read then)."""
    path = Path(out) / "rejected.jsonl"
    if not path.exists():
        return False
    with path.open("rb") as handle:
        return any(retried(orjson.loads(line)) for line in handle)


def retried(rejection: dict[str, Any]) -> bool:
    """Whether a rejected.jsonl line is of a page that may pass another time (read from its
    reason, too, for lines written before rejections had codes)."""
    return (rejection.get("code") or rejection_code(rejection["stage"], rejection["error"])) in RETRIED


def _same_identity(ref: str, root: str | None, identity: str) -> bool:
    path, offset = split_ref(ref)
    if offset is not None:  # a page of an archive: its own bytes (and url), read by offset
        return page_identity(ref, root) == identity
    try:  # a page file: its bytes, hashed as they stream by
        if is_remote(where(path, root)):
            return hashlib.sha256(read_bytes(where(path, root), 1 << 62)).hexdigest() == identity
        return sha256_file(where(path, root)) == identity
    except OSError:
        return False
