"""Limits and defaults, in one place, so a hostile page is stopped by a setting, not a crash."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

MiB = 1024 * 1024


def cache_dir() -> Path:
    """pagesift's cache folder: `$PAGESIFT_CACHE`, default ~/.cache/pagesift (the temporary API's
    home, the prepared language model, the work folders of remote outputs)."""
    return Path(os.environ.get("PAGESIFT_CACHE") or Path.home() / ".cache" / "pagesift")


#: File endings pagesift reads, mapped to the format they hold.
FORMATS: dict[str, str] = {
    ".html.gz": "html.gz",
    ".htm.gz": "html.gz",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".txt.gz": "text.gz",
}


@dataclass(frozen=True, slots=True)
class Limits:
    """Safe defaults for untrusted pages; a page that hits one is rejected with a reason that
    names the setting (``max_page_bytes=16777216``), never cut short or dropped in silence.

    ``max_attributes`` bounds the C code no timer stops: libxml2 compares each attribute of a tag
    with all those before it (100,000 on one tag took 99 s of CPU time).

    ``max_dom_depth`` stays below 256 by default: libxml2 stops building the tree at its own
    depth cap (256, or 2048 with huge trees) and any page the parser cut short is rejected too.
    """

    max_page_bytes: int = 16 * MiB  # size of the file as stored; larger files are never read whole
    max_inflated_bytes: int = 32 * MiB  # size after gunzip (gzip bombs stop here)
    max_gzip_members: int = 1_000  # gzip streams one after another in a .gz page (real files: a few)
    max_dom_depth: int = 200  # nesting of the parsed HTML tree (real pages stay under ~60)
    max_dom_nodes: int = 200_000  # elements of the parsed HTML tree (real pages: a few thousand)
    max_attributes: int = 256  # attributes of one tag, counted before parsing (real pages: under 32)
    min_prose_words: int = 20  # words of body text outside links and forms; fewer: not an article
    page_timeout_s: float = 30.0  # CPU seconds of one page's extraction (enforced in worker processes)


DEFAULT_LIMITS = Limits()
DEFAULT_BATCH_SIZE = 64
#: Estimated similarity of two main texts' shingles (neardup.similarity) from which they are
#: near-duplicates: 0.7, not the usual 0.8, at which 2% of the benchmark's edited copies of short
#: articles were missed (README, "Languages and near-duplicates").
DEFAULT_NEAR_DUPLICATE_THRESHOLD = 0.7

#: The licence of the published data when PAGESIFT_LICENSE is not set: the extracted text belongs
#: to the sites it came from, so nothing is granted by default.
DEFAULT_LICENSE = {
    "name": "other-closed",
    "title": "Not licensed for redistribution: the text belongs to the publishers of the source pages",
}


def dataset_licenses(env: Mapping[str, str] = os.environ) -> list[dict[str, str]]:
    """The `licenses` of the published data package, from PAGESIFT_LICENSE (an SPDX or Open
    Definition id such as CC-BY-4.0), PAGESIFT_LICENSE_TITLE and PAGESIFT_LICENSE_URL."""
    name = env.get("PAGESIFT_LICENSE", "").strip()
    if not name:
        return [dict(DEFAULT_LICENSE)]
    licence = {"name": name}
    for key, var in (("title", "PAGESIFT_LICENSE_TITLE"), ("path", "PAGESIFT_LICENSE_URL")):
        if env.get(var, "").strip():
            licence[key] = env[var].strip()
    return [licence]
