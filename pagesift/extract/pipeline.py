"""One page, end to end: bytes → Page → links, noise, main content, outline → record → validated.

Every failure becomes a Rejection naming its stage; nothing escapes as an exception.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from pagesift.errors import TIMED_OUT, PageRejected
from pagesift.extract.blocks import from_lines
from pagesift.extract.language import declared_language, identify
from pagesift.extract.links import find_links, find_text_links
from pagesift.extract.maintext import main_content
from pagesift.extract.meta import canonical_url, headline, lead_text, title_from_text
from pagesift.extract.minhash import signature
from pagesift.extract.noise import mark_noise
from pagesift.extract.page import Page, load_page, source_of
from pagesift.extract.record import build_record
from pagesift.extract.sections import find_sections
from pagesift.extract.structured import fill_in, json_ld, structured_sections
from pagesift.extract.urls import http_url
from pagesift.extract.validate import errors
from pagesift.model import Outcome, Record, Rejection
from pagesift.settings import DEFAULT_LIMITS, Limits
from pagesift.text import fold


class PageTimeout(BaseException):
    """A page ran past its time limit (a BaseException, so no library swallows it)."""


def extract(page: Page, processed_at: str) -> tuple[Record, int]:
    """The record of a decoded, parsed page, and how many unsafe links it dropped; raises
    PageRejected when the page holds no article."""
    title: str | None
    if page.tree is not None:
        tree = page.tree
        url = canonical_url(tree) or http_url(page.source.url or "")  # else the url its source knows (a WARC's)
        title = headline(tree)
        links = find_links(tree, url)
        mark_noise(tree, links.blocks)
        content = main_content(tree, page.prose)
        if content is None:
            raise PageRejected("extract", "no main content found (trafilatura found no article text)")
        text, blocks = content.text, content.blocks
        if not title.strip():  # an article's content block with no <title> or heading
            title = title_from_text(text)
    else:
        lines = page.lines
        url, title = None, title_from_text(lines[0])  # a first line too long for a title is text
        links = find_text_links(lines)
        body = lines[:links.cut_at]
        if title is not None:
            body = [line for line in body[1:] if fold(line) != fold(title)]
        text, blocks = "\n".join([title, *body] if title else body), from_lines(body)
    outline = find_sections(blocks, title or "")
    if page.json_ld:
        outline = fill_in(outline, structured_sections(json_ld(page.json_ld)))
    if page.tree is not None and not (outline.sections and outline.summary):
        outline.summary = lead_text(page.tree) or outline.summary  # the dek the page sets apart
    declared = declared_language(page.tree)
    record = build_record(
        page, title=title, url=url, language=identify(text, declared), declared_language=declared, text=text,
        outline=outline, links=links.links, processed_at=processed_at,
    )
    return record, links.unsafe_dropped


def process(
    path: str, data: bytes, processed_at: str, limits: Limits = DEFAULT_LIMITS, *,
    offset: int | None = None, url: str | None = None, fmt: str | None = None,
) -> Outcome:
    """Bytes of one page (the raw file at `path`, or its page at `offset`, whose url its source
    may know, in the format its source says or its name announces) to a validated record or a
    rejection (never an exception)."""
    source = source_of(path, data, offset=offset, url=url)

    def rejected(stage: str, reason: str) -> Rejection:
        return Rejection(path, source.sha256, stage, reason, offset)

    try:
        record, unsafe = extract(load_page(source, data, limits, fmt), processed_at)
    except PageRejected as exc:
        return Outcome(rejection=rejected(exc.stage, exc.reason))
    except PageTimeout as exc:
        return Outcome(rejection=rejected("extract", f"{TIMED_OUT}={exc.args[0]} (seconds of CPU time); tried again on the next run"))
    except Exception as exc:  # a bug on one page must not end the run
        return Outcome(rejection=rejected("extract", f"internal error: {type(exc).__name__}: {exc}"))
    problems = errors(record)
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        return Outcome(rejection=rejected("validate", f"record fails article.schema.json: {shown}"), unsafe_links=unsafe)
    return Outcome(record=record, unsafe_links=unsafe, signature=signature(record["text"]))


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Stop a page that uses more than `seconds` of CPU time (SIGPROF: CPU, not wall-clock time,
    so a loaded machine does not reject a page a quiet one publishes; only where the page runs on
    a process's main thread, as in worker processes: in-process thread runs have no per-page limit)."""
    if threading.current_thread() is not threading.main_thread() or seconds <= 0:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise PageTimeout(seconds)

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
