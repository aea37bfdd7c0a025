"""The line tables read in parts (`rules.LinePatterns`) held equal to the unions they stand in for, and
`classify`'s one search of every kind's table held equal to each kind's union in turn, and the
opening classes (`rules.opening_class`) holding every match of the patterns they guard."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pagesift.extract.blocks import from_tree
from pagesift.extract.noise import MARK
from pagesift.extract.page import parse_html
from pagesift.extract.rules import LANGUAGES, _lines, _union, markers, opening_class, reading, rules_for
from pagesift.extract.rules.variants import with_variants
from pagesift.extract.sections import _classified, _split_inline, classify

#: The tables each field joins (as `rules_for` gathers them).
TABLES = {"noise_text": ["NOISE_LINES"], "article_end": ["ARTICLE_END", "ARTICLE_MARKERS"]}
#: The kinds' tables `any_kind` joins.
KIND_TABLES = ["STRONG_KINDS", "WEAK_KINDS"]

MADE_LINES = [
    "",
    " ",
    "|",
    "||",
    "Home | About us | FAQ",
    "HOME |",
    "| Contact |",
    "Home | About | 2024 | FAQ",
    "Take 2 g a day | or as your doctor says",
    "Ibuprofen | 200-400 mg | every 6 hours",
    "a\n| b | c",
    "Share this article",
    "  → share on Facebook",
    "Advertisement",
    "← Back to the list",
    "back to top",
    "Copyright © 2020 Example. All rights reserved.",
    "© 2019 Getty Images",
    "  copyright 2021 Example Health",
    "Text and images ALL RIGHTS RESERVED by the publisher",
    "Photo: copyright (c) Example",
    "Photo: COPYRİGHT (C) Example",  # İ folds to i in a case-blind match
    "coPyrıght © 2020",  # ı: a case-blind i
    "all rights reſerved",  # ſ: a case-blind s
    "callrights reserved",
    "Next article: Flu season",
    "\nNext article",
    "older post",
    "<< : the last one",
    ">>：下一个",
    "上一篇：感冒",
    "【下一篇】感冒",
    "下篇：感冒",
    "前一条：感冒",
    "阅读下一篇",
    "閱讀上一篇",
    "版权所有 2020",
    "版權所有",
    "本文版权归原作者所有",
    "本文版權歸原作者所有，转载请注明",
    "扫一扫关注我们",
    "当前位置：首页 > 健康",
    "當前位置：首頁",
    "未经本站授权不得转载",
    "声明：本文仅供参考",
    "多喝水，注意休息。",
]


def _tables(language: str | None, field: str) -> list[str]:
    """The patterns a field of `rules_for(language)` joins, each language's variants written out."""
    languages = [lang for lang in LANGUAGES if language is None or language == lang.CODE]
    return [
        with_variants(p) if getattr(lang, "VARIANT_FORMS", False) else p
        for name in TABLES[field]
        for lang in languages
        for p in getattr(lang, name)
    ]


def _kind_tables(language: str | None) -> list[str]:
    """The patterns of every strong and weak kind of `rules_for(language)`, variants written out."""
    languages = [lang for lang in LANGUAGES if language is None or language == lang.CODE]
    return [
        with_variants(p) if getattr(lang, "VARIANT_FORMS", False) else p
        for name in KIND_TABLES
        for lang in languages
        for patterns in getattr(lang, name).values()
        for p in patterns
    ]


def _page_lines() -> list[str]:
    """Every block's text, and each of its inline parts, on the gold and holdout pages."""
    lines: set[str] = set()
    for folder in ("gold", "holdout", "holdout2", "holdout3"):
        for path in sorted(Path(__file__).parent.joinpath(folder).glob("*.html*")):
            data = path.read_bytes()
            text = (gzip.decompress(data) if path.name.endswith(".gz") else data).decode("utf-8", "replace")
            body = parse_html(text).find("body")
            if body is None:
                continue
            for block in from_tree(body, MARK):
                lines.add(block.text)
                lines.update(part.text for part in _split_inline(block))
    return sorted(lines)


@pytest.mark.parametrize("language", [None, "en", "zh", "ja"])
@pytest.mark.parametrize("field", sorted(TABLES))
def test_line_tables_find_what_their_unions_find(language: str | None, field: str) -> None:
    union = _union(_tables(language, field))
    parts = getattr(rules_for(language), field)
    lines = MADE_LINES + _page_lines()
    assert len(lines) > 3000
    assert [bool(parts.search(line)) for line in lines] == [bool(union.search(line)) for line in lines]
    assert any(union.search(line) for line in lines) or language == "ja"


#: Patterns whose anchoring or needed character is easy to misread.
TRICKY = [
    r"^a|b",  # anchored only in its first alternative
    r"^a|^b",
    r"(?m:^b)",  # a line start anywhere in the text
    r"\Ab",
    r"^x(?:\|y)?$",  # the "|" may be absent
    r"^x(?:\|y){0,2}$",
    r"^x(?:\|y){2,}$",
    r"x|y",
    r"^(?:x|\|)",
    r"(?>\|+)x",
    r"^(?-i:\|)X",
    r"(?<=\|)x",
    r"^\s*版",
    r"版.{0,3}x",
    r"^.*©",
    r"(?:^|\|)x",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="abxyXY|©版\n İıſ", max_size=8), min_size=1, max_size=12))
def test_made_line_tables_find_what_their_unions_find(lines: list[str]) -> None:
    for patterns in [TRICKY, TRICKY[::-1], *[[p] for p in TRICKY]]:
        union, parts = _union(patterns), _lines(patterns)
        assert [bool(parts.search(line)) for line in lines] == [bool(union.search(line)) for line in lines]


def test_a_menu_is_tried_only_on_a_line_with_its_bar() -> None:
    assert "|" in [needed for needed, _ in rules_for("en").noise_text.parts]
    assert {needed for needed, _ in _lines([r"^x(?:\|y)?$", r"^(?:x|\|)", r"(?<=\|)x"]).parts} == {""}
    assert _lines([]).search("anything") is None


#: Headings that name a kind, or nearly: at the start, negated, in either language.
MADE_HEADINGS = [
    "What can help?",
    "  what works",
    "So what works?",
    "What else helps",
    "Causes",
    "Reasons to eat organic",
    "Causes of fatigue and reasons to see a doctor",
    "Prison rehabilitation",
    "Rehabilitation",
    "Treat yourself to a spa day",
    "How to tell if it is flu",
    "Things you can do in Paris",
    "Things you can do at home",
    "Why choose us?",
    "Symptoms and treatment",
    "原因",
    "如何治疗",
    "病因及治疗方法",
    "吸烟的危害",
    "怎么办？",
    "Method 1 of 3: Using Ice",
]


@pytest.mark.parametrize("language", [None, "en", "zh", "ja"])
def test_classify_by_one_search_reads_as_each_kind_in_turn(language: str | None) -> None:
    union = _union(_kind_tables(language))
    headings = MADE_HEADINGS + _page_lines()
    with reading(language):
        kinds = rules_for(language).any_kind
        assert [bool(kinds.search(h)) for h in headings] == [bool(union.search(h)) for h in headings]
        assert [classify(h) for h in headings] == [_classified(h) for h in headings]
        assert language == "ja" or {"causes", "remedies"} <= {classify(h) for h in MADE_HEADINGS}


MARKER_TEXTS = ["上一篇：感冒", "下篇: 感冒", "后一條】：", "前一篇", "上下", "« Previous article", "<< :", "ıſK 上"]


@pytest.mark.parametrize("language", [None, "zh"])
def test_marker_words_opening_class_holds_every_match(language: str | None) -> None:
    texts = MARKER_TEXTS + _page_lines()
    classes = [(p, opening_class(p)) for p in rules_for(language).article_marker_anywhere]
    assert any(found is not None for _, found in classes)
    for pattern, found in classes:
        if found is not None:
            assert all(found.search(text) for text in texts if pattern.search(text))
            assert all(pattern.search(text) is None for text in texts if not found.search(text))


@pytest.mark.parametrize(
    ("pattern", "opening"),
    [
        (re.compile(r"(?:[上下]篇|[前后]一篇)\s*[:：]", re.IGNORECASE), "[上下前后]"),
        (re.compile(r"[<>]x|y", re.IGNORECASE), None),  # y has a case
        (re.compile(r"[0-9]x", re.IGNORECASE), "[0-9]"),
        (re.compile(r"[0-Z]", re.IGNORECASE), None),
        (re.compile(r"\u212a", re.IGNORECASE), None),  # the Kelvin sign folds to k
    ],
)
def test_opening_class_ignoring_case(pattern: re.Pattern[str], opening: str | None) -> None:
    found = opening_class(pattern)
    assert (found.pattern if found is not None else None) == opening


PAGER_TITLES = [
    "Next page",
    "page 2",
    "  Page3",
    "2",
    " 12 ",
    "下一页",
    "第 3 页",
    "« Older Comments",
    "Newer Entries »",
    "A page",
]


@pytest.mark.parametrize("language", [None, "en", "zh", "ja"])
def test_pagination_in_parts_finds_what_its_union_finds(language: str | None) -> None:
    languages = [lang for lang in LANGUAGES if language is None or language == lang.CODE]
    written = [
        with_variants(p) if getattr(lang, "VARIANT_FORMS", False) else p for lang in languages for p in lang.PAGINATION
    ]
    union = _union([*written, markers.PAGE_NUMBER])
    texts = PAGER_TITLES + _page_lines()
    found = rules_for(language).pagination
    assert [bool(found.search(t)) for t in texts] == [bool(union.search(t)) for t in texts]
