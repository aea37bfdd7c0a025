"""The benchmark's pages: real pages repeated with distinct names and small edits, so hashes differ.

Copy i of the corpus is source page ``i % len(sources)`` with
- a distinct name: ``0001234-<source name>``,
- its canonical url and og:url given a ``pagesift-bench=i`` query parameter (pagesift derives an
  article's id from its canonical url, so plain copies would be published as duplicates),
- an HTML comment naming the copy appended after the document (the parser drops comments);
  text dumps get a trailing line of spaces and tabs instead (blank lines are dropped),
so every copy has its own sha256 and its own article id but the same extraction work as its source.

Generated files live in bench/work/ (gitignored), never in git: one pool of the largest scale's
pages, and one folder per scale made of hard links to the pool's first N files.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

GENERATOR_VERSION = 1
_CANONICAL_TAG = re.compile(rb"<link\b[^>]*\bcanonical\b[^>]*>", re.IGNORECASE)
_OG_URL_TAG = re.compile(rb"<meta\b[^>]*\bog:url\b[^>]*>", re.IGNORECASE)
_HREF = re.compile(rb"""(\bhref\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
_CONTENT = re.compile(rb"""(\bcontent\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class Source:
    name: str  # file name, ending kept (.html.gz, .html, .txt, ...)
    data: bytes  # the page as stored (still gzipped for .gz files)

    @property
    def html(self) -> bool:
        return ".htm" in self.name.lower()


def load_sources(folder: Path) -> list[Source]:
    """Every non-hidden file of `folder` (not recursive), sorted by name."""
    return [
        Source(p.name, p.read_bytes()) for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")
    ]


def _tag_url(tag: bytes, attr: re.Pattern[bytes], copy: int) -> bytes:
    def add(match: re.Match[bytes]) -> bytes:
        url = match.group(3)
        base, hash_, fragment = url.partition(b"#")
        sep = b"&" if b"?" in base else b"?"
        return (
            match.group(1)
            + match.group(2)
            + base
            + sep
            + b"pagesift-bench=%d" % copy
            + hash_
            + fragment
            + match.group(2)
        )

    return attr.sub(add, tag, count=1)


def edit(source: Source, copy: int) -> bytes:
    """The bytes of copy number `copy` of a source page (see the module docstring)."""
    gz = source.name.lower().endswith(".gz")
    data = gzip.decompress(source.data) if gz else source.data
    if source.html:
        data = _CANONICAL_TAG.sub(lambda m: _tag_url(m.group(0), _HREF, copy), data)
        data = _OG_URL_TAG.sub(lambda m: _tag_url(m.group(0), _CONTENT, copy), data)
        data = data + b"\n<!-- pagesift-bench copy %d -->\n" % copy
    else:
        data = data.rstrip(b"\n") + b"\n" + bin(copy)[2:].replace("0", " ").replace("1", "\t").encode() + b"\n"
    return gzip.compress(data, compresslevel=1, mtime=0) if gz else data


def copy_name(source: Source, copy: int) -> str:
    return f"{copy:07d}-{source.name}"


def _fingerprint(sources: list[Source]) -> str:
    digest = hashlib.sha256(str(GENERATOR_VERSION).encode())
    for source in sources:
        digest.update(source.name.encode() + b"\0" + hashlib.sha256(source.data).digest())
    return digest.hexdigest()


def build_pool(sources: list[Source], pool: Path, count: int, log=print) -> list[Path]:
    """The first `count` copies in `pool`, generating only those not already there."""
    manifest = pool / "MANIFEST.json"
    fingerprint = _fingerprint(sources)
    if pool.exists():
        try:
            known = json.loads(manifest.read_text())
        except (OSError, ValueError):
            known = {}
        if known.get("fingerprint") != fingerprint:
            log(f"  source pages changed: regenerating {pool}")
            shutil.rmtree(pool)
    pool.mkdir(parents=True, exist_ok=True)
    manifest.write_text(
        json.dumps({"fingerprint": fingerprint, "generator": GENERATOR_VERSION, "sources": len(sources)}) + "\n"
    )
    paths: list[Path] = []
    made = 0
    for copy in range(count):
        source = sources[copy % len(sources)]
        path = pool / copy_name(source, copy)
        if not path.exists():
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_bytes(edit(source, copy))
            os.replace(tmp, path)
            made += 1
            if made % 5000 == 0:
                log(f"  generated {made} pages")
        paths.append(path)
    if made:
        log(f"  generated {made} pages into {pool}")
    return paths


def scale_folder(pool_paths: list[Path], folder: Path, count: int) -> Path:
    """`folder` holding exactly the pool's first `count` pages (hard links; copies if links fail)."""
    wanted = {p.name: p for p in pool_paths[:count]}
    if folder.is_dir():
        present = {p.name for p in folder.iterdir()}
        if present == set(wanted):
            return folder
        shutil.rmtree(folder)
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name, path in wanted.items():
        try:
            os.link(path, tmp / name)
        except OSError:
            shutil.copyfile(path, tmp / name)
    os.replace(tmp, folder)
    return folder


def tiny_folder(folder: Path, count: int = 2) -> Path:
    """`count` one-line text pages: enough for `count` batches (so a worker pool) and no work."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        path = folder / f"tiny-{i}.txt"
        if not path.exists():
            path.write_text(f"Tiny page {i}\nA single line of text for the fixed-cost run.\n", encoding="utf-8")
    return folder
