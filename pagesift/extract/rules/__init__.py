"""Recognition rules as data: keyword and marker tables, one module per language.

Adding a language or a site layout means adding table entries here (and a gold page), not code.
Every table is a plain list of regular expressions; `compiled()` joins the languages once.
A page's outline is read with its own language's words only (`reading`): a Japanese page's
原因 is not read by the Chinese tables, and a page in a language with no module gets no kinds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from re import _constants, _parser  # type: ignore[attr-defined]
from types import ModuleType
from typing import Any

from pagesift.extract.rules import en, markers, zh
from pagesift.extract.rules.variants import spellings, with_variants

LANGUAGES: tuple[ModuleType, ...] = (en, zh)

_NEVER = r"(?!)"  # what an empty table matches: nothing


def _union(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) or _NEVER, re.IGNORECASE)


@dataclass(frozen=True)
class LinePatterns:
    """A table of line patterns, searched as their union is: whether some alternative matches.

    A union's `search` tries every alternative at every character of a line. Here the alternatives
    anchored at the line's start are tried there once (`match`), those that need a character the
    line lacks (a menu's "|") not at all, and only the rest are searched.
    """

    #: (a character each of the part's alternatives needs, or "" for none; the part's match or search)
    parts: tuple[tuple[str, Callable[[str], re.Match[str] | None]], ...]

    def search(self, text: str) -> re.Match[str] | None:
        """A match of some alternative, None when none matches (the match is not always the
        union's leftmost: only whether there is one is the union's)."""
        for needed, find in self.parts:
            if needed in text and (found := find(text)):
                return found
        return None


def _needed(items: list[tuple[Any, Any]]) -> str:
    """A character every match of a parsed pattern's items holds ("" if none is found): a literal
    that no case folding changes, in the items' sequence or in a group or repeat they must match.
    White space is in most lines, so it is not looked for."""
    for op, arg in items:
        if op is _constants.LITERAL:
            char = chr(arg)
            if char.lower() == char == char.upper() and not char.isspace():
                return char
            continue
        if op is _constants.SUBPATTERN:
            body = arg[-1]
        elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT) and arg[0] >= 1:
            body = arg[2]
        elif op is _constants.ATOMIC_GROUP:
            body = arg
        else:
            continue
        if found := _needed(list(body)):
            return found
    return ""


def opening_class(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A class of the characters one of which opens every match of a pattern whose alternatives
    each open with a literal or a class of literals and ranges (caseless characters only, if it
    ignores case): one scan for them (the engine skips ahead to a class) tells a text with no match
    where the pattern's own search tries every alternative at every character. None for any other
    pattern."""
    items = list(_parser.parse(pattern.pattern, pattern.flags).data)
    if not items:
        return None
    op, arg = items[0]
    alternatives = [list(alternative) for alternative in arg[1]] if op is _constants.BRANCH else [items]
    chars: list[str] = []
    for alternative in alternatives:
        if not alternative:
            return None
        op, arg = alternative[0]
        members = [(op, arg)] if op is _constants.LITERAL else arg if op is _constants.IN else None
        if members is None or any(kind not in (_constants.LITERAL, _constants.RANGE) for kind, _ in members):
            return None
        for kind, value in members:
            low, high = (value, value) if kind is _constants.LITERAL else value
            if pattern.flags & re.IGNORECASE and any(_cased(chr(code)) for code in range(low, high + 1)):
                return None
            chars.append(re.escape(chr(low)) + ("-" + re.escape(chr(high)) if high != low else ""))
    return re.compile(f"[{''.join(chars)}]")


def _cased(char: str) -> bool:
    """Whether ignoring case a character may match another (the engine's own test is that its lower
    or upper case differs; case folding and ı, ſ, the Kelvin sign are counted too, to be safe)."""
    return char.lower() != char or char.upper() != char or char.casefold() != char or char in "\u0131\u017f\u212a"


def _lines(patterns: list[str]) -> LinePatterns:
    """Line patterns grouped by where they can match (at the start, or anywhere) and the character
    they need; each group joined as `_union` joins a table."""
    groups: dict[tuple[bool, str], list[str]] = {}
    for pattern in patterns:
        items = list(_parser.parse(pattern, re.IGNORECASE).data)  # a table's pattern sets no global flags
        anchored = bool(items) and items[0] in (
            (_constants.AT, _constants.AT_BEGINNING),
            (_constants.AT, _constants.AT_BEGINNING_STRING),
        )
        groups.setdefault((anchored, _needed(items)), []).append(pattern)

    def finder(anchored: bool, needed: str) -> Callable[[str], re.Match[str] | None]:
        joined = _union(groups[anchored, needed])
        return joined.match if anchored else joined.search

    order = sorted(groups, key=lambda key: (not key[0], not key[1]))  # at the start first, then guarded
    return LinePatterns(tuple((needed, finder(anchored, needed)) for anchored, needed in order))


def _date(words: dict[str, list[str]]) -> re.Pattern[str]:
    """A date and nothing else: numbers, with the languages' words after the year, month and day."""
    year, month = ("|".join(["[-/.]", *words.get(unit, [])]) for unit in ("year", "month"))
    day = "|".join(words.get("day", []))
    return re.compile(
        rf"\s*(?:\d{{4}}(?:{year})\d{{1,2}}(?:{month})\d{{1,2}}(?:{day})?|\d{{1,2}}[-/]\d{{1,2}})"
        r"(?:\s+\d{1,2}:\d{2})?\s*"
    )


@dataclass(frozen=True)
class Rules:
    strong_kinds: dict[str, re.Pattern[str]]  # kind word in the heading ("Causes", "原因")
    weak_kinds: dict[str, re.Pattern[str]]  # kind implied ("What can I do?", "如何")
    #: the phrases in which a kind word names no kind ("reasons to eat"), each apart: their spans may
    #: overlap ("How to pay for IVF treatment": "how to pay" and "pay for … treatment"), which one
    #: union's finditer would not give
    not_kinds: dict[str, tuple[re.Pattern[str], ...]]
    #: some strong or weak kind's word anywhere: most headings have none, and one search of the tables
    #: together tells so where each kind's union is searched apart
    any_kind: LinePatterns
    list_nouns: dict[str, re.Pattern[str]]  # "the following factors:": what kind of list a lead-in introduces
    form_label: re.Pattern[
        str
    ]  # a line opening with a question form's field ("病情描述：…", "Question: …"): never an item
    form_field: re.Pattern[str]  # "Age: 45", "疾病：…": a form's field only on a page with a form_label
    remedy_group: re.Pattern[str]  # a remedies section's group heading ("Surgery", "药物治疗")
    headline_question: re.Pattern[str]  # "Why": a headline's question word that gives the page no kind
    previous: re.Pattern[str]  # marker before a previous-article link
    next: re.Pattern[str]
    marker_hint: re.Pattern[str]  # a word of some previous/next marker
    trailing_marker: re.Pattern[str]  # a button's word after a previous/next title ("Headline Next »")
    #: a pager's link ("Next page", "第2页", "2"): never an article; read in parts (asked of every
    #: candidate link's title: its ^-anchored numbers kept the union from skipping to word starts)
    pagination: LinePatterns
    date_only: re.Pattern[str]  # a date and nothing else ("2024-03-05 10:30", "03/05", "2024年3月5日")
    not_an_article: re.Pattern[str]  # "返回列表", "没有了": a marker with no article behind it
    recommend_heading: re.Pattern[str]  # heading of a further-reading block
    recommend_class: re.Pattern[str]  # class/id token of a further-reading block
    gallery: re.Pattern[str]  # label of a photo gallery ("Photos", "热门图片"): never further reading
    gallery_class: re.Pattern[str]  # ... and its class/id token ("photo-list")
    service_host: re.Pattern[str]  # a host that serves no articles ("bbs.", "video.", "comment5.")
    price: re.Pattern[str]  # "$24.99", "¥39", "25元": a product's price
    currency: re.Pattern[str]  # "$", "¥", "元": a currency's mark, which every price holds
    more_link: re.Pattern[str]  # "More >>", "更多": a link to a list, not an article
    summary_class: re.Pattern[str]  # class/id token of the intro ("summary", "lead")
    menu_class: re.Pattern[str]  # class/id token of a menu (never further reading)
    noise_class: re.Pattern[str]  # class/id token of navigation, ads, comments, consent, ...
    ad_class: re.Pattern[str]  # advertising's class/id token: never further reading, whatever is nearer
    hidden_class: re.Pattern[str]  # a whole class token that hides an element ("hidden", "d-none")
    shown_class: re.Pattern[str]  # ... and one that shows it again on some screens ("d-lg-block")
    noise_text: LinePatterns  # a whole line that is chrome ("Share this article")
    site_name: re.Pattern[str]  # a part of <title> that names the site ("Example.com", "…健康网")
    channel_name: re.Pattern[str]  # an <h1> or <title> that names a channel, not an article
    generic_heading: re.Pattern[str]  # "Overview", "Sources": a heading that is never an item
    frame_heading: re.Pattern[str]  # "Sources", "FAQs": a sub-heading whose list is not the section's
    article_end: LinePatterns  # a line after which nothing is the article's: copyright, prev/next
    article_marker: re.Pattern[str]  # a previous/next marker that names an article ("上一篇", "Next post")
    #: their words anywhere in a text (a cheap test of a whole page), each table's pattern apart: a union
    #: tries every alternative at each character, where a pattern that opens with a literal skips ahead
    #: (a third less time on the AEB and real pages)
    article_marker_anywhere: tuple[re.Pattern[str], ...]
    comments_heading: re.Pattern[str]  # a heading that opens the comment thread
    byline: re.Pattern[str]  # dateline / author line between headline and intro
    boilerplate: re.Pattern[str]  # a site's standing text (a medical disclaimer): never the summary
    note_label: re.Pattern[str]  # a run-in note or warning ("注意：", "Note:"): never an item
    summary_label: re.Pattern[str]  # "核心提示：" before the intro


def language_names() -> list[str]:
    """The languages the rules read ("English", "Chinese"), as the dataset card names them."""
    return [lang.NAME for lang in LANGUAGES]


#: The language whose words read the page now: None for every language's (the whole page's
#: links, headline and noise, read before its language is known).
_READING: ContextVar[str | None] = ContextVar("pagesift_reading", default=None)


@contextmanager
def reading(language: str | None) -> Iterator[None]:
    """Rules of one language (an ISO 639-1 code, as `language.identify` gives) while a page's
    outline is read; every language's when it is not known."""
    token = _READING.set(language)
    try:
        yield
    finally:
        _READING.reset(token)


def compiled() -> Rules:
    """The rules of the language being read (`reading`), else of every language."""
    return rules_for(_READING.get())


@cache
def rules_for(language: str | None) -> Rules:
    """Every language's tables joined (None), or one language's: its module's, or none at all for
    a language with no module (only the language-free markers then)."""
    languages = LANGUAGES if language is None else tuple(lang for lang in LANGUAGES if language == lang.CODE)

    def written(lang: ModuleType, patterns: list[str]) -> list[str]:
        """A language's patterns, matching its characters' variants too (zh: Traditional forms)."""
        return [with_variants(p) for p in patterns] if getattr(lang, "VARIANT_FORMS", False) else patterns

    def gather(name: str) -> list[str]:
        return [p for lang in languages for p in written(lang, getattr(lang, name))]

    def merged(name: str) -> dict[str, list[str]]:
        table: dict[str, list[str]] = {}
        for lang in languages:
            for key, patterns in getattr(lang, name).items():
                table.setdefault(key, []).extend(written(lang, patterns))
        return table

    def kinds(name: str) -> dict[str, re.Pattern[str]]:
        return {kind: _union(patterns) for kind, patterns in merged(name).items()}

    return Rules(
        strong_kinds=kinds("STRONG_KINDS"),
        weak_kinds=kinds("WEAK_KINDS"),
        not_kinds={kind: tuple(re.compile(p, re.IGNORECASE) for p in ps) for kind, ps in merged("NOT_KINDS").items()},
        any_kind=_lines([p for name in ("STRONG_KINDS", "WEAK_KINDS") for ps in merged(name).values() for p in ps]),
        list_nouns=kinds("LIST_NOUNS"),
        form_label=_union(gather("FORM_LABELS")),
        form_field=_union(gather("FORM_FIELDS")),
        remedy_group=_union(gather("REMEDY_GROUPS")),
        headline_question=_union(gather("HEADLINE_QUESTIONS")),
        previous=_union(gather("PREVIOUS")),
        next=_union(gather("NEXT")),
        marker_hint=_union(
            [
                re.escape(spelled)
                for lang in languages
                for word in lang.MARKER_WORDS
                for spelled in (spellings(word) if getattr(lang, "VARIANT_FORMS", False) else [word])
            ]
        ),
        trailing_marker=re.compile(rf"\s+(?:{'|'.join(gather('TRAILING_MARKERS')) or _NEVER})\s*(?:»|›|→)?\s*$"),
        pagination=_lines([*gather("PAGINATION"), markers.PAGE_NUMBER]),
        date_only=_date(merged("DATE_WORDS")),
        not_an_article=_union(gather("NOT_AN_ARTICLE")),
        recommend_heading=_union(gather("RECOMMEND_HEADINGS")),
        recommend_class=_union(gather("RECOMMEND_CLASSES")),
        gallery=_union(gather("GALLERY_LABELS")),
        gallery_class=_union(gather("GALLERY_CLASSES")),
        service_host=re.compile(markers.SERVICE_HOSTS, re.IGNORECASE),
        price=re.compile(markers.PRICE),
        currency=re.compile(markers.CURRENCY),
        more_link=_union(gather("MORE_LINKS")),
        summary_class=_union(gather("SUMMARY_CLASSES")),
        menu_class=_union(gather("MENU_CLASSES")),
        noise_class=_union(gather("NOISE_CLASSES")),
        ad_class=_union(gather("AD_CLASSES")),
        hidden_class=re.compile(markers.HIDDEN_CLASSES),
        shown_class=re.compile(markers.SHOWN_CLASSES),
        noise_text=_lines(gather("NOISE_LINES")),
        site_name=_union(gather("SITE_NAMES")),
        channel_name=_union(gather("CHANNEL_NAMES")),
        generic_heading=_union(gather("GENERIC_HEADINGS") + gather("FRAME_HEADINGS")),  # a frame is generic too
        frame_heading=_union(gather("FRAME_HEADINGS")),
        article_end=_lines(gather("ARTICLE_END") + gather("ARTICLE_MARKERS")),
        article_marker=_union(gather("ARTICLE_MARKERS")),
        article_marker_anywhere=tuple(re.compile(p, re.IGNORECASE) for p in gather("ARTICLE_MARKER_WORDS")),
        comments_heading=_union(gather("COMMENTS_HEADINGS")),
        byline=_union(gather("BYLINES")),
        boilerplate=_union(gather("BOILERPLATE")),
        note_label=_union(gather("NOTE_LABELS")),
        summary_label=_union(gather("SUMMARY_LABELS")),
    )


__all__ = ["LANGUAGES", "Rules", "compiled", "language_names", "markers", "opening_class", "reading", "rules_for"]
