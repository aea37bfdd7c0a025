"""Related links from the raw page: previous / next article and further-reading blocks.

Read from the page itself, not trafilatura's output (which drops links). The blocks found here
are also handed to the noise step, so their text never reaches the main text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from itertools import islice
from urllib.parse import urlsplit, urlunsplit

from lxml import etree
from lxml.html import HtmlElement

from pagesift.extract.dom import (
    CHROME_TAGS,
    HEADINGS,
    SKIP_TAGS,
    STRING,
    UNFOLDABLE,
    Classed,
    ancestors,
    class_id,
    in_chrome,
    lowered,
    matches_class,
    remember_classed,
    remembered,
    short_pieces,
    text_of,
)
from pagesift.extract.rules import compiled, markers, opening_class
from pagesift.extract.sections import classify
from pagesift.extract.urls import SAFE_SCHEMES, http_url, scheme_of
from pagesift.text import CJK, clean

_NOT_A_LINK = ("mailto:", "tel:", "sms:", "#")
_HUB_PATH = re.compile(
    r"/(?:tags?|topics?|category|categories|authors?|writers?|contributors?|profiles?|users?|people"
    r"|search|login|signup|cart|shop)(?:/|$|\?)"
    r"|[?&](?:tags?|keywords?|q|search)=|\?s=[^&]*$",  # a tag's or a search's list by its query ("?tags=爬虫")
    re.I,
)
_ELLIPSIS = re.compile(r"\s*(?:\.{2,}|…+|。。。)\s*$")
_DATE_PREFIX = re.compile(r"^\s*(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/]\d{1,2})\s*")
_RANK_PREFIX = re.compile(r"^\s*\d{1,2}\s+(?=[\u3400-\u9fff])")
#: A list's bullet written into a link's text ("·腰痛怎么办", "• Back pain at night").
_BULLET_PREFIX = re.compile(r"^\s*(?:[·•▪▫◦‣∙●○■□◆◇▶►▸]+|[-–—*]\s)\s*")
_MAX_TEASER = 400


@dataclass(frozen=True, slots=True)
class Link:
    relation: str  # "previous", "next" or "recommended"
    title: str
    teaser: str | None
    url: str | None


@dataclass(slots=True)
class RelatedLinks:
    links: list[Link] = field(default_factory=list)
    blocks: list[HtmlElement] = field(default_factory=list)  # elements to keep out of the main text
    unsafe_dropped: int = 0  # javascript:, data:, ... links left out
    cut_at: int | None = None  # text dumps: index of the first line that is navigation


def strip_teaser(text: str) -> str | None:
    """A teaser without its trailing ellipsis; None when nothing is left."""
    text = _ELLIPSIS.sub("", clean(text))
    return text[:_MAX_TEASER] or None


def _same_page(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False

    def norm(u: str) -> str:
        p = urlsplit(u)
        return urlunsplit((p.scheme.lower(), p.netloc.lower(), p.path.rstrip("/"), p.query, ""))

    return norm(a) == norm(b)


def _scheme(href: str) -> str:
    """scheme_of(href) of a stripped href, read without its regex for a path or an http(s)
    address (most links): scheme_of's cleaning leaves their first characters as they are."""
    if href.startswith("/"):
        return ""
    if href.startswith("https://"):
        return "https"
    if href.startswith("http://"):
        return "http"
    return scheme_of(href)


#: http_url remembered: both finders resolve the same links, and a page repeats its addresses.
_http_url = functools.lru_cache(maxsize=4096)(http_url)


class _Resolver:
    """Resolve hrefs against the page's base; count and refuse unsafe schemes."""

    def __init__(self, base: str | None) -> None:
        self.base = base
        self.unsafe = 0

    def __call__(self, href: str | None) -> tuple[bool, str | None]:
        """(usable, absolute http(s) url or None)."""
        checked = self.check(href)
        return self.resolved(*checked) if checked is not None else (False, None)

    def check(self, href: str | None) -> tuple[str, str] | None:
        """(stripped href, its scheme) of an href that may be a link, else None (an unsafe scheme
        counted): a call's cheap half, which a finder makes for every link it tests, leaving the
        address's resolving (urljoin's parse, most of a call's time) to the links that pass."""
        href = (href or "").strip()
        if not href or href.lower().startswith(_NOT_A_LINK):
            return None
        scheme = _scheme(href)
        if scheme and scheme not in SAFE_SCHEMES:
            self.unsafe += 1
            return None
        return href, scheme

    def resolved(self, href: str, scheme: str) -> tuple[bool, str | None]:
        """What a call gives for what check gave."""
        url = _http_url(href, self.base)
        if scheme:
            return url is not None, url  # an absolute link that does not parse is no link
        return True, url


@remembered  # asked again: half of the ~60 titles asked a page on AEB (shape finder, block tests, growing)
def _anchor_title(anchor: HtmlElement) -> str:
    """The displayed title of a link: a heading or title-classed child if any, else the line above
    a teaser that the link holds too, else its text, else (an image card whose caption stands
    outside the link) its title attribute."""
    if len(anchor):
        for child in anchor.iterdescendants():
            classes = child.get("class") or ""  # "card-title", a news card's "headline" beside its kicker
            if child.tag in HEADINGS or "title" in classes or "headline" in classes:
                text = text_of(child)
                if text:
                    return text
        card = _title_and_teaser(anchor)
        if card:
            return card[0]
    return text_of(anchor) or clean(anchor.get("title") or "")


#: Elements that start a line of their own inside a card's link.
_LINE_TAGS = ("div", "p", "section", "header", "footer", "figcaption", "dd", "dt", "li", "blockquote")


def _title_and_teaser(anchor: HtmlElement) -> tuple[str, str] | None:
    """The title and the teaser of a card made all of one link ("<a><div>Title</div><div>Teaser…
    </div></a>", as styled components write it, with no class that says which is which), when its
    last line is a teaser (cut short with an ellipsis, or more than twice as long as a title of
    three words or more: a category's label over its title is no title and teaser): the title its
    longest other line (not a category's label above it, nor a byline). A date's line is neither."""
    lines = [
        text
        for element in anchor.iterdescendants(*_LINE_TAGS)
        if not any(child.tag in _LINE_TAGS for child in element)
        for text in [text_of(element)]
        if text and not compiled().date_only.fullmatch(text)
    ]
    if len(lines) < 2:
        return None
    *others, last = lines
    title = max(others, key=len)
    long_title = len(title.split()) >= 3 or (len(title) >= 6 and not title.isascii())
    teaser = _ELLIPSIS.search(last) is not None or (long_title and len(last) > 2 * len(title))
    return (title, last) if teaser else None


_MAX_MARKER_LABEL = 30  # characters of a marker's element before a link at most ("Previous in this series:")


def _text_before(anchor: HtmlElement) -> str:
    """The text just before an anchor inside its parent (a marker such as "上一篇："), with the short
    element before it when only punctuation stands between ("<span>上一篇</span>：<a>")."""
    prev = anchor.getprevious()
    if prev is None:
        parent = anchor.getparent()
        return clean(parent.text or "") if parent is not None else ""
    tail = clean(prev.tail or "")
    if any(char.isalnum() for char in tail):
        return tail
    label = text_of(prev)
    return label + tail if label and len(label) <= _MAX_MARKER_LABEL else tail


def _text_after(anchor: HtmlElement) -> str:
    """The text just after an anchor (a marker placed after the title: "阅读下一篇")."""
    tail = clean(anchor.tail or "")
    if tail:
        return tail
    following = anchor.getnext()
    return text_of(following) if following is not None and len(text_of(following)) <= 20 else ""


def _trailing_marker(text: str) -> tuple[str | None, str]:
    """(relation, title) when the text ends with a marker alone ("冬季如何预防感冒 阅读下一篇")."""
    head, _, last = text.rpartition(" ")
    relation, rest = _marker(last)
    return (relation, head.strip()) if relation and not rest and head.strip() else (None, text)


def _marker(text: str) -> tuple[str | None, str]:
    """(relation, rest of the text) when text opens with a previous/next marker."""
    rules = compiled()
    for relation, pattern in (("previous", rules.previous), ("next", rules.next)):
        match = pattern.search(text)
        if match:
            return relation, clean(text[match.end() :]).strip(" :：»«<>|")
    return None, text


def _nearby(anchor: HtmlElement) -> tuple[str, str, str]:
    """The raw text in and around an anchor where a previous/next marker could stand, then the
    raw text before and after it in full: every character of _text_before's and _text_after's
    texts stands in these two (they clean and shorten the same pieces), so a character absent
    from both is absent from theirs, decided without building them."""
    prev, parent, following = anchor.getprevious(), anchor.getparent(), anchor.getnext()
    before = (
        (prev.tail or "") + _string(prev) if prev is not None else (parent.text or "") if parent is not None else ""
    )
    if prev is None and parent is not None and parent.tag in _LABELLED_CELLS and not before.strip():
        before = _label_before(parent)  # _cell_label's tests, passed already
    next_text = _string(following) if following is not None else ""
    after = (anchor.tail or "") + next_text[:40]
    near = f"{before[-40:]} {_string(anchor).strip() or _anchor_text(anchor)} {after[:40]}"
    return near, before, (anchor.tail or "") + next_text


#: The elements a link may fill while its label stands in the element before them: a definition
#: list's or a table's cell ("<dt>上一篇</dt><dd><a>…</a></dd>", "<td>上一篇：</td><td><a>…</a></td>"),
#: a heading or a line under a label of its own ("<h5>Previous Article</h5><h4><a>…</a></h4>").
_LABELLED_CELLS = frozenset({"dd", "td", "h2", "h3", "h4", "h5", "h6", "p", "div", "span", "strong", "b"})
#: The elements such a label stands in.
_CELL_LABELS = frozenset(
    {"dt", "td", "th", "span", "h2", "h3", "h4", "h5", "h6", "p", "div", "strong", "b", "em", "small"}
)


def _cell_label(anchor: HtmlElement) -> str:
    """The short text of the childless element just before the one an anchor fills (its label:
    a cell's, a heading's), or "". Read without building text: most links fail the first tests."""
    parent = anchor.getparent()
    if parent is None or parent.tag not in _LABELLED_CELLS or anchor.getprevious() is not None:
        return ""
    if (parent.text or "").strip():
        return ""
    return _label_before(parent)


def _label_before(parent: HtmlElement) -> str:
    """_cell_label of a link that opens `parent` with no text before it: the label's short text."""
    label = parent.getprevious()
    if label is None or label.tag not in _CELL_LABELS or len(label):
        return ""
    text = clean(label.text or "")
    return text if len(text) <= 20 else ""


#: A CJK tail that reads as a sentence, not a title: sentence punctuation, or longer than a title.
_CJK_SENTENCE = re.compile(r"[，。；！？]|^.{31}")


def _title_beside(anchor: HtmlElement) -> str:
    """The title shown beside a link whose text is a marker alone ("<a>上一篇</a><p>Title</p>",
    "<a>Previous post</a> Title"): its tail, else the next element's text when that holds no link.
    Not a link inside a sentence ("read my <a>previous post</a> about sleep"): words before it, or
    a tail that goes on in lower case."""
    if any(char.isalnum() for char in _text_before(anchor)):
        return ""
    tail = clean(anchor.tail or "")
    text = tail.strip(" :：|/»«<>-")
    if text[:1].islower():
        return ""
    if CJK.match(text) and tail.lstrip(" |/»«<>-")[:1] not in (":", "：") and _CJK_SENTENCE.search(text):
        return ""  # "<a>上一篇</a>我们讲了…，这一篇讲…。": a sentence going on, not a title (one after a colon is)
    if not text:
        following = anchor.getnext()
        if following is None or following.tag == "a" or following.find(".//a") is not None:
            return ""
        text = text_of(following)
    named = len(CJK.findall(text)) >= 2 or sum(char.isalpha() for char in text) >= 4  # not a separator, "1/5"
    return text if named and len(text) <= 80 and _marker(text)[0] is None else ""


def _search(pattern: re.Pattern[str], folded: re.Pattern[str] | None, text: str) -> bool:
    """pattern.search(text) is not None, searched `folded` (lowered(pattern)) in the lower-cased
    text where it can be: for the tests run on every link of a page (a marker's word near it)."""
    if folded is None or "\u0130" in text or "\u0131" in text or "\u017f" in text:  # dom.UNFOLDABLE, spelled out
        return pattern.search(text) is not None
    return folded.search(text.lower()) is not None


def _string(element: HtmlElement) -> str:
    """What STRING gives, read without an XPath call for a childless element (most links and
    their neighbours: an XPath call costs more than the rest of a link's test)."""
    if len(element) == 0 and isinstance(element.tag, str):
        return element.text or ""
    return str(STRING(element))


def _prev_next(tree: HtmlElement, walk: _Walk, resolve: _Resolver, found: RelatedLinks) -> None:
    rules = compiled()
    seen: set[str] = set()
    pointing = _pointing(walk.classes)
    folded_hint = lowered(rules.marker_hint)
    body = tree.find("body")
    body_text = str(STRING(body if body is not None else tree))
    # the arrows are single characters of the page's text: with none in it, none stands beside a
    # link (the body's text is the text around every link when no link stands outside the body)
    linked_outside = body is not None and (
        tree.tag == "a" or any(next(c.iter("a"), None) is not None for c in tree if c is not body)
    )
    page_text = str(STRING(tree)) if linked_outside else body_text
    arrows = any(arrow in page_text for arrow in _OUTER_ARROWS)  # str's search, not a regex's scan
    for anchor in walk.anchors:
        rel_names = anchor.get("rel")
        rel = {r.lower() for r in rel_names.split()} if rel_names else set()
        hinted = _direction_hint(anchor) if anchor in pointing else None
        if not rel and not hinted:
            near, before, after = _nearby(anchor)
            if not _search(rules.marker_hint, folded_hint, near):
                # an arrow outside the link, not in it ("Reply »"), looked for in the raw text around it first
                if not arrows or not any(arrow in before or arrow in after for arrow in _OUTER_ARROWS):
                    continue  # no marker word or arrow near it: the common case, decided without building text
                around = f"{_text_before(anchor)} {_text_after(anchor)}"
                hinted = _arrow_pair(anchor) if _OUTER_ARROW.search(around) else None
                if hinted is None:
                    continue
        own = _anchor_text(anchor)
        relation, title = _marker(own)
        if relation is not None and not title:
            title = _title_beside(anchor)
        if relation is None:
            relation, title = _trailing_marker(own)
        if relation is None:
            relation, title = _label_child(anchor, own)
        if relation is None:
            for context in (_text_before(anchor) or _cell_label(anchor), _text_after(anchor)):
                marked, rest = _marker(context)
                if marked and not rest:
                    relation, title = marked, own
                    break
        if relation is None:
            relation, title = _by_direction(anchor, own, rel, hinted)
        if (
            relation is None
            or relation in seen
            or compiled().pagination.search(title)
            or compiled().pagination.search(own)
        ):
            continue
        seen.add(relation)  # the first marker of each relation decides, even "back to list"
        title = _DATE_PREFIX.sub("", compiled().trailing_marker.sub("", title)).strip()
        container = anchor.getparent()
        pager = container is not None and len(text_of(container)) <= 400
        if not title or rules.not_an_article.search(title):
            if pager and not title and _links_only(container):
                found.blocks.append(container)  # buttons that name no article ("« Previous Post"): the pager
            continue
        usable, url = resolve(anchor.get("href"))
        if not usable and url is None and (anchor.get("href") or "").strip():
            continue
        found.links.append(Link(relation, title, None, url))
        if pager:
            found.blocks.append(container)
    _text_markers(tree, body_text, seen, found, resolve)


_TEXT_HOLDERS = frozenset({"p", "div", "li", "td", "dd", "span", "section"})


def _links_only(box: HtmlElement) -> bool:
    """Is a box's text its links' and nothing else but arrows and separators (a pager), not a
    sentence around a link ("read my <a>previous post</a> about …")?"""
    rest = text_of(box)
    for anchor in box.iter("a"):
        rest = rest.replace(text_of(anchor), "", 1)
    return not any(char.isalnum() for char in rest)


def _scripted_url(holder: HtmlElement, resolve: _Resolver) -> str | None:
    """The url a script opens when the marker's box is clicked (`data-url`, `data-href`), if it
    names a safe one."""
    for name in ("data-url", "data-href"):
        href = holder.get(name)
        if href and href.strip():
            usable, url = resolve(href)
            return url if usable else None
    return None


def _text_markers(tree: HtmlElement, text: str, seen: set[str], found: RelatedLinks, resolve: _Resolver) -> None:
    """Markers written as text with no link ("<p>上一篇：失眠的症状有哪些</p>", "Previous article: …";
    not a bare "Next:", which opens a step of a how-to): the neighbour's title with a null url;
    the line is handed to the noise step, so it never lands in an item's text. `text`: the text
    of the page's body (of the tree when it has none)."""
    rules = compiled()
    if len(seen) == 2:
        return
    patterns = rules.article_marker_anywhere
    folds = any(_openings(words) for words in patterns) and not any(c in text for c in UNFOLDABLE)
    lower_text = text.lower() if folds else None
    if not any(_found_in(words, text, lower_text) for words in patterns):
        return  # no marker in the page's text: the common case, decided in a few searches
    for element in tree.iter(*_TEXT_HOLDERS, "strong", "b", "em"):
        if len(seen) == 2:
            break
        if not element.text or not rules.article_marker.search(element.text):
            continue
        holder = element
        while holder.tag not in _TEXT_HOLDERS and holder.getparent() is not None:
            holder = holder.getparent()
        if holder.find(".//a") is not None or in_chrome(holder):
            continue
        text = text_of(holder)
        relation, title = _marker(text)
        parent = holder.getparent()
        if (  # a label of its own beside the title's ("<div><span>上一篇</span><span>Title</span></div>")
            relation is not None
            and not title
            and holder.tag == "span"
            and parent is not None
            and parent.tag in _TEXT_HOLDERS
            and parent.find(".//a") is None
            and not in_chrome(parent)
        ):
            holder, text = parent, text_of(parent)
            relation, title = _marker(text)
        if relation is None or relation in seen or len(text) > 150 or compiled().pagination.search(title):
            continue
        seen.add(relation)
        title = _DATE_PREFIX.sub("", title).strip()
        if title and not rules.not_an_article.search(title):
            found.links.append(Link(relation, title, None, _scripted_url(holder, resolve)))
        found.blocks.append(holder)


#: A pattern's opening that every match starts with: an optional \b, then a group of plain words
#: ("\b(?:previous|next|older|newer)…") or a class of plain characters ("[上下]一…"), with no
#: quantifier after it.
_OPENING = re.compile(
    r"(?:\\b)?(?:\(\?:([^\\()\[\]{}.^$*+?|]+(?:\|[^\\()\[\]{}.^$*+?|]+)*)\)|\[([^\\\[\]^-]+)\])(?![*+?{])"
)


@functools.cache
def _openings(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """The words one of which opens every match of a case-insensitive pattern, in lower case (the
    pattern dom.lowered, with no alternation outside its groups): a search of a page's text tries the
    pattern where str.find finds them in the lower-cased text (_found_in), a few places, where the
    regex engine stops at every character that may open one (a tenth of the text). None for a
    pattern that opens otherwise."""
    if lowered(pattern) is None or pattern.flags & re.VERBOSE or _alternates(pattern.pattern):
        return None
    opening = _OPENING.match(pattern.pattern)
    if opening is None:
        return None
    words, chars = opening.groups()
    return tuple(words.split("|")) if words else tuple(chars)


def _alternates(source: str) -> bool:
    """Does a pattern's source hold a | outside its groups (a match may open with either side)?"""
    depth, at = 0, 0
    while at < len(source):
        c = source[at]
        if c == "\\":
            at += 1
        elif c == "[":
            at += 2 if source[at + 1 : at + 2] == "^" else 1
            at += source[at] == "]"  # a ] first in a class is one of its characters
            while source[at] != "]":
                at += 2 if source[at] == "\\" else 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        at += 1
    return False


_opening_class = functools.cache(opening_class)  # a page's few patterns, the same every page


def _found_in(pattern: re.Pattern[str], text: str, lower_text: str | None) -> bool:
    """pattern.search(text) is not None. With the text lower-cased (`lower_text`, None when it holds
    an UNFOLDABLE character) and a pattern that has _openings: the pattern tried on the text itself
    at every place where one of them stands in the lower-cased text. Lower-casing keeps every place
    where a word matches ignoring case (each character stays one, an ASCII letter's match becomes
    that letter; tests/test_links.py checks them all), so no match is missed. A pattern without
    _openings (or a text not lower-cased) is searched only in a text holding one of the characters
    it opens with (rules.opening_class), when it has such a class: most pages hold no 上/下/前/后."""
    words = _openings(pattern)
    if words is None or lower_text is None:
        opening = _opening_class(pattern)  # none of its first characters in the text: no match
        return (opening is None or opening.search(text) is not None) and pattern.search(text) is not None
    for word in words:
        at = lower_text.find(word)
        while at >= 0:
            if pattern.match(text, at):
                return True
            at = lower_text.find(word, at + 1)
    return False


#: Class tokens that say which way a link leads: "nav-previous", "pageprevious", "next_container".
_DIRECTION_CLASS = re.compile(
    r"(?:^|[-_\s]|page|post|nav)(prev(?:ious)?|next)"
    r"(?=$|\s|[-_]?(?:post|link|entry|page|article|item|nav|btn|button|container|arrow|wrap|box)(?:$|[-_\s]))",
    re.I,
)
#: Icons that point a link's way: "iconleft", "fa-chevron-right", "arrow-left".
_ICON_DIRECTION = re.compile(
    r"(?:icon|arrow|chevron|angle|caret)[-_]?(left|right)(?![a-z])|\b(left|right)[-_]?(?:arrow|icon)", re.I
)
_WAY_WORD = re.compile(r"(?:prev|next|left|right)", re.IGNORECASE)
#: Its words, lower-cased, when the pattern is nothing but a group of plain words and dom.lowered.
_WAY_WORDS = _openings(_WAY_WORD) if _OPENING.fullmatch(_WAY_WORD.pattern) else None


def _places(text: str, word: str) -> list[int]:
    """Every place where the word stands in the text (overlapping ones too)."""
    places, at = [], text.find(word)
    while at >= 0:
        places.append(at)
        at = text.find(word, at + 1)
    return places


def _pointing(classes: Classed) -> set[HtmlElement]:
    """Links a class or an icon may give a way: the marked element itself, the links within two
    levels below it, or the link an icon sits in. One search over the page's class and id strings
    joined by NULs finds every marked element (a way's word holds no NUL, and no attribute does):
    in the lower-cased strings, where str.find finds each word (_WAY_WORDS) at every place it
    stands, a fifth of the regex's scan; an element is marked when its string holds one."""
    links: set[HtmlElement] = set()
    joined = "\0".join(classes.names)
    if _WAY_WORDS is None or any(c in joined for c in UNFOLDABLE):
        text = joined
        starts = [match.start() for match in _WAY_WORD.finditer(text)]
    else:
        text = joined.lower()
        starts = sorted({place for word in _WAY_WORDS for place in _places(text, word)})
    index, at = 0, 0
    for start in starts:
        index += text.count("\0", at, start)
        at = start
        element = classes.elements[index]
        if element.tag == "a":
            links.add(element)
        links.update(a for child in element for a in (child, *child) if getattr(a, "tag", None) == "a")
        links.update(a for a in element.iterancestors("a"))
    return links


#: The boxes whose aria-label may name them ("<aside aria-label="Related articles">"): not a
#: link's or a button's (an icon's name).
_LABELLED_BOXES = frozenset({"aside", "section", "div", "ul", "ol"})


@dataclass(slots=True)
class _Walk:
    """What the finders read of every page, gathered in one walk over its elements instead of a
    walk each: its links, its classed elements (handed to dom's memo for the noise step), the
    block elements (not inline ones) whose class or id names further reading (matches_class with
    recommend_class), the further-reading headings (_is_recommend_heading) and the elements that
    may open with a label (_is_pointer's candidates), each in document order."""

    anchors: list[HtmlElement]
    classes: Classed
    recommend_classed: list[HtmlElement]
    headings: list[HtmlElement]
    pointers: list[HtmlElement]
    labelled: list[HtmlElement]  # boxes whose aria-label names further reading (a heading only screen readers see)

    @classmethod
    def of(cls, tree: HtmlElement) -> _Walk:
        """The walk. A third of the elements are labels, most of them with no text or the same
        few: each label text is tested once (_verdicts); the test of _is_recommend_heading is
        spelled out for them, its text read without a call for an element with no child or with
        one childless child (every label but a heading with more; about half of the ~220 labels
        tested a page hold one child): _label_text's calls and a second proxy of that child cost
        0.07 CPU-ms a page, a second read of the text of a label that may be a pointer 0.02 (the
        walk alone on AEB: 0.78 -> 0.68). Each class string is tested once too: matches_class
        finds the pattern as a token of the string, so a string where a plain _search does not
        find it is decided so."""
        pattern, recommend = compiled().recommend_heading, compiled().recommend_class
        verdicts, by_class, folded = _verdicts("heading", pattern), _verdicts("class", recommend), lowered(recommend)
        anchors: list[HtmlElement] = []
        elements: list[HtmlElement] = []
        classes: list[str | None] = []
        names: list[str] = []
        recommend_classed: list[HtmlElement] = []
        headings: list[HtmlElement] = []
        pointers: list[HtmlElement] = []
        labelled: list[HtmlElement] = []
        for element in tree.iter(etree.Element):
            tag, class_names, ident = element.tag, element.get("class"), element.get("id")
            if tag in _LABELLED_BOXES and (aria := element.get("aria-label")) is not None:
                verdict = verdicts.get(aria)
                if verdict is None:
                    verdict = verdicts[aria] = _names_recommendation(aria, pattern)
                if verdict:
                    labelled.append(element)
            if class_names is not None or ident is not None:
                name = class_id(class_names, ident)
                elements.append(element)
                classes.append(class_names)
                names.append(name)
                if tag not in _INLINE:
                    named = by_class.get(name)
                    if named is None:
                        named = by_class[name] = _search(recommend, folded, name) and matches_class(element, recommend)
                    if named:
                        recommend_classed.append(element)
            if tag == "a":
                anchors.append(element)
                continue
            if tag not in _TEXT_TAGS:
                continue
            lead = element.text or ""  # read once for both tests
            if tag in _POINTER_TAG_SET and (":" in lead or "：" in lead):
                pointers.append(element)
            if tag not in _LABEL_TAGS:
                continue
            size = len(element)
            if not size:
                raw = lead
            elif size == 1 and not len(child := element[0]):  # _label_text's short case, spelled out
                inner = child.text if isinstance(child.tag, str) else None  # a comment's text is not read
                raw = lead + (inner or "") + (child.tail or "")
            elif tag in HEADINGS:
                raw = _label_text(element)
            else:
                continue
            verdict = verdicts.get(raw)
            if verdict is None:
                verdict = verdicts[raw] = _names_recommendation(raw, pattern)
            if verdict:
                headings.append(element)
        found = Classed(elements, classes, names)
        remember_classed(tree, found)
        return cls(anchors, found, recommend_classed, headings, pointers, labelled)


_DIRECTION_BOX = 400  # characters of text at most in an element whose class names a way (and 2 links)
_OUTER_ARROWS = "«‹←»›→"
_OUTER_ARROW = re.compile(f"[{_OUTER_ARROWS}]")
_ARROW_END = re.compile(r"(?:«|‹|←)\s*$")
_ARROW_START = re.compile(r"^\s*(?:»|›|→)")


def _arrow_pair(anchor: HtmlElement) -> str | None:
    """The way of a link that is one of a pair with arrows outside the links, "« <a>Older
    headline</a>" and "<a>Newer headline</a> »" (WordPress's classic post navigation): the two
    links of the nearest element (three levels up at most) holding two, the first after a left
    arrow, the second before a right arrow, nothing but arrows and separators around them, both
    reading as headlines. A breadcrumb ("Home » Health » …") has no left arrow; pagination has
    more than two links; quotation marks in a sentence (« <a>…</a> ») have words around them."""
    pair = anchor
    for _ in range(3):
        pair = pair.getparent()
        if pair is None or pair.tag in CHROME_BLOCKS:
            return None
        links = list(islice(pair.iter("a"), 3))
        if len(links) >= 2:
            break
    else:
        return None
    if len(links) != 2 or len(text_of(pair)) > _DIRECTION_BOX:
        return None
    first, second = links
    outside = text_of(pair).replace(text_of(first), "", 1).replace(text_of(second), "", 1)
    if not _ARROWS_ONLY.fullmatch(outside):
        return None
    if not (_ARROW_END.search(_text_before(first)) and _ARROW_START.search(_text_after(second))):
        return None
    if not all(reads_as_headline(_anchor_text(a)) for a in links):
        return None
    return "previous" if anchor is first else "next"


_ARROWS_ONLY = re.compile(r"[\s«‹←»›→|·•/-]*")
_ARROW_BEFORE = re.compile(r"^\s*(?:«|‹|←|<|<<)\s*")
_ARROW_AFTER = re.compile(r"\s*(?:»|›|→|>|>>)\s*$")
#: An arrow of either way at either end of a button's text: a theme draws the next post's arrow
#: before its title too ("<a class=next-post><span>→</span><span>Title</span></a>").
_EDGE_ARROWS = re.compile(r"^\s*(?:«|‹|←|»|›|→|<<|>>|<|>)\s*|\s*(?:«|‹|←|»|›|→|<<|>>|<|>)\s*$")
_AWAY = re.compile(r"carousel|slide|gallery|swiper|lightbox", re.I)


def _label_child(anchor: HtmlElement, own: str) -> tuple[str | None, str]:
    """(relation, title) of a link whose first child is its button's word alone and the rest its
    title ("<a><span>Previous</span><span>Sore shoulders</span></a>"): the word with a colon
    after it reads as a marker."""
    if len(anchor) < 2:
        return None, own
    label = text_of(anchor[0])
    first = label.rstrip(":：").strip()
    relation, rest = _marker(first + ":") if first and len(first) <= 20 else (None, "")
    if relation is None or rest:
        return None, own
    titled = _anchor_title(anchor)  # a title-classed child, when the button has more words than one
    if titled not in (own, label) and _marker(titled.rstrip(":：") + ":")[0] is None:
        return relation, titled
    return relation, own[len(label) :].strip() if own.startswith(label) else own


def _anchor_text(anchor: HtmlElement) -> str:
    """The link's text, or the alt text of its image (an image button "Previous Chapter …")."""
    return text_of(anchor) or clean(" ".join(img.get("alt") or "" for img in anchor.iter("img")))


def _direction_hint(anchor: HtmlElement) -> str | None:
    """ "previous" or "next" from the classes of the link and the two small elements around it
    (not a page wrapper such as Next.js's "__next"), or from an arrow icon inside it; None when
    nothing points a way."""
    parent = anchor.getparent()
    for element in (anchor, parent, parent.getparent() if parent is not None else None):
        if element is None:
            break
        match = _DIRECTION_CLASS.search(class_id(element.get("class"), element.get("id")))
        if match and len(STRING(element)) <= _DIRECTION_BOX and len(element.findall(".//a")) <= 2:
            return "next" if match.group(1).lower() == "next" else "previous"
    way = _icon_way(anchor)
    if way is None:
        return None
    pair = next((a for a in anchor.iterancestors() if len(a.findall(".//a")) >= 2), None)
    links = pair.findall(".//a") if pair is not None else []
    if len(links) == 2 and {_icon_way(a) for a in links} == {"previous", "next"}:
        return way  # an arrow pointing each way: a post navigation, not a menu's chevrons
    return None


def _icon_way(anchor: HtmlElement) -> str | None:
    for child in anchor.iterdescendants():
        match = _ICON_DIRECTION.search(child.get("class") or "") if isinstance(child.tag, str) else None
        if match:
            return "previous" if (match.group(1) or match.group(2)).lower() == "left" else "next"
    return None


def _by_direction(anchor: HtmlElement, own: str, rel: set[str], hint: str | None) -> tuple[str | None, str]:
    """(relation, title) of a link whose way is said by rel, a class or an arrow rather than a
    written marker. rel outside pagination is enough; the weaker signs (pagination and slideshows
    use them too) need a link that reads as another article's headline, or an arrow beside a
    class that names its way."""
    by_rel = "next" if "next" in rel else "previous" if rel & {"prev", "previous"} else None
    before = _ARROW_BEFORE.search(own)
    arrow = before or _ARROW_AFTER.search(own)
    way = by_rel or hint or ("previous" if before else None)
    if way is None:
        return None, own
    context = " ".join(class_id(e.get("class"), e.get("id")) for e in (anchor, *ancestors(anchor)))
    title = _EDGE_ARROWS.sub("", own).strip()
    if _AWAY.search(context) or not title or compiled().pagination.search(title):
        return None, own
    if by_rel and not _PAGED.search(context):
        marked, rest = _marker(title + ":")
        return way, "" if marked and not rest else title  # a bare "Previous" button names no article: the pager
    if reads_as_headline(title) or len(CJK.findall(title)) >= 5 or (arrow and (hint or by_rel)):
        return way, title
    return None, own


_PAGED = re.compile(r"pag", re.I)  # pagination's classes ("pagination", "pager", "page-nav")


#: The elements _is_recommend_heading may accept: headings, and the elements that hold a label.
_LABEL_TAGS = HEADINGS | {"div", "p", "span", "strong", "b", "dt", "li", "em"}


def _is_recommend_heading(element: HtmlElement) -> bool:
    """A short heading, or a label element holding at most one childless element."""
    if element.tag not in HEADINGS and (len(element) > 1 or (len(element) == 1 and len(element[0]))):
        return False
    return _names_recommendation(_label_text(element), compiled().recommend_heading)


def _names_recommendation(raw: str, pattern: re.Pattern[str]) -> bool:
    """Does a label's raw text name further reading (the text test of _is_recommend_heading)?"""
    raw = raw.strip()
    if not raw or len(raw) > 200:  # templates indent a label by a hundred spaces and more
        return False
    text = _BRACKETED.sub(r"\1\2", _EDIT_MARK.sub("", clean(raw)))  # a wiki's "See also [edit]", 【相关阅读】
    return 0 < len(text) <= _MAX_HEADING and bool(pattern.search(text))


#: Verdicts of a test by text, kept across pages: a page repeats its labels and class strings
#: (cards, list items), and a third of them stood on pages read before (a site's template). By
#: test and pattern id (hashing a compiled pattern hashes its code); the entry holds the pattern,
#: so its id is never reused. A table starts over past _VERDICTS_MAX texts.
_VERDICTS: dict[tuple[str, int], tuple[re.Pattern[str], dict[str, bool]]] = {}
_VERDICTS_MAX = 65536


def _verdicts(test: str, pattern: re.Pattern[str]) -> dict[str, bool]:
    """The table of `test`'s verdicts with this pattern (the rules of the language being read)."""
    entry = _VERDICTS.get((test, id(pattern)))
    if entry is None or len(entry[1]) >= _VERDICTS_MAX:
        entry = _VERDICTS[(test, id(pattern))] = (pattern, {})
    return entry[1]


def _label_text(element: HtmlElement) -> str:
    """An element's text (what STRING gives), read without an XPath call when it holds at most one
    childless child (most labels tested are such: a third of the elements on a page)."""
    pieces = short_pieces(element)
    return str(STRING(element)) if pieces is None else "".join(pieces)


#: A label in brackets of its own ("【相关阅读】", "[ Related ]"): its words are the label.
_BRACKETED = re.compile(r"^[【\[〔『]\s*(.+?)\s*[】\]〕』]\s*([:：]?)$")
#: A wiki's edit control after a heading's text ("See also[edit]", "参见[编辑]").
_EDIT_MARK = re.compile(r"\s*\[\s*(?:edit|edit source|编辑|編輯)\s*\]\s*$", re.IGNORECASE)

_MAX_HEADING = (
    60  # characters of a further-reading heading at most ("Alzheimer's Has More Related Genes Related Articles")
)


#: The elements that may open with a label ("See also:"); _Walk keeps those whose own text holds a colon.
_POINTER_TAG_SET = frozenset({"p", "li", "div", "span", "em", "dd"})
_TEXT_TAGS = _LABEL_TAGS | _POINTER_TAG_SET  # the elements whose text _Walk reads


_MAX_POINTER = 300  # characters of a one-line pointer ("See also: <a>…</a>, June 30, 2009") at most


def _is_pointer(element: HtmlElement) -> bool:
    """A line that opens with a further-reading label and a colon, then links ("See also: <a>…",
    "延伸阅读：<a>…"): the labelled one-line pointer of the real pages' rule 5."""
    lead = element.text or ""
    if ":" not in lead and "：" not in lead:
        return False  # the common case, decided without cleaning any text
    label = clean(lead)
    if not label.endswith((":", "：")) or len(label) > _MAX_LABEL or not compiled().recommend_heading.search(label):
        return False
    return element.find(".//a[@href]") is not None and len(text_of(element)) <= _MAX_POINTER


_HEADING_LEVEL = {f"h{n}": n for n in range(1, 7)}
_MAX_RUN = 20  # elements after a further-reading heading in the body's flow, at most
_BOX_LEAD = 200  # characters of prose before a heading inside its container: the article's flow, not a box


def _blocks_of(heading: HtmlElement) -> list[HtmlElement]:
    """The container that holds a further-reading heading and its links; when that is the whole
    article (a heading in the body's flow), the lists, boxes and link paragraphs after the
    heading, up to the next heading of its level."""
    rules = compiled()
    node = heading
    for _ in range(3):
        parent = node.getparent()
        if parent is None or parent.tag in {"body", "html"} or _prose_before(node) > _BOX_LEAD:
            break  # a box starts with its heading: prose before it is the article's own flow
        links = sum(1 for a in parent.iter("a") if a.get("href") and not rules.more_link.search(text_of(a)))
        if links >= 2 or (links == 1 and len(text_of(parent)) <= 150):  # a list, or a one-link card
            if _may_be_further_reading(parent, named=True):
                return [parent]
            break
        node = parent
    following = heading.getnext()
    if following is not None and following.tag not in HEADINGS and _may_be_further_reading(following, named=True):
        return [following]
    level = _HEADING_LEVEL.get(heading.tag, 6)
    after: list[HtmlElement] = []
    for sibling in heading.itersiblings():
        if not isinstance(sibling.tag, str) or sibling.tag in SKIP_TAGS:
            continue
        if _HEADING_LEVEL.get(sibling.tag, 7) <= level or len(after) == _MAX_RUN:
            break
        after.append(sibling)
    total = sum(len(text_of(e)) for e in after)
    links = sum(_link_text(e) for e in after)
    hrefs = {a.get("href") for e in after for a in e.iter("a") if a.get("href")}
    if (
        len(hrefs) < 2
        or links * 10 < total
        or any(len(text_of(p)) - _link_text(p) > 250 for e in after for p in e.iter("p"))
    ):
        return []  # a body section that happens to be called "Related conditions": prose, a lone link
    return [e for e in after if e.tag not in HEADINGS and e.find(".//a[@href]") is not None and not _mentions(e)]


_MAX_LEAD = 20  # characters before a paragraph's first link at most: a bullet, a number, "See:"


def _mentions(paragraph: HtmlElement) -> bool:
    """A paragraph whose first link stands in the middle of a sentence ("Jane Roe, M.A. and <a>John
    Doe</a> contributed to this article"): prose that mentions a link, not an entry of a list."""
    first = paragraph.find(".//a[@href]") if paragraph.tag == "p" else None
    if first is None:
        return False
    return text_of(paragraph).find(text_of(first)) > _MAX_LEAD


def _prose_before(node: HtmlElement) -> int:
    """Characters of text that is not link text before `node` inside its parent."""
    parent = node.getparent()
    before = len(clean(parent.text or "")) if parent is not None else 0
    for sibling in node.itersiblings(preceding=True):
        if isinstance(sibling.tag, str) and sibling.tag not in SKIP_TAGS:
            before += len(text_of(sibling)) - _link_text(sibling) + len(clean(sibling.tail or ""))
    return before


def _link_text(block: HtmlElement) -> int:
    return sum(len(text_of(a)) for a in block.iter("a") if a.get("href"))


def _is_link_list(block: HtmlElement) -> bool:
    """Mostly links, little prose: a further-reading list, not the article that mentions one."""
    total = len(text_of(block))
    links = _link_text(block)
    if not links or links * 10 < total or total - links > 3000:
        return False
    return not any(len(text_of(p)) - _link_text(p) > 250 for p in block.iter("p"))


def _in_noise(block: HtmlElement) -> bool:
    """Inside an ad, a comment thread, a tag cloud, ... (a noise class that is not only a menu's):
    links there are not the site's further reading. The nearest class that names the links wins:
    a "hot-news" list inside a "news-read-comment" box (most read, most commented) is read as
    what its own class says. Advertising's classes count wherever they stand."""
    rules = compiled()
    chain = (block, *ancestors(block))
    if any(matches_class(element, rules.ad_class) for element in chain):
        return True  # an advertiser's box, whatever its list calls itself ("hot")
    for element in chain:
        if matches_class(element, rules.noise_class) and not matches_class(element, rules.menu_class):
            return True
        if matches_class(element, rules.recommend_class):
            return False
    return False


_MAX_LABEL = 40  # characters of a block's label at most ("Visual Stories", "热门图片")


def _label(block: HtmlElement) -> str:
    """The short line just before a block, or before its wrapper when the block opens it: its name."""
    for node in (block, block.getparent()):
        previous = node.getprevious() if node is not None else None
        while previous is not None and not isinstance(previous.tag, str):
            previous = previous.getprevious()
        if previous is not None:
            text = text_of(previous)
            return text if len(text) <= _MAX_LABEL else ""
    return ""


def _gallery(block: HtmlElement) -> bool:
    """A photo gallery, a strip of web stories or a list of videos, by its label (before it, or its
    own heading) or by the class of the block or of its box: not further reading."""
    rules = compiled()
    parent = block.getparent()
    if matches_class(block, rules.gallery_class) or (parent is not None and matches_class(parent, rules.gallery_class)):
        return True
    first = next((child for child in block if isinstance(child.tag, str)), None)
    heading = text_of(first) if first is not None and first.tag in HEADINGS else ""  # a box's own heading
    return bool(rules.gallery.search(_label(block)) or (heading and rules.gallery.search(heading)))


def _priced(block: HtmlElement) -> bool:
    """Prices beside the links, not in them (a headline may name a sum): two at least, one for
    every two links at least: a shop's products, not articles. A block with no digit or no
    currency's mark in its text has none (markers.PRICE: every price holds both, and a mark, which
    holds no white space, stands whole in one text of the block), decided without an XPath call
    (a tenth of a millisecond a page)."""
    text = text_of(block)
    if _DIGIT.search(text) is None or compiled().currency.search(text) is None:
        return False
    prices = len(compiled().price.findall(" ".join(_TEXT_OUTSIDE_LINKS(block))))
    return prices >= 2 and prices * 2 >= len({a.get("href") for a in block.iter("a") if a.get("href")})


_TEXT_OUTSIDE_LINKS = etree.XPath(".//text()[not(ancestor::a)]")


def _in_menu(block: HtmlElement) -> bool:
    menu = compiled().menu_class
    return matches_class(block, menu) or any(matches_class(a, menu) for a in ancestors(block))


def _recommend_blocks(
    tree: HtmlElement, walk: _Walk, site: str | None
) -> tuple[list[HtmlElement], dict[HtmlElement, bool]]:
    """Further-reading blocks found by their class or heading, then by their shape; the second
    holds the blocks found by shape alone, whose links must read as headlines, each with whether
    it has enough of them (SHAPE_MIN_RECOMMENDED) to give its links."""
    blocks: list[HtmlElement] = []
    by_class = walk.recommend_classed
    by_heading = [b for e in walk.headings for b in _blocks_of(e)] + walk.labelled
    by_heading += [e for e in walk.pointers if _is_pointer(e) and not _is_recommend_heading(e)]
    named = set(by_heading)
    for block in by_class + by_heading:  # pure tests, the costliest last (_priced reads the text outside links)
        if block is None or not _may_be_further_reading(block, named=block in named):
            continue
        if block not in named and _in_noise(block):
            continue  # found by its class alone inside an ad or a comment thread
        if block not in named and not _mostly_headlines(block):
            continue  # a class alone is weak evidence ("popular" on a tag cloud): its links must read as headlines
        if _gallery(block) or _priced(block):
            continue
        if block not in blocks:  # found by its class and by its heading
            blocks.append(block)
    given, quiet = _shaped_blocks(tree, walk.anchors, site)
    shaped = {b: b in given for b in given + quiet if not any(b is m or m in b.iterancestors() for m in blocks)}
    return blocks + list(shaped), shaped


def _may_be_further_reading(block: HtmlElement, named: bool = False) -> bool:
    """_further_reading, asked with `named` given positionally, so that it is remembered (a
    quarter of the ~8 blocks tested a page on AEB are tested again: a heading's block when it is
    found and with the others)."""
    return _further_reading(block, named)


@remembered
def _further_reading(block: HtmlElement, named: bool) -> bool:
    """Not chrome, not a menu, not the article itself (its <h1>), and mostly links. A block
    `named` by a further-reading heading may stand in the page's <footer> or in a box with a
    menu's class ("Latest News" above the legal links, "Featured" in a "featured_nav" box) when
    its links read as headlines; never in the page's <nav> or <header>. Found by its shape alone,
    a list in a menu's class is the menu (a "hot stories" strip in a menu bar too)."""
    if block.tag in CHROME_BLOCKS:
        return False
    if in_chrome(block) or _in_menu(block):
        if not named or any(a.tag in _NAMED_CHROME for a in ancestors(block)):
            return False
        anchors = [a for a in block.iter("a") if _anchor_text(a)]
        if sum(reads_as_headline(_anchor_title(a)) for a in anchors) < len(anchors) * SHAPE_IN_MENU_SHARE:
            return False  # the footer's or the menu's own links: "About us", "Contact", "Diet"
    return next(block.iter("h1"), None) is None and _is_link_list(block)


#: The last path segment of an article page: an id or date (a digit), a page file, or a slug of
#: three words or more ("white-tea-benefits").
_ID_OR_FILE = r"\d|\.(?:s?html?|php|aspx?|cfm|jsp)$"
_ARTICLE_PATH = re.compile(_ID_OR_FILE + r"|^[^-_]+[-_][^-_]+[-_]", re.IGNORECASE)
_SHARE_LINK = re.compile(r"share|sharer|intent/tweet|pin/create|mailto:|addthis|sendto", re.I)
_PAID_OR_UGC = frozenset({"nofollow", "sponsored", "ugc"})
_HEADLINE_WORD = re.compile(r"[^\W\d_]{2,}")
_CJK_RUN = re.compile(rf"[{CJK.pattern[1:-1]}\d，、？！：；“”]+")
#: A further-reading block by shape: at least this many links that read as headlines of articles
#: on the same site, making at least this share of the block's links; and link text at least
#: this share of its text (a named block needs only a tenth: its name is evidence enough).
SHAPE_MIN_LINKS = 3
SHAPE_MIN_RECOMMENDED = 4  # ... and this many before its links are given as further reading (a
# list of three is still kept out of the main text, but is too weak a sign to name its links)
SHAPE_MIN_SHARE = 0.6
SHAPE_MIN_LINK_TEXT = 0.5
SHAPE_IN_MENU_SHARE = 0.8  # a named block in a footer or a menu's class: this share of its links read as headlines
#: ... and its headlines are this long at the median: words, or CJK characters. A shop's or a
#: site's categories ("Baby Gift Baskets", "健康饮食常识") pass one by one but are short together.
SHAPE_MEDIAN_WORDS = 4
SHAPE_MEDIAN_CJK = 8


@functools.lru_cache(maxsize=4096)
def reads_as_headline(text: str) -> bool:
    """Several words (3+), or a run of 5+ CJK characters: another article's headline, not a menu
    entry ("Diet", "Health Concern", "首页") nor a profile card ("王建国 主任医师 骨科")."""
    runs = [run for run in _CJK_RUN.findall(text) if CJK.search(run)]
    if runs:
        return max(len(r) for r in runs) >= 5
    return len(_HEADLINE_WORD.findall(text)) >= 3


def _service(url: str | None) -> bool:
    """A link to the site's forum, comments, videos, photos, shop, ..., or to a social network
    (see markers.SERVICE_HOSTS)."""
    if not url or "//" not in url:
        return False
    try:
        return _service_host(urlsplit(url).hostname)
    except ValueError:
        return False


@functools.lru_cache(maxsize=1024)
def _service_host(host: str | None) -> bool:
    """Remembered by host (a page's links lead to a few hosts): service_host is language-free, so
    the verdict holds whatever language is being read."""
    return bool(host and compiled().service_host.search(host))


@functools.lru_cache(maxsize=1024)
def _site(host: str | None) -> str | None:
    """The site a host belongs to, roughly: its last two labels ("www.x.com" and "m.x.com" →
    "x.com"), three under a country's second level ("www.x.co.uk" → "x.co.uk")."""
    if not host:
        return None
    labels = host.lower().rstrip(".").split(".")
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "or", "ne", "go"})


def _article_link(anchor: HtmlElement, site: str | None) -> bool:
    """A link that reads as a headline and leads to an article page of the same site (not its
    home, a section, a hub, a tool or a search)."""
    return _article_address(anchor, site) and reads_as_headline(_anchor_title(anchor))


def _article_address(anchor: HtmlElement, site: str | None) -> bool:
    """_article_link but for its title: no advertiser's or commenter's link, an article's address."""
    rel = anchor.get("rel")
    if rel and {r.lower() for r in rel.split()} & _PAID_OR_UGC:
        return False
    return _article_href(anchor.get("href") or "", site)


def _chrome_anchors(tree: HtmlElement) -> set[HtmlElement]:
    """The links inside a <nav>, <header> or <footer> of the tree's document (what the XPath
    "//nav//a | //header//a | //footer//a" finds, in two thirds of its time)."""
    root = tree.getroottree().getroot()
    return {a for region in root.iter("nav", "header", "footer") for a in region.iter("a")}


@functools.lru_cache(maxsize=4096)
def _article_href(href: str, site: str | None) -> bool:
    """The address half of _article_link, remembered: a page's finders ask about its links three
    times, and pages repeat their menus' and lists' addresses (service_host is language-free, so
    the verdict holds whatever language is being read)."""
    href = href.strip()
    if not href or href.lower().startswith(_NOT_A_LINK) or _scheme(href) not in _USABLE_SCHEMES:
        return False
    split = _split(href)
    if split is None:
        return False
    netloc, host, path, query, fragment = split
    if fragment:
        return False  # a part of a page: an in-page table of contents
    if netloc and ((site is not None and _site(host) != site) or _service_host(host)):
        return False  # another site, or the site's forum, videos, shop, ...
    if not _ARTICLE_PATH.search(path.rstrip("/").rsplit("/", 1)[-1]) and not _DIGIT.search(query):
        return False  # the site's home, a section ("/diet/") or a tool ("/tools/bmi/")
    return not _HUB_PATH.search(href)


#: An address urlsplit reads as written: a lower-case http(s) host of letters, digits, dots and
#: hyphens (no user, port or brackets: its hostname is itself) or an absolute path, then a query
#: and a fragment, with none of the tabs and line breaks urlsplit drops.
_PLAIN_HREF = re.compile(
    r"(?:https?://([a-z0-9.-]*)(/[^?#\t\r\n]*)?|(/(?!/)[^?#\t\r\n]*))(?:\?([^#\t\r\n]*))?(?:#([^\t\r\n]*))?"
)


def _split(href: str) -> tuple[str, str | None, str, str, str] | None:
    """(netloc, hostname, path, query, fragment) of a stripped href as urlsplit gives them; None
    when urlsplit refuses it. A plain address (most links) is read by one match, in a third of
    urlsplit's and hostname's time."""
    plain = _PLAIN_HREF.fullmatch(href)
    if plain is not None:
        host, path, own_path, query, fragment = plain.groups()
        return host or "", host or None, path or own_path or "", query or "", fragment or ""
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    return parts.netloc, parts.hostname, parts.path, parts.query, parts.fragment


_DIGIT = re.compile(r"\d")
_USABLE_SCHEMES = frozenset(("", *SAFE_SCHEMES))  # a relative address's, or a safe one's


def _shown(element: HtmlElement) -> set[str]:
    """The addresses of the links a reader sees in an element (text, image or title)."""
    return {
        a.get("href", "").strip()
        for a in element.iter("a")
        if _anchor_title(a) and not a.get("href", "#").startswith("#")
    }


def _grown(block: HtmlElement, found: dict[HtmlElement, set[str]]) -> HtmlElement:
    """The block, or an ancestor that adds only links to the same site's articles (an image card
    beside the list, a second tab of the same feed) and is still mostly links. Wrappers that add
    no article are stepped over, not tested."""
    while True:
        parent = next(
            (a for a in block.iterancestors() if len(found.get(a, ())) > len(found[block]) or a.tag in CHROME_BLOCKS),
            None,
        )
        if parent is None or parent.tag in CHROME_BLOCKS:
            return block
        if len(parent.findall(".//a")) > 2 * len(found[parent]) + 2:
            return block  # far more links than articles: decided before reading any title
        if not _shown(parent) <= found[parent] or _link_text(parent) < len(text_of(parent)) * SHAPE_MIN_LINK_TEXT:
            return block
        if not _may_be_further_reading(parent) or _in_noise(parent) or _gallery(parent):
            return block
        block = parent


def _shaped_blocks(
    tree: HtmlElement, anchors: list[HtmlElement], site: str | None
) -> tuple[list[HtmlElement], list[HtmlElement]]:
    """Further reading whatever its heading says ("Celebs", "健康资讯", none): the smallest element
    holding several links to other articles of the site that read as headlines (counted by URL,
    so an image and a title leading to one story count once), mostly links. Second, the lists of
    SHAPE_MIN_LINKS such links that hold too few to give as further reading (SHAPE_MIN_RECOMMENDED)
    and lie outside the first: kept out of the main text all the same."""
    found: dict[HtmlElement, set[str]] = {}
    titles: dict[str, str] = {}  # url → the longest title of its links
    chrome = _chrome_anchors(tree)
    for anchor in anchors:
        if anchor in chrome or not _article_address(anchor, site):
            continue
        title = _anchor_title(anchor)
        if not reads_as_headline(title):
            continue  # _article_link's last test, its title kept for the block's titles
        href = anchor.get("href", "").strip()
        titles[href] = max(titles.get(href, ""), title, key=len)
        for ancestor in anchor.iterancestors():
            if ancestor.tag in CHROME_BLOCKS:
                break
            urls = found.get(ancestor)
            if urls is None:
                urls = found[ancestor] = set()
            urls.add(href)

    verdicts: dict[HtmlElement, bool] = {}
    in_child: dict[HtmlElement, int] = {}  # the most urls a child holds: what `found` has of its children
    for element, urls in found.items():
        parent = element.getparent()
        in_child[parent] = max(in_child.get(parent, 0), len(urls))

    def smallest(least: int) -> list[HtmlElement]:
        blocks: list[HtmlElement] = []
        for element, urls in found.items():
            if len(urls) < least or in_child.get(element, 0) >= least:
                continue  # too few, or a child already holds them: the smallest element wins
            if element not in verdicts:
                verdicts[element] = holds_further_reading(element, urls)
            if verdicts[element]:
                blocks.append(element)
        return blocks

    def holds_further_reading(element: HtmlElement, urls: set[str]) -> bool:
        """Mostly links, most of them headlines, and none of the lists that only look so. Its
        cheapest test first: the titles read already, where the others read the element's links
        and text."""
        if not _long_enough([titles[u] for u in urls]):
            return False
        n = len(urls)
        shown = {
            a.get("href", "").strip()
            for a in element.iter("a")
            if _anchor_text(a) and not a.get("href", "#").startswith("#")
        }
        if n < len(shown) * SHAPE_MIN_SHARE or _link_text(element) < len(text_of(element)) * SHAPE_MIN_LINK_TEXT:
            return False
        if _introduced_as_content(element) or _under_menu_entry(element) or _marks_this_page(element):
            return False
        if _BEFORE_H1(element) or _gallery(element) or _priced(element):
            return False  # above the headline (the masthead, a menu, the left column), picture cards, products
        return _may_be_further_reading(element) and not _in_noise(element)

    given = list(dict.fromkeys(_grown(b, found) for b in smallest(SHAPE_MIN_RECOMMENDED)))
    taken = set(given)
    held = taken | {a for b in given for a in b.iterancestors()}  # the given blocks and what holds them
    quiet = [b for b in smallest(SHAPE_MIN_LINKS) if b not in held and not any(a in taken for a in b.iterancestors())]
    return given, quiet


def _headline_size(title: str) -> int:
    """Words of a title, or its CJK characters when it is written in CJK."""
    cjk = len(CJK.findall(title))
    return cjk if cjk >= 2 else len(_HEADLINE_WORD.findall(title))


def _long_enough(titles: list[str]) -> bool:
    """Headlines, not labels: the block's titles are long enough at the median (SHAPE_MEDIAN_*),
    counted in the script most of them are written in."""
    cjk = [t for t in titles if CJK.search(t)]
    in_cjk = len(cjk) * 2 >= len(titles)
    sizes = sorted(_headline_size(t) for t in (cjk if in_cjk else titles))
    return sizes[len(sizes) // 2] >= (SHAPE_MEDIAN_CJK if in_cjk else SHAPE_MEDIAN_WORDS)


_CURRENT = re.compile(r"current|selected|active|cur|on|here", re.IGNORECASE)


def _marks_this_page(block: HtmlElement) -> bool:
    """A list of links with one entry unlinked and marked as the current one (`<li
    class="toc_selected">Part 3</li>` among <a>Part 2</a>, <a>Part 4</a>…): the page the reader
    is on, in a series' contents or a section's menu, not further reading."""
    entries = [e for e in block if e.tag == "li"]
    bare = [e for e in entries if e.find(".//a") is None and text_of(e)]
    return (
        len(entries) >= 3
        and len(bare) == 1
        and any(matches_class(e, _CURRENT) for e in bare[0].iter())
        and all(len(e.findall(".//a[@href]")) == 1 for e in entries if e not in bare)
    )


def _under_menu_entry(block: HtmlElement) -> bool:
    """A list that follows a bare link, itself or its wrapper (`<a>Pain</a><div><ul>…`): a menu's
    branch under its parent entry. Further reading is labelled by a heading or text, not a link."""
    for node in (block, block.getparent()):
        label = node.getprevious() if node is not None else None
        while label is not None and not isinstance(label.tag, str):
            label = label.getprevious()
        if label is not None and _bare_link(label):
            return True
    return False


_ENTRIES = frozenset({"a", "ul", "ol", "li"})


def _bare_link(element: HtmlElement) -> bool:
    """A link alone, or a list of that one link and nothing else (`<ul><li><a>Vaccine
    Safety</a></li></ul>`): a menu's entry. A linked box title (`<div class=title><a>财经要闻</a>`)
    is not, nor a "More" link."""
    if element.tag not in _ENTRIES:
        return False
    anchors = [element] if element.tag == "a" else element.findall(".//a[@href]")
    if len(anchors) != 1:
        return False
    text = text_of(anchors[0])
    return bool(text) and text == text_of(element) and not compiled().more_link.search(text)


_BEFORE_H1 = etree.XPath("boolean(following::h1)")  # an element that ends before a headline


_NAMED_CHROME = frozenset({"nav", "header"})  # regions where not even a named further-reading block stands


_INLINE = frozenset({"a", "span", "em", "strong", "b", "i", "small", "img", "label"})
CHROME_BLOCKS = CHROME_TAGS | {"html", "body"}


def _teaser(anchor: HtmlElement, title: str, block: HtmlElement) -> str | None:
    """Text beside a link in its own card (the card holds no other link)."""
    card = anchor
    href = anchor.get("href")
    for parent in ancestors(anchor):
        if parent is block or any(a.get("href") not in (None, href) for a in parent.iter("a")):
            break
        card = parent
    if card is anchor:  # the link is the card: its teaser is the line under its title, if it holds one
        lines = _title_and_teaser(anchor)
        return strip_teaser(lines[1]) if lines else None
    text = text_of(card)
    rest = text.replace(title, "", 1).strip()
    if not rest or compiled().date_only.fullmatch(rest):
        return None
    return strip_teaser(rest)


def _recommended(tree: HtmlElement, walk: _Walk, resolve: _Resolver, page_url: str | None, found: RelatedLinks) -> None:
    rules = compiled()
    site = _site(urlsplit(resolve.base).hostname) if resolve.base else _main_site(walk.anchors)
    blocks, shaped = _recommend_blocks(tree, walk, site)
    neighbours = {link.title: link.relation for link in found.links if link.relation != "recommended"}
    if len(neighbours) == 2:
        blocks = [b for b in blocks if not _series_contents(b, neighbours)]
    if not blocks:
        return
    nested = sorted(blocks, key=lambda b: sum(1 for _ in b.iterancestors()))  # inner blocks win
    block_of = {anchor: block for block in nested for anchor in block.iter("a")}
    taken = {link.url or link.title for link in found.links if link.relation == "recommended"}
    paid: dict[HtmlElement, bool] = {}  # asked only of a block with another site's link: most have none
    shapes: dict[HtmlElement, set[str]] = {}
    ids = page_url is not None and _LONG_ID.search(_last_segment(page_url)) is not None
    for anchor in walk.anchors:  # document order across blocks
        block = block_of.get(anchor)
        if block is None:
            continue
        href = anchor.get("href") or ""
        checked = resolve.check(href)  # an unsafe link counted, whatever the tests below say
        if checked is None or (block in shaped and not shaped[block]):
            continue  # no link; or kept out of the main text, but too short a list to name further reading
        if _HUB_PATH.search(href) or matches_class(anchor, rules.noise_class) or _shown_again(anchor, href, block):
            continue
        title = _RANK_PREFIX.sub("", _DATE_PREFIX.sub("", _BULLET_PREFIX.sub("", _anchor_title(anchor)))).strip()
        if len(title) < 2 or _marker(title)[0] or compiled().pagination.search(title) or rules.more_link.search(title):
            continue
        if rules.recommend_heading.search(title):
            continue  # a tab's label ("Most Popular", "Latest Articles"), not an article
        usable, url = resolve.resolved(*checked)  # resolved for the links the tests above left
        if not usable or _service(url):
            continue
        if (
            url is not None
            and _site(urlsplit(url).hostname) != site
            and (paid[block] if block in paid else paid.setdefault(block, _paid(block)))
        ):
            continue  # an ad: another site's link in a paid box (beside the site's own articles); a
            # link with no address (a relative one on a page without its URL) is the site's own
        if block in shaped and not _article_link(anchor, site) and not _like_its_articles(anchor, block, site, shapes):
            continue  # a category label or a "Home" link beside the headlines
        if url and markers.COMMENT_FRAGMENT.search(url):
            continue  # an article's comments ("3 comments"): the article, not one more to read
        if _same_page(url, page_url) or (url or title) in taken or (ids and _hub_of(url, site)):
            continue  # the page itself, a link given already, a topic's page of a site whose articles have ids
        taken.add(url or title)
        found.links.append(Link("recommended", title, _teaser(anchor, text_of(anchor), block), url))
    found.blocks.extend(blocks)


def _shown_again(anchor: HtmlElement, href: str, block: HtmlElement) -> bool:
    """Is a link with no text of its own (a card's picture, named by its title attribute) given
    again with text in its block (the card's headline)? The headline's words are the title the
    reader sees; the picture's attribute is often shorter or another wording."""
    if not href or text_of(anchor):
        return False
    return any(other is not anchor and other.get("href") == href and text_of(other) for other in block.iter("a"))


def _paid(block: HtmlElement) -> bool:
    """Does a line in the block, or one standing beside it in its box (an ad network's widget: its
    "Sponsored Links by …" line next to its list), mark it as paid (markers.PAID_LABEL)? Such a
    widget mixes ads (other sites' links) with the site's own articles. Only elements' own
    leading text is read: no text is built."""
    parent = block.getparent()
    beside = [e for e in parent if e is not block] if parent is not None and parent.tag not in CHROME_BLOCKS else []
    return any(
        isinstance(element.tag, str) and element.text and markers.PAID_LABEL.match(element.text)
        for element in (*block.iter(), *beside)
    )


_DIGITS = re.compile(r"\d+[a-z]?(?![a-z])", re.IGNORECASE)  # an id, with a letter of a variant ("0902a")


def _url_shape(href: str) -> str | None:
    """A link's path with its numbers blanked ("/askthedoc/ask_the_doc#.html"): the articles of
    one list share it, a category's page ("/health/") does not. None for a link that has no path
    that could tell."""
    try:
        parts = urlsplit(href.strip())
    except ValueError:
        return None
    return _DIGITS.sub("#", parts.path) if _DIGITS.search(parts.path) and not parts.fragment else None


def _like_its_articles(
    anchor: HtmlElement, block: HtmlElement, site: str | None, shapes: dict[HtmlElement, set[str]]
) -> bool:
    """A short title ("Melanoma") whose address has the shape of the block's headline links: an
    article of the same list, not a label beside it. `shapes` caches each block's shapes."""
    if block not in shapes:
        shapes[block] = {
            s for a in block.iter("a") if _article_link(a, site) and (s := _url_shape(a.get("href") or ""))
        }
    shape = _url_shape(anchor.get("href") or "")
    return shape is not None and shape in shapes[block]


_ID_SEGMENT = re.compile(_ID_OR_FILE, re.IGNORECASE)  # a last path segment with a number or a page file
_LONG_ID = re.compile(r"\d{4,}")  # an article's id in its address ("about_5435410_…", "t3714580.htm")


def _last_segment(url: str) -> str:
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]


def _hub_of(url: str | None, site: str | None) -> bool:
    """A link of the page's own site whose last path segment has no number and no page file, where
    the page's own address has an id: a topic's or a section's page ("/early-signs-of-autism"
    beside "/about_5435410_early-warning-signs-autism.html"), not an article."""
    if not url:
        return False
    parts = urlsplit(url)
    return _site(parts.hostname) == site and not parts.query and _ID_SEGMENT.search(_last_segment(url)) is None


def _series_contents(block: HtmlElement, neighbours: dict[str, str]) -> bool:
    """A block that lists the page's previous and next articles (`neighbours`: title → relation)
    with at most one link between them, the page itself: the contents of the guide or series the
    page belongs to ("In this section"), not further reading."""
    at = {neighbours[t]: i for i, t in enumerate(text_of(a) for a in block.iter("a")) if t in neighbours}
    return len(at) == 2 and abs(at["next"] - at["previous"]) <= 2


def _mostly_headlines(block: HtmlElement) -> bool:
    """Most of the pages the block's links lead to (SHAPE_MIN_SHARE) have a title that reads as a
    headline; its tabs' labels ("Most Popular") and "More" links left out of the count."""
    rules = compiled()
    shown: set[str] = set()
    headlines: set[str] = set()
    for anchor in block.iter("a"):
        href, title = anchor.get("href", "").strip(), _anchor_title(anchor)
        if not title or href.startswith("#") or rules.recommend_heading.search(title) or rules.more_link.search(title):
            continue
        shown.add(href)
        if reads_as_headline(title):
            headlines.add(href)
    return bool(shown) and len(headlines) >= len(shown) * SHAPE_MIN_SHARE


def _introduced_as_content(block: HtmlElement) -> bool:
    """A list right after a heading that names a kind ("Causes") or a sentence that introduces it
    ("…include:"): the article's own linked list, not further reading."""
    previous = block.getprevious()
    while previous is not None and not isinstance(previous.tag, str):
        previous = previous.getprevious()
    if previous is None:
        return False
    text = text_of(previous)
    if previous.tag in HEADINGS:
        return classify(text) != "other"
    return text.rstrip().endswith((":", "：")) and not _box_of(block, previous)


def _box_of(block: HtmlElement, label: HtmlElement) -> bool:
    """A box that holds only a label and the list ("Most recent articles from <a>Nutrition</a>:"
    over a list of headlines): further reading's own frame, not a sentence of the article's body
    that introduces its list. Inside the article (what holds its <h1>), the label must name where
    the links come from with a link of its own: a section's "The causes are these:" box is the
    article's."""
    parent = block.getparent()
    if parent is None or [e for e in parent if isinstance(e.tag, str)] != [label, block]:
        return False
    return label.find(".//a[@href]") is not None or not _IN_ARTICLE(block)


_IN_ARTICLE = etree.XPath("boolean(ancestor::*[not(self::body or self::html)][.//h1])")


def _main_site(anchors: list[HtmlElement]) -> str | None:
    """With no page url: the site most absolute links lead to (relative links are the page's own
    site in any case)."""
    hosts: dict[str, int] = {}
    share = lowered(_SHARE_LINK)
    for anchor in anchors:
        href = anchor.get("href") or ""
        if _search(_SHARE_LINK, share, href):
            continue  # "share on …" buttons lead to the social sites, not to this one
        if href.startswith(("http://", "https://", "//")):
            split = _split(href)  # its host as urlsplit reads it, a plain address without urlsplit
            site = _site(split[1]) if split is not None else None
            if site:
                hosts[site] = hosts.get(site, 0) + 1
    return max(hosts, key=lambda h: hosts[h]) if hosts else None


def find_links(tree: HtmlElement, page_url: str | None) -> RelatedLinks:
    """Previous, next and recommended links of an HTML page, with the blocks that hold them."""
    base_el = tree.find(".//base[@href]")
    base = page_url
    if base_el is not None and http_url(base_el.get("href", "")):
        base = http_url(base_el.get("href", ""))
    resolve = _Resolver(base)
    found = RelatedLinks()
    walk = _Walk.of(tree)
    _prev_next(tree, walk, resolve, found)
    _recommended(tree, walk, resolve, page_url, found)
    found.unsafe_dropped = resolve.unsafe
    return found


def find_text_links(lines: list[str]) -> RelatedLinks:
    """Links of a text dump: marker lines, and a recommend heading followed by title/teaser lines."""
    rules = compiled()
    found = RelatedLinks()
    recommend_at = None
    for i, line in enumerate(lines):
        relation, title = _marker(line)
        if relation and len(line) < 200:
            found.cut_at = i if found.cut_at is None else found.cut_at
            if (
                title
                and not rules.not_an_article.search(title)
                and all(link.relation != relation for link in found.links)
            ):
                found.links.append(Link(relation, title, None, None))
        elif len(line) <= 40 and rules.recommend_heading.search(line):
            found.cut_at = i if found.cut_at is None else found.cut_at
            recommend_at = i
            break
    if recommend_at is not None:
        titles: list[Link] = []
        for line in lines[recommend_at + 1 :]:
            if rules.noise_text.search(line):
                break
            if _ELLIPSIS.search(line) and titles and titles[-1].teaser is None:
                last = titles[-1]
                titles[-1] = Link(last.relation, last.title, strip_teaser(line), None)
            elif not _ELLIPSIS.search(line):
                title = _DATE_PREFIX.sub("", line).strip()
                if title and title not in {t.title for t in titles}:
                    titles.append(Link("recommended", title, None, None))
        found.links.extend(titles)
    return found
