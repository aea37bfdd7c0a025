"""Mark navigation noise in the tree so trafilatura never sees it.

Nothing is removed from the shared tree: elements get a ``data-pagesift-noise`` attribute and
trafilatura (which works on its own copy) prunes them with ``PRUNE_XPATH``.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from pagesift.extract.dom import SKIP_TAGS, STRING, Classed, classed, name_matches
from pagesift.extract.rules import compiled

MARK = "data-pagesift-noise"
#: The marked elements, in document order. These XPaths reach elements from their attribute
#: (``//@a/..``, not ``//*[@a]``): libxml2 finds the same nodes in a third to a half less time.
PRUNE_XPATH = f"//@{MARK}/.."
_NEVER = frozenset({"html", "body", "main", "article"})
_HOLDS_H1 = etree.XPath("boolean(.//h1)")
INSIDE_MARKED = etree.XPath(f"boolean(ancestor::*[@{MARK}])")
#: The elements marked already (a page's own MARK attribute counts as one) and those hidden by the
#: ``hidden`` attribute (class tokens are matched in Python), in one XPath: a union costs a fourth
#: more than either alone, not twice as much. Inline ``display:none`` is not read: news sites keep
#: the article itself in such a div until a script shows it.
_MARKED_OR_HIDDEN = etree.XPath(f"//@{MARK}/.. | //@hidden[not(.='until-found')]/..")  # until-found: a search shows it
#: The ids a disclosure opens or closes (`aria-controls` on an element that says it expands, or a
#: tab): an accordion's or a tab's panel below the headline, hidden only until the reader clicks,
#: is the article's all the same; a drawer or a menu above it is not.
_CONTROLLED = etree.XPath("//@aria-controls[../@aria-expanded or ../@role='tab']")
_AFTER_H1 = etree.XPath("boolean(preceding::h1)")
#: Words in every hiding class token ("d-none", "visually-hidden"): a class string without one is passed over.
_HINTS = ("hidden", "invisible", "none", "sr-only", "screen-reader")
_HINT = re.compile("|".join(map(re.escape, _HINTS)), re.IGNORECASE)


def _text_length(element: HtmlElement) -> int:
    return _folded_length(STRING(element))


def _folded_length(text: str) -> int:
    """The length of the text with its white space runs folded to one space and stripped: split
    and join, two to three times faster than a regex substitution over a page's text (both read
    white space as str.isspace does)."""
    return len(" ".join(text.split()))


def _over_a_third(element: HtmlElement, page_len: int) -> bool:
    """_text_length(element) * 3 > page_len, without folding the white space of an element whose
    raw text is already short enough (folding only shortens it): most noise blocks are small."""
    raw = STRING(element)
    return len(raw) * 3 > page_len and _folded_length(raw) * 3 > page_len


def mark_noise(tree: HtmlElement, link_blocks: list[HtmlElement]) -> int:
    """Mark link blocks and chrome (share bars, consent, comments, ads, ...); return how many.

    An element that holds the headline or most of the page's text is never marked, so a
    noisy-sounding class on the article's own wrapper cannot empty the page. One walk over the
    classed elements gathers both the hidden-class candidates and the noise-classed ones, from
    the class and name strings the links' walk read (dom.Classed), each distinct string tested
    once (the names' verdicts kept across pages, _noise_names) and the tag read only of an element
    either test picks (mark_noise 1.77 -> 1.46 ms a page on AEB, then 1.18 -> 0.97 with
    _noise_names); the marked elements are held in a set, so that whether one lies inside another
    is a walk up its parents, not an XPath call each (INSIDE_MARKED, 0.3 ms a page on AEB).
    """
    rules = compiled()
    marked: set[HtmlElement] = set()  # every element with a MARK, the page's own ones included
    by_attribute: list[HtmlElement] = []
    for element in _MARKED_OR_HIDDEN(tree):
        if element.get(MARK) is not None:
            marked.add(element)
        if element.get("hidden") not in (None, "until-found"):
            by_attribute.append(element)
    count = 0
    for block in link_blocks:
        block.set(MARK, "links")
        marked.add(block)
        count += 1
    found = classed(tree)
    hinted = {cls for cls in set(found.classes) if cls and _hinted(cls)}  # a hiding class token's hint (mostly none)
    named = _noise_names(found, rules.noise_class)
    by_class: list[HtmlElement] = []
    noisy: list[HtmlElement] = []
    if hinted or named:
        for element, cls, name in zip(found.elements, found.classes, found.names, strict=True):
            if (cls in hinted or name in named) and element.tag not in SKIP_TAGS and element.tag not in _NEVER:
                if cls in hinted:
                    by_class.append(element)
                if name in named:
                    noisy.append(element)
    for element in _hidden(tree, by_attribute, by_class):
        element.set(MARK, "hidden")
        marked.add(element)
        count += 1
    holds_h1: set[HtmlElement] | None = None
    page_len = -1
    for element in noisy:
        if element.get(MARK) or _inside(element, marked):
            continue
        if holds_h1 is None:
            holds_h1 = {a for h1 in tree.iter("h1") for a in h1.iterancestors()}
        if element in holds_h1:
            continue
        if page_len < 0:
            body = tree.find("body")
            page_len = _text_length(body) if body is not None else 0
        if page_len and _over_a_third(element, page_len):
            continue
        element.set(MARK, "chrome")
        marked.add(element)
        count += 1
    return count


def _noise_names(found: Classed, pattern: re.Pattern[str]) -> set[str]:
    """The class-and-id strings of `found` that matches_class(element, pattern) holds noisy, each
    distinct string asked once by the string classed already built (matches_class would read each
    element's class and id again and build its string: most of the walk over the classed elements)."""
    return {name for name in set(found.names) if name_matches(name, pattern)}


def _inside(element: HtmlElement, marked: set[HtmlElement]) -> bool:
    """INSIDE_MARKED(element), given every marked element."""
    parent = element.getparent()
    while parent is not None:
        if parent in marked:
            return True
        parent = parent.getparent()
    return False


def _hidden(tree: HtmlElement, by_attribute: list[HtmlElement], by_class: list[HtmlElement]) -> list[HtmlElement]:
    """Elements a reader never sees (the ``hidden`` attribute, a hiding class token), however much
    text they hold: templates, collapsed duplicates, a second article hidden by the site builder.
    The exceptions: a hidden element that holds every <h1> of the page is the article itself,
    revealed by a script; a disclosure's panel below the headline opens with a click. The
    candidates: elements with the attribute, and elements not in _NEVER nor SKIP_TAGS whose class
    string _hinted finds a hint in."""
    rules = compiled()
    candidates = [e for e in by_attribute if e.tag not in _NEVER and e.tag not in SKIP_TAGS]
    if candidates:  # the disclosures, read only when some element has the attribute (6 AEB pages in 181)
        panels = {name for names in _CONTROLLED(tree) for name in str(names).split()}
        candidates = [e for e in candidates if not (e.get("id") in panels and _AFTER_H1(e))]
    for element in by_class:
        tokens = element.get("class").lower().split()
        if any(rules.hidden_class.fullmatch(t) for t in tokens) and not any(
            rules.shown_class.fullmatch(t) for t in tokens
        ):
            candidates.append(element)
    if not candidates:
        return []
    hidden = set(candidates)
    outermost = [e for e in candidates if not any(a in hidden for a in e.iterancestors())]
    visible_h1 = any(not any(a in hidden for a in h1.iterancestors()) and h1 not in hidden for h1 in tree.iter("h1"))
    return [e for e in dict.fromkeys(outermost) if visible_h1 or not _HOLDS_H1(e)]


def _hinted(cls: str) -> bool:
    """_HINT.search(cls); an ASCII string (nearly every one) by substring searches of its lower
    case, in half the regex's time (0.7 → 0.34 ms a page on AEB) and exact: the case-insensitive
    regex's other matches ("ı" for "i", "ſ" for "s") are not ASCII. The _HINTS are written out:
    any() over a generator took five times as long (1.0 → 0.2 µs a class string, ~390 a page)."""
    if cls.isascii():
        low = cls.lower()
        return "hidden" in low or "invisible" in low or "none" in low or "sr-only" in low or "screen-reader" in low
    return _HINT.search(cls) is not None
