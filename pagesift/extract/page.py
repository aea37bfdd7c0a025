"""Read one raw file into a Page: bytes hashed, decoded, and parsed once.

The Page carries the single lxml tree (or, for a text dump, its lines) that every later step
reads: noise marking, title, sections, related links and trafilatura all share it.
"""

from __future__ import annotations

import functools
import hashlib
import re
import string
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
from lxml import etree
from lxml.etree import ParserError
from lxml.html import HtmlElement

from pagesift.errors import PageRejected
from pagesift.extract.decode import decode, gunzip, holds_char_ref, without_control_refs
from pagesift.extract.dom import EMPHASIS_STYLE, SKIP_TAGS, lowered, text_length
from pagesift.extract.urls import http_url
from pagesift.settings import DEFAULT_LIMITS, FORMATS, Limits
from pagesift.text import CJK_SCRIPT

_LOCAL = threading.local()
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_START_TAG = re.compile(r"<[A-Za-z]")
#: Where markup is text, not elements: a comment, or the raw text of these elements (its start tag
#: included), each up to its end (`_RAW_TEXT_END`).
_RAW_TEXT = re.compile(r"<!--|<(script|style|textarea|title)\b", re.I)
_RAW_TEXT_END = {name: re.compile(rf"</{name}\s*>", re.I) for name in ("script", "style", "textarea", "title")}
_COMMENT_END = re.compile("-->")
_TAG_END = re.compile(">")
_WORD = re.compile(r"[^\W\d_]{2,}")
#: Elements whose text is not the page's prose: links, form controls, navigation, scripts (not <form>:
#: ASP.NET pages hold the whole page in one).
_INVISIBLE = ("script", "style", "noscript", "template")
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.S)  # an unclosed comment runs to the end (linear)
_CSS_CLASS = re.compile(r"\.([\w-]+)$")
_BOLD_TEXT_MAX = 200  # characters: a class that bolds more is a container's, not a heading's
_SIZED_MAX = 12  # elements: a class that only sizes text is a heading's when it is on this many at most
_CSS_BOLD = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)\b", re.IGNORECASE)
#: EMPHASIS_STYLE and _CSS_BOLD for an ASCII declaration lower-cased (dom.lowered: the same places
#: match, and the engine skips to the "f" of "font-", where ignoring case it tries every character;
#: a pattern it cannot lower is searched ignoring case in the lower-cased text, which is as exact).
_EMPHASIS_LOWER = lowered(EMPHASIS_STYLE) or EMPHASIS_STYLE
_CSS_BOLD_LOWER = lowered(_CSS_BOLD) or _CSS_BOLD
_NOT_PROSE = SKIP_TAGS | {"a", "button", "label", "textarea", "input", "nav", "head", "title"}


@dataclass(frozen=True, slots=True)
class Source:
    """Where a record came from: the raw file as found (or the archive and the offset of the page
    in it, with the url the archive gives it), and the page's bytes before any decoding."""

    path: str
    sha256: str
    bytes: int
    offset: int | None = None
    url: str | None = None


@dataclass(slots=True)
class Page:
    source: Source
    format: str  # "html" or "text"
    encoding: str
    text: str  # the decoded page
    tree: HtmlElement | None = None  # HTML pages: the one parsed tree
    json_ld: list[str] = field(default_factory=list)  # HTML pages: the texts of their JSON-LD scripts
    prose: int | None = None  # HTML pages: words of prose (prose_words), counted once by load_page
    #: HTML pages: every element, held so that lxml keeps one Python proxy per element for the
    #: page's life: each later walk of the tree then reuses it instead of building it again
    #: (lxml.html's Python class lookup ran about a million times over the 181 AEB pages).
    elements: list[HtmlElement] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        """Text dumps: the non-blank lines, stripped."""
        return [line.strip() for line in self.text.splitlines() if line.strip()]


def source_of(path: str | Path, data: bytes, offset: int | None = None, url: str | None = None) -> Source:
    """The Source of a page's bytes; the url its archive gives is kept only as an http(s) url and
    without credentials (``http://user:pass@host/`` is published as ``http://host/``)."""
    return Source(
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        bytes=len(data),
        offset=offset,
        url=http_url(url) if url else None,
    )


def _parser(utf8: bool = False) -> etree.HTMLParser:
    """This thread's HTML parser (lxml parsers must not be shared between threads), of text or,
    with `utf8`, of UTF-8 bytes.

    ``huge_tree`` lifts libxml2's own caps (10 MB text nodes, depth 256), which cut a page short
    in silence; our limits bound the tree instead, and the parser's error log is still read.
    The HTML parser never loads a DTD nor expands an entity declared in one, and never uses the
    network. The bytes' encoding is given, as lxml gives a text's: a ``<meta charset>`` is not read.
    """
    name = "utf8_parser" if utf8 else "parser"
    parser = getattr(_LOCAL, name, None)
    if parser is None:
        parser = etree.HTMLParser(
            remove_comments=True,
            remove_pis=True,
            no_network=True,
            collect_ids=False,
            default_doctype=False,
            huge_tree=True,
            encoding="utf-8" if utf8 else None,
        )
        parser.set_element_class_lookup(_HTML_CLASSES)
        setattr(_LOCAL, name, parser)
    return parser


#: lxml.html's classes chosen in C: its own lookup (HtmlElementClassLookup) is a Python call for
#: each element proxy made, about 2,000 a page in trafilatura's copies of the tree (which keep
#: the parser), and gives form elements subclasses that no step uses.
_HTML_CLASSES = etree.ElementDefaultClassLookup(
    element=HtmlElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)


def _start_tags(text: str, limit: int) -> int:
    """How many start tags the text holds outside comments and the raw text of <script>, <style>,
    <textarea>, <title> (an upper bound of its elements); cheap when few, and not counted at all in
    a text of at most `limit` characters (three AEB pages in four: a count of "<" costs about 8
    instructions a character)."""
    if len(text) <= limit or text.count("<") <= limit:  # "<" can be no more than the characters
        return 0
    tags = sum(1 for _ in _START_TAG.finditer(text))
    if tags > limit:  # "<a>" in a comment or a script is text, not an element
        tags = _element_tags(text)
    return tags


def _element_tags(text: str) -> int:
    """The start tags of `text` outside comments and raw text, in time linear in its length: the
    end of each kind of raw text is searched for once past each point, never again from every
    unclosed ``<title>`` (a regex ``<title>.*?</title>`` over 201,000 of them took minutes)."""
    ahead: dict[re.Pattern[str], tuple[int, re.Match[str] | None]] = {}

    def next_end(pattern: re.Pattern[str], at: int) -> int:
        """The end of the first match of `pattern` at or after `at`, or -1 (searches go forward
        only: a match found for an earlier point that lies ahead of `at` is still the first)."""
        since, match = ahead.get(pattern, (len(text) + 1, None))
        if since > at or (match is not None and match.start() < at):
            match = _find(pattern, text, at)
            ahead[pattern] = (at, match)
        return match.end() if match else -1

    tags = pos = 0
    while (raw := _find(_RAW_TEXT, text, pos)) is not None:
        tags += sum(1 for _ in _START_TAG.finditer(text, pos, raw.start()))
        name = raw.group(1)
        if name is None:
            end = next_end(_COMMENT_END, raw.end())
        else:
            tag_end = next_end(_TAG_END, raw.end())
            end = next_end(_RAW_TEXT_END[name.lower()], tag_end) if tag_end >= 0 else -1
        if end >= 0:
            pos = end
        else:  # never closed: no raw text, its start tag an element's, and the scan goes on after its "<"
            tags += 1 if name else 0
            pos = raw.start() + 1
    return tags + sum(1 for _ in _START_TAG.finditer(text, pos))


def _find(pattern: re.Pattern[str], text: str, at: int) -> re.Match[str] | None:
    """`pattern`'s first match in `text` at or after `at` (the one place _element_tags searches)."""
    return pattern.search(text, at)


#: Markup as the HTML parser tokenises it (libxml2 2.14 follows HTML5): a comment, a start or end
#: tag and its name, or a bogus comment (``<!x``, ``<?x``, ``</1``) that runs to the next ">".
_MARKUP = re.compile(r"<(?:(!--)|(/?)([A-Za-z][^\s/>]*+)|[!?/])")
_COMMENT_CLOSE = re.compile(r"--!?>")
#: An attribute: its name, then maybe "=" and a value (a quoted one may hold ">" and whitespace).
_ATTRIBUTE_PATTERN = r"""[^\s/>][^\s/>=]*+(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>]*+))?+"""
_ATTRIBUTE = re.compile(_ATTRIBUTE_PATTERN)
_TAG_REST = re.compile(rf"(?:[\s/]++|{_ATTRIBUTE_PATTERN})*+")  # a tag's attributes, up to its ">"
#: Elements whose content is text to the parser, up to their end tag; <plaintext> to the end.
_RAW_CLOSE = {
    name: re.compile(rf"</{name}[\s/>]", re.I)
    for name in ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes")
}


def _most_attributes(text: str, limit: int) -> int:
    """The attributes of the first tag that holds more than `limit` of them, else 0. Tags are
    tokenised as the parser does (comments and raw text skipped, quoted values read whole), so no
    markup hides attributes from the count; only tags longer than `limit` characters are counted.
    Text, ordinary tags, comments and raw text are skipped by one regex (`_plain_run`), so Python
    handles only tags of many attributes and what is never closed: a page's thousands of tags cost
    one match instead of two regex calls each."""
    plain = _plain_run(limit)
    pos = 0
    while True:
        skipped = plain.match(text, pos)
        assert skipped is not None  # the pattern matches the empty string
        markup = _MARKUP.search(text, skipped.end())
        if markup is None:
            break
        start = markup.end()
        if markup.group(3):
            tag = _TAG_REST.match(text, start)
            assert tag is not None  # the pattern matches the empty string
            if tag.end() - start > limit and (count := len(_ATTRIBUTE.findall(text, start, tag.end()))) > limit:
                return count
            pos = tag.end()
            name = markup.group(3).lower()
            if markup.group(2) or name not in _RAW_CLOSE:
                if name == "plaintext" and not markup.group(2):
                    return 0
                continue
            close = _RAW_CLOSE[name].search(text, pos)
            if close is None:
                return 0
            pos = close.start()
            continue
        if markup.group(1):
            if text.startswith((">", "->"), start):  # <!--> and <!---> are whole comments
                pos = text.index(">", start) + 1
                continue
            close = _COMMENT_CLOSE.search(text, start)
            end = close.end() if close else -1
        else:
            end = text.find(">", start) + 1 or -1
        if end < 0:
            return 0
        pos = end
    return 0


@functools.cache
def _plain_run(limit: int) -> re.Pattern[str]:
    """Text and markup as _most_attributes tokenises them that it would pass over: text, a "<" that
    opens no markup, a closed comment or bogus comment, start and end tags of at most `limit`
    attributes, and an element of raw text up to its end tag (a tag with more attributes stops
    the run, and is counted; so does anything left unclosed, and <plaintext>). Possessive
    throughout: linear in the text. Comments and scripts are passed over here, not in Python: the
    AEB pages hold dozens each, and a stop at each cost a third of the scan."""
    names = [*_RAW_CLOSE, "plaintext"]
    raw = "|".join(names)
    first = "".join(sorted({name[0] for name in names}))  # "inpstx"
    attributes = rf"(?:[\s/]*+{_ATTRIBUTE_PATTERN}){{0,{limit}}}+[\s/]*+>"
    # An end tag first; a start tag's first letter tested once against the raw-text names' before
    # the names themselves: the lookahead over nine names read every tag (a fifth of the scan).
    tag = rf"(?:</|<(?!(?=(?i:[{first}]))(?i:{raw})(?![^\s/>])))[A-Za-z][^\s/>]*+{attributes}"
    comment = r"<!--(?:-?>|(?:[^-]++|-(?!-!?>))*+--!?>)"
    bogus = r"<(?:!(?!--)|\?|/(?![A-Za-z]))[^>]*+>"
    raw_text = "|".join(
        rf"<(?i:{name})(?![^\s/>]){attributes}(?:[^<]++|<(?!/(?i:{name})[\s/>]))*+(?=</(?i:{name})[\s/>])"
        for name in _RAW_CLOSE
    )
    # The alternatives exclude each other; the commonest first (text, then tags): half the time.
    return re.compile(rf"(?:[^<]++|{tag}|{raw_text}|{comment}|{bogus}|<(?![A-Za-z!?/]))*+")


def check_tree(tree: HtmlElement, limits: Limits = DEFAULT_LIMITS) -> None:
    """Raise PageRejected past max_dom_nodes or max_dom_depth (both counted by libxml2's XPath)."""
    if tree.xpath("count(//*)") > limits.max_dom_nodes:
        raise PageRejected("parse", f"HTML has more than max_dom_nodes={limits.max_dom_nodes} elements")
    if _too_deep(limits.max_dom_depth)(tree):
        raise PageRejected("parse", f"HTML nested deeper than max_dom_depth={limits.max_dom_depth}")


@functools.cache
def _too_deep(depth: int) -> etree.XPath:
    """True when some element lies more than `depth` levels down from the root."""
    return etree.XPath("boolean(/" + "/".join(["*"] * (depth + 1)) + ")")


def parse_html(
    text: str, limits: Limits = DEFAULT_LIMITS, json_ld: list[str] | None = None, utf8: bytes | None = None
) -> HtmlElement:
    """Parse decoded HTML once, within the DOM limits (the counts of tags and of a tag's attributes
    checked before the parser runs); external entities and the network are never touched. A page
    the parser would cut short (too deep) is rejected, never half-read. The texts of its JSON-LD
    scripts go to `json_ld` (when given) before the scripts are dropped.

    `utf8`, the text's own UTF-8 when the caller holds it (a strict UTF-8 page's bytes), is what
    libxml2 reads, as it is: given the text, which holds some character past U+00FF on nearly
    every page, lxml hands libxml2 its UTF-16 to convert (load_page 0.09 ms a page less on AEB,
    bench/ab.py). Not when the text opens with "<?xml": lxml refuses a text (not bytes) that
    declares an encoding there, and the page is refused as it was."""
    tags = _start_tags(text, limits.max_dom_nodes)
    if tags > limits.max_dom_nodes:
        raise PageRejected(
            "parse", f"HTML has more than max_dom_nodes={limits.max_dom_nodes} elements ({tags} start tags)"
        )
    attributes = _most_attributes(text, limits.max_attributes)
    if attributes > limits.max_attributes:
        raise PageRejected(
            "parse", f"HTML has a tag with more than max_attributes={limits.max_attributes} attributes ({attributes})"
        )
    declaration = _XML_DECL.match(text)
    if declaration:
        text = text[declaration.end() :]
    if declaration or text.startswith("<?xml"):
        utf8 = None
    parser = _parser(utf8 is not None)
    try:
        tree = lxml.html.document_fromstring(text if utf8 is None else utf8, parser=parser)
    except (ParserError, ValueError) as exc:
        raise PageRejected("parse", f"not parseable as HTML ({exc})") from exc
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in error.message:
            if "depth" in error.message:
                raise PageRejected(
                    "parse",
                    f"HTML nested deeper than max_dom_depth={limits.max_dom_depth} "
                    f"(the parser stopped: {error.message.strip()})",
                )
            raise PageRejected("parse", f"HTML parser hit a resource limit ({error.message.strip()})")
    if tree is None or (tree.find("body") is None and len(tree) == 0):
        raise PageRejected("parse", "HTML parser found no elements")
    check_tree(tree, limits)
    _inline_bold_classes(tree)
    if json_ld is not None:
        json_ld.extend(s.text for s in tree.iter("script") if s.text and "ld+json" in (s.get("type") or "").lower())
    etree.strip_elements(tree, *_INVISIBLE, with_tail=False)  # no step reads scripts or styles
    return tree


def _inline_bold_classes(tree: HtmlElement) -> None:
    """Write into an element's own style the bold (or a heading's size) that a class of the page's
    style sheet gives it (`.style3 {font-weight: bold}`): a heading set only by a CSS class is one as a reader sees it,
    and the steps that read the tree see inline styles only. A class on elements of longer text
    bolds a container or the body's text, not headings: a bold class most of whose elements hold
    longer text is left alone, and so is a class that sets only a size unless it is on a few short
    elements (a body text of 18px is not a page of headings). Linear in the style sheet's length."""
    bold: set[str] = set()
    sized: set[str] = set()
    for style in tree.iter("style"):
        css = style.text or ""
        if "font-" not in css:
            continue
        for selectors, declarations in _font_rules(css):
            plain = declarations.isascii()  # nearly every one: searched lower-cased (dom.lowered)
            searched = declarations.lower() if plain else declarations
            if (_EMPHASIS_LOWER if plain else EMPHASIS_STYLE).search(searched) is None:
                continue
            for selector in selectors.rsplit("{", 1)[-1].split(","):  # "@media x { .a " before ".a {…"
                match = _CSS_CLASS.search(selector.strip())
                if match and ":" not in selector:
                    (bold if (_CSS_BOLD_LOWER if plain else _CSS_BOLD).search(searched) else sized).add(match.group(1))
    if not bold and not sized:
        return
    carriers: dict[str, list[tuple[HtmlElement, bool]]] = {}
    emphasising = bold | sized
    disjoint = emphasising.isdisjoint  # most class strings name none: no set is built for them
    for element in tree.iter(etree.Element):  # a Python walk: twice as fast as the XPath //*[@class]
        classes = element.get("class")
        if classes and not disjoint(classes.split()):
            for name in emphasising.intersection(classes.split()):
                carriers.setdefault(name, []).append((element, _short(element)))
    for name, found in carriers.items():
        shorts = sum(short for _, short in found)
        heading_class = 2 * shorts >= len(found) if name in bold else shorts == len(found) <= _SIZED_MAX
        if not heading_class:
            continue
        for element, short in found:
            if short:
                element.set("style", f"{element.get('style') or ''};font-weight:bold")


def _font_rules(css: str) -> Iterator[tuple[str, str]]:
    """The selectors and declarations of each rule of a style sheet (its text between "}"s,
    comments removed; the declarations follow the rule's last "{") whose declarations hold "nt-"
    in some case: EMPHASIS_STYLE needs "font-", and no character but N and T is n or t in any case,
    nor lowers to one. Found by searching the sheet's UTF-8 lowered (bytes.lower: ASCII only, so
    positions stay), not by splitting it into every rule and testing each: 54 rules a page read of
    396 on AEB, _inline_bold_classes 0.91 -> 0.81 ms a page (bench/ab.py)."""
    raw = _CSS_COMMENT.sub("", css).encode("utf-8", "surrogatepass")  # lxml makes no lone surrogate; a caller might
    low = raw.lower()
    at = low.find(b"nt-")
    while at >= 0:
        start = low.rfind(b"}", 0, at) + 1
        end = low.find(b"}", at)
        end = len(low) if end < 0 else end
        brace = low.rfind(b"{", start, end)
        if brace < 0 or at < brace:  # no declarations, or "nt-" in the selectors: look on after them
            at = low.find(b"nt-", end if brace < 0 else brace)
            continue
        # cut at ASCII bytes, so at whole characters
        yield raw[start:brace].decode("utf-8", "surrogatepass"), raw[brace + 1 : end].decode("utf-8", "surrogatepass")
        at = low.find(b"nt-", end)


def _short(element: HtmlElement) -> bool:
    """At most _BOLD_TEXT_MAX characters of text (dom.text_length: a container can be large)."""
    return text_length(element, _BOLD_TEXT_MAX) <= _BOLD_TEXT_MAX


def prose_words(tree: HtmlElement) -> int:
    """Words of the body's visible text outside links, form controls and navigation (a CJK
    character counts as a word; numbers and one-letter tokens do not). The text is gathered by
    _PROSE_XSL (libxslt), each run of text between two tags set apart by a space: the words of
    the pieces _prose_pieces gathers, in two thirds of its time (prose_words 0.73 -> 0.63 ms a page
    on AEB, bench/ab.py). A tree too deep for libxslt (over 3000 levels: the parser stops at 2048,
    a tree built by hand need not) is walked in Python."""
    try:
        text = str(_prose_text()(tree))
    except etree.XSLTApplyError:
        text = " ".join(_prose_pieces(tree))
    return word_count(text)


def _prose_pieces(tree: HtmlElement) -> list[str]:
    """The texts prose_words counts, read by a walk in Python (what _PROSE_XSL stands in for): the
    body's (else the root's) own text and its children's tails, and so on down each child not in
    _NOT_PROSE (a comment's or a processing instruction's tail is read, not its text)."""
    body = tree.find("body")
    stack = [body if body is not None else tree]
    pieces: list[str] = []
    while stack:
        element = stack.pop()
        pieces.append(element.text or "")
        for child in element:
            if isinstance(child.tag, str) and child.tag not in _NOT_PROSE:
                stack.append(child)
            pieces.append(child.tail or "")
    return pieces


#: _prose_pieces as a style sheet: the text of the body (else the root) with a space at each
#: tag, comment and processing instruction, nothing of the elements in _NOT_PROSE but their
#: tails. The spaces set apart what the walk's pieces are (a run of text nodes between two tags:
#: lxml joins the nodes a stripped <script> left side by side, and the style sheet writes them out
#: with nothing between), so both give the same words.
_PROSE_XSL = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="text" encoding="utf-8"/>
<xsl:template match="/">
  <xsl:choose>
    <xsl:when test="/*/body"><xsl:apply-templates select="(/*/body)[1]/node()"/></xsl:when>
    <xsl:otherwise><xsl:apply-templates select="/*/node()"/></xsl:otherwise>
  </xsl:choose>
</xsl:template>
<xsl:template match="*"><xsl:text> </xsl:text><xsl:apply-templates/><xsl:text> </xsl:text></xsl:template>
<xsl:template match="{"|".join(sorted(_NOT_PROSE))}|comment()|processing-instruction()"><xsl:text> </xsl:text></xsl:template>
</xsl:stylesheet>"""


def _prose_text() -> etree.XSLT:
    """This thread's _PROSE_XSL, compiled, as _parser keeps this thread's parser: lxml runs a style
    sheet made in another thread too, but each call then works in the dictionary of names of the
    thread that made it, whichever thread calls (lxml's FAQ: keep style sheets per thread)."""
    transform = getattr(_LOCAL, "prose_text", None)
    if transform is None:
        transform = _LOCAL.prose_text = etree.XSLT(etree.XML(_PROSE_XSL))
    return transform


def word_count(text: str | None) -> int:
    """Words as prose_words counts them: a CJK character each, and runs of two or more letters.
    Read a white-space token at a time: an all-letter one (four in five) is one run, and only the
    others go to the regex (white space is no letter, so no run spans two tokens): 0.35 → 0.19 ms
    a page on AEB, against _WORD.findall over the whole text. A text without a CJK lead byte is not
    searched for CJK characters, and a token that is one run once stripped of _NO_LETTERS goes to
    no regex (word_count's calls 0.53 -> 0.46 ms a page on AEB, bench/ab.py)."""
    if not text:
        return 0
    if text.isascii() or not text.encode("utf-8", "surrogatepass").translate(None, _NOT_CJK_LEAD):
        letters, words = text, 0  # no CJK character: no regex pass (a third of the time on AEB)
    else:
        letters, words = CJK_SCRIPT.subn(" ", text)  # one character a match: the count of CJK characters
    for token in letters.split():
        if token.isalpha():  # letters are never digits nor "_": the token is one run
            words += len(token) > 1
        elif (core := token.strip(_NO_LETTERS)).isalpha():  # "(word," "3rd": the runs are the core's
            words += len(core) > 1
        elif core:
            words += len(_WORD.findall(core))
    return words


#: Characters _WORD never matches that stick to words ("word,", "(see", "“quoted”", "3rd"): a
#: token stripped of them at both ends holds the same runs, and is mostly one run of letters
#: (four in five of the tokens that are not one: a regex call each spared).
_NO_LETTERS = string.punctuation + string.digits + "“”‘’„«»‹›—–…·•′″。，、：；！？「」『』（）《》【】"


#: Every byte but those that begin a CJK_SCRIPT character in UTF-8 (U+3040-U+4DBF and U+4E00-U+9FFF
#: begin with E3-E9, U+AC00-U+D7AF with EA-ED, U+F900-U+FAFF with EF): a text whose UTF-8 keeps
#: none once these are deleted holds no CJK character. Encoding and deleting take a third of
#: CJK_SCRIPT's search over a text that holds none (nearly every page outside CJK).
_NOT_CJK_LEAD = bytes(b for b in range(256) if not (0xE3 <= b <= 0xED or b == 0xEF))


def file_format(path: str) -> str | None:
    """The format a file name announces ("html", "html.gz", "text", "text.gz"), or None."""
    name = path.lower()
    for ending, fmt in FORMATS.items():
        if name.endswith(ending):
            return fmt
    return None


def load_page(source: Source, data: bytes, limits: Limits = DEFAULT_LIMITS, fmt: str | None = None) -> Page:
    """Bytes of one page, in the format `fmt` (default: the one its file name announces), to a
    Page; raises PageRejected with the stage that refused it."""
    fmt = fmt or file_format(source.path)
    if fmt is None:
        raise PageRejected("discover", f"unsupported file type (pages are {', '.join(FORMATS)})")
    if len(data) > limits.max_page_bytes:
        raise PageRejected("read", f"file is {len(data)} bytes, over max_page_bytes={limits.max_page_bytes}")
    if fmt.endswith(".gz"):
        data = gunzip(data, limits)
        fmt = fmt.removesuffix(".gz")
    decoded = decode(data)
    page = Page(source=source, format=fmt, encoding=decoded.encoding, text=decoded.text)
    if fmt == "html":
        utf8 = decoded.utf8  # when held, it says in a fraction of the time whether the text holds "&#"
        html = decoded.text if utf8 is not None and not holds_char_ref(utf8) else without_control_refs(decoded.text)
        utf8 = utf8 if html == decoded.text else None  # the same object when no reference was found
        page.tree = parse_html(html, limits, page.json_ld, utf8)
        page.elements = list(page.tree.iter())
        words = page.prose = prose_words(page.tree)
        if words < limits.min_prose_words:
            raise PageRejected(
                "extract",
                f"not an article: {words} words of text outside links and form controls "
                f"(min_prose_words={limits.min_prose_words}); a login form, an index of links or an empty shell",
            )
    elif not page.lines:
        raise PageRejected("decode", "text dump holds no text")
    else:
        words = word_count(decoded.text[:4096])
        if words < limits.min_prose_words:
            words = word_count(decoded.text)
        if words < limits.min_prose_words:
            raise PageRejected(
                "extract", f"not an article: {words} words of text (min_prose_words={limits.min_prose_words})"
            )
    return page
