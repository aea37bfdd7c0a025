"""The fast paths of the main container held equal to the general reading they stand in for."""

from __future__ import annotations

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pagesift.extract import maintext
from pagesift.extract.maintext import _OPTIONS, _container, _extract, _key_of, _may_be
from pagesift.extract.noise import PRUNE_XPATH
from pagesift.extract.page import parse_html

from .gold_pages import gold_texts

#: Markup of menus and paragraphs: texts that fold to nothing (white space, punctuation), empty
#: icons before a label, comments and processing instructions first, nesting at every depth.
_MARKUP = st.lists(
    st.sampled_from(
        [
            *("<p>", "</p>", "<div>", "</div>", "<li>", "</li>", "<ul>", "</ul>", "<a href='/x'>", "</a>"),
            *("<span>", "</span>", "<i></i>", "<svg></svg>", "<br>", "<!--c-->", "<?pi x?>", " ", "\n\t", "· "),
            *("Causes of back pain ", "causes ", "Sleep ", "ÉCOLE ", "中文", "ß", "&amp;"),
        ]
    ),
    max_size=40,
).map(lambda parts: "<html><body>" + "".join(parts) + "</body></html>")


def _keys_and_starts(elements: list[lxml.html.HtmlElement]) -> tuple[list[str], list[str]]:
    """Every element's key, and the keys with their halves (starts a first piece can share)."""
    keys = [_key_of(element) for element in elements]
    return keys, sorted({k for k in keys if k} | {k[: len(k) // 2] for k in keys if len(k) > 1})


@settings(max_examples=1500, deadline=None)
@given(html=_MARKUP)
def test_an_element_ruled_out_has_no_key_of_the_starts(html: str) -> None:
    elements = [e for e in lxml.html.document_fromstring(html).iter() if isinstance(e.tag, str)]
    keys, starts = _keys_and_starts(elements)
    for element, key in zip(elements, keys, strict=True):
        assert _may_be(element, sorted({key})), lxml.html.tostring(element)
        assert _may_be(element, starts) or key not in starts, lxml.html.tostring(element)


def test_menu_items_are_ruled_out_on_the_gold_pages() -> None:
    ruled_out = 0
    for page in gold_texts():
        elements = [e for e in lxml.html.document_fromstring(page).iter() if isinstance(e.tag, str)]
        keys, starts = _keys_and_starts(elements)
        article = sorted({k for k in keys if len(k) >= 8 and k.startswith(("a", "e", "s"))})
        for element, key in zip(elements, keys, strict=True):
            assert _may_be(element, sorted({key})) and (_may_be(element, starts) or key not in starts)
            if not _may_be(element, article):
                assert key not in article
                ruled_out += 1
    assert ruled_out > 100


def test_an_icon_before_a_label_and_a_text_of_no_word() -> None:
    page = lxml.html.document_fromstring(
        "<html><body><ul><li><a href='/x'><svg><path/></svg> <!--x--> Sleep</a><ul><li>More</li></ul></li>"
        "<li>\n<a><span class='icon'></span></a> · </li></ul></body></html>"
    )
    label, icon = page.findall("body/ul/li")
    assert not _may_be(label, ["causes of"]) and _may_be(label, ["sleepmore"])
    assert _key_of(icon) == "" and not _may_be(icon, ["causes of"]) and _may_be(icon, ["", "causes of"])


def test_a_chain_of_empty_wrappers_is_not_walked_to_its_end() -> None:
    page = lxml.html.document_fromstring("<html><body>" + "<div> " * 50 + "Sleep" + "</div>" * 50 + "</body></html>")
    outer = page.find("body/div")
    assert outer is not None
    assert _may_be(outer, ["causes of"])  # the first piece lies too deep to look for: read the text
    *_, near, _, _, inner = outer.iter("div")
    assert inner.text == " Sleep" and not _may_be(near, ["causes of"]) and _may_be(near, ["sleep"])


@pytest.mark.parametrize("text", gold_texts())
def test_the_container_is_the_one_every_key_finds(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = parse_html(text)
    document = _extract(tree, options=_OPTIONS, prune_xpath=PRUNE_XPATH)
    assert document is not None and document.body is not None
    fast = _container(tree, document.body)
    monkeypatch.setattr(maintext, "_may_be", lambda element, starts: True)
    assert _container(tree, document.body) is fast
