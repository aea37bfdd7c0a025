"""Page-level facts: the visible headline, the canonical url, the lead and a title from text (the
language is in language.py)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from pagesift.extract.dom import HEADINGS, in_chrome, text_of
from pagesift.extract.noise import INSIDE_MARKED, MARK
from pagesift.extract.rules import compiled
from pagesift.extract.sections import PROSE_WORDS
from pagesift.extract.urls import http_url
from pagesift.text import clean

_TITLE_SEPARATORS = re.compile(r"\s*(?:[|_–—]|\s-\s|::)\s*")
_SITE_CLASS = re.compile(r"logo|brand|site-?(?:name|title)|masthead", re.I)


def canonical_url(tree: HtmlElement) -> str | None:
    """<link rel=canonical>, else og:url; only absolute http(s) urls count."""
    candidates = [link.get("href") for link in tree.iter("link") if "canonical" in (link.get("rel") or "").lower()]
    candidates += [m.get("content") for m in tree.iter("meta") if (m.get("property") or m.get("name")) == "og:url"]
    for candidate in candidates:
        url = http_url(candidate or "")
        if url:
            return url
    return None


def _meta(tree: HtmlElement, name: str) -> str:
    for m in tree.iter("meta"):
        if (m.get("property") or m.get("name") or m.get("http-equiv") or "").lower() == name:
            return (m.get("content") or "").strip()
    return ""


def _in_site_chrome(element: HtmlElement) -> bool:
    """Inside a <nav> or <footer>, or a <header> that is the site's (not the article's own)."""
    for ancestor in element.iterancestors():
        if ancestor.tag in ("nav", "footer"):
            return True
        if ancestor.tag == "header":
            own = re.search(r"entry|article|post|title|story|content", ancestor.get("class") or "", re.I)
            inside = any(a.tag in ("article", "main") for a in ancestor.iterancestors())
            return not (own or inside)
    return False


def _links_home(h1: HtmlElement) -> bool:
    for a in h1.iter("a"):
        try:
            href = urlsplit(a.get("href") or "")
        except ValueError:
            continue
        if not href.query and href.path in ("", "/", "./", "/index.html", "index.html", "/index.htm"):
            return True
    return False


def _site_like(h1: HtmlElement, site_names: set[str]) -> bool:
    """An <h1> that holds the site or channel name rather than the headline."""
    text = text_of(h1).casefold()
    if not text or text in site_names or _in_site_chrome(h1):
        return True
    context = [h1, *list(h1.iterancestors())[:2]]
    if any(_SITE_CLASS.search(f"{e.get('class') or ''} {e.get('id') or ''}") for e in context):
        return True
    return _links_home(h1)


def headline(tree: HtmlElement) -> str:
    """The visible headline: the first <h1> that is not the site name, else the heading that
    plays its part (the h2 that opens <title>), else <title> without its site suffix. When that
    is a channel's name ("Alzheimer's Disease Health Center", "Ask The Doctor"), the heading or
    bold line that heads the article body below it."""
    title_el = tree.find(".//title")
    page_title = text_of(title_el) if title_el is not None else ""
    parts = [p for p in _TITLE_SEPARATORS.split(page_title) if p]
    og_title = _meta(tree, "og:title")
    site_names = {p.casefold() for p in parts[1:]} | {_meta(tree, "og:site_name").casefold()}
    site_names.discard("")
    found: tuple[str, HtmlElement | None] | None = None
    for h1 in tree.iter("h1"):
        if not _site_like(h1, site_names):
            found = (text_of(h1), h1)
            break
    if found is None:
        found = (_heading_of_title(tree, og_title, parts) or og_title or page_title, None)
    text, element = found
    if compiled().channel_name.search(text):
        return _body_heading(tree, element) or text
    return text


def _heading_of_title(tree: HtmlElement, og_title: str, parts: list[str]) -> str:
    """The h2 that opens <title> (or og:title), else that opening itself."""
    first = (og_title and _TITLE_SEPARATORS.split(og_title)[0]) or (parts[0] if parts else "")
    for h2 in tree.iter("h2"):
        text = text_of(h2)
        if text and first and len(text) * 2 >= len(first) and (
            text.casefold() in first.casefold() or first.casefold() in text.casefold()
        ):
            return text
    return first


_BODY_HEADINGS = ("h2", "h3", "h4", "p", "div", "td")


def _body_heading(tree: HtmlElement, after: HtmlElement | None) -> str:
    """The first heading, or paragraph that is all bold, after `after` (or from the top), before
    any prose: the headline of an article whose <h1> or <title> is its channel's name."""
    body = tree.find("body")
    passed = after is None
    for element in (body if body is not None else tree).iter(*_BODY_HEADINGS, "h1"):
        if not passed:
            passed = element is after
            continue
        if in_chrome(element) or element.find(".//a[@href]") is not None:
            continue
        if element.tag in HEADINGS:
            text = text_of(element)
            rules = compiled()
            if text and not rules.channel_name.search(text) and not rules.generic_heading.search(text):
                return text
            continue
        own = clean(element.text or "")
        if len(own.split()) >= PROSE_WORDS:
            return ""
        bold = element[0] if len(element) and not own else None
        if bold is not None and bold.tag in ("b", "strong") and not clean(bold.tail or ""):
            text = text_of(bold)
            if 0 < len(text.split()) <= 15:
                return text
    return ""


def lead_text(tree: HtmlElement) -> str:
    """The intro a page sets apart ("核心提示：…", a dek with class="summary"), its label removed;
    "" when there is none. Never a teaser inside a further-reading card (marked as noise)."""
    rules = compiled()
    for element in tree.iter("div", "p", "section"):
        classed = any(rules.summary_class.fullmatch(t) for t in _classes(element))
        if not classed and not _opens_with_label(element):
            continue  # the common case: decided without building the element's text
        if _in_site_chrome(element) or element.get(MARK) or INSIDE_MARKED(element):
            continue  # (the article's own <header> holds its dek)
        text = text_of(element)
        if not 20 <= len(text) <= 1500:
            continue
        labelled = rules.summary_label.match(text)
        if labelled and not any(d.tag in _BLOCKS for d in element.iterdescendants()):
            return text[labelled.end():].strip()
        if not labelled and classed and len(text) <= 600:
            return text
    return ""


def _opens_with_label(element: HtmlElement) -> bool:
    """Does the element's own text, or its first child's, open with a label such as "核心提示："?"""
    first = element[0] if len(element) and isinstance(element[0].tag, str) else None
    start = (element.text or "").strip() or (first.text or "" if first is not None else "")
    return bool(start) and bool(compiled().summary_label.match(start))


_BLOCKS = frozenset({"p", "div", "section", "ul", "ol", "table", "h1", "h2", "h3", "h4"})



def _classes(element: HtmlElement) -> list[str]:
    return f"{element.get('class') or ''} {element.get('id') or ''}".lower().split()


MAX_TITLE_CHARS = 150  # longer first lines are prose, not a title


def title_from_text(text: str) -> str | None:
    """The title of a page that names none (an article's content block with no <title> or
    heading, a text dump): its first line, when it is short enough to be one; else None."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first if first and len(first) <= MAX_TITLE_CHARS else None
