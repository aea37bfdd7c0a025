"""Mark navigation noise in the tree so trafilatura never sees it.

Nothing is removed from the shared tree: elements get a ``data-pagesift-noise`` attribute and
trafilatura (which works on its own copy) prunes them with ``PRUNE_XPATH``.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from .dom import SKIP_TAGS, matches_class, text_of
from .rules import compiled

MARK = "data-pagesift-noise"
PRUNE_XPATH = f"//*[@{MARK}]"
_NEVER = frozenset({"html", "body", "main", "article"})


def mark_noise(tree: HtmlElement, link_blocks: list[HtmlElement]) -> int:
    """Mark link blocks and chrome (share bars, consent, comments, ads, ...); return how many.

    An element that holds the headline or most of the page's text is never marked, so a
    noisy-sounding class on the article's own wrapper cannot empty the page.
    """
    rules = compiled()
    body = tree.find("body")
    page_len = len(text_of(body)) if body is not None else 0
    marked = 0
    for block in link_blocks:
        block.set(MARK, "links")
        marked += 1
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in SKIP_TAGS or element.tag in _NEVER:
            continue
        if element.get(MARK) or not matches_class(element, rules.noise_class):
            continue
        if next(element.iter("h1"), None) is not None:
            continue
        if page_len and len(text_of(element)) * 3 > page_len:
            continue
        element.set(MARK, "chrome")
        marked += 1
    return marked
