"""Page files: one file is one page (.html, .htm, .txt, gzipped or not), read whole."""

from __future__ import annotations

import hashlib
import io
import os
import stat
from typing import BinaryIO

from pagesift.dataset.sources.base import Payload
from pagesift.errors import PageRejected
from pagesift.extract.page import file_format
from pagesift.settings import FORMATS, Limits


class Files:
    name = "files"
    suffixes: tuple[str, ...] = tuple(FORMATS)
    archive = False

    def read(self, stream: BinaryIO, path: str, offset: int | None, limits: Limits) -> Payload:
        """The whole file, never more than max_page_bytes + 1 of it (an oversized file is hashed
        as it streams by, not held)."""
        try:
            st: os.stat_result | None = os.fstat(stream.fileno())
        except (OSError, io.UnsupportedOperation, AttributeError):  # a remote file (fsspec)
            st = None
        if st is not None and not stat.S_ISREG(st.st_mode):
            raise PageRejected("read", "not a regular file")
        if st is not None and st.st_size > limits.max_page_bytes:
            reason = f"file is {st.st_size} bytes, over max_page_bytes={limits.max_page_bytes}"
            raise PageRejected("read", reason, sha256=hash_stream(stream))
        data = stream.read(limits.max_page_bytes + 1)
        if len(data) > limits.max_page_bytes:
            raise PageRejected("read", f"file is over max_page_bytes={limits.max_page_bytes}")
        return Payload(data, file_format(path) or "html")


def hash_stream(handle: BinaryIO, digest: hashlib._Hash | None = None) -> str:
    """The sha256 of what is left to read of `handle` (after what `digest` holds already)."""
    digest = digest or hashlib.sha256()
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


SOURCE = Files()
