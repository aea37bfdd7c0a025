"""Property-based tests (hypothesis): sectioning, link finding and the whole per-page path fed
arbitrary text, arbitrary HTML from a small grammar and arbitrary bytes.

Properties: no exception escapes; a page ends as exactly one of record and rejection; every record,
its table rows and every link validate against the schemas in schemas/.

Runs are reproducible (derandomize=True, no example database) and the whole file takes well under
a minute; raise PAGESIFT_HYPOTHESIS_SCALE (e.g. 10) for a longer local hunt.
"""

from __future__ import annotations

import gzip
import os
from collections import Counter
from functools import cache
from html import escape
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from pagesift.errors import PageRejected
from pagesift.extract.blocks import Block
from pagesift.extract.language import Identified
from pagesift.extract.links import RelatedLinks, find_links, find_text_links
from pagesift.extract.page import Page, parse_html, source_of
from pagesift.extract.pipeline import process
from pagesift.extract.record import build_record
from pagesift.extract.sections import find_sections
from pagesift.extract.validate import errors, load_schema
from pagesift.model import TABLES, Article, table_rows
from pagesift.text import clean

NOW = "2026-01-01T00:00:00Z"
_SCALE = max(1, int(os.environ.get("PAGESIFT_HYPOTHESIS_SCALE", "1")))


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples * _SCALE,
        deadline=None,
        derandomize=_SCALE == 1,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


# --- schemas ----------------------------------------------------------------------------------


@cache
def _table_validator(name: str) -> Draft202012Validator:
    schema = load_schema(f"tables/{name}")
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@cache
def _article_validator() -> Draft202012Validator:
    schema = load_schema("article")
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _article_errors(record: dict[str, Any]) -> list[str]:
    """The record's violations of the published schema, by jsonschema itself; pagesift's own
    validator (the model) must give the same verdict."""
    found = sorted(f"{e.json_path}: {e.message}" for e in _article_validator().iter_errors(record))
    assert errors(record) == found
    try:
        Article.model_validate(record)
        model_found = ""
    except ValidationError as exc:
        model_found = str(exc)
    assert bool(model_found) == bool(found), f"the model says {model_found}, the published schema {found}"
    return found


@cache
def _link_validator() -> Draft202012Validator:
    article = load_schema("article")
    return Draft202012Validator({"$ref": "#/$defs/link", "$defs": article["$defs"]})


def _table_errors(record: dict[str, Any]) -> list[str]:
    rows = table_rows(record)
    assert set(rows) == set(TABLES)
    found = []
    for name, table in rows.items():
        for n, row in enumerate(table):
            found += [f"{name}[{n}]{e.json_path[1:]}: {e.message}" for e in _table_validator(name).iter_errors(row)]
    return found


# --- (a) sections: arbitrary blocks ------------------------------------------------------------

_MARKERS = [
    "",
    "",
    "1.",
    "2、",
    "3．",
    "12. ",
    "一、",
    "二.",
    "十一：",
    "(1)",
    "（2）",
    "(3)、",
    "（一）",
    "(二)",
    "①",
    "②",
    "⑳",
    "第一，",
    "第二、",
    "第三 ",
    "方一：",
    "Step 1:",
    "Method 2.",
    "tip 3",
    "- ",
    "* ",
    "•",
]
_KIND_WORDS = [
    "Causes",
    "Symptoms",
    "How to treat it",
    "Home remedies",
    "Prevention",
    "Diagnosis",
    "Why it happens",
    "原因",
    "症状",
    "治疗方法",
    "怎么办",
    "预防",
    "如何缓解",
    "诊断",
    "食疗偏方",
    "注意事项",
    "Related articles",
    "相关文章",
    "Share this article",
    "来源：新华网",
    "核心提示：",
    "Overview",
]
_ALPHABET = st.one_of(
    st.characters(codec="utf-8", exclude_categories=["Cs"]),  # anything, controls included
    st.sampled_from(list("abcXYZ 0123456789.,:;!?()（）、，。：；！？“”-–—…*•·\t\n\u3000\u00a0")),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80),  # CJK
    st.sampled_from(list("①②③一二三十第方")),
)
_WORDS = st.text(_ALPHABET, max_size=40)
_PIECE = st.one_of(_WORDS, st.sampled_from(_KIND_WORDS), st.sampled_from(_MARKERS))


@st.composite
def _raw_text(draw: st.DrawFn) -> str:
    """A marker, then words, kind words and more markers (inline "第一，…第二，…", "①…②…")."""
    return draw(st.sampled_from(_MARKERS)) + "".join(draw(st.lists(_PIECE, min_size=1, max_size=6)))


@st.composite
def _block(draw: st.DrawFn) -> Block:
    """A block as blocks.py makes them: text cleaned and non-empty; an item's lines joined by \\n."""
    kind = draw(st.sampled_from(["heading", "para", "para", "item"]))
    if kind == "item":
        lines = [clean(t) for t in draw(st.lists(_raw_text(), min_size=1, max_size=3))]
        text = "\n".join(line for line in lines if line)
    else:
        text = clean(draw(_raw_text()))
    if not text:
        text = draw(st.sampled_from(_KIND_WORDS))
    if kind == "heading":
        return Block("heading", text, level=draw(st.integers(1, 6)))
    lead = draw(
        st.one_of(
            st.just(""),
            st.integers(1, max(1, len(text))).map(lambda n: clean(text[:n])),  # a bold lead: a prefix
            _raw_text().map(clean),  # a lead that is not a prefix (seen after <br> splits)
        )
    )
    bold = draw(st.booleans()) if lead and lead == text else False
    return Block(kind, text, lead=lead, bold=bold)


def _record_of(outline: Any, title: str, text: str) -> dict[str, Any]:
    source = source_of("raw/page.html", text.encode("utf-8"))
    page = Page(source=source, format="html", encoding="utf-8", text=text)
    return build_record(
        page,
        title=title,
        url=None,
        language=Identified(None, None),
        declared_language=None,
        text=text,
        outline=outline,
        links=[],
        processed_at=NOW,
    ).model_dump()


@_settings(1000)
@given(blocks=st.lists(_block(), max_size=14), title=st.one_of(st.sampled_from(_KIND_WORDS), _raw_text().map(clean)))
def test_find_sections_never_raises_and_its_record_validates(blocks: list[Block], title: str) -> None:
    title = title or "Untitled"
    outline = find_sections(blocks, title)
    for section in outline.sections:
        assert section.heading and section.kind in {
            "causes",
            "remedies",
            "symptoms",
            "prevention",
            "diagnosis",
            "other",
        }
    record = _record_of(outline, title, "\n".join([title, *(b.text for b in blocks)]))
    assert _article_errors(record) == []
    assert _table_errors(record) == []


# Found by the property above: sections.split_item gave such items title '' (strip(_TRIM) emptied it), the
# record failed article.schema.json (items[].title minLength 1) and the whole page was rejected at validate.
@pytest.mark.parametrize("item", ["...", "-", "1. ...", "- : Large meals late at night", "—"])
def test_item_of_punctuation_only_keeps_a_valid_record(item: str) -> None:
    blocks = [
        Block("para", "Heartburn is a burning feeling in the chest after meals."),
        Block("heading", "Causes of heartburn", level=2),
        Block("item", "Large meals late at night make it worse."),
        Block("item", item),
    ]
    record = _record_of(
        find_sections(blocks, "Heartburn"), "Heartburn", "Heartburn\n" + "\n".join(b.text for b in blocks)
    )
    assert _article_errors(record) == []


def test_a_punctuation_only_list_item_does_not_lose_the_article() -> None:
    page = (
        f"<html><head><title>Heartburn</title></head><body><article><h1>Heartburn</h1><p>{_PROSE[0]}</p>"
        f"<p>{_PROSE[1]}</p><h2>Causes of heartburn</h2><ul><li>Large meals late at night make it worse.</li>"
        "<li>...</li><li>Lying down soon after eating.</li></ul></article></body></html>"
    )
    outcome = process("p.html", page.encode(), NOW)
    assert outcome.rejection is None, outcome.rejection


# --- (b) links: arbitrary HTML from a small grammar ---------------------------------------------

_CLASSES = [
    "",
    "",
    "related",
    "related-articles",
    "recommend",
    "nav",
    "breadcrumb",
    "pagination",
    "content",
    "article",
    "card",
    "title",
    "next",
    "prev",
    "share",
    "menu",
    "post-nav",
    "you-may-like",
]
_HREFS = [
    "javascript:void(0)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox(1)",
    "/health/a.html",
    "b.html",
    "../c/d.html",
    "?page=2",
    "//cdn.example.org/x.html",
    "https://www.example.com/health/e.html",
    "http://example.org/f",
    "mailto:a@b.c",
    "tel:+100",
    "#",
    "#top",
    "",
    "   ",
    "ftp://example.org/x",
    "/tags/gout",
    "https://www.example.com/a/1.html",
    " https://example.org/padded ",
    "\\\\evil\\x",
    "../../evil",
    "/etc/x",
    "http://example.org/a b",
    # these once gave a url that fails ^https?:// or raised ValueError (see the regression tests below)
    "HTTP://EXAMPLE.ORG/G",
    "Https://example.org/h",
    "http:no-slashes.html",
    "https:/one-slash",
    "ht\ttp://example.org/tab",
    "http://[::1",
    "https://[not-ipv6]/x",
    "http://example.org:99999/x",
]
_TEXTS = [
    "上一篇：",
    "下一篇：",
    "<<:",
    ">>:",
    "Recommend",
    "相关文章",
    "Related articles",
    "Next Page >",
    "Previous article:",
    "Next:",
    "返回列表",
    "没有了",
    "更多>>",
    "More >>",
    "1",
    "2023-05-01",
    "阅读下一篇",
    "Kidney stones: causes and treatment",
    "胃胀怎么办？四个方法帮你缓解",
    "What to eat on a low-purine diet",
    "冬季如何预防感冒",
    "…",
    "...",
    "x",
    "",
]
_LEAF_TEXT = st.one_of(
    st.sampled_from(_TEXTS),
    st.text(_ALPHABET, max_size=30),
    st.tuples(st.sampled_from(_TEXTS), st.sampled_from(_TEXTS)).map("".join),
)

Node = Any  # ("text", str) | (tag, class, href, [children])


def _render(node: Node) -> str:
    if node[0] == "text":
        return escape(node[1], quote=False)
    tag, cls, href, children = node
    attrs = f' class="{escape(cls)}"' if cls else ""
    if tag == "a":
        attrs += "" if href is None else f' href="{escape(href)}"'
        attrs += ' rel="next"' if cls == "next" else ' rel="prev"' if cls == "prev" else ""
    return f"<{tag}{attrs}>{''.join(_render(c) for c in children)}</{tag}>"


def _element(children: st.SearchStrategy[list[Node]]) -> st.SearchStrategy[Node]:
    return st.tuples(
        st.sampled_from(["div", "div", "ul", "li", "a", "a", "a", "p", "h2", "h3", "span"]),
        st.sampled_from(_CLASSES),
        st.one_of(st.none(), st.sampled_from(_HREFS)),
        children,
    )


_TEXT_NODE = _LEAF_TEXT.map(lambda t: ("text", t))
_TREE = st.recursive(
    _TEXT_NODE | _element(st.lists(_TEXT_NODE, max_size=2)),
    lambda inner: _element(st.lists(inner, max_size=5)),
    max_leaves=40,
)
_BASES = ["", '<base href="https://www.example.com/dir/">', '<base href="javascript:alert(1)">', '<base href="/rel/">']
_PAGE_URLS = [None, "https://www.example.com/a/1.html", "http://example.org/", "https://www.example.com/health/gout"]


@st.composite
def _html(draw: st.DrawFn) -> str:
    body = "".join(_render(n) for n in draw(st.lists(_TREE, min_size=1, max_size=5)))
    return f"<html><head>{draw(st.sampled_from(_BASES))}<title>t</title></head><body>{body}</body></html>"


def _check_links(found: RelatedLinks) -> None:
    relations = Counter(link.relation for link in found.links)
    assert set(relations) <= {"previous", "next", "recommended"}
    assert relations["previous"] <= 1 and relations["next"] <= 1, found.links
    for link in found.links:
        assert link.title and link.title.strip(), link
        assert link.url is None or link.url.startswith(("http://", "https://")), link
        problems = [
            f"{e.json_path}: {e.message}"
            for e in _link_validator().iter_errors(
                {"relation": link.relation, "title": link.title, "teaser": link.teaser, "url": link.url}
            )
        ]
        assert problems == [], (link, problems)
    assert found.unsafe_dropped >= 0


@_settings(600)
@given(html=_html(), page_url=st.sampled_from(_PAGE_URLS))
def test_find_links_on_arbitrary_html(html: str, page_url: str | None) -> None:
    try:
        tree = parse_html(html)
    except PageRejected:
        return
    found = find_links(tree, page_url)
    _check_links(found)
    assert found.cut_at is None


def _anchor_page(href: str, *, related: bool) -> str:
    if related:
        block = (
            f'<div class="related"><h3>Related articles</h3><ul><li><a href="{escape(href)}">Kidney stones and '
            'what to do</a></li><li><a href="/health/gout">Gout and uric acid levels</a></li></ul></div>'
        )
    else:
        block = f'<p class="post-nav">下一篇：<a href="{escape(href)}">冬季如何预防感冒</a></p>'
    return (
        f"<html><head><title>Heartburn</title></head><body><article><h1>Heartburn</h1>"
        f"<p>{_PROSE[0]}</p><p>{_PROSE[1]}</p>{block}</article></body></html>"
    )


# Regression tests for bugs the link property found (links._Resolver, meta.canonical_url): an href such as
# 'http://[::1' made urlsplit raise ValueError, which escaped find_links (the article was rejected as
# 'internal error'); an http(s) href was kept verbatim ('HTTP://X/', 'http:x.html', 'https:/x', 'ht<TAB>tp://x/'),
# its url failed ^https?:// and the whole article was rejected at validate. Expected: a normalised http(s)://
# url, or the link without a url, or no link; never an exception nor a lost article.
_ODD_HREFS = [
    "http://[::1",
    "https://[not-ipv6]/x",
    "HTTP://EXAMPLE.ORG/G",
    "Https://example.org/h",
    "http:no-slashes.html",
    "https:/one-slash",
    "ht\ttp://example.org/tab",
    "http://example.org:99999/x",
]


@pytest.mark.parametrize("related", [True, False], ids=["recommended", "next"])
@pytest.mark.parametrize("href", _ODD_HREFS)
def test_find_links_survives_and_normalises_odd_hrefs(href: str, related: bool) -> None:
    found = find_links(parse_html(_anchor_page(href, related=related)), "https://www.example.com/a/1.html")
    _check_links(found)


def test_find_links_lowercases_the_scheme_and_host() -> None:
    found = find_links(parse_html(_anchor_page("HTTP://EXAMPLE.ORG/G", related=False)), None)
    assert [(link.relation, link.url) for link in found.links] == [("next", "http://example.org/G")]


@pytest.mark.parametrize("href", _ODD_HREFS)
def test_process_keeps_an_article_with_an_odd_related_href(href: str) -> None:
    outcome = process("p.html", _anchor_page(href, related=True).encode(), NOW)
    assert outcome.rejection is None, outcome.rejection
    assert "Gout and uric acid levels" in [link["title"] for link in outcome.record["related_links"]]


@pytest.mark.parametrize(
    "canonical",
    [
        "HTTP://WWW.EXAMPLE.COM/A/1.html",
        "ht&#9;tp://www.example.com/a",
        "http://[::1/a",
        "https:/one-slash",
        "http://example.org:99999/x",
    ],
)
def test_process_keeps_an_article_with_an_odd_canonical_url(canonical: str) -> None:
    page = _anchor_page("/health/kidney", related=True).replace(
        "<title>", f'<link rel="canonical" href="{canonical}"><title>', 1
    )
    outcome = process("p.html", page.encode(), NOW)
    assert outcome.rejection is None, outcome.rejection
    assert outcome.record["url"] in (None, "http://www.example.com/A/1.html", "http://www.example.com/a")


_LINE = (
    st.one_of(
        st.sampled_from(_TEXTS).filter(bool),
        st.tuples(st.sampled_from(_TEXTS), _LEAF_TEXT).map("".join),
        st.text(_ALPHABET, min_size=1, max_size=60),
    )
    .map(str.strip)
    .filter(bool)
)


@_settings(800)
@given(lines=st.lists(_LINE, max_size=20))
def test_find_text_links_on_arbitrary_lines(lines: list[str]) -> None:
    found = find_text_links(lines)
    _check_links(found)
    assert all(link.url is None for link in found.links)
    assert found.cut_at is None or 0 <= found.cut_at < len(lines)


# --- (c) the whole per-page path -----------------------------------------------------------------

_PROSE = [
    "Heartburn is a burning feeling in the chest that rises toward the throat, usually after a large meal.",
    "Most people have heartburn now and then, and simple changes to meals and sleep are often enough.",
    "胃胀是很多人都有过的感觉，吃饭过快、进食过多或者吃了容易产气的食物，都会让肚子胀得难受。",
    "饭后不要马上躺下，可以散步十五分钟，帮助胃肠蠕动。顺时针按摩腹部也有一定的帮助。",
    "Eating smaller meals, avoiding late dinners and raising the head of the bed all reduce acid at night.",
]
_ARTICLE_PART = st.one_of(
    st.sampled_from(_PROSE).map(lambda p: f"<p>{p}</p>"),
    st.tuples(
        st.sampled_from(["h2", "h3", "h4", "p", "strong"]), st.sampled_from(_MARKERS), st.sampled_from(_KIND_WORDS)
    ).map(lambda t: f"<{t[0]}>{escape(t[1] + t[2])}</{t[0]}>"),
    st.lists(
        st.tuples(st.sampled_from(_MARKERS), _LEAF_TEXT, st.sampled_from([*_PROSE, "", "..."])), min_size=1, max_size=4
    ).map(lambda items: "<ul>" + "".join(f"<li><b>{escape(m + t)}</b>{escape(p)}</li>" for m, t, p in items) + "</ul>"),
    _TREE.map(_render),
)


@st.composite
def _article_html(draw: st.DrawFn) -> str:
    title = escape(draw(st.one_of(st.sampled_from(_TEXTS + _KIND_WORDS), _LEAF_TEXT)))
    head = draw(
        st.sampled_from(
            [
                "",
                '<meta charset="utf-8">',
                '<link rel="canonical" href="https://www.example.com/a/1.html">',
                '<link rel="canonical" href="javascript:alert(1)">',
                '<meta property="og:url" content="../../evil">',
                '<link rel="canonical" href=" https://www.example.com/a/2.html ">',
                '<link rel="canonical" href="/etc/x">',
                '<meta property="og:url" content="https://www.example.com/a/3.html"><html lang="EN-us">',
                '<link rel="canonical" href="HTTP://WWW.EXAMPLE.COM/A/4.html">',
                '<link rel="canonical" href="http://[::1/a">',
                '<link rel="canonical" href="ht&#9;tp://www.example.com/a/5.html">',
                '<meta charset="gb2312">',
                '<html lang="zz-ZZ">',
                '<meta http-equiv="Content-Language" content="EN_us">',
            ]
        )
    )
    parts = "\n".join(draw(st.lists(_ARTICLE_PART, min_size=0, max_size=10)))
    wrapper = draw(st.sampled_from(["article", "div", "main", "section"]))
    return (
        f"<!DOCTYPE html><html><head>{head}<title>{title}</title></head><body>"
        f'<{wrapper} class="content"><h1>{title}</h1>{parts}</{wrapper}></body></html>'
    )


@st.composite
def _text_dump(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.one_of(_LINE, st.sampled_from(_PROSE), _raw_text()), min_size=0, max_size=14))
    return "\n".join(lines)


@st.composite
def _raw_file(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(["bytes", "html", "html", "html", "text", "text"]))
    if kind == "bytes":
        path = draw(st.sampled_from(["p.html", "p.htm", "p.txt", "p.html.gz", "p.txt.gz"]))
        return path, draw(st.binary(max_size=400))
    content = draw(_article_html()) if kind == "html" else draw(_text_dump())
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "gb18030", "utf-16"]))
    data = content.encode(encoding, errors="replace")
    damage = draw(st.sampled_from(["none", "none", "truncate", "splice"]))
    if damage == "truncate":  # cut anywhere: mid-tag, mid-character
        data = data[: draw(st.integers(0, len(data)))]
    elif damage == "splice":  # arbitrary bytes (NULs, invalid UTF-8, control bytes) spliced in
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at:]
    path = "p.html" if kind == "html" else "p.txt"
    if draw(st.integers(0, 3)) == 0:
        data, path = gzip.compress(data, mtime=0), path + ".gz"
    return path, data


_STAGES = {"discover", "read", "decode", "parse", "extract", "validate", "publish"}


def _check_outcome(path: str, data: bytes) -> Any:
    outcome = process(path, data, NOW)
    assert (outcome.record is None) != (outcome.rejection is None), outcome
    assert outcome.unsafe_links >= 0
    if outcome.rejection is not None:
        rejection = outcome.rejection
        assert rejection.path == path and rejection.stage in _STAGES and rejection.error.strip()
        event(f"rejected at {rejection.stage}")
        return outcome
    event(f"record ({outcome.record['source']['format']})")
    record = outcome.record
    assert _article_errors(record) == []
    assert _table_errors(record) == []
    assert record["source"]["path"] == path and record["source"]["bytes"] == len(data)
    return outcome


@_settings(800)
@given(raw=_raw_file())
def test_process_never_raises_and_publishes_only_valid_records(raw: tuple[str, bytes]) -> None:
    _check_outcome(*raw)


# Found by the property below: a page with text but an empty <title> and <h1> got title '' and was rejected
# only by the schema safety net ('validate: record fails article.schema.json: $.title ...').
def test_a_page_without_any_title_is_not_left_to_the_schema_check() -> None:
    page = (
        f"<!DOCTYPE html><html><head><title></title></head><body><article><h1></h1><p>{_PROSE[0]}</p>"
        f"<p>{_PROSE[1]}</p></article></body></html>"
    )
    outcome = process("p.html", page.encode(), NOW)
    assert outcome.rejection is None or outcome.rejection.stage != "validate", outcome.rejection


@pytest.mark.parametrize(
    "tail",
    ["<div><span>AA\f</span></div>", "<p>Page two\fcontinues here.</p>", "<p>AA\f</p>"],
    ids=["span-internal-error", "mid-paragraph", "end-of-paragraph"],
)
def test_a_form_feed_in_the_text_does_not_lose_the_article(tail: str) -> None:
    page = (
        f"<html><head><title>Heartburn</title></head><body><article><h1>Heartburn guide</h1><p>{_PROSE[0]}</p>"
        f"<p>{_PROSE[1]}</p>{tail}</article></body></html>"
    )
    assert process("p.html", page.replace("\f", " ").encode(), NOW).record is not None  # the page is an article
    outcome = process("p.html", page.encode(), NOW)
    assert outcome.rejection is None, outcome.rejection


@_settings(800)
@given(raw=_raw_file())
def test_process_rejections_are_never_internal_errors(raw: tuple[str, bytes]) -> None:
    """A rejection is a verdict on the page (not an article, undecodable, ...), never a crash of the
    extractor hidden as a rejection, nor a record the extractor built invalid."""
    outcome = _check_outcome(*raw)
    if outcome.rejection is not None:
        error = outcome.rejection.error
        assert not error.startswith("internal error"), outcome.rejection
        assert outcome.rejection.stage != "validate", outcome.rejection


# --- the start tags counted before parsing (issue 21, item 10) ----------------------------------------

_MARKUP = st.sampled_from(
    [
        "<!--",
        "-->",
        "<title>",
        "<TITLE x>",
        "</title>",
        "</title >",
        "<script>",
        "</script>",
        "<style",
        ">",
        "<a>",
        "x",
        " ",
        "<",
        "-",
        "</Script\n>",
        "<textarea>",
        "</textarea>",
        "<titles>",
        "<b",
        "<!-->",
    ]
)


@_settings(3000)
@given(parts=st.lists(_MARKUP, max_size=16))
def test_start_tags_outside_raw_text_are_counted_as_the_regex_did(parts: list[str]) -> None:
    """The linear count of start tags outside comments and raw text agrees with the regex it
    replaced (quadratic on unclosed tags), on every mix of openers, closers and tags."""
    import re

    from pagesift.extract.page import _START_TAG, _element_tags

    text = "".join(parts)
    regex = re.compile(r"<!--.*?-->|<(script|style|textarea|title)\b[^>]*>.*?</\1\s*>", re.S | re.I)
    assert _element_tags(text) == len(_START_TAG.findall(regex.sub(" ", text)))


#: ASCII, and the characters where Unicode's word classes and case folding are least regular.
_FOLDED_TEXT = st.text(
    st.one_of(st.characters(max_codepoint=127), st.sampled_from("_éÉßİıſK½²٣\u00a0\u3000中")), max_size=40
)


@_settings(3000)
@given(text=_FOLDED_TEXT)
def test_fold_keeps_the_word_characters_case_folded_as_the_regex_did(text: str) -> None:
    """fold's bytes.translate of an ASCII text gives what the regex and casefold give, on every
    ASCII character at once too."""
    import re

    from pagesift.text import fold

    every_ascii = "".join(map(chr, range(128)))
    assert (
        fold(every_ascii)
        == re.sub(r"\W+", "", every_ascii).casefold()
        == "0123456789abcdefghijklmnopqrstuvwxyz_abcdefghijklmnopqrstuvwxyz"
    )
    assert fold(text) == re.sub(r"\W+", "", text).casefold()


@_settings(3000)
@given(text=st.text(st.one_of(st.characters(), st.sampled_from(" \n\t_-.,'中あ한²½٣ßİ")), max_size=60))
def test_word_count_counts_as_the_regex_did(text: str) -> None:
    """word_count's token-at-a-time count (an all-letter token is one run) equals the regex count
    it replaced: a CJK character each, and every run of two or more letters."""
    import re

    from pagesift.extract.page import word_count
    from pagesift.text import CJK_SCRIPT

    letters, cjk = CJK_SCRIPT.subn(" ", text)
    assert word_count(text) == cjk + len(re.findall(r"[^\W\d_]{2,}", letters))


#: Pieces of style sheets: braces, comments, selectors, and declarations that emphasise or come
#: close (other cases, "nt-" elsewhere, the characters Unicode case-folds to ASCII letters).
_CSS_PIECE = st.one_of(
    st.sampled_from(
        [
            "{",
            "}",
            "/*",
            "*/",
            ",",
            ":",
            ";",
            " ",
            ".a",
            ".B-2",
            "@media x",
            "a:hover",
            "font-weight:bold",
            "FONT-WEIGHT : 700",
            "Font-Size:20px",
            "font-ſize:x-large",
            "font-family:serif",
            "nT-",
            "Nt-",
            "content:'é'",
            "İ",
            "K",
        ]
    ),
    st.text(st.characters(), max_size=3),
)


@_settings(3000)
@given(pieces=st.lists(_CSS_PIECE, max_size=24))
def test_font_rules_find_every_rule_that_emphasises(pieces: list[str]) -> None:
    """page._font_rules gives the rules whose declarations EMPHASIS_STYLE matches, with the
    selectors and declarations that splitting the whole sheet at "}" and each rule at its last "{"
    gives, in order."""
    from pagesift.extract.dom import EMPHASIS_STYLE
    from pagesift.extract.page import _CSS_COMMENT, _font_rules

    css = "".join(pieces)
    split = [rule.rpartition("{") for rule in _CSS_COMMENT.sub("", css).split("}")]
    expected = [(selectors, declarations) for selectors, brace, declarations in split if brace]
    found = list(_font_rules(css))
    assert [rule for rule in found if EMPHASIS_STYLE.search(rule[1])] == [
        rule for rule in expected if EMPHASIS_STYLE.search(rule[1])
    ]
    assert set(found) <= set(expected)


@cache
def _py3langid() -> Any:
    """py3langid's own identifier, restricted to the labels pagesift's model keeps."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    from pagesift.extract import language

    reference = LanguageIdentifier.from_model_file(MODEL_DIR / MODEL_FILE, norm_probs=True)
    reference.set_languages(sorted({str(label) for label in language._model()["classes"]}))
    return reference


#: Words of several scripts, and the bytes around them that the tokenizer's features start and end on.
_LANGUAGE_TEXT = st.lists(
    st.one_of(
        st.sampled_from(["the ", "pain ", "Schmerz ", "douleur ", "头痛", "の原因", "боль ", "ألم ", "\n", "!!", "ſ"]),
        st.text(max_size=8),
    ),
    max_size=40,
).map("".join)


@_settings(1500)
@given(text=st.one_of(_LANGUAGE_TEXT, st.binary(max_size=64)))
def test_language_scores_are_py3langids_to_the_bit(text: str | bytes) -> None:
    """The identifier's tokenizer walked by numpy, every window of the automaton's depth at once
    (language._Tokenizer), ranks every text (str, or bytes as py3langid reads them) with the same
    probabilities as py3langid's walk a byte at a time."""
    from pagesift.extract import language

    assert language._identifier().rank(text) == _py3langid().rank(text)


#: Markup whose elements hold texts at every depth, with comments and processing instructions.
_NESTED = st.lists(
    st.sampled_from(
        [
            *("<p>", "</p>", "<div>", "</div>", "<li>", "<b>", "</b>", "<a href='/x'>", "</a>", "<br>", "<td>"),
            *("<!--c-->", "<?pi x?>", "Word ", "ÉCOLE ", "中文", " ", "\n\t", "&amp;", "<span>", "</span>"),
        ]
    ),
    max_size=40,
).map(lambda parts: "<html><body>" + "".join(parts) + "</body></html>")


@_settings(1500)
@given(html=_NESTED)
def test_a_key_is_the_key_of_what_itertext_yields(html: str) -> None:
    """maintext._key_of keys every element of a page (comments and processing instructions kept)
    by the text itertext yields, however deep its children: a short element's read from its
    pieces, another's built whole by libxml2."""
    import lxml.html

    from pagesift.extract.maintext import _key_of
    from pagesift.text import key

    for element in lxml.html.document_fromstring(html).iter():
        if isinstance(element.tag, str):
            assert _key_of(element) == key("".join(element.itertext())), lxml.html.tostring(element)


def test_a_key_of_a_gold_page_element_is_the_key_of_what_itertext_yields() -> None:
    """The same on every element of ten gold pages, parsed with their comments."""
    import lxml.html

    from pagesift.extract.maintext import _key_of
    from pagesift.text import key

    from .gold_pages import gold_texts

    keyed = 0
    for page in gold_texts():
        for element in lxml.html.document_fromstring(page).iter():
            if isinstance(element.tag, str):
                assert _key_of(element) == key("".join(element.itertext()))
                keyed += 1
    assert keyed > 1000
