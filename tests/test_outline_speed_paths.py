"""The fast paths of the outline held equal to the general ones they stand in for."""

from __future__ import annotations

import re

import lxml.html
import pytest

from pagesift.extract.blocks import (
    _BLOCKISH,
    Block,
    _anchor_texts,
    _has_block_child,
    _inline_lines,
    _inline_text,
    from_tree,
)
from pagesift.extract.dom import class_id, memo, text_of
from pagesift.extract.meta import _BLOCKS, _in_site_chrome, lead_text
from pagesift.extract.noise import INSIDE_MARKED, MARK
from pagesift.extract.page import parse_html
from pagesift.extract.rules import compiled, markers, opening_class, reading
from pagesift.extract.sections import (
    LEAD_WORDS,
    _any_of,
    _before_end,
    _ends_article,
    _first_named,
    _inline_starts,
    _names_other_kind,
    _rank,
    classify,
    size,
    strip_marker,
)
from pagesift.text import CJK, clean

from .gold_pages import gold_texts

PROSE = "Sleeping on a pillow that is too high bends the neck forward for hours and strains it."
MADE_BLOCKS: list[list[Block]] = [
    [],
    [Block("para", "© 2019 Getty Images"), Block("para", PROSE), Block("para", "© 2019 Example Health")],
    [Block("para", PROSE), Block("para", "Copyright © 2020 Example. All rights reserved."), Block("para", PROSE)],
    [Block("heading", "Leave a comment.", level=3), Block("para", PROSE), Block("heading", "Comments", level=2)],
    [Block("para", PROSE), Block("heading", "Leave a comment.", level=3), Block("para", PROSE)],
    [Block("para", "Comments", lead="Comments", bold=True), Block("item", "Rest"), Block("para", "Next post: Flu")],
    [Block("para", "Next article"), Block("heading", "Causes"), Block("item", "Age"), Block("para", "上一篇：感冒")],
    [Block("heading", "网友评论", level=3), Block("para", "版权所有 2020"), Block("item", "多喝水")],
]


def _gold_blocks() -> list[list[Block]]:
    return [from_tree(parse_html(text).find("body"), MARK) for text in gold_texts()]


def _blocks_before_end(blocks: list[Block]) -> list[Block]:
    """The general cut, as it was before the lines kept each block's answer."""
    begun = False
    for i, block in enumerate(blocks):
        if begun and _ends_article(block):
            return blocks[:i]
        begun = begun or block.kind == "item" or (block.kind == "para" and size(block.text) >= LEAD_WORDS)
    return blocks


@pytest.mark.parametrize("blocks", MADE_BLOCKS + _gold_blocks())
def test_lines_before_the_end_keep_what_ends_the_article(blocks: list[Block]) -> None:
    lines = _before_end(blocks)
    general = [_rank(block, False) for block in _blocks_before_end(blocks)]
    shown = [(x.block, x.rank, x.family, x.text) for x in lines]
    assert shown == [(x.block, x.rank, x.family, x.text) for x in general]
    assert [line.ends for line in lines] == [_ends_article(line.block) for line in lines]


def test_a_misused_heading_ends_the_article_as_the_paragraph_it_is_read_as() -> None:
    (line,) = _before_end([Block("heading", "Leave a comment.", level=3)])
    assert line.block.kind == "para" and not line.ends
    assert _ends_article(Block("heading", "Leave a comment.", level=3))


HEADINGS = [
    "",
    "Causes",
    "Reasons to eat organic",
    "Causes of fatigue and reasons to see a doctor",
    "Reasons to see a doctor: the causes of fatigue",
    "Why you should know the causes",
    "How to tell the remedies apart, and how to treat it",
    "Treat yourself: home remedies that work",
    "Side effects",
    "Diagnosis",
    "Symptoms and diagnosis of a stiff neck in adults who sleep badly",
    "症状",
    "病因",
    "颈椎病的原因和治疗方法",
    "Overview",
]


def _gold_headings() -> list[str]:
    return [b.text for blocks in _gold_blocks() for b in blocks if b.kind == "heading" or b.bold]


def _first_named_at_once(kind: str, pattern: re.Pattern[str], heading: str) -> int | None:
    """The general reading: the phrases naming no kind found before the kind words."""
    spans = [m.span() for negation in compiled().not_kinds.get(kind, ()) for m in negation.finditer(heading)]
    for match in pattern.finditer(heading):
        if not any(a <= match.start() < b for a, b in spans):
            return match.start()
    return None


@pytest.mark.parametrize("language", [None, "en", "zh"])
def test_a_kind_word_is_weighed_against_its_negations_as_before(language: str | None) -> None:
    with reading(language):
        rules = compiled()
        for heading in HEADINGS + _gold_headings():
            for kind, pattern in [*rules.strong_kinds.items(), *rules.weak_kinds.items()]:
                assert _first_named(kind, pattern, heading) == _first_named_at_once(kind, pattern, heading), heading


@pytest.mark.parametrize("language", [None, "en", "zh"])
def test_an_item_title_names_another_kind_as_before(language: str | None) -> None:
    with reading(language):
        for title in HEADINGS + _gold_headings():
            for kind in ("causes", "remedies", "symptoms", "diagnosis", "other"):
                other = classify(title)
                general = other in ("symptoms", "diagnosis") and other != kind and size(title) <= 3
                assert _names_other_kind(title, kind) == general, title


@pytest.mark.parametrize("blocks", MADE_BLOCKS + _gold_blocks())
def test_a_line_keeps_the_kind_its_heading_names(blocks: list[Block]) -> None:
    blocks = [
        *blocks,
        *(Block("heading", h) for h in HEADINGS),
        *(Block("para", h, lead=h, bold=True) for h in HEADINGS),
    ]
    for line in _before_end(blocks):
        assert line.kind == (classify(line.text) if line.rank else "other")


# --- blocks read from the tree -------------------------------------------------------------------

MADE_HTML = [
    "<p>one line</p>",
    "<p>  spaced \t line\u00a0with\u3000spaces  </p>",
    "<p>source\nline\nbreaks</p>",
    "<p></p>",
    "<p>   \n  </p>",
    "<p>a<br>b<br/>c</p>",
    "<p><b>Lead:</b> text <a href='/x'>link</a> tail</p>",
    "<p>before<!-- a comment -->after<button>Buy</button> end</p>",
    "<div><p>block</p> tail text <span>inline</span>\n</div>",
    "<ul><li>one</li>\u00a0<li>two</li>\u3000 <li>three\n</li>\u2028</ul>",
    "<div>\u00a0<p>x</p>\x1c<p>y</p> <!-- c --> z</div>",
]


def _elements() -> list:
    trees = [parse_html(f"<html><body>{html}</body></html>") for html in MADE_HTML]
    trees += [parse_html(text) for text in gold_texts()]
    return [e for tree in trees for e in tree.iter() if isinstance(e.tag, str)]


def _inline_lines_walked(element) -> list[str]:
    """The general reading: every element walked, every line split off and cleaned."""
    parts: list[str] = []
    _inline_text(element, parts)
    return [line for line in (clean(x) for x in "".join(parts).split("\n")) if line]


def test_inline_lines_equal_the_walked_lines_on_every_element() -> None:
    for element in _elements():
        assert _inline_lines(element) == _inline_lines_walked(element)
        general = any(isinstance(d.tag, str) and d.tag in _BLOCKISH for d in element.iterdescendants())
        assert _has_block_child(element) == general


def test_a_tail_is_blank_to_clean_exactly_when_it_is_white_space() -> None:
    for code in range(0x3100):
        for tail in (chr(code), f" {chr(code)}\n", chr(code) * 3):
            assert (clean(tail) == "") == tail.isspace(), hex(code)
    assert clean("") == ""


def _anchor_texts_found(element, anchors_too: bool = True) -> list[str]:
    """The general reading: a link looked for by path before the links are read."""
    if element.tag != "a" and element.find(".//a") is None:
        return []
    texts = (
        clean("".join(a.itertext()))
        for a in element.iter("a")
        if a.get("href") and (anchors_too or "#" not in a.get("href", ""))
    )
    return [t for t in texts if t]


def test_anchor_texts_equal_the_path_found_ones_on_every_element() -> None:
    made = parse_html(
        "<html><body><a href='/a'>stray</a><p><a>no href</a> <a href='#x'>self</a> <a href='/y'>"
        "<b>bold</b> link</a></p><h2><a href='https://s/p#causes'>Causes</a></h2></body></html>"
    )
    for element in [*_elements(), *made.iter()]:
        if isinstance(element.tag, str):
            for anchors_too in (True, False):
                assert _anchor_texts(element, anchors_too) == _anchor_texts_found(element, anchors_too)


# --- word counts and markers ---------------------------------------------------------------------

LINES = [
    "",
    " ",
    "Causes",
    "1. Rest",
    "1.",
    "1. ",
    "12、多喝水",
    "一、病因",
    "（一）饮食",
    "第一，多休息",
    "Step 2: ice the joint",
    "STEP 3 rest",
    "step3",
    "(ii) surgery",
    "(IV) Surgery",
    "方一：生姜",
    "① 少吃盐",
    "• Drink water",
    "- Drink water",
    "-Drink water",
    "01 Sleep",
    "2024. A year",
    "颈椎病的原因 and causes",
    "a\u3000b\u00a0c\u2028d\x1ce\u200bf",
    "秋季腹泻多由轮状病毒引起，  多见于 6 个月至 2 岁的婴幼儿",
]


def _texts() -> list[str]:
    return LINES + [b.text for blocks in _gold_blocks() for b in blocks]


def test_size_counts_as_the_word_regex_did() -> None:
    words = re.compile(r"\S+")
    for text in _texts():
        assert size(text) == len(CJK.findall(text)) + len(words.findall(CJK.sub(" ", text))), text
    for code in range(0x3100):
        text = f"a{chr(code)}b"
        assert len(words.findall(text)) == len(text.split()), hex(code)


def _strip_marker_tried_in_turn(text: str) -> tuple[str | None, float, str]:
    for family, rank, pattern in markers.FAMILIES:
        match = pattern.match(text)
        if match and match.end() < len(text):
            return family, rank, text[match.end() :].strip()
    return None, 0.0, text


def test_strip_marker_equals_the_families_tried_in_turn() -> None:
    for text in _texts():
        assert strip_marker(text) == _strip_marker_tried_in_turn(text), text


def test_patterns_are_joined_only_as_written() -> None:
    joined = _any_of([re.compile(r"^step\b", re.IGNORECASE), re.compile(r"^A\d")])
    assert joined is not None
    assert joined.match("STEP 1") and joined.match("A1") and not joined.match("a1")
    assert _any_of([re.compile(r"^(\d)\1")]) is None  # a group: its number would change
    assert _any_of([re.compile(r"^x$", re.MULTILINE)]) is None
    assert _any_of([re.compile(r"^x"), re.compile(r"(?i)^y")]) is None  # a global flag inside


# --- the lead a page sets apart ------------------------------------------------------------------


def _lead_text_general(tree) -> str:
    """lead_text as it read every element's classes and opening afresh."""
    rules = compiled()
    for element in tree.iter("div", "p", "section"):
        tokens = class_id(element.get("class"), element.get("id")).lower().split()
        classed = any(rules.summary_class.fullmatch(t) for t in tokens)
        first = element[0] if len(element) and isinstance(element[0].tag, str) else None
        start = (element.text or "").strip() or (first.text or "" if first is not None else "")
        if not classed and not (bool(start) and bool(rules.summary_label.match(start))):
            continue
        if _in_site_chrome(element) or element.get(MARK) or INSIDE_MARKED(element):
            continue
        text = text_of(element)
        if not 20 <= len(text) <= 1500:
            continue
        labelled = rules.summary_label.match(text)
        if labelled and not any(d.tag in _BLOCKS for d in element.iterdescendants()):
            return text[labelled.end() :].strip()
        if not labelled and classed and len(text) <= 600:
            return text
    return ""


LEAD = "秋季腹泻多由轮状病毒引起，多见于6个月至2岁的婴幼儿。"
MADE_LEADS = [
    f"<div><p>核心提示：{LEAD}</p></div>",
    f"<div>\n  <p>x</p></div><div><strong>导读：</strong>{LEAD}</div>",
    f"<div><span>核心提示：</span>{LEAD}</div>",
    f"<div>\n   <p>\n   </p>\n   <div>\n  核心提示：{LEAD}</div></div>",
    f"<div>   </div><div>\u3000</div><div><b>\u00a0</b></div><p>Summary: {LEAD} Read on for more detail.</p>",
    f"<section id='Lead-Text'>{LEAD} And some more words here.</section>",
    f"<div class='main summary'><div><p>{LEAD}</p></div></div>",
    f"<header><p>核心提示：{LEAD}</p></header><p class='dek'>A dek that is long enough to be the lead.</p>",
    "".join(f"<div class='c{i}'>\n<p>x</p></div>" for i in range(5000))
    + "<p class='standfirst'>A dek after five thousand class strings, long enough.</p>",
    "".join(f"<div>{' ' * (i % 50)}<p>x</p></div>" for i in range(300)) + f"<p>核心提示：{LEAD}</p>",
]


def test_lead_text_equals_the_general_reading() -> None:
    trees = [parse_html(f"<html><body>{html}</body></html>") for html in MADE_LEADS]
    trees += [parse_html(text) for text in gold_texts()]
    commented = f"<html><body><div><!-- 核心提示：{LEAD} --><span>核心提示：</span>{LEAD}</div></body></html>"
    trees.append(lxml.html.document_fromstring(commented))  # parse_html drops comments, this keeps them
    found = 0
    for tree in trees:
        with memo():
            lead = lead_text(tree)
            assert lead == _lead_text_general(tree)
        found += bool(lead)
    assert found >= len(MADE_LEADS) - 1  # the made pages do have leads (all but the one in <header>)


INLINE_TEXTS = [
    "",
    "第一，多喝水。第二，多休息。",
    "第十二、其次",
    "第 一，",
    "①多喝水②多休息",
    "❶A ➋B ➓C",
    "本文第一次发表",
    "Step ① is rest.",
    "No markers here, only “quotes” — and dashes.",
]


def test_inline_markers_found_by_their_opening_as_by_their_search() -> None:
    assert opening_class(markers.INLINE_ITEMS) is not None  # else the fast path is never taken
    texts = INLINE_TEXTS + [block.text for blocks in _gold_blocks() for block in blocks]
    assert [_inline_starts(t) for t in texts] == [[m.start() for m in markers.INLINE_ITEMS.finditer(t)] for t in texts]


@pytest.mark.parametrize(
    ("pattern", "opening"),
    [
        (r"第[一二]{1,3}，|[①②]", "[第①②]"),
        (r"ab|cd", "[ac]"),
        (r"(?:a)b", "[a]"),
        (r"[a-c]x|y", "[a-cy]"),
        (r"[a-c]x|\d", None),  # a category
        (r"[^a]", None),
        (r"^a", None),
        (r"a?b", None),
        (r"(?i)a", None),
        (r"a|", None),
    ],
)
def test_opening_class(pattern: str, opening: str | None) -> None:
    found = opening_class(re.compile(pattern))
    assert (found.pattern if found is not None else None) == opening
    for text in ["", "a", "b", "xab", "zcd", "第一，", "②", "1", "bx", "yy"]:
        assert found is None or found.search(text) or not re.search(pattern, text)
