"""Read one raw file into a Page: bytes hashed, decoded, and parsed once.

The Page carries the single lxml tree (or, for a text dump, its lines) that every later step
reads: noise marking, title, sections, related links and trafilatura all share it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from lxml.etree import ParserError
from lxml.html import HtmlElement

from .decode import decode, gunzip
from .errors import PageRejected
from .settings import DEFAULT_LIMITS, FORMATS, Limits

_PARSER = lxml.html.HTMLParser(
    remove_comments=True, remove_pis=True, no_network=True, collect_ids=False, default_doctype=False
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Source:
    """Where a record came from: the raw file as found, before any decoding."""

    path: str
    sha256: str
    bytes: int


@dataclass(slots=True)
class Page:
    source: Source
    format: str  # "html" or "text"
    encoding: str
    text: str  # the decoded page
    tree: HtmlElement | None = None  # HTML pages: the one parsed tree

    @property
    def lines(self) -> list[str]:
        """Text dumps: the non-blank lines, stripped."""
        return [line.strip() for line in self.text.splitlines() if line.strip()]


def page_format(path: str) -> str | None:
    """The format a file name announces ("html", "html.gz", "text", "text.gz"), or None."""
    name = path.lower()
    for ending, fmt in FORMATS.items():
        if name.endswith(ending):
            return fmt
    return None


def source_of(path: str | Path, data: bytes) -> Source:
    return Source(path=str(path), sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))


def parse_html(text: str) -> HtmlElement:
    """Parse decoded HTML once; external entities and the network are never touched."""
    text = _XML_DECL.sub("", text, count=1)
    try:
        tree = lxml.html.document_fromstring(text, parser=_PARSER)
    except (ParserError, ValueError) as exc:
        raise PageRejected("parse", f"not parseable as HTML ({exc})") from exc
    if tree is None or tree.find("body") is None and len(tree) == 0:
        raise PageRejected("parse", "HTML parser found no elements")
    return tree


def load_page(source: Source, data: bytes, limits: Limits = DEFAULT_LIMITS) -> Page:
    """Bytes of one raw file to a Page; raises PageRejected with the stage that refused it."""
    fmt = page_format(source.path)
    if fmt is None:
        raise PageRejected("discover", f"unsupported file type (reads {', '.join(FORMATS)})")
    if len(data) > limits.max_page_bytes:
        raise PageRejected("read", f"file is {len(data)} bytes, over max_page_bytes={limits.max_page_bytes}")
    if fmt.endswith(".gz"):
        data = gunzip(data, limits)
        fmt = fmt.removesuffix(".gz")
    decoded = decode(data)
    page = Page(source=source, format=fmt, encoding=decoded.encoding, text=decoded.text)
    if fmt == "html":
        page.tree = parse_html(decoded.text)
    elif not page.lines:
        raise PageRejected("decode", "text dump holds no text")
    return page
