"""The main content of an HTML page: trafilatura finds it, the page's own tree gives its shape.

One trafilatura call on the already-parsed tree (it works on its own copy, with the marked noise
pruned) gives the clean text, equal to ``trafilatura.extract(..., include_comments=False)`` in
fast mode. Its XML body can drop headings and lists that carry the outline, so the blocks are
read from the element of our tree that holds most of trafilatura's paragraphs instead.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import trafilatura
from lxml.etree import _Element
from lxml.html import HtmlElement
from trafilatura.settings import Extractor
from trafilatura.xml import xmltotxt

from .blocks import Block, from_trafilatura, from_tree, key
from .dom import text_of
from .noise import MARK, PRUNE_XPATH


@dataclass(frozen=True, slots=True)
class MainContent:
    text: str
    blocks: list[Block]


_OPTIONS = Extractor(output_format="python", comments=False, formatting=True, dedup=False, tables=True, fast=True)
_LEAVES = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "dd", "blockquote", "div", "pre")
_SHARE = 0.8  # the container holds at least this share of the matched paragraphs


def main_content(tree: HtmlElement) -> MainContent | None:
    """trafilatura's main content of a tree whose noise is marked; None if it finds none."""
    document = trafilatura.bare_extraction(tree, options=_OPTIONS, prune_xpath=PRUNE_XPATH)
    if document is None or document.body is None:
        return None
    text = xmltotxt(document.body, False)
    container = _container(tree, document.body)
    blocks = from_tree(container, MARK) if container is not None else from_trafilatura(document.body)
    return MainContent(text=text, blocks=blocks)


def _container(tree: HtmlElement, body: _Element) -> HtmlElement | None:
    """The deepest element of `tree` that holds most paragraphs trafilatura kept."""
    wanted = {k for element in body for k in [key("".join(element.itertext()))] if len(k) >= 8}
    if not wanted:
        return None
    counts: Counter[HtmlElement] = Counter()
    matched = 0
    for element in tree.iter(*_LEAVES):
        if element.tag == "div" and not (element.text or "").strip():
            continue  # a wrapper: its paragraphs are matched themselves
        if element.get(MARK) is not None or key(text_of(element)) not in wanted:
            continue
        matched += 1
        for ancestor in element.iterancestors():
            counts[ancestor] += 1
    best = [(len(list(a.iterancestors())), a) for a, n in counts.items() if n >= matched * _SHARE]
    return max(best, key=lambda pair: pair[0])[1] if best else None
