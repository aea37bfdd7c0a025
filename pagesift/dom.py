"""Small read-only helpers over the parsed tree, shared by the noise, title and link finders."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.html import HtmlElement

from .blocks import clean

_TOKEN_SPLIT = re.compile(r"[\s_-]+")
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object", "select", "option"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: Page regions that are never the article nor its further reading.
CHROME_TAGS = frozenset({"nav", "header", "footer"})


def text_of(element: HtmlElement) -> str:
    """Visible text of an element, pieces joined by a space (scripts and styles left out)."""
    parts: list[str] = []
    for node in element.iter():
        if not isinstance(node.tag, str) or node.tag in SKIP_TAGS:
            if node is not element and node.tail and node.tail.strip():
                parts.append(node.tail.strip())
            continue
        if node.text and node.text.strip():
            parts.append(node.text.strip())
        if node is not element and node.tail and node.tail.strip():
            parts.append(node.tail.strip())
    return clean(" ".join(parts))


def class_tokens(element: HtmlElement) -> list[str]:
    """The element's class and id, as whole tokens and as their -/_ separated parts."""
    raw = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    whole = raw.split()
    parts = [p for token in whole for p in _TOKEN_SPLIT.split(token) if p and p != token]
    return whole + parts


def matches_class(element: HtmlElement, pattern: re.Pattern[str]) -> bool:
    return any(pattern.fullmatch(token) for token in class_tokens(element))


def ancestors(element: HtmlElement) -> Iterator[HtmlElement]:
    parent = element.getparent()
    while parent is not None:
        yield parent
        parent = parent.getparent()


def in_chrome(element: HtmlElement) -> bool:
    """Inside a <nav>, <header> or <footer> (menus, mastheads, footers)."""
    return any(a.tag in CHROME_TAGS for a in ancestors(element))
