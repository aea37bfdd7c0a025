"""One page, end to end: bytes → Page → links, noise, main content, outline → record → validated.

Every failure becomes a Rejection naming its stage; nothing escapes as an exception.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from .blocks import from_lines
from .errors import PageRejected
from .links import find_links, find_text_links
from .maintext import main_content
from .meta import canonical_url, headline, language, lead_text
from .noise import mark_noise
from .page import Page, load_page, source_of
from .record import Record, build_record
from .sections import find_sections
from .settings import DEFAULT_LIMITS, Limits
from .validate import errors


@dataclass(frozen=True, slots=True)
class Rejection:
    path: str
    sha256: str | None
    stage: str  # discover, read, decode, parse, extract, validate or publish
    error: str

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Outcome:
    """A page's fate: exactly one of record and rejection is set."""

    record: Record | None = None
    rejection: Rejection | None = None


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text).casefold()


def extract(page: Page, processed_at: str) -> Record:
    """The record of a decoded, parsed page; raises PageRejected when it holds no article."""
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
    else:
        lines = page.lines
        url, title = None, lines[0]
        links = find_text_links(lines)
        body = [line for line in lines[1:links.cut_at] if _key(line) != _key(title)]
        text, blocks = "\n".join([title, *body]), from_lines(body)
    outline = find_sections(blocks, title)
    if not outline.summary and page.tree is not None:
        outline.summary = lead_text(page.tree)
    return build_record(
        page, title=title, url=url, language=language(page.tree, text), text=text,
        outline=outline, links=links.links, processed_at=processed_at,
    )


def process(path: str, data: bytes, processed_at: str, limits: Limits = DEFAULT_LIMITS) -> Outcome:
    """Bytes of one raw file to a validated record or a rejection (never an exception)."""
    source = source_of(path, data)
    try:
        record = extract(load_page(source, data, limits), processed_at)
    except PageRejected as exc:
        return Outcome(rejection=Rejection(path, source.sha256, exc.stage, exc.reason))
    except Exception as exc:  # noqa: BLE001 - a bug on one page must not end the run
        return Outcome(rejection=Rejection(path, source.sha256, "extract", f"internal error: {type(exc).__name__}: {exc}"))
    problems = errors(record)
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        return Outcome(rejection=Rejection(path, source.sha256, "validate", f"record fails article.schema.json: {shown}"))
    return Outcome(record=record)


def process_file(path: str | Path, processed_at: str, limits: Limits = DEFAULT_LIMITS) -> Outcome:
    """Read and process one raw file; oversized files are hashed in chunks, never held whole."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limits.max_page_bytes:
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
            reason = f"file is {size} bytes, over max_page_bytes={limits.max_page_bytes}"
            return Outcome(rejection=Rejection(str(path), digest.hexdigest(), "read", reason))
        data = path.read_bytes()
    except OSError as exc:
        return Outcome(rejection=Rejection(str(path), None, "read", f"cannot read file: {exc.strerror or exc}"))
    return process(str(path), data, processed_at, limits)
