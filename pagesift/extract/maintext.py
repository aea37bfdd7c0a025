"""The main content of an HTML page: trafilatura finds it, the page's own tree gives its shape.

One trafilatura call on the already-parsed tree (it works on its own copy, with the marked noise
pruned) gives the clean text, equal to ``trafilatura.extract(..., include_comments=False)`` in
fast mode. Its XML body can drop headings and lists that carry the outline, so the blocks are
read from the element of our tree that holds most of trafilatura's paragraphs instead.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

import trafilatura
from lxml.etree import _Element
from lxml.html import HtmlElement
from trafilatura.settings import Document, Extractor
from trafilatura.xml import xmltotxt

from pagesift.extract.blocks import Block, from_trafilatura, from_tree
from pagesift.extract.dom import short_pieces
from pagesift.extract.noise import MARK, PRUNE_XPATH
from pagesift.extract.page import prose_words, word_count
from pagesift.text import CJK_SCRIPT, KEY_LENGTH, fold


@dataclass(frozen=True, slots=True)
class MainContent:
    text: str
    blocks: list[Block]


#: output_format "txt", not "python": only the body is read (its text by xmltotxt without formatting),
#: and "python" would also render the body as formatted text, unread (about 0.7 ms a page). The
#: format changes nothing else of bare_extraction's work.
_OPTIONS = Extractor(output_format="txt", comments=False, formatting=True, dedup=False, tables=True, fast=True)
#: trafilatura's own choice, as bare `trafilatura.extract(html, include_comments=False)` makes it.
_OWN = Extractor(output_format="txt", comments=False, formatting=True, dedup=False, tables=True, fast=False)
_LEAVES = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "dd", "blockquote", "div", "pre")
_SHARE = 0.8  # the container holds at least this share of the matched paragraphs
#: The pruned text is suspect when its words are under 30% of the page's prose (the body was
#: pruned and a sidebar taken instead) or over 120% of it (link lists taken for the body).
_SUSPECT = (0.3, 1.2)
_SAME_CHOICE = 0.5  # share of the pruned text's shingles found in trafilatura's own text
_TOKEN = re.compile(rf"{CJK_SCRIPT.pattern}|\w+")


def _extract(tree: HtmlElement, **options: object) -> Document | None:
    """trafilatura's extraction as a Document (it returns a dict only when asked to)."""
    document = trafilatura.bare_extraction(tree, **options)  # type: ignore[arg-type]
    return document if isinstance(document, Document) else None


def main_content(tree: HtmlElement, prose: int | None = None) -> MainContent | None:
    """trafilatura's main content of a tree whose noise is marked; None if it finds none.

    Never worse than bare trafilatura: where the pruned extraction is suspect (empty, or far
    shorter or longer than the page's prose), trafilatura's own choice on the unpruned tree is
    made too, and taken when the pruned text is not mostly part of it (pruning made trafilatura
    pick another block). On AEB this changes 1 page in 181 and costs a second extraction on 6.
    """
    document = _extract(tree, options=_OPTIONS, prune_xpath=PRUNE_XPATH)
    text = xmltotxt(document.body, False) if document is not None and document.body is not None else ""
    if _suspect(tree, text, prose):
        own = _extract(tree, options=_OWN)
        own_text = xmltotxt(own.body, False) if own is not None and own.body is not None else ""
        if own_text.strip() and (not text.strip() or _contained(text, own_text) < _SAME_CHOICE):
            document, text = own, own_text
    if document is None or document.body is None or not text.strip():
        return None
    container = _container(tree, document.body)
    blocks = from_tree(container, MARK) if container is not None else from_trafilatura(document.body)
    return MainContent(text=text, blocks=blocks)


def _suspect(tree: HtmlElement, text: str, prose: int | None) -> bool:
    """Is the pruned text empty, or far shorter or longer than the page's prose (counted by
    load_page, else here)?"""
    if not text.strip():
        return True
    prose = prose_words(tree) if prose is None else prose
    ratio = word_count(text) / prose if prose else 1.0
    return not _SUSPECT[0] <= ratio <= _SUSPECT[1]


def _contained(part: str, whole: str) -> float:
    """The share of `part`'s 4-token shingles (a CJK character is a token) found in `whole`."""

    def shingles(text: str) -> set[tuple[str, ...]]:
        tokens = _TOKEN.findall(text.casefold())
        return {tuple(tokens[i : i + 4]) for i in range(max(1, len(tokens) - 3))}

    mine = shingles(part)
    return len(mine & shingles(whole)) / len(mine) if mine else 1.0


def _key_of(element: _Element) -> str:
    """key(text_of(element)), read only as far as the key goes: a key keeps the text's word
    characters, case-folded one by one, so the first pieces of a long wrapper's text decide it,
    and the first characters of a long paragraph's. Short pieces are joined before they are
    folded: one regex call where there were three on average. The text of an element with at most
    one childless child (a list item's link and tail: half the keys) is read without
    itertext, whose set-up alone took half the keys' time (_container 1.19 -> 1.05 ms a page on AEB)."""
    if not len(element):
        text: str | None = element.text or ""  # a comment's too (trafilatura's body may hold one)
    else:
        pieces = short_pieces(element)
        text = None if pieces is None else "".join(pieces)
    if text is not None:
        return _key_of_text(text)
    folded = raw = ""
    for piece in element.itertext():
        raw += piece
        if len(raw) >= _FOLD_AHEAD:
            folded += _fold_start(raw, KEY_LENGTH - len(folded))
            raw = ""
            if len(folded) >= KEY_LENGTH:
                return folded[:KEY_LENGTH]
    return (folded + fold(raw))[:KEY_LENGTH] if raw else folded[:KEY_LENGTH]


_FOLD_AHEAD = 2 * KEY_LENGTH  # characters of a text folded first: prose fills a key from them


def _key_of_text(text: str) -> str:
    """key(text): the fold of its start, as far as the key goes."""
    return (_fold_start(text, KEY_LENGTH) if len(text) >= _FOLD_AHEAD else fold(text))[:KEY_LENGTH]


def _fold_start(text: str, needed: int) -> str:
    """fold(text), or a start of it at least `needed` characters long. Folding keeps or drops each
    character by itself, so the fold of a text's start is the start of its fold; folding whole
    paragraphs for their first 60 characters took two thirds of _container's time."""
    start = fold(text[:_FOLD_AHEAD])
    return start if len(start) >= needed or len(text) <= _FOLD_AHEAD else start + fold(text[_FOLD_AHEAD:])


def _may_be(element: _Element, starts: list[str]) -> bool:
    """Whether _key_of(element) may be one of `starts` (sorted), asked of an element whose key
    itertext reads (not one short_pieces reads): the fold of the first piece of its text that folds
    to something starts its key, so a start no key in `starts` has rules it out before itertext's
    set-up and the rest of the text are read (most such elements are menu items with a submenu or
    an icon, none of the article's paragraphs)."""
    if not len(element) or (len(element) == 1 and not len(element[0])):
        return True
    first = _first_piece(element)
    if first is None:
        return True
    if not first:
        return starts[:1] == [""]
    at = bisect_left(starts, first)
    return at < len(starts) and starts[at].startswith(first)


def _first_piece(element: _Element) -> str | None:
    """The key of the first piece of element.itertext() whose key is not empty; "" when no piece
    has one; None when none of the first _FIRST_NODES nodes' pieces has one (the rest unread: a
    walk in Python, one node at a time). itertext's order: a node's text (not a comment's or a
    processing instruction's), its children's, then its tail (not the element's own)."""
    node = element
    for _ in range(_FIRST_NODES):
        if isinstance(node.tag, str):
            if node.text and (first := _key_of_text(node.text)):
                return first
            if len(node):
                node = node[0]
                continue
        while node is not element:
            if node.tail and (first := _key_of_text(node.tail)):
                return first
            after = node.getnext()
            if after is not None:
                node = after
                break
            node = node.getparent()
        else:
            return ""
    return None


_FIRST_NODES = 8  # a menu item: <li><a><svg><path/></svg> Label</a><ul>…</ul></li>


def _container(tree: HtmlElement, body: _Element) -> HtmlElement | None:
    """The deepest element of `tree` that holds most paragraphs trafilatura kept."""
    blocks = ("p", "head", "item", "quote")  # a layout table's paragraphs too, each keyed once
    paragraphs = [*body.iter(*blocks), *(element for element in body if element.tag not in blocks)]
    if len(paragraphs) == 1 and not len(paragraphs[0]) and "\n" in (paragraphs[0].text or ""):
        # trafilatura's baseline (a short page: under its minimum size) joins the page's lines into
        # one paragraph: each line is one of the page's own elements
        keys = [_key_of_text(line) for line in (paragraphs[0].text or "").splitlines()]
    else:
        keys = [_key_of(element) for element in paragraphs]
    wanted = {k for k in keys if len(k) >= 8}
    if not wanted:
        return None
    starts = sorted(wanted)
    counts: Counter[HtmlElement] = Counter()
    matched = 0
    for element in tree.iter(*_LEAVES):
        if element.tag == "div" and not (element.text or "").strip():
            continue  # a wrapper: its paragraphs are matched themselves
        if element.get(MARK) is not None or not _may_be(element, starts) or _key_of(element) not in wanted:
            continue
        matched += 1
        for ancestor in element.iterancestors():
            counts[ancestor] += 1
    best = [(len(list(a.iterancestors())), a) for a, n in counts.items() if n >= matched * _SHARE]
    return max(best, key=lambda pair: pair[0])[1] if best else None
