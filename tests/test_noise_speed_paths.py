"""The fast paths of noise marking and of the main content's container held equal to the general
ones they stand in for."""

from __future__ import annotations

import re

import pytest

from pagesift.extract import dom, noise
from pagesift.extract.dom import classed, matches_class
from pagesift.extract.page import parse_html
from pagesift.extract.rules import compiled

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
