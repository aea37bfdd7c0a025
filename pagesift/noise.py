"""Mark navigation noise in the tree so trafilatura never sees it.

Nothing is removed from the shared tree: elements get a ``data-pagesift-noise`` attribute and
trafilatura (which works on its own copy) prunes them with ``PRUNE_XPATH``.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from .dom import CLASSED, SKIP_TAGS, STRING, matches_class
from .rules import compiled

MARK = "data-pagesift-noise"
PRUNE_XPATH = f"//*[@{MARK}]"
_NEVER = frozenset({"html", "body", "main", "article"})
_WHITESPACE = re.compile(r"\s+")
_HOLDS_H1 = etree.XPath("boolean(.//h1)")
_INSIDE_MARKED = etree.XPath(f"boolean(ancestor::*[@{MARK}])")


def _text_length(element: HtmlElement) -> int:
    return len(_WHITESPACE.sub(" ", STRING(element)).strip())


def mark_noise(tree: HtmlElement, link_blocks: list[HtmlElement]) -> int:
    """Mark link blocks and chrome (share bars, consent, comments, ads, ...); return how many.

    An element that holds the headline or most of the page's text is never marked, so a
    noisy-sounding class on the article's own wrapper cannot empty the page.
    """
    rules = compiled()
    body = tree.find("body")
    page_len = _text_length(body) if body is not None else 0
    marked = 0
    for block in link_blocks:
        block.set(MARK, "links")
        marked += 1
    for element in CLASSED(tree):
        if element.tag in SKIP_TAGS or element.tag in _NEVER or element.get(MARK):
            continue
        if not matches_class(element, rules.noise_class) or _INSIDE_MARKED(element):
            continue
        if _HOLDS_H1(element) or page_len and _text_length(element) * 3 > page_len:
            continue
        element.set(MARK, "chrome")
        marked += 1
    return marked
