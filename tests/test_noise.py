"""Noise marking: what a reader never sees is neither the article nor its further reading."""

from __future__ import annotations

from pagesift.extract.noise import _HINT, _HINTS, MARK, _hinted, mark_noise
from pagesift.extract.page import parse_html
from pagesift.extract.pipeline import process

NOW = "2026-01-01T00:00:00Z"
PROSE = "Cold hands come from narrowed blood vessels when the body keeps its core warm. " * 3


def _marked(body: str) -> dict[str, str]:
    tree = parse_html(f"<html><body>{body}</body></html>")
    mark_noise(tree, [])
    return {e.get("id"): e.get(MARK) for e in tree.iter() if e.get("id")}


def test_a_second_article_hidden_by_the_site_builder_gives_no_items() -> None:
    """A site builder hides a whole other guide (its own h1, sections and lists) with a class; the
    visible essay has no causes or remedies."""
    html = (
        "<html><body><h1>Why I take a walk every day</h1>"
        f"<p>{PROSE}</p><p>{PROSE}</p>"
        "<div class='guide-wrapper w-condition-invisible'><h1>Why I take a walk every day</h1>"
        "<h2>Causes of a sedentary life</h2><ul><li>Desk work: eight hours a day.</li><li>Long commutes: by car.</li></ul>"
        "<h2>How to fix it</h2><ul><li>Standing desk: half the day.</li><li>Walk to work: twice a week.</li></ul>"
        f"<p>{PROSE * 6}</p></div></body></html>"
    )
    record = process("walk.html", html.encode(), NOW).record
    assert record is not None
    assert record["causes"] == [] and record["remedies"] == []
    assert "Desk work" not in record["text"]


def test_hiding_class_tokens_and_the_hidden_attribute() -> None:
    marked = _marked(
        f"<h1>Headline</h1><div id='main'><p>{PROSE}</p></div>"
        "<div id='attr' hidden><p>Template text.</p></div>"
        "<div id='dnone' class='message d-none'><p>Hidden message.</p></div>"
        "<span id='sr' class='screen-reader-text'>Previous post:</span>"
        "<div id='responsive' class='sidebar d-none d-lg-block'><p>Shown on large screens.</p></div>"
        "<div id='tailwind' class='hidden md:flex'><p>Shown on medium screens.</p></div>"
        "<div id='xs' class='hidden-xs'><p>Hidden on phones only.</p></div>"
        "<div id='label' class='field field-label-hidden'><p>A body field whose label is hidden.</p></div>"
        "<div id='overflow' class='overflow-hidden'><p>Clipped, not hidden.</p></div>"
    )
    assert {k for k, v in marked.items() if v == "hidden"} == {"attr", "dnone", "sr"}
    assert marked["main"] is None


def test_a_hidden_wrapper_holding_the_only_headline_is_the_article() -> None:
    """The article itself, hidden until a script reveals it, is kept."""
    marked = _marked(f"<div id='app' class='is-hidden'><h1>Headline</h1><p>{PROSE}</p></div>")
    assert marked["app"] is None


def test_content_hidden_until_found_or_by_an_accordion_stays() -> None:
    marked = _marked(
        f"<h1>Headline</h1><p>{PROSE}</p><div id='found' hidden='until-found'><p>Causes list.</p></div>"
        "<div id='panel' class='panel hide'><p>Answer.</p></div>"
    )
    assert marked["found"] is None and marked["panel"] is None


def test_a_collapsed_panel_a_button_controls_stays() -> None:
    """An accordion's panel, `hidden` until its button (aria-controls) opens it, is the article's;
    a hidden element no button names stays hidden."""
    marked = _marked(
        f"<h1>Headline</h1><p>{PROSE}</p>"
        "<section><button aria-expanded='false' aria-controls='treatment-panel'><h2>Treatment</h2></button>"
        "<div id='treatment-panel' hidden><h3>How is it treated?</h3><ul><li>Rest</li></ul></div></section>"
        "<div id='template' hidden><p>Template text.</p></div>"
    )
    assert marked["treatment-panel"] is None and marked["template"] == "hidden"
    drawer = _marked(
        "<button aria-controls='drawer'>Open</button><div id='drawer' hidden><h2>Causes</h2></div>"
        f"<h1>Headline</h1><p>{PROSE}</p>"
    )
    assert drawer["drawer"] == "hidden"  # above the headline, and its button says nothing of expanding


def test_the_page_memo_gives_what_the_finders_would_read_without_it() -> None:
    # dom.memo (entered by pipeline.extract) remembers texts and classed elements for one page;
    # outside it nothing is remembered, and a caller may change the list classed gives it
    from pagesift.extract.dom import classed, memo, text_of

    tree = parse_html("<html><body><div class='a'><p id='x'>One <b>two</b></p></div><p>three</p></body></html>")
    body = tree.find("body")
    assert body is not None
    without = ([text_of(e) for e in body.iter()], classed(tree))
    with memo():
        first = classed(tree)
        first.elements.clear()
        first.classes.clear()
        first.names.clear()
        assert ([text_of(e) for e in body.iter()], classed(tree)) == without
        assert [text_of(e) for e in body.iter()] == without[0]  # the remembered answers
    assert [e.get("class") or e.get("id") for e in without[1].elements] == ["a", "x"]
    assert (without[1].classes, without[1].names) == (["a", None], ["a ", " x"])


def test_hinted_agrees_with_the_hint_regex() -> None:
    """_hinted's written-out ASCII test finds each of _HINTS, as the regex does, in any case."""
    for cls in [*_HINTS, *(h.upper() for h in _HINTS), "col d-NONE", "visually-hidden", "post-title", "ſr-only", ""]:
        assert _hinted(cls) == (_HINT.search(cls) is not None), cls


def test_an_element_inside_one_the_page_marked_itself_is_not_marked_again() -> None:
    """A MARK attribute written by the page (even empty) counts as a mark, as INSIDE_MARKED reads it."""
    marked = _marked(
        f"<h1>Headline</h1><p>{PROSE}</p>"
        "<div id='own' data-pagesift-noise=''><div id='inner' class='share-bar'><a href='/x'>Share</a></div></div>"
        "<div id='outer' class='share-bar'><a href='/y'>Share</a></div>"
    )
    assert marked["own"] == "" and marked["inner"] is None and marked["outer"] == "chrome"


def test_short_pieces_are_what_itertext_yields() -> None:
    """dom.short_pieces reads a short element's texts as itertext yields them (no child; one
    childless child, an element or a comment; texts and tails there or not), and leaves the rest
    (and a comment, whose itertext raises) to itertext: on every element of a made page and of
    the gold pages."""
    import lxml.html

    from pagesift.extract.dom import short_pieces, text_pieces

    from .gold_pages import gold_texts

    made = (
        "<html><body><p>a<b>b</b>c</p><p><b>b</b></p><p>a<!--x-->c</p><p><!--x--></p><p><i></i>t</p>"
        "<ul><li><a href='/x'>t</a> tail</li></ul><div></div><div><p>x<i>y</i></p>z</div>"
        "<div>a<b>b</b><i>i</i></div><span><a><b>b</b></a></span></body></html>"
    )
    pages = [made, *gold_texts()]
    read = 0
    for page in pages:
        for element in lxml.html.document_fromstring(page).iter():
            pieces = short_pieces(element)
            if not isinstance(element.tag, str):
                assert pieces is None
                continue
            assert list(text_pieces(element)) == list(element.itertext())
            if pieces is None:
                assert len(element) > 1 or len(element[0])
            else:
                read += 1
    assert read > 100
