"""The fast paths of page loading held equal to the general ones they stand in for."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from pagesift.errors import PageRejected
from pagesift.extract.decode import _C1_UTF8, _ISO2022JP, _found_at_byte, decode, holds_char_ref
from pagesift.extract.page import parse_html

from .gold_pages import gold_texts

MADE = [
    "<html><body><p>plain ASCII</p></body></html>",
    "<html><body><p>Latin-1 only: café, naïve, £5</p></body></html>",
    "<html><body><p>beyond Latin-1 — ‘quotes’ and CJK 健康</p></body></html>",
    "<html><body><p>astral 😀 𝔘 and ‘quotes’</p></body></html>",
    '<html><head><meta charset="windows-1252"></head><body><p>caf\u00e9 \u2014 \u20ac</p></body></html>',
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r"></head><body>Ж</body></html>',
    '<?xml version="1.0" encoding="iso-8859-1"?>\n<html><body><p>déclaré €</p></body></html>',
    "<?xml version='1.0' encoding='utf-8'><html><body><p>a declaration lxml refuses in a text</p></body></html>",
    "<?xml version='1.0'?><?xml encoding='utf-8'?><html><body>two</body></html>",
    "  \r\n<html><body><p>line\r\nbreaks\rand &#150; &#x1F600; &amp; &nbsp;</p></body></html>",
    "<p>no html element €</p>",
    "<!-- only a comment € -->",
    "\ufeff<html><body>a byte-order mark inside the text</body></html>",
    "<html><body>" + "<div>" * 300 + "deep €" + "</div>" * 300 + "</body></html>",
]


def _outcome(text: str, utf8: bytes | None) -> tuple[str, list[str]]:
    json_ld: list[str] = []
    try:
        tree = parse_html(text, json_ld=json_ld, utf8=utf8)
    except PageRejected as exc:
        return f"rejected: {exc}", json_ld
    return etree.tostring(tree, encoding="unicode"), json_ld


@pytest.mark.parametrize("text", MADE + gold_texts())
def test_parsing_the_utf8_equals_parsing_the_text(text: str) -> None:
    assert _outcome(text, text.encode("utf-8")) == _outcome(text, None)


def test_decode_gives_the_utf8_only_when_the_bytes_are_the_text() -> None:
    assert decode(b"<p>caf\xc3\xa9</p>").utf8 == b"<p>caf\xc3\xa9</p>"
    assert decode(b"\xef\xbb\xbf<p>caf\xc3\xa9</p>").utf8 is None  # the byte-order mark is not text
    assert decode(b"<p>a\x0cb</p>").utf8 is None  # a form feed became a line feed
    assert decode(b"<p>" + b"words " * 50 + b"\x01 \xc2\x85</p>").utf8 is None  # control characters removed
    assert decode(b"<p>caf\xe9</p>").utf8 is None  # not UTF-8
    for data in (b"<p>caf\xc3\xa9</p>", "<p>€ ‘x’ 😀</p>".encode()):
        decoded = decode(data)
        assert decoded.utf8 is None or decoded.utf8 == decoded.text.encode("utf-8")


def _ref_cases() -> list[bytes]:
    cases = [b"", b"#", b"&", b"&#", b"#&#", b"&&##", b"a&#1;", b"&x#", b"x#&", "é&#150;".encode()]
    for hashes in (127, 128, 129, 300):
        for tail in (b"", b"&#", b"&", b"#&#x1;", b"&&"):
            cases.append(b"x#" * hashes + tail)
            cases.append(b"&#" + b"x#" * hashes + tail)
    return cases + [text.encode() for text in gold_texts()]


@pytest.mark.parametrize("data", _ref_cases())
def test_holds_char_ref_is_the_search_for_its_start(data: bytes) -> None:
    assert holds_char_ref(data) == (b"&#" in data)


def _byte_cases() -> list[bytes]:
    cases = [
        b"",
        b"\xc2",
        b"x\xc2",
        b"\xc2\x80",
        b"\xc2\x9f",
        b"\xc2\xa0",
        b"\xc2\x7f",
        b"\x1b",
        b"\x1b$",
        b"\x1b$B",
        b"\x1b$@",
    ]
    for count in (63, 64, 65, 200):
        for tail in (b"", b"\xc2", b"\xc2\x85", b"\x1b$B", b"\x1b("):
            cases.append("\u00a0".encode() * count + b"\x1b(B" * count + tail)
    return cases + [text.encode() for text in gold_texts()]


@pytest.mark.parametrize("data", _byte_cases())
def test_found_at_byte_is_the_patterns_search(data: bytes) -> None:
    assert _found_at_byte(data, b"\xc2", _C1_UTF8) == (_C1_UTF8.search(data) is not None)
    assert _found_at_byte(data, b"\x1b", _ISO2022JP) == (_ISO2022JP.search(data) is not None)


PROSE_MADE = [
    "<html><body><p>foo<script>x</script>bar <a>link words</a>tail word<b>bold</b>after</p></body></html>",
    "<html><head><title>title words</title></head>no body here <i>ab</i>cd</html>",
    "<html><body>one<!--a comment-->two<?pi here?>three <nav>menu item</nav>tail<br>next</body></html>",
    "<html><body><div>ab<span>cd<a>ef<b>gh</b>ij</a>kl</span>mn</div><button>press me</button>ok</body></html>",
    "<html><body><select><option>choice</option></select>after<svg><text>drawn</text></svg>text</body></html>",
    "<html><body><label>name<input>x</label>here 健康饮食<textarea>typed words</textarea>done</body></html>",
    "<html><body></body></html>",
    "<html><body>a<p>b</p>c<p>d</p>e</body><body>second body</body></html>",
    "<html><body>" + "<div>deep words " * 190 + "</div>" * 190 + "</body></html>",
]


@pytest.mark.parametrize("text", PROSE_MADE + gold_texts())
def test_prose_words_counts_what_the_walk_gathers(text: str) -> None:
    """prose_words (libxslt) counts the words of _prose_pieces (the walk in Python): on trees
    parsed as pages are (comments and scripts gone: a stripped script leaves two text nodes
    side by side) and as lxml.html parses them (comments and processing instructions kept)."""
    import lxml.html

    from pagesift.extract.page import _prose_pieces, prose_words, word_count

    for tree in (parse_html(text), lxml.html.document_fromstring(text)):
        assert prose_words(tree) == word_count(" ".join(_prose_pieces(tree)))


def test_prose_words_of_made_pages() -> None:
    """The counts themselves, so the test above cannot pass on a wrong walk shared by both."""
    from pagesift.extract.page import prose_words

    assert [prose_words(parse_html(text)) for text in PROSE_MADE[:3]] == [5, 5, 3]
    # "foobar" (a stripped script between), "bold" and "after" apart (a tag between); "onetwothree"


def test_prose_words_of_a_tree_too_deep_for_libxslt() -> None:
    """A tree built by hand deeper than libxslt's 3000 templates is walked in Python."""
    from pagesift.extract.page import prose_words

    root = etree.Element("html")
    element = etree.SubElement(root, "body")
    for _ in range(3500):
        element = etree.SubElement(element, "div")
        element.text = "ab "
    assert prose_words(root) == 3500


def _general_word_count(text: str) -> int:
    """word_count's definition: a CJK character each, and each _WORD run of the rest."""
    from pagesift.extract.page import _WORD
    from pagesift.text import CJK_SCRIPT

    return len(CJK_SCRIPT.findall(text)) + len(_WORD.findall(CJK_SCRIPT.sub(" ", text)))


WORD_MADE = [
    "",
    "plain ascii words and a b c",
    "(see) word, “quoted” ‘single’ —dash— «guillemets» 3rd x2y a,b don't _ab_ __ 12 ab12cd",
    "café naïve cafe\u0301s Ελληνικά слово ½ab ²ab ab² éa, (éb) ‹é›",
    "健康饮食 预防疾病。健康，ab 「引用」 カタカナ ひらがな 한국어 豈更",
    "\u303f\u3040\u30ff\u3100 \u33ff\u3400\u4dbf\u4dc0 \u4dff\u4e00\u9fff\ua000 \uabff\uac00\ud7af\ud7b0 \uf8ff\uf900\ufaff\ufb00",
    "ab\ud800cd \udfff lone surrogates",
    "ｆｕｌｌｗｉｄｔｈ ㎡ ︰ ab",
    "tab\tnew\nline\u00a0nbsp\u2003em\u3000ideographic",
]


@pytest.mark.parametrize("text", WORD_MADE + gold_texts())
def test_word_count_is_its_definition(text: str) -> None:
    """word_count's fast paths (no CJK pass without a CJK lead byte; a token stripped of
    _NO_LETTERS) count what the definition does: made texts at every CJK range's bounds, tokens
    with punctuation, digits, marks and surrogates, and the gold pages' markup as text."""
    from pagesift.extract.page import word_count

    assert word_count(text) == _general_word_count(text)


def test_the_cjk_lead_bytes_and_the_stripped_characters() -> None:
    """Every CJK_SCRIPT character's UTF-8 begins with a byte _NOT_CJK_LEAD keeps, and no character
    of _NO_LETTERS is one _WORD matches."""
    import re

    from pagesift.extract.page import _NO_LETTERS, _NOT_CJK_LEAD, _WORD
    from pagesift.text import CJK_SCRIPT

    cjk = [chr(c) for c in range(0x10000) if CJK_SCRIPT.match(chr(c))]
    assert len(cjk) > 39000
    assert all(c.encode("utf-8").translate(None, _NOT_CJK_LEAD) for c in cjk)
    assert not [c for c in _NO_LETTERS if re.fullmatch(r"[^\W\d_]", c) or _WORD.search(c * 2)]


def test_prose_words_in_another_thread() -> None:
    """Each thread compiles its own style sheet, and counts as the first one does."""
    import threading

    from pagesift.extract.page import _prose_text, prose_words

    trees = [parse_html(text) for text in PROSE_MADE]
    here = [prose_words(tree) for tree in trees]
    there: list[object] = []

    def count() -> None:
        there.append(_prose_text())
        there.extend(prose_words(parse_html(text)) for text in PROSE_MADE)

    thread = threading.Thread(target=count)
    thread.start()
    thread.join()
    assert there[0] is not _prose_text() and there[1:] == here


#: Declarations that set (or nearly set) a heading's weight or size, in every case and spacing.
DECLARATIONS = [
    "font-weight:bold",
    "FONT-WEIGHT: BOLD",
    "Font-Weight : 700; color: red",
    "font-weight:\x1fbold",  # a separator str.isspace counts, read by \s
    "font-weight:\xa0bold",  # not ASCII: searched ignoring case
    "font-size: 18PX",
    "font-size:1.5Rem",
    "font-size: X-Large",
    "font-size:larger",
    "font-size: 17px",
    "font-size:14pt;font-weight:600",
    "FONT-SIZE:2EM",
    "font-ſize:20px",  # ſ is s ignoring case: not ASCII
    "font-weight:\u212aold",
    "font-weight: normal",
    "color: blue",
    "",
]


def _sheets() -> list[str]:
    """Every style sheet of the test pages."""
    import gzip
    from pathlib import Path

    import lxml.html

    sheets = []
    for folder in ("gold", "holdout", "holdout2", "holdout3"):
        for path in sorted(Path(__file__).parent.joinpath(folder).glob("*.html*")):
            data = path.read_bytes()
            text = (gzip.decompress(data) if path.name.endswith(".gz") else data).decode("utf-8", "replace")
            sheets += [s.text or "" for s in lxml.html.document_fromstring(text).iter("style")]
    return sheets


#: Made declarations: the emphasis patterns' words in any case, spaced by any white space, with
#: values near and far from a heading's (digits of other scripts too).
_DECLARATION = st.lists(
    st.sampled_from(
        [
            *("font-weight", "FONT-WEIGHT", "Font-Size", "font-size", "fOnT-sIzE", ":", " : ", ";", "\x1f", "\xa0"),
            *(" ", "\t", "bold", "BOLDER", "Bold", "600", "500", "18px", "18PX", "17px", "14pt", "1.4em", "1.4REM"),
            *("2em", "x-large", "XX-Large", "larger", "٢٠px", "ſ", "\u212a", "normal", "color:red", "b"),
        ]
    ),
    max_size=8,
).map("".join)


def _agree(declarations: list[str]) -> list[bool]:
    """Each pattern's verdicts ignoring case, checked against the lower-cased search of the ASCII ones."""
    from pagesift.extract.dom import EMPHASIS_STYLE
    from pagesift.extract.page import _CSS_BOLD, _CSS_BOLD_LOWER, _EMPHASIS_LOWER

    verdicts = []
    for general, lower in ((EMPHASIS_STYLE, _EMPHASIS_LOWER), (_CSS_BOLD, _CSS_BOLD_LOWER)):
        found = [bool(general.search(d)) for d in declarations]
        assert [bool(lower.search(d.lower())) for d in declarations if d.isascii()] == [
            verdict for d, verdict in zip(declarations, found, strict=True) if d.isascii()
        ]
        verdicts += found
    return verdicts


def test_declarations_lower_cased_match_as_ignoring_case() -> None:
    """The emphasis patterns, made case-sensitive for an ASCII declaration lower-cased (dom.lowered),
    find what they find ignoring case, in made declarations and every rule of the test pages."""
    from pagesift.extract.dom import EMPHASIS_STYLE, lowered
    from pagesift.extract.page import _CSS_BOLD, _CSS_BOLD_LOWER, _EMPHASIS_LOWER, _font_rules

    assert lowered(EMPHASIS_STYLE) is not None and lowered(_CSS_BOLD) is not None
    assert (_EMPHASIS_LOWER.flags, _CSS_BOLD_LOWER.flags) == (re.UNICODE, re.UNICODE)
    declarations = DECLARATIONS + [d for css in _sheets() for _, d in _font_rules(css)]
    assert len(declarations) > 50
    verdicts = _agree(declarations)
    assert any(verdicts) and not all(verdicts)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_DECLARATION, min_size=1, max_size=8))
def test_made_declarations_lower_cased_match_as_ignoring_case(declarations: list[str]) -> None:
    _agree(declarations)


BOLD_MADE = [
    "<html><head><style>.h {FONT-WEIGHT: BOLD} .s {font-size: 24PX} .x {color:red}</style></head><body>"
    "<p class='h'>Causes</p><div class='a H h'>Short</div><p class='s'>Big</p><p class='x'>plain</p>"
    "<p class='hh'>not it</p><p>" + "long text " * 40 + "</p></body></html>",
    "<html><head><style>.c { font-weight:\xa0bold } .d{Font-Weight:700}</style></head><body><span class='c'>a</span>"
    "<span class='d'>b</span></body></html>",
]


@pytest.mark.parametrize("text", BOLD_MADE + gold_texts())
def test_bold_classes_are_inlined_as_the_general_reading_inlines_them(text: str) -> None:
    """_inline_bold_classes gives the styles the reading ignoring case gives, every element's."""
    import lxml.html

    from pagesift.extract import page

    fast, general = lxml.html.document_fromstring(text), lxml.html.document_fromstring(text)
    page._inline_bold_classes(fast)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(page, "_EMPHASIS_LOWER", page.EMPHASIS_STYLE)
        patched.setattr(page, "_CSS_BOLD_LOWER", page._CSS_BOLD)
        page._inline_bold_classes(general)
    assert [e.get("style") for e in fast.iter()] == [e.get("style") for e in general.iter()]


def test_bold_classes_of_the_made_pages() -> None:
    import lxml.html

    from pagesift.extract import page

    tree = lxml.html.document_fromstring(BOLD_MADE[0])
    page._inline_bold_classes(tree)
    styled = [e.text for e in tree.iter("p", "div") if "font-weight:bold" in (e.get("style") or "")]
    assert styled == ["Causes", "Short", "Big"]
