"""One page by its reference, read from its source and extracted: what a batch does per page.

The seam between the dataset machinery (sources: files, WARC and JSON Lines archives, and the
guarantee that nothing outside `--raw` is read) and the extraction core (bytes in, outcome out).
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
from pathlib import Path

from pagesift.dataset.sources import UNSUPPORTED, Outside, open_raw, read_page, source_for, split_ref, where
from pagesift.dataset.sources.files import hash_stream
from pagesift.errors import PageRejected, fault, is_fault
from pagesift.extract.pipeline import PageTimeout, over_time, process, time_limit
from pagesift.model import Outcome, Rejection
from pagesift.settings import DEFAULT_LIMITS, Limits


def process_file(
    ref: str | Path, processed_at: str, limits: Limits = DEFAULT_LIMITS, root: str | Path | None = None
) -> Outcome:
    """Read and process one page: a raw file, or a page of an archive (``PATH#OFFSET``, see
    `sources`), by its path inside the raw folder (or archive) `root` (default: a path of its own,
    read inside its own folder); its record names it by that path, so the corpus is the same
    however `root` is spelt:
    never a file outside `root`, whatever was swapped in after discover (a symlink, a folder
    replaced by a link), never blocking on a FIFO, never holding an oversized file whole."""
    ref = str(ref)
    path, offset = split_ref(ref)
    root = None if root is None else str(root)
    if source_for(path) is None:
        return Outcome(rejection=_unsupported(path, root))
    try:
        payload = read_page(ref, root, limits)
    except PageRejected as exc:
        return Outcome(rejection=Rejection(path, exc.sha256, exc.stage, exc.reason, offset))
    except MemoryError as exc:  # the machine's failure, not the page's (an OSError is told apart in read_page)
        raise fault(exc, ref) from exc
    try:
        with time_limit(limits.page_timeout_s):
            return process(path, payload.data, processed_at, limits, offset=offset, url=payload.url, fmt=payload.format)
    except PageTimeout as exc:  # the limit struck as the page ended, past process's own handler
        sha256 = hashlib.sha256(payload.data).hexdigest()
        return Outcome(rejection=Rejection(path, sha256, "extract", over_time(exc, limits), offset))


def _unsupported(path: str, root: str | None) -> Rejection:
    """A file of a type pagesift does not read, with its hash (streamed: a 50 MB .pdf is not held)."""
    try:
        with open_raw(where(path, root), root) as handle:
            try:
                regular = stat.S_ISREG(os.fstat(handle.fileno()).st_mode)
            except (OSError, io.UnsupportedOperation):  # a remote file
                regular = True
            return Rejection(path, hash_stream(handle) if regular else None, "discover", UNSUPPORTED)
    except Outside as exc:
        return Rejection(path, None, "read", str(exc))
    except OSError as exc:
        if is_fault(exc):
            raise fault(exc, path) from exc
        return Rejection(path, None, "discover", UNSUPPORTED)
