"""Small read-only helpers over the parsed tree, shared by the noise, title and link finders."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from re import _constants, _parser  # type: ignore[attr-defined]
from typing import Any, ParamSpec, TypeVar

from lxml import etree
from lxml.etree import _Element
from lxml.html import HtmlElement

from pagesift.text import clean

SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object", "select", "option"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: Page regions that are never the article nor its further reading.
CHROME_TAGS = frozenset({"nav", "header", "footer"})


STRING = etree.XPath("string(.)")  # an element's text, built by libxml2


@dataclass(slots=True)
class _Memo:
    """What text_of, classed and the `remembered` questions found on the page being read."""

    texts: dict[HtmlElement, str] = field(default_factory=dict)
    classed: dict[HtmlElement, Classed] = field(default_factory=dict)
    answers: dict[Callable[..., Any], dict[tuple[Any, ...], Any]] = field(default_factory=dict)


_MEMO: ContextVar[_Memo | None] = ContextVar("pagesift_dom_memo", default=None)


@contextmanager
def memo() -> Iterator[None]:
    """Within it, text_of and classed remember their answers: one page's finders ask for the same
    elements' texts (about three times each on the AEB pages) and walk the classed elements three
    times. Only for a tree whose text, classes and ids stay as they are meanwhile (the steps of
    pipeline.extract only add attributes of their own)."""
    token = _MEMO.set(_Memo())
    try:
        yield
    finally:
        _MEMO.reset(token)


P = ParamSpec("P")
T = TypeVar("T")


def remembered(question: Callable[P, T]) -> Callable[P, T]:
    """`question`, its answers remembered within memo() as text_of's are: for what several finders
    ask again of the same elements. Its answer must depend on its arguments (a page's elements
    and plain values, given positionally; keywords bypass the memory) and on nothing that changes
    within one memo: not on the tree changing, nor on a context set part-way (links' questions
    are all asked by find_links, before the outline's reading language is set). The question
    itself stays `__wrapped__`."""

    @functools.wraps(question)
    def ask(*args: P.args, **kwargs: P.kwargs) -> T:
        known = _MEMO.get()
        if known is None or kwargs:
            return question(*args, **kwargs)
        answers = known.answers.get(question)
        if answers is None:
            answers = known.answers[question] = {}
        if args in answers:
            answer: T = answers[args]
        else:
            answer = answers[args] = question(*args, **kwargs)  # kwargs is empty here
        return answer

    return ask


@dataclass(frozen=True, slots=True)
class Classed:
    """The elements a class/id rule can match, in document order (what the XPath
    ``//*[@class or @id]`` finds, in less than half its time on the AEB pages), with each one's
    class attribute and its "class id" string (what matches_class reads): a step that tests them
    all reads no attribute again."""

    elements: list[HtmlElement]
    classes: list[str | None]
    names: list[str]


def class_id(cls: str | None, ident: str | None) -> str:
    """An element's class and id attributes as the one string class rules read ("nav menu-top
    main-nav"): matches_class's verdicts are remembered by it, for every caller alike."""
    return f"{cls or ''} {ident or ''}"


def classed(tree: HtmlElement) -> Classed:
    """The tree's classed elements (lists of the caller's own: changing them changes no later answer)."""
    known = _MEMO.get()
    found = known.classed.get(tree) if known is not None else None
    if found is None:
        elements: list[HtmlElement] = []
        classes: list[str | None] = []
        names: list[str] = []
        for element in tree.iter(etree.Element):
            cls, ident = element.get("class"), element.get("id")
            if cls is not None or ident is not None:
                elements.append(element)
                classes.append(cls)
                names.append(class_id(cls, ident))
        found = Classed(elements, classes, names)
        if known is not None:
            known.classed[tree] = found
    return Classed(list(found.elements), list(found.classes), list(found.names))


def remember_classed(tree: HtmlElement, found: Classed) -> None:
    """Within memo, what classed(tree) gives from now on: `found`, classed's lists, gathered by a
    caller's own walk over the tree (links.find_links reads every element before the noise step)."""
    known = _MEMO.get()
    if known is not None:
        known.classed[tree] = found


def text_of(element: HtmlElement) -> str:
    """Visible text of an element, pieces joined by a space (the parser already dropped scripts
    and styles; see page.parse_html)."""
    known = _MEMO.get()
    text = known.texts.get(element) if known is not None else None
    if text is None:
        text = clean(" ".join(text_pieces(element)))
        if known is not None:
            known.texts[element] = text
    return text


def short_pieces(element: _Element) -> list[str] | None:
    """What itertext yields of an element with no child or one childless child ("<li><a>…</a></li>":
    most labels, list items and paragraphs, and three in four of the texts text_of reads), read
    from the texts themselves without itertext's set-up (2 µs, more than the rest of a short
    text's reading); None for another element, and for a comment (whose itertext raises)."""
    if not isinstance(element.tag, str):
        return None
    text = element.text
    if not len(element):
        return [] if text is None else [text]
    if len(element) > 1 or len(child := element[0]):
        return None
    inner = child.text if isinstance(child.tag, str) else None  # a comment's text is not yielded
    return [piece for piece in (text, inner, child.tail) if piece is not None]


def text_length(element: _Element, limit: int) -> int:
    """The length of the element's text, counted only until it passes `limit` (a container can
    be large, and a short line's test needs no more)."""
    length = 0
    for text in element.itertext():
        length += len(text)
        if length > limit:
            break
    return length


def text_pieces(element: _Element) -> Iterable[str]:
    """What element.itertext() yields, read without it from a short element (short_pieces)."""
    pieces = short_pieces(element)
    return element.itertext() if pieces is None else pieces


@functools.cache
def _token_regex(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(rf"(?<![^\s_-])(?:{pattern.pattern})(?![^\s_-])", re.IGNORECASE)


def matches_class(element: HtmlElement, pattern: re.Pattern[str]) -> bool:
    """Does the pattern match a whole token of the element's class or id, or one -/_ separated
    part of a token (so "nav" matches "post-nav", but "read-?more" not "read-more-big")?"""
    cls, ident = element.get("class"), element.get("id")
    if not cls and not ident:
        return False
    return name_matches(class_id(cls, ident), pattern)


def name_matches(text: str, pattern: re.Pattern[str]) -> bool:
    """matches_class by the element's class-and-id string (class_id's), for a caller that holds
    the strings already (dom.Classed's names)."""
    known = _KNOWN.get(id(pattern))
    if known is None or len(known[1]) >= _KNOWN_MAX:
        regex = _token_regex(pattern)
        known = _KNOWN[id(pattern)] = (pattern, {}, regex, lowered(regex))
    verdict = known[1].get(text)
    if verdict is None:
        cased = known[3]
        found = (
            _class_match(known[2], text) if cased is None or not text.isascii() else _class_match(cased, text.lower())
        )
        verdict = known[1][text] = found
    return verdict


@functools.cache
def lowered(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A case-insensitive pattern made case-sensitive, to search a text lower-cased with (an ASCII
    class string or style declaration; any text without an UNFOLDABLE character): the same places
    match, and the engine tries a union's alternatives by their first letters, which ignoring case
    it cannot (a new class string's verdict in two thirds of the time). None for a pattern that
    does not ignore case, whose source is not lower-case letters, caseless characters and classes,
    names a character or a group by an escape ("\\x41", "\\1") or sets a flag inline, or holds a
    character range with a letter lower-casing changes (ignoring case, [0-a] matches "b": "B" lies
    in it; lower-cased, "b" does not)."""
    source = pattern.pattern
    if not pattern.flags & re.IGNORECASE or source != source.lower() or _NAMING_ESCAPE.search(source):
        return None
    if not all(c.isascii() or c.lower() == c.upper() == c for c in source):
        return None
    for low, high in _ranges(_parser.parse(source, pattern.flags)):
        if any(chr(code).lower() != chr(code) for code in range(low, high + 1)):
            return None
    return re.compile(source, pattern.flags & ~re.IGNORECASE)


#: The characters whose lower case is not one character (İ) or not the letter they match ignoring
#: case (ı matches i, ſ matches s): a text that holds one is not searched lower-cased (`lowered`).
UNFOLDABLE = ("\u0130", "\u0131", "\u017f")


def _ranges(parsed: Any) -> Iterator[tuple[int, int]]:
    """The character ranges of a parsed pattern ([a-z]'s), at any depth."""
    if isinstance(parsed, _parser.SubPattern):
        parsed = parsed.data
    if isinstance(parsed, tuple) and len(parsed) == 2 and parsed[0] is _constants.RANGE:
        yield parsed[1]
    elif isinstance(parsed, list | tuple):
        for part in parsed:
            yield from _ranges(part)


_NAMING_ESCAPE = re.compile(r"\\[^sbwd\W]|\(\?[aiLmsux-]")


#: The verdicts by pattern (by its id: hashing a compiled pattern hashes its whole code, 1.2 µs for
#: the noise classes' union, on each of 140k calls over the AEB pages; the entry holds the pattern,
#: so its id is never reused, and its token regex, so a class string not seen before does not hash
#: it either: about 125 a page) and class string: pages repeat the same class strings (cards, list
#: items) hundreds of times. A pattern's table starts over past _KNOWN_MAX strings.
_KNOWN: dict[int, tuple[re.Pattern[str], dict[str, bool], re.Pattern[str], re.Pattern[str] | None]] = {}
_KNOWN_MAX = 65536


def _class_match(token_regex: re.Pattern[str], text: str) -> bool:
    for match in token_regex.finditer(text):
        start, end = match.span()
        whole = (start == 0 or text[start - 1].isspace()) and (end == len(text) or text[end].isspace())
        if whole or not _SEPARATOR.search(match.group()):
            return True
    return False


_SEPARATOR = re.compile(r"[_-]")


def ancestors(element: HtmlElement) -> Iterator[HtmlElement]:
    parent = element.getparent()
    while parent is not None:
        yield parent
        parent = parent.getparent()


def in_chrome(element: HtmlElement) -> bool:
    """Inside a <nav>, <header> or <footer> (menus, mastheads, footers)."""
    return any(a.tag in CHROME_TAGS for a in ancestors(element))


#: Set apart as a heading is: bold, or a heading's size (large, ≥ 18px, ≥ 14pt, ≥ 1.3em).
EMPHASIS_STYLE = re.compile(
    r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)\b|font-size\s*:\s*(?:x{0,2}-?large|larger\b"
    r"|(?:1[89]|[2-9]\d)(?:\.\d+)?px|(?:1[4-9]|[2-9]\d)(?:\.\d+)?pt|(?:1\.[3-9]|[2-9])\d*r?em)",
    re.IGNORECASE,
)


# --- headings marked by a class alone (see blocks._is_bold) ---------------------------------------

#: Class tokens (or -/_ parts of one, see matches_class) that name a heading: the site's style
#: sheet, outside the page, sets such elements apart, so a reader sees a heading though the page
#: says nothing of bold or size ("section-title", "subheading", Bootstrap's "h2"). Not a
#: "subtitle": the headline's deck, a dateline or a testimonial's name, never a section's heading.
HEADING_CLASS = re.compile(r"(?:sub-?)?heading|section-?(?:title|head)|title-?[2-6]|h[2-6]|second-?tit")
#: A bare "title" ("tit" on Chinese sites), as a whole token: a section's heading as often as a
#: card's title in a teaser list, so read as a heading only where the page uses the class for
#: headings, nothing saying card (blocks._titles_content). A part of a token names what it titles
#: ("video-title", "post-title", "info-title"): never a section.
TITLE_CLASS = re.compile(r"(?<![\w-])(?:title|tit)(?![\w-])")
#: Class tokens (or parts) of a card, a teaser list's entry or a shop's product: a "title" in it
#: is the card's name, not a section's heading.
CARD_CLASS = re.compile(r"cards?|items?|products?|goods", re.IGNORECASE)
#: Class tokens (or parts) of an infobox, the page's subject's fields (`<dl class="basicInfo-block">`):
#: a definition list in it is fields, never a glossary of named things.
INFOBOX_CLASS = re.compile(r"info(?:-?box)?|basic(?:-?info)?", re.IGNORECASE)
