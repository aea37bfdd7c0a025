"""Page-level facts: the visible headline, the canonical url, the lead and a title from text (the
language is in language.py)."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from pagesift.extract.dom import HEADINGS, class_id, in_chrome, text_of
from pagesift.extract.noise import INSIDE_MARKED, MARK
from pagesift.extract.page import word_count
from pagesift.extract.rules import compiled
from pagesift.extract.sections import PROSE_WORDS
from pagesift.extract.urls import http_url
from pagesift.text import TOKEN, clean

#: Between a <title>'s parts: a bar (also the CJK and full-width ones), an underscore, a dash with
#: spaces round it or, in Chinese, none ("秋季腹泻怎么办-育儿频道-健康网").
_TITLE_SEPARATORS = re.compile(r"\s*(?:[|｜丨_–—－]|\s-\s|(?<=[\u3400-\u9fff])-|-(?=[\u3400-\u9fff])|::)\s*")
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
            return _site_header(ancestor)
    return False


def _site_header(header: HtmlElement) -> bool:
    """A <header> that is the site's, not the article's own (classed as one, or inside it)."""
    own = re.search(r"entry|article|post|title|story|content", header.get("class") or "", re.I)
    return not (own or any(a.tag in ("article", "main") for a in header.iterancestors()))


def _hidden(element: HtmlElement) -> bool:
    """Hidden from the reader: the hidden attribute, or a hiding class token ("sr-only")."""
    if element.get("hidden") is not None:
        return True
    tokens = (element.get("class") or "").lower().split()
    rules = compiled()
    return any(rules.hidden_class.fullmatch(t) for t in tokens) and not any(
        rules.shown_class.fullmatch(t) for t in tokens
    )


def _links_home(h1: HtmlElement) -> bool:
    """Holds, or sits inside, a link to the home page: the logo."""
    for a in (*h1.iter("a"), *h1.iterancestors("a")):
        try:
            href = urlsplit(a.get("href") or "")
        except ValueError:
            continue
        if not href.query and href.path in ("", "/", "./", "/index.html", "index.html", "/index.htm"):
            return True
    return False


def _site_like(h1: HtmlElement, site_names: set[str], said: list[str]) -> bool:
    """An <h1> that holds the site or channel name rather than the headline: empty (an image), or
    one the titles name as the site; unless the titles say what it says, one in the site's
    header, menu or footer, or shaped like a site's name ("Example.com", "…健康网"); one in a logo-
    or brand-classed box, hidden from the reader, or holding or inside a link home."""
    text = text_of(h1).casefold()
    if not text or text in site_names:
        return True
    if (_in_site_chrome(h1) or compiled().site_name.search(text)) and not any(_agrees(text, c) for c in said):
        return True
    context = [h1, *list(h1.iterancestors())[:2]]
    if any(_SITE_CLASS.search(class_id(e.get("class"), e.get("id"))) for e in context):
        return True
    if any(_hidden(e) for e in context):
        return True  # the site's name for screen readers ("sr-only"), a collapsed duplicate
    return _links_home(h1)


def headline(tree: HtmlElement) -> str:
    """The visible headline: the <h1> that is not the site's name (of several, the one the most
    titles claim); else the line on the page that shows what og:title, twitter:title or <title>
    claim, in its visible wording; else the heading right above the first prose, when nothing
    shows the claim; else the claim itself. When the result is a channel's name ("Alzheimer's
    Disease Health Center", "Ask The Doctor"), the heading or bold line that heads the article
    body below it. Every step weighs evidence that agrees, so no site's markup is needed."""
    title_el = tree.find(".//title")
    page_title = text_of(title_el) if title_el is not None else ""
    own_name = {_meta(tree, name).casefold() for name in ("og:site_name", "application-name")} - {""}
    titles = [_meta(tree, "og:title"), _meta(tree, "twitter:title"), page_title]
    claims, site_names = _claims(titles, own_name, {text_of(h1).casefold() for h1 in tree.iter("h1")})
    said = [*claims, *filter(None, titles)]
    h1s = [h1 for h1 in tree.iter("h1") if not _site_like(h1, site_names, said)]
    element: HtmlElement | None = None
    if h1s:  # the one that says what the most titles claim, else the first
        element = max(h1s, key=lambda h: max((n for c, n in claims.items() if _agrees(text_of(h), c)), default=0))
        text = text_of(element)
    else:
        text = _shown(tree, list(claims)) or _opening_heading(tree) or next(iter(claims), page_title)
    if compiled().channel_name.search(text):
        return _body_heading(tree, element) or text
    return text


def _claims(titles: list[str], own_name: set[str], h1_texts: set[str]) -> tuple[dict[str, int], set[str]]:
    """What og:title, twitter:title and <title> claim as the article's name, each with how many of
    them hold it, and the names of the site and its channels (og:site_name and their other parts).
    Each claims its first part that does not name the site (not the og:site_name, no domain name:
    "Example.com: Health Pages - Headline"), else its first; but its longest part when an <h1>
    says it ("Opinion | Headline - Site"). A part one of them claims is no site name for the
    others; a claim that is one, is dropped."""
    names = compiled().site_name
    split = [[p for p in _TITLE_SEPARATORS.split(title) if p] for title in titles]
    held = Counter(p.casefold() for parts in split for p in set(parts))
    claims: dict[str, int] = {}
    others: set[str] = set()
    claimed: set[str] = set()
    for parts in filter(None, split):
        named = [p for p in parts if p.casefold() not in own_name and not names.search(p)]
        longest = max(named, key=lambda p: len(TOKEN.findall(p)), default="")
        claim = longest if longest.casefold() in h1_texts else (named or parts)[0]
        claims.setdefault(claim, held[claim.casefold()])
        others |= {p.casefold() for p in parts if p is not claim}
        if len(parts) > 1:
            claimed.add(claim.casefold())
    site_names = own_name | (others - claimed)
    return {c: n for c, n in claims.items() if c.casefold() not in site_names}, site_names


def _agreement(shown: str, claim: str) -> tuple[bool, float]:
    """How far a line on the page says what the title claims: whether it has the same words, and
    the share of the shorter's words in the longer when they are alike in length (a headline and
    its <title> form are often worded apart: "Scientists Spot More Genes Related to X" / "X Has
    More Related Genes"), 0.0 when one is less than half the other."""
    a, b = TOKEN.findall(shown.casefold()), TOKEN.findall(claim.casefold())
    if not a or not b or 2 * min(len(a), len(b)) < max(len(a), len(b)):
        return False, 0.0
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    rest = list(longer)
    common = 0
    for token in shorter:
        if token in rest:
            rest.remove(token)
            common += 1
    return common == len(a) == len(b), common / len(shorter)


def _agrees(shown: str, claim: str) -> bool:
    return _agreement(shown, claim)[1] >= MIN_AGREEMENT


#: Elements a headline is shown in when it has no <h1>: lower headings, bold or large type, and
#: any element whose class or id says it holds a title ("contentheading", "art-title", "biaoti").
_SHOWN_IN = frozenset({"h2", "h3", "h4", "h5", "h6", "b", "strong", "font", "em"})
_TITLE_CLASS = re.compile(r"title|headline|heading|biaoti", re.I)
MIN_AGREEMENT = 0.75


def _title_classed(element: HtmlElement) -> bool:
    cls, ident = element.get("class"), element.get("id")
    return bool((cls or ident) and _TITLE_CLASS.search(class_id(cls, ident)))


def _shown(tree: HtmlElement, claims: list[str]) -> str:
    """The text of the heading or bold line that best agrees with a claim of the title (the same
    words first, then the larger share; the first among equals), outside the site's menus and
    footer: the headline as the reader sees it."""
    best, best_score = "", (False, 0.0)
    if not claims:
        return best
    for element in tree.iter(etree.Element):
        if element.tag not in _SHOWN_IN and not _title_classed(element):
            continue
        text = text_of(element)
        if not text or len(text) > MAX_TITLE_CHARS:
            continue
        score = max(_agreement(text, claim) for claim in claims)
        if score[1] >= MIN_AGREEMENT and score > best_score and not _in_site_chrome(element):
            best, best_score = text, score
            if score[0]:
                break
    return best


_LINE_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_BOLD = frozenset({"b", "strong"})
_LARGE_FONT = re.compile(r"^\s*(?:\+[1-6]|[4-7])\s*$")
MAX_HEADLINE_WORDS = 15
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)|font-size\s*:\s*(?:1[8-9]|[2-9]\d)px", re.I)


def _opening_heading(tree: HtmlElement) -> str:
    """The first of the headings (or bold, large or title-classed lines) that stand right above the
    page's first paragraph of prose: the article's headline when its <title> names only a section
    and nothing shows it. Link text in between (a menu, an ad) starts the run anew, so a sidebar's
    label above its links is not taken; a page whose prose comes first has none. One walk over the
    body in page order, stopping at that paragraph."""
    body = tree.find("body")
    run: list[str] = []
    stack: list[HtmlElement | str] = [body if body is not None else tree]
    while stack:
        item = stack.pop()
        if isinstance(item, str):  # the tail text after an element
            if word_count(item) >= PROSE_WORDS:
                return run[0] if run else ""
            continue
        if item.tag in ("nav", "footer") or (item.tag == "header" and _site_header(item)):
            continue
        if item.tag == "a":
            if text_of(item):
                run = []
            continue
        if _heads_a_line(item):
            text = text_of(item)
            if item.find(".//a[@href]") is not None:
                run = []
            elif text and not _frame_heading(text):
                run.append(text)
            continue
        if word_count(item.text) >= PROSE_WORDS:
            return run[0] if run else ""
        for child in reversed(item):
            stack.append(child.tail or "")
            if isinstance(child.tag, str):  # not a comment
                stack.append(child)
    return ""


def _heads_a_line(element: HtmlElement) -> bool:
    """A heading, or a bold or large run that is a line of its own (nothing on its line after it)."""
    if element.tag in _LINE_HEADINGS:
        return True
    styled = (
        element.tag in _BOLD
        or (element.tag == "font" and _LARGE_FONT.match(element.get("size") or ""))
        or _BOLD_STYLE.search(element.get("style") or "")
        or _title_classed(element)
    )
    if not styled:
        return False
    if clean(element.tail or ""):
        return False
    words = len(TOKEN.findall(text_of(element)))
    return 0 < words <= MAX_HEADLINE_WORDS


def _frame_heading(text: str) -> bool:
    """A line that never names an article: a channel's name, "Overview", a byline or dateline, a
    label ending in ":"."""
    rules = compiled()
    if text.endswith((":", "：")):
        return True
    return any(rule.search(text) for rule in (rules.channel_name, rules.generic_heading, rules.byline))


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
    label = rules.summary_label
    # A page repeats its class strings (cards, rows) and its elements' blank openings (the
    # source's indent): each is matched once a page, not at each of the ~100 elements read. At
    # most _REMEMBERED class strings are kept (a page of unique ones gains nothing by them).
    classed_by_name: dict[str, bool] = {}
    blank_opens: dict[str, bool] = {"": False}
    for element in tree.iter("div", "p", "section"):
        cls, ident = element.get("class"), element.get("id")
        classed = False
        if cls is not None or ident is not None:
            name = class_id(cls, ident)
            known = classed_by_name.get(name)
            if known is None:
                known = any(rules.summary_class.fullmatch(t) for t in name.lower().split())
                if len(classed_by_name) < _REMEMBERED:
                    classed_by_name[name] = known
            classed = known
        if not classed:
            start = _opening(element)
            opens = blank_opens.get(start)
            if opens is None:
                opens = bool(label.match(start))
                if start.isspace():
                    blank_opens[start] = opens
            if not opens:
                continue  # the common case: decided without building the element's text
        if _in_site_chrome(element) or element.get(MARK) or INSIDE_MARKED(element):
            continue  # (the article's own <header> holds its dek)
        text = text_of(element)
        if not 20 <= len(text) <= 1500:
            continue
        labelled = label.match(text)
        if labelled and not any(d.tag in _BLOCKS for d in element.iterdescendants()):
            return text[labelled.end() :].strip()
        if not labelled and classed and len(text) <= 600:
            return text
    return ""


_REMEMBERED = 4096


def _opening(element: HtmlElement) -> str:
    """Where a label such as "核心提示：" would stand: the element's own text, stripped, or when that
    is blank its first child's (not a comment's) as it is."""
    start = (element.text or "").strip()
    if not start and len(element):
        first = element[0]
        start = (first.text or "") if isinstance(first.tag, str) else ""
    return start


_BLOCKS = frozenset({"p", "div", "section", "ul", "ol", "table", "h1", "h2", "h3", "h4"})


MAX_TITLE_CHARS = 150  # longer first lines are prose, not a title


def title_from_text(text: str) -> str | None:
    """The title of a page that names none (an article's content block with no <title> or
    heading, a text dump): its first line, when it is short enough to be one; else None."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first if first and len(first) <= MAX_TITLE_CHARS else None
