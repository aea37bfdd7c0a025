"""Raw and output locations given as paths or fsspec URLs (``file://``, ``memory://``, ``s3://``).

Local paths and ``file://`` URLs are used as they are. For any other URL:
- raw pages are listed, stat'ed and read through fsspec (a page's source path is its URL);
- the outputs are built in a local work folder (``PAGESIFT_CACHE``, default
  ``~/.cache/pagesift/<hash of the URL>``), which also keeps the incremental state, and are then
  uploaded to the URL, ``datapackage.json`` last. A work folder that is new (another machine)
  first downloads what the URL already holds, so runs stay incremental.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, BinaryIO

from pagesift.settings import cache_dir

_LOCAL = ("", "file", "local")


def protocol(url: str) -> str:
    return url.split("://", 1)[0].lower() if "://" in url else ""


def is_remote(url: str) -> bool:
    return protocol(str(url)) not in _LOCAL


def local_path(url: str) -> str:
    """A local path or file:// URL as a plain path."""
    url = str(url)
    return url.split("://", 1)[1] if protocol(url) in ("file", "local") else url


def _fs(url: str) -> tuple[Any, str]:
    """The file system of a remote URL and the path on it. fsspec is imported here, by the runs
    that have a remote location: a pool worker reading local pages never needs it."""
    from fsspec.core import url_to_fs

    fs, path = url_to_fs(url)
    return fs, path


def _url(fs: Any, path: str) -> str:
    return fs.unstrip_protocol(path)


def list_files(url: str) -> list[str]:
    """Every file below a remote folder as URLs, sorted (hidden names skipped)."""
    fs, root = _fs(url)
    if not fs.isdir(root):
        raise FileNotFoundError(f"raw folder not found: {url}")
    found = []
    for path in fs.find(root):
        rel = path[len(root.rstrip("/")) + 1 :]
        if not any(part.startswith(".") for part in rel.split("/")):
            found.append(_url(fs, path))
    return sorted(found)


def stat(url: str) -> tuple[int, int]:
    """(size, modification stamp) of a remote file; the stamp is 0 when the store has none."""
    fs, path = _fs(url)
    info = fs.info(path)
    stamp = info.get("mtime") or info.get("LastModified") or info.get("created") or info.get("ETag") or 0
    if hasattr(stamp, "timestamp"):
        stamp = int(stamp.timestamp() * 1e9)
    elif isinstance(stamp, str):
        stamp = int(hashlib.sha256(stamp.encode()).hexdigest()[:15], 16)
    return int(info.get("size") or 0), int(float(stamp))


def read_bytes(url: str, limit: int) -> bytes:
    """At most `limit` + 1 bytes of a remote file (the caller rejects what is longer)."""
    fs, path = _fs(url)
    with fs.open(path, "rb") as handle:
        return handle.read(limit + 1)


def open_remote(url: str) -> BinaryIO:
    """A remote file opened for reading (seekable: archives are read by offset)."""
    fs, path = _fs(url)
    handle: BinaryIO = fs.open(path, "rb")
    return handle


def work_folder(out: str) -> Path:
    """Where a run builds its outputs: the folder itself, or a local cache for a remote URL."""
    if not is_remote(out):
        return Path(local_path(out))
    return cache_dir() / hashlib.sha256(out.encode()).hexdigest()[:16]


def pull(out: str, work: Path) -> int:
    """Fill a new work folder with what the remote output already holds; returns files copied."""
    fs, root = _fs(out)
    if (work / "datapackage.json").exists() or not fs.exists(f"{root}/datapackage.json"):
        return 0
    copied = 0
    for path in fs.find(root):
        rel = path[len(root.rstrip("/")) + 1 :]
        target = work / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(fs.cat_file(path))
        copied += 1
    return copied


def push(work: Path, out: str) -> int:
    """Upload the published files of a work folder to the remote output, datapackage.json last."""
    fs, root = _fs(out)
    files = sorted(
        (
            p
            for p in work.rglob("*")
            if p.is_file()
            and not p.name.startswith(".lock")
            and not any(part.startswith(".") and part != ".manifest.jsonl" for part in p.relative_to(work).parts)
        ),
        key=lambda p: (p.name == "datapackage.json", str(p)),
    )
    for path in files:
        target = f"{root.rstrip('/')}/{path.relative_to(work).as_posix()}"
        fs.makedirs(target.rsplit("/", 1)[0], exist_ok=True)
        with fs.open(target, "wb") as handle:
            handle.write(path.read_bytes())
    return len(files)
