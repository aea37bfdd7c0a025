"""One page, end to end: bytes → Page → links, noise, main content, outline → record → validated.

Every failure becomes a Rejection naming its stage; nothing escapes as an exception.
"""

from __future__ import annotations

import ctypes
import gc
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from pagesift.errors import TIMED_OUT, PageRejected, fault, is_fault
from pagesift.extract import language
from pagesift.extract.blocks import from_lines
from pagesift.extract.dom import memo
from pagesift.extract.language import MIN_CONFIDENCE, Identified, declared_language, identify
from pagesift.extract.links import find_links, find_text_links
from pagesift.extract.maintext import main_content
from pagesift.extract.meta import canonical_url, headline, lead_text, title_from_text
from pagesift.extract.minhash import signature
from pagesift.extract.noise import mark_noise
from pagesift.extract.page import Page, load_page, source_of
from pagesift.extract.record import build_record, dump
from pagesift.extract.rules import LANGUAGES, reading, rules_for
from pagesift.extract.sections import find_sections
from pagesift.extract.structured import fill_in, json_ld, structured_sections
from pagesift.extract.urls import http_url
from pagesift.extract.validate import errors
from pagesift.model import Outcome, Record, Rejection, page_ref
from pagesift.settings import DEFAULT_LIMITS, Limits
from pagesift.text import fold


class PageTimeout(BaseException):
    """A page ran past its time limit (a BaseException, so no library swallows it)."""


def warm() -> None:
    """Pay the one-time costs before the first page, as a pool worker does on start: trafilatura's
    lazy parts (justext's stop lists of every language, about 0.2 s, loaded by the first page
    trafilatura finds short), the language model, and the rule tables compiled for every language
    with rules and for all of them together (about 70 ms, paid by the first page of each). A
    benchmark warms the same way, so that its per-page figures hold no start-up cost.

    Then everything alive is frozen out of the garbage collector's reach (`gc.freeze`): modules,
    rule tables, the model and the stop lists live as long as the process, yet each full collection
    walked them all again (47 ms a full collection after 181 AEB pages, 0.8 ms frozen; the
    collector's CPU a page 0.20 → 0.09 ms). What warming left unreachable is a few dozen objects,
    not worth the collection it would take to free them first."""
    import trafilatura

    trafilatura.extract("<html><body><p>warm</p></body></html>")
    language.load()
    for code in (None, *(module.CODE for module in LANGUAGES)):
        rules_for(code)
    gc.freeze()


def extract(page: Page, processed_at: str) -> tuple[Record, int]:
    """The record of a decoded, parsed page, and how many unsafe links it dropped; raises
    PageRejected when the page holds no article."""
    with memo():
        return _steps(page, processed_at)


def _steps(page: Page, processed_at: str) -> tuple[Record, int]:
    """extract's steps, which share one memo of the tree's texts (dom.memo)."""
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
        body = lines[: links.cut_at]
        if title is not None:
            body = [line for line in body[1:] if fold(line) != fold(title)]
        text, blocks = "\n".join([title, *body] if title else body), from_lines(body)
    declared = declared_language(page.tree)
    language = identify(text, declared)
    with reading(_reading_language(language, declared)):  # the outline in the page's own language's words
        outline = find_sections(blocks, title or "")
    if page.json_ld:
        outline = fill_in(outline, structured_sections(json_ld(page.json_ld)))
    if page.tree is not None and not (outline.sections and outline.summary):
        outline.summary = lead_text(page.tree) or outline.summary  # the dek the page sets apart
    article = build_record(
        page,
        title=title,
        url=url,
        language=language,
        declared_language=declared,
        text=text,
        outline=outline,
        links=links.links,
        processed_at=processed_at,
    )
    return dump(article), links.unsafe_dropped


def _reading_language(identified: Identified, declared: str | None) -> str | None:
    """The language whose rules read the outline: the identified one when the model is sure of
    it, else the page's declared one, else every language's (a short English list of Latin drug
    names can look like Latin to the model)."""
    if identified.language and (identified.confidence or 0.0) >= MIN_CONFIDENCE:
        return identified.language
    return declared


def process(
    path: str,
    data: bytes,
    processed_at: str,
    limits: Limits = DEFAULT_LIMITS,
    *,
    offset: int | None = None,
    url: str | None = None,
    fmt: str | None = None,
) -> Outcome:
    """Bytes of one page (the raw file at `path`, or its page at `offset`, whose url its source
    may know, in the format its source says or its name announces) to a validated record or a
    rejection; never an exception but RunFault, when the machine fails it (a disk full, a file
    over `ulimit -f`, memory exhausted): that is the run's failure, not the page's verdict."""
    source = source_of(path, data, offset=offset, url=url)

    def rejected(stage: str, reason: str) -> Rejection:
        return Rejection(path, source.sha256, stage, reason, offset, source.url)

    try:
        record, unsafe = extract(load_page(source, data, limits, fmt), processed_at)
    except PageRejected as exc:
        return Outcome(rejection=rejected(exc.stage, exc.reason))
    except PageTimeout as exc:
        return Outcome(rejection=rejected("extract", over_time(exc, limits)))
    except Exception as exc:  # a bug on one page must not end the run; the machine failing must
        if is_fault(exc):
            raise fault(exc, page_ref(path, offset)) from exc
        return Outcome(rejection=rejected("extract", f"internal error: {type(exc).__name__}: {exc}"))
    problems = errors(record)
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        return Outcome(
            rejection=rejected("validate", f"record fails article.schema.json: {shown}"), unsafe_links=unsafe
        )
    return Outcome(record=record, unsafe_links=unsafe, signature=signature(record["text"]))


def over_time(exc: PageTimeout, limits: Limits) -> str:
    """The reason of a page stopped by its time limit (the watchdog raises the bare class)."""
    seconds = exc.args[0] if exc.args else limits.page_timeout_s
    return f"{TIMED_OUT}={seconds} (seconds of CPU time); tried again on the next run"


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Stop a page that uses more than `seconds` of CPU time (CPU, not wall-clock time, so a
    loaded machine does not reject a page a quiet one publishes). On a process's main thread (as in
    worker processes) SIGPROF stops it; on any other thread (the flow in-process, Dask's threads) the
    thread's own CPU clock, read by a watchdog thread. The watchdog stops Python code only, SIGPROF
    a regex too; neither stops libxml2 before it returns, which is why what reaches it is bounded."""
    if seconds <= 0:
        yield
    elif threading.current_thread() is threading.main_thread():
        with _signal_timer(seconds):
            yield
    elif hasattr(time, "pthread_getcpuclockid"):  # not on macOS: no per-thread limit there
        with _WATCHDOG.watch(seconds):
            yield
    else:
        yield


@contextmanager
def _signal_timer(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise PageTimeout(seconds)

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


@dataclass
class _Watched:
    clock: int  # the thread's CPU clock
    deadline: float  # CPU seconds of that clock at which the page is stopped
    fired: bool = False


class _Watchdog:
    """One daemon thread that raises PageTimeout in a thread whose page has used more CPU time than
    its limit (PyThreadState_SetAsyncExc: raised at its next Python instruction). It sleeps until
    the earliest deadline could be reached: a thread's CPU time grows no faster than the clock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pages: dict[int, _Watched] = {}
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    @contextmanager
    def watch(self, seconds: float) -> Iterator[None]:
        ident = threading.get_ident()
        clock = time.pthread_getcpuclockid(ident)
        with self._lock:
            self._pages[ident] = _Watched(clock, time.clock_gettime(clock) + seconds)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="pagesift-page-timer", daemon=True)
                self._thread.start()
        self._wake.set()
        try:
            yield
        finally:
            while True:  # the timer may fire as the page ends: its exception is caught here, or cancelled
                try:
                    self._leave(ident)
                    break
                except PageTimeout:
                    continue

    def _leave(self, ident: int) -> None:
        with self._lock:
            watched = self._pages.pop(ident, None)
            if watched is not None and watched.fired:
                _async_raise(ident, None)  # cancel it, if not raised yet

    def _run(self) -> None:
        while True:
            sleep = None
            with self._lock:
                for ident, watched in list(self._pages.items()):
                    if watched.fired:
                        continue
                    try:
                        left = watched.deadline - time.clock_gettime(watched.clock)
                    except OSError:  # the thread is gone
                        del self._pages[ident]
                        continue
                    if left <= 0:
                        watched.fired = True
                        _async_raise(ident, PageTimeout)
                    else:
                        sleep = left if sleep is None else min(sleep, left)
            self._wake.wait(sleep)
            self._wake.clear()


def _async_raise(ident: int, exception: type[BaseException] | None) -> None:
    """Raise `exception` in the thread `ident` at its next Python instruction (None: cancel)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(ident), ctypes.py_object(exception) if exception else None
    )


_WATCHDOG = _Watchdog()
