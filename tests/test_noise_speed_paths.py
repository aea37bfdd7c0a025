"""The fast paths of noise marking and of the main content's container held equal to the general
ones they stand in for."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pagesift.extract import dom, noise
from pagesift.extract.dom import classed, matches_class
from pagesift.extract.page import parse_html
from pagesift.extract.rules import compiled, rules_for

from .gold_pages import gold_texts

MADE_CLASSES = (
    "<html><body><div class='share-bar'>a</div><div class='share-bar'>b</div><div id='share-bar'>c</div>"
    "<div class='' id=''>d</div><div class=''>e</div><div id=''>f</div><div class='post nav'>g</div>"
    "<div class='post' id='nav'>h</div><div class='comments d-none' id='x'>i</div><p class='x y'>j</p>"
    "<div class='Comments'>k</div><div class='read-more-big'>l</div><div class='ſhare'>m</div></body></html>"
)


@pytest.mark.parametrize("text", [MADE_CLASSES, *gold_texts()])
def test_noise_names_are_what_matches_class_finds_of_each_element(text: str) -> None:
    """_noise_names gives the class-and-id strings of the elements matches_class holds noisy: with
    its table empty, filled by the same page, and filled by another pattern's verdicts."""
    found = classed(parse_html(text))
    pattern = compiled().noise_class
    general = {
        name for element, name in zip(found.elements, found.names, strict=True) if matches_class(element, pattern)
    }
    dom._KNOWN.clear()
    assert noise._noise_names(found, pattern) == general  # each verdict asked of matches_class
    assert noise._noise_names(found, pattern) == general  # each verdict read from the table
    other = re.compile("x|post")
    other_general = {
        name for element, name in zip(found.elements, found.names, strict=True) if matches_class(element, other)
    }
    assert noise._noise_names(found, other) == other_general
    assert noise._noise_names(found, pattern) == general


def test_noise_names_on_the_made_page_finds_the_noise_classes() -> None:
    """The made page's noisy strings, so the test above cannot pass on an empty answer alone."""
    found = classed(parse_html(MADE_CLASSES))
    named = noise._noise_names(found, compiled().noise_class)
    assert {"share-bar ", " share-bar", "post nav"} <= named
    assert "x y " not in named and "  " not in named and " " not in named


def test_a_full_table_starts_over(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dom, "_KNOWN_MAX", 2)
    dom._KNOWN.clear()
    found = classed(parse_html(MADE_CLASSES))
    pattern = compiled().noise_class
    first = noise._noise_names(found, pattern)
    assert noise._noise_names(found, pattern) == first
    assert len(dom._KNOWN[id(pattern)][1]) <= len(set(found.names))


#: The class/id tables that are matched token by token (matches_class), each language's and all.
_CLASS_TABLES = ("noise_class", "menu_class", "ad_class", "recommend_class", "gallery_class", "summary_class")
_CLASS_PATTERNS = [getattr(rules_for(language), name) for language in (None, "en", "zh") for name in _CLASS_TABLES] + [
    re.compile(r"x|post|read-?more|ad\w*|[a-c]ol-[0-9]+", re.IGNORECASE)
]
#: Ignoring case, [0-a] matches "b" ("B" lies in it): such a pattern is matched as it is written.
_RANGED = re.compile(r"[0-a]n|[^!-z]v", re.IGNORECASE)

MADE_NAMES = [
    "",
    " ",
    "NAV",
    "Post-NAV main",
    "SHARE_bar ",
    "share-bar-Big",
    "READ-MORE-BIG",
    "Read-More",
    " AdSlot",
    "post nav-Previous",
    "col-md-8 Social-Icons",
    "ſhare",  # ignoring case, ſ is s: not ASCII, read by the general regex
    "ıcon nav",
    "\u212aomments",  # the Kelvin sign: k ignoring case
    "Comments\u00a0box",
    "tag_cloud TOPICS",
]


def _page_names() -> list[str]:
    """Every class-and-id string of the gold pages."""
    return sorted({name for text in gold_texts(30) for name in classed(parse_html(text)).names})


@pytest.mark.parametrize("pattern", _CLASS_PATTERNS, ids=lambda p: p.pattern[:30])
def test_a_class_string_lower_cased_matches_where_ignoring_case_matches(pattern: re.Pattern[str]) -> None:
    regex = dom._token_regex(pattern)
    lowered = dom.lowered(regex)
    assert lowered is not None
    names = MADE_NAMES + _page_names()
    general = [dom._class_match(regex, name) for name in names]
    assert [dom._class_match(lowered, name.lower()) for name in names if name.isascii()] == [
        verdict for name, verdict in zip(names, general, strict=True) if name.isascii()
    ]
    dom._KNOWN.clear()
    assert [dom.name_matches(name, pattern) for name in names] == general


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet="naVvPOSTpost-_ dDmMeEnNuU\u212aſı", max_size=14), max_size=10))
def test_made_class_strings_lower_cased_match_as_ignoring_case(names: list[str]) -> None:
    for pattern in [*_CLASS_PATTERNS[:6], _RANGED]:
        regex = dom._token_regex(pattern)
        dom._KNOWN.clear()
        assert [dom.name_matches(name, pattern) for name in names] == [dom._class_match(regex, n) for n in names]


def test_a_source_that_lower_casing_could_hide_is_matched_ignoring_case() -> None:
    for source in (
        r"\x41d",
        r"(?i)ad",
        r"(?-i:ad)",
        r"\Wad",
        r"Ad",
        r"über",
        r"(a)\1",
        r"\N{LATIN SMALL LETTER A}d",
        r"[0-a]d",
        r"[×-÷]",  # Ø-Þ lie between its caseless ends: ignoring case it matches "ø", lower-cased not
        r"[^!-z]",
    ):
        assert dom.lowered(re.compile(source, re.IGNORECASE)) is None, source
    assert dom.lowered(re.compile(r"(?<![^\s_-])(?:ad\w*|nav)(?![^\s_-])", re.IGNORECASE)) is not None
    assert dom.lowered(re.compile(r"[一-龥]x|[上下]一篇|[a-z]", re.IGNORECASE)) is not None  # ranges lower-casing keeps
