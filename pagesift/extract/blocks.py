"""The main content as a flat list of blocks: the one shape the section finder reads.

HTML pages give blocks from trafilatura's XML body (headings keep their level, list items stay
items, a bold run that opens a paragraph is kept as its lead); text dumps give one block a line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from lxml.etree import _Element

from pagesift.extract.dom import (
    CARD_CLASS,
    EMPHASIS_STYLE,
    HEADING_CLASS,
    INFOBOX_CLASS,
    SKIP_TAGS,
    TITLE_CLASS,
    matches_class,
    name_matches,
    text_length,
    text_pieces,
)
from pagesift.extract.rules import compiled, markers
from pagesift.text import clean, is_cjk


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # "heading", "para" or "item" (a list item)
    text: str
    level: int = 0  # heading level, 1-6
    lead: str = ""  # the bold run that opens the block, if any
    bold: bool = False  # the whole block is bold
    linked: float = 0.0  # share of the text that is link text (a menu entry, another article's headline)


def _text_lines(element: _Element) -> list[str]:
    """The element's text split at <lb/> (trafilatura's <br>), each line cleaned."""
    parts: list[str] = []
    for node in element.iter():
        if node is not element and node.tag == "lb":
            parts.append("\n")
        if node.text and node.tag != "lb":
            parts.append(node.text)
        if node is not element and node.tail:
            parts.append(node.tail)
    return [line for line in (clean(x) for x in "".join(parts).split("\n")) if line]


def _lead(element: _Element) -> str:
    """The bold run a paragraph opens with (``<hi rend="#b">Title:</hi> text``)."""
    if (element.text or "").strip() or len(element) == 0:
        return ""
    first = element[0]
    if first.tag == "hi" and "#b" in (first.get("rend") or ""):
        return clean("".join(first.itertext()))
    return ""


def from_trafilatura(body: _Element) -> list[Block]:
    """Blocks of trafilatura's XML body (output of bare_extraction with formatting kept)."""
    return list(_walk(body))


def _walk(body: _Element) -> Iterator[Block]:
    for element in body:
        tag = element.tag
        if tag == "head":
            text = clean("".join(element.itertext()))
            rend = element.get("rend") or "h2"
            level = int(rend[1]) if len(rend) == 2 and rend[1].isdigit() else 2
            if text:
                yield Block("heading", text, level=level)
        elif tag == "list" and element.get("rend") == "dl":
            yield from _definitions(element)
        elif tag == "list":
            for item in element.iter("item"):
                lines = _text_lines(item)
                if lines:
                    yield Block("item", " ".join(lines), lead=_lead(item))
        elif tag in ("p", "quote", "code"):
            lead = _lead(element)
            for i, (line, line_lead, bold) in enumerate(_styled_lines(element)):
                line_lead = lead if i == 0 else line_lead
                yield Block("para", line, lead=line_lead, bold=bold or (bool(line_lead) and clean(line_lead) == line))
        elif tag == "table" and (element.find(".//cell/head") is not None or element.find(".//cell/p") is not None):
            for cell in element.xpath("./row/cell"):  # a layout table holding the article: its cells' blocks
                if clean(cell.text or ""):
                    yield Block("para", clean(cell.text))
                yield from _walk(cell)
        elif tag == "table":
            for row in element.iter("row"):
                cells = [clean("".join(cell.itertext())) for cell in row.iter("cell")]
                text = " | ".join(c for c in cells if c)
                if text:
                    yield Block("para", text)


def _definitions(dl: _Element) -> Iterator[Block]:
    """trafilatura's <list rend="dl"> (items "dt-N" and "dd-N") read as from_tree reads a <dl>: an
    infobox's fields one paragraph each (_field_line; a linked term is none, and some term must
    be a label, _label: the classes are gone); otherwise each term the bold title of the item its
    definition explains, the definition its text (not an item of its own)."""
    entries = [((item.get("rend") or "")[:2], item) for item in dl.iterchildren("item")]
    terms, values = entries[::2], entries[1::2]
    if (
        entries
        and len(terms) == len(values)
        and all(kind == "dt" and term.find(".//ref") is None for kind, term in terms)
        and all(kind == "dd" and value.find("p") is None and value.find("list") is None for kind, value in values)
    ):
        labels = [" ".join(_text_lines(t)) for _, t in terms]
        lines = [_field_line(label, " ".join(_text_lines(v))) for label, (_, v) in zip(labels, values)]
        if _labelled(labels) and all(line is not None for line in lines):
            yield from (Block("para", line) for line in lines if line)
            return
    for kind, item in entries:
        if kind == "dt":
            text = " ".join(_text_lines(item))
            if text:
                yield Block("para", text, lead=text, bold=True)
        elif item.find("p") is not None or item.find("list") is not None:
            yield from _walk(item)
        else:
            yield from (Block("para", line) for line in _text_lines(item))


def from_lines(lines: list[str]) -> list[Block]:
    """Blocks of a text dump: one paragraph a line."""
    return [Block("para", clean(line)) for line in lines if clean(line)]


# --- blocks from the page's own tree, inside the container trafilatura chose ------------------

_BLOCKISH = frozenset(
    {
        "p",
        "div",
        "ul",
        "ol",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "tr",
        "td",
        "th",
        "section",
        "article",
        "main",
        "dl",
        "dd",
        "dt",
        "blockquote",
        "header",
        "footer",
        "aside",
        "form",
        "figure",
        "nav",
        "pre",
    }
)
_SKIP = SKIP_TAGS | {"button", "form", "input", "textarea", "img", "video", "audio", "figure", "nav"}
_HEADING_LEVEL = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6, "summary": 3}  # <details> questions
_BOLD = frozenset({"strong", "b", "big"})
_CELLS = frozenset({"td", "th"})
_BIG_FONT = re.compile(r"^\s*(?:\+[1-4]|[5-7])\s*$")  # <font size="+1">, <font size="5">


def _inline_lines(element: _Element) -> list[str]:
    """Text of an element with no block children, in document order, split at <br>; skipped
    elements (buttons, images, forms) give nothing but their tail. Half the elements read are a
    single line of text with no child (<p>text</p>): read as such, without the walk."""
    if len(element):
        parts: list[str] = []
        _inline_text(element, parts)
        text = "".join(parts)
    else:
        text = element.text or ""
    if "\n" not in text:
        line = clean(text)
        return [line] if line else []
    return [line for line in (clean(x) for x in text.split("\n")) if line]


def _inline_text(element: _Element, parts: list[str]) -> None:
    parts.append(element.text or "")
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _SKIP:
            if child.tag == "br":
                parts.append("\n")
            else:
                _inline_text(child, parts)
        parts.append(child.tail or "")


def _bold_lead(element: _Element) -> str:
    """The bold run a paragraph opens with; empty leading elements (a named anchor, an image) are
    passed over."""
    if (element.text or "").strip():
        return ""
    for child in element:
        if not isinstance(child.tag, str):  # a comment: only its tail can be text
            if (child.tail or "").strip():
                return ""
            continue
        if _all_bold(child):  # <b>X</b>, or a wrapper of it (<a name="x"><b>X</b></a>)
            return clean("".join(child.itertext()))
        if "".join(child.itertext()).strip() or (child.tail or "").strip():
            return ""
    return ""


_BADGE = re.compile(r"\d{1,2}")


def _badge(element: _Element) -> tuple[str, str] | None:
    """(number, title) of a paragraph that is a number set in an element of its own and a bold
    title (`<span class="num">1</span> <strong>Title</strong>`, or a bold "Title:" opening its
    text): a numbered bubble, the entry's number as a reader sees it."""
    if (element.text or "").strip() or len(element) < 2:
        return None
    first, second = element[0], element[1]
    if not isinstance(first.tag, str) or len(first) or (first.tail or "").strip() or not isinstance(second.tag, str):
        return None
    number = (first.text or "").strip()
    if not _BADGE.fullmatch(number):
        return None
    title = clean("".join(second.itertext())) if _all_bold(second) else _bold_lead(second)
    rest = clean("".join(element.itertext()))[len(number) :].strip()
    if not title or (rest != title and not (rest.startswith(title) and title.endswith((":", "：")))):
        return None  # "<span>90</span> <strong>percent</strong> of people…": a figure in a sentence
    return number, title


def _has_block_child(element: _Element) -> bool:
    return len(element) > 0 and any(isinstance(d.tag, str) and d.tag in _BLOCKISH for d in element.iterdescendants())


def from_tree(container: _Element, skip_attr: str) -> list[Block]:
    """Blocks of a container in document order: headings, paragraphs, list items (with their
    bold leads), leaving out scripts, forms and every element carrying `skip_attr` (noise)."""
    blocks: list[Block] = []
    token = _CONTENT.set((container, {}))
    try:
        _tree_walk(container, skip_attr, blocks)
    finally:
        _CONTENT.reset(token)
    return blocks


def _anchor_texts(element: _Element, anchors_too: bool = True) -> list[str]:
    """Texts of the links inside an element; `anchors_too=False` leaves out links to a fragment
    ("#causes", "https://site/page/#causes": a heading that links to itself is still a heading)."""
    links = list(element.iter("a"))  # the element itself too: a stray <a> is a line of its own
    if not links:  # most lines link nowhere
        return []
    texts = (
        clean("".join(text_pieces(a))) for a in links if a.get("href") and (anchors_too or "#" not in a.get("href", ""))
    )
    return [t for t in texts if t]


def _share(line: str, anchors: list[str]) -> float:
    """How much of a line is link text: a menu entry or another article's headline is all link."""
    if not anchors or not line:
        return 0.0
    return min(1.0, sum(len(t) for t in anchors if t in line) / len(line))


_BREAK = "\x00"  # a line break in the runs of _styled_text (never in a page's text: decode drops NULs)


def _styled_lines(element: _Element) -> list[tuple[str, str, bool]]:
    """(line, bold lead, all bold) of each line of a paragraph split at <br>: a bold line in the
    middle of a paragraph ("…text<br><b>Elevation</b><br>text…") is a heading as a reader sees it."""
    runs: list[tuple[str, bool]] = []
    _styled_text(element, runs, _is_bold(element))
    lines: list[tuple[str, str, bool]] = []
    line: list[tuple[str, bool]] = []
    for text, bold in [*runs, (_BREAK, False)]:
        if text != _BREAK:
            line.append((text.replace("\n", " "), bold))  # a newline of the source is a space
            continue
        joined = clean("".join(t for t, _ in line))
        if joined:
            inked = [(t, b) for t, b in line if t.strip()]
            lead_runs: list[str] = []
            for t, b in inked:
                if not b:
                    break
                lead_runs.append(t)
            lead = clean("".join(lead_runs))
            lines.append((joined, lead, all(b for _, b in inked)))
        line = []
    return lines


def _styled_text(element: _Element, runs: list[tuple[str, bool]], bold: bool) -> None:
    runs.append((element.text or "", bold))
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _SKIP:
            if child.tag in ("br", "lb"):  # HTML's line break, and trafilatura's
                runs.append((_BREAK, False))
            else:
                _styled_text(child, runs, bold or _is_bold(child))
        runs.append((child.tail or "", bold))


_WORDY = re.compile(r"\w")


def _all_bold(element: _Element) -> bool:
    """Every word of the element is set in bold (by itself or by what it wraps)."""
    if _is_bold(element):
        return True
    runs: list[tuple[str, bool]] = []
    _styled_text(element, runs, False)
    inked = [bold for text, bold in runs if _WORDY.search(text)]
    return bool(inked) and all(inked)


def _is_bold(element: _Element) -> bool:
    """Set apart as a heading is: <b>, <strong>, <big>, a large <font>, bold or large by its style
    (page.parse_html writes what a class of the style sheet gives into the style), or a short
    line whose class names a heading (_class_heading)."""
    tag = element.tag
    if tag == "hi":  # trafilatura's XML: <hi rend="#b">
        return "#b" in (element.get("rend") or "")
    return (
        tag in _BOLD
        or bool(EMPHASIS_STYLE.search(element.get("style") or ""))
        or (tag == "font" and bool(_BIG_FONT.match(element.get("size") or "")))
        or (
            (cls := element.get("class")) is not None
            and name_matches(cls, _HEADING_OR_TITLE)
            and _class_heading(element, cls)
        )
    )


_CLASS_HEADING_MAX = 80  # characters: a class-named heading's text; a longer one is a deck or a teaser
#: Either table, asked first: most classes name neither, and one remembered verdict tells.
_HEADING_OR_TITLE = re.compile(f"{HEADING_CLASS.pattern}|{TITLE_CLASS.pattern}")


def _class_heading(element: _Element, cls: str) -> bool:
    """A short line whose class names a heading (dom.HEADING_CLASS: "section-title", "subheading",
    "h2"), the style sheet that sets it apart being outside the page; a bare "title" or "tit"
    (dom.TITLE_CLASS) only where the page uses it for headings (_heading_class). A byline or a
    date (the rules' own patterns) is a credit line, whatever its class: never a heading."""
    pieces: list[str] = []
    length = 0
    for text in element.itertext():
        length += len(text)
        if length > _CLASS_HEADING_MAX:
            return False
        pieces.append(text)
    line = clean("".join(pieces))
    if not line:
        return False
    rules = compiled()
    if rules.byline.search(line) or rules.date_only.search(line):
        return False
    return name_matches(cls, HEADING_CLASS) or _heading_class(element, cls)


#: The container from_tree reads, and its "title" classes' verdicts (_heading_class).
_CONTENT: ContextVar[tuple[_Element, dict[str, bool]] | None] = ContextVar("pagesift_blocks_content", default=None)
_CARD_TAGS = frozenset({"a", "li"})
_CARD_PARTS = 4  # elements: a card's picture, title, teaser and date; a section holds more, or no picture


def _heading_class(element: _Element, cls: str) -> bool:
    """A bare "title" class read as a heading only as CONVENTIONS 2 has it, "a CSS class used the
    same way for the page's other headings": two or more elements of the class in the content
    each title prose (_titles_content), this one too. A lone "title" names a box, a card or a
    widget as often as a section."""
    content = _CONTENT.get()
    container, verdicts = content if content is not None else (element.getroottree().getroot(), {})
    verdict = verdicts.get(cls)
    if verdict is None:
        same = (e for e in container.iter() if isinstance(e.tag, str) and e.get("class") == cls)
        titled = 0
        for other in same:
            if _short(other) and _titles_content(other, container):
                titled += 1
                if titled == 2:
                    break
        verdict = verdicts[cls] = titled == 2
    return verdict and _titles_content(element, container)


def _short(element: _Element) -> bool:
    """Holds a line of text no longer than a class-named heading's."""
    return 0 < text_length(element, _CLASS_HEADING_MAX) <= _CLASS_HEADING_MAX


def _titles_content(element: _Element, container: _Element) -> bool:
    """A "title"-classed element heads what follows it in the article, not a card of a teaser
    list: it holds no link, stands in no link or list entry (at any depth inside the content)
    nor beside a link, a picture or a price (in a small parent: a card's parts), its parent's
    class names no card or product, a small parent of its own holds a list or prose beside it
    (_section_body: a section's wrapper, not a testimonial's box), and prose follows it
    (_prose_after)."""
    if element.tag in _CARD_TAGS or next(element.iter("a"), None) is not None:
        return False
    for ancestor in element.iterancestors():
        if ancestor is container:
            break
        if ancestor.tag in _CARD_TAGS:
            return False  # a card: a link around it, or a list's entry
    parent = element.getparent()
    if parent is None or any(sibling.tag == "a" for sibling in parent) or matches_class(parent, CARD_CLASS):
        return False  # a card: a link beside its title (<a><img></a>), or its class says so
    if len(parent) <= _CARD_PARTS:
        price = compiled().price
        others = [sibling for sibling in parent if sibling is not element and isinstance(sibling.tag, str)]
        for sibling in others:
            if next(sibling.iter("img"), None) is not None or price.search("".join(sibling.itertext())):
                return False  # a card: its picture, title and teaser, or a product's price
        if parent is not container and not any(_section_body(sibling) for sibling in others):
            return False  # an entry's box: a testimonial's name or a review's title over a line or two
    return _prose_after(element)


_LISTS = ("ul", "ol", "dl", "table")


def _section_body(element: _Element) -> bool:
    """What a section holds and an entry's box does not: a list, or a paragraph of prose."""
    if element.tag in _LISTS or next(element.iter(*_LISTS), None) is not None:
        return True
    return text_length(element, _FIELD_VALUE_MAX) > _FIELD_VALUE_MAX


def _prose_after(element: _Element) -> bool:
    """The element's next sibling opens with text that is neither a link ("More videos": a card's)
    nor a price; its first text tells, not the whole of a long sibling read."""
    following = element.getnext()
    if following is None or not isinstance(following.tag, str) or following.tag in _CARD_TAGS:
        return False
    first = next((text for text in following.itertext() if text.strip()), None)
    if first is None or compiled().price.search(first):
        return False
    link = next(following.iter("a"), None)
    return link is None or all(text != first for text in link.itertext())


def _emit(element: _Element, kind: str, level: int = 0) -> list[Block]:
    """The blocks of an element with no block children (a list, not a generator: the walk that
    asks for them extends its own list)."""
    lines = _inline_lines(element)
    if not lines:
        return []
    if kind == "heading":
        text = " ".join(lines)
        return [Block("heading", text, level=level, linked=_share(text, _anchor_texts(element, anchors_too=False)))]
    anchors = _anchor_texts(element)
    lead = lines[0] if _is_bold(element) else _bold_lead(element)  # <p class="hd"> bold by its style
    badge = _badge(element) if kind == "para" and not lead else None
    if badge is not None:  # "<span>1</span> <strong>Title</strong>": read as "1. Title", titled by the bold run
        number, lead = badge
        lines[0] = f"{number}. {lines[0][len(number) :].lstrip()}"
    if kind == "item":  # lines of one <li> stay one item: a title line and its text
        text = "\n".join(lines)
        return [
            Block(
                "item",
                text,
                lead=lead,
                bold=clean(lead) == lines[0] and len(lines) == 1,
                linked=_share(" ".join(lines), anchors),
            )
        ]
    linked = _share(" ".join(lines), anchors)  # of the whole paragraph: a linked run-in heading
    if len(lines) == 1:  # followed by prose is still a heading
        return [Block(kind, lines[0], lead=lead, bold=bool(lead) and clean(lead) == lines[0], linked=linked)]
    blocks = []
    for i, (line, line_lead, bold) in enumerate(_styled_lines(element)):
        line_lead = lead if i == 0 else line_lead
        blocks.append(
            Block(
                kind, line, lead=line_lead, bold=bold or (bool(line_lead) and clean(line_lead) == line), linked=linked
            )
        )
    return blocks


_INDENT = re.compile(r"^[ \t\u00a0\u3000]+\S")
_SHORT_LINE = 40  # characters: a line of a list, not of prose


def _preformatted(pre: _Element) -> Iterator[Block]:
    """Notes kept as preformatted text: in outline shape (two or more lines at the margin, some
    lines indented below them) each margin line is an item and the indented lines below it are
    its text ("神仙粥:" over "    原料：…"); two or more short lines are a list. Anything else (one
    line, <code>, prose) stays paragraphs."""
    parts: list[str] = []
    _inline_text(pre, parts)
    raw = [line.rstrip() for line in "".join(parts).split("\n") if line.strip()]
    margin = [line for line in raw if not _INDENT.match(line)]
    if pre.find(".//code") is not None or len(margin) < 2:
        yield from (Block("para", clean(line)) for line in raw)
        return
    if len(margin) == len(raw):  # no outline: a list of short lines, or prose
        short = all(len(line) <= _SHORT_LINE for line in raw)
        yield from (Block("item" if short else "para", clean(line)) for line in raw)
        return
    entry: list[str] = []
    for line in raw:
        if entry and not _INDENT.match(line):
            yield Block("item", "\n".join(entry))
            entry = []
        entry.append(clean(line))
    if entry:
        yield Block("item", "\n".join(entry))


def _row(row: _Element) -> Iterator[Block]:
    """A table row as an item: its first cell the title, the other cells its text. A header row
    (_header_row) is a table's own labels, not an item; the only row of a table, one cell broken
    into lines (`<br>`), is a layout table's, its lines paragraphs."""
    cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]
    if not cells or _header_row(row, cells):
        return
    if (
        len(cells) == 1 and cells[0].find(".//br") is not None and _only_row(row)
    ):  # a layout cell of lines (a forum post)
        yield from _emit(cells[0], "para")
        return
    texts = [" ".join(_inline_lines(c)) for c in cells]
    if texts[0]:
        yield Block("item", "\n".join(t for t in texts if t), linked=_share(" ".join(texts), _anchor_texts(row)))


def _header_row(row: _Element, cells: list[_Element]) -> bool:
    """The row of a table's column labels: all <th>, a row of <thead>, or the table's first row
    whose cells (two or more with text) are all bold ("<td><b>Cause</b></td><td><b>What to
    do</b></td>") where no row under it bolds its title cell (_bold_title): the rows under it are
    the records."""
    if all(c.tag == "th" for c in cells):
        return True
    parent = row.getparent()
    if parent is not None and parent.tag == "thead":
        return True
    previous = row.getprevious()
    if previous is not None and previous.tag == "tr":  # most rows: one of the records
        return False
    table = next(row.iterancestors("table"), None)
    if table is None or next(table.iter("tr"), None) is not row:
        return False
    inked = [c for c in cells if "".join(c.itertext()).strip()]
    if len(inked) < 2 or not all(_all_bold(c) for c in inked):
        return False
    return not any(_bold_title(record) for record in table.iter("tr") if record is not row)


def _bold_title(row: _Element) -> bool:
    """A record's first cell with text is bold: the table bolds its records' titles, so a bold
    first row is one of them ("Strep | Bacterial" over "Cold | Viral"), not the column labels."""
    first = next((c for c in row if isinstance(c.tag, str) and c.tag in _CELLS and "".join(c.itertext()).strip()), None)
    return first is not None and _all_bold(first)


def _only_row(row: _Element) -> bool:
    """The one row of its table (a layout wrapper), not one of a data table's records."""
    table = row.getparent()
    return table is not None and sum(1 for r in table.iter("tr")) == 1


_FIELD_LABEL_MAX = 40  # characters: a field's label ("常见病因", "Causes"), not a defined term's heading
_FIELD_VALUE_MAX = 80  # characters: a field's value ("受凉、饮食不当"), not a definition
_SENTENCE_END = (".", "。", "!", "！", "?", "？")


def _fields(dl: _Element, skip_attr: str, before: list[Block]) -> list[Block] | None:
    """An infobox's fields (`<dt>常见病因</dt><dd>受凉、饮食不当</dd>`, `<dt>Causes</dt><dd>Poor
    posture; sleeping position</dd>`) as one paragraph each, "label：value": a field names the
    page's subject, it heads no section and is no item (a list of causes written into a value is
    the field's text, not list entries: gold reads no items from it). None for a list of defined
    terms (its definitions are sentences, or hold blocks or more than one definition a term: the
    walk reads each term as the title of the item its definition explains), for a link's term
    (a question's title over its answer), for a list with noise in it (the walk leaves it out)
    and for a list that is no infobox (_infobox: "Honey — Soothes the throat" under "Home
    remedies" names remedies, each a term with a short description)."""
    pairs: list[list[_Element]] = []
    for node in dl.iter("dt", "dd", "dl"):
        if node.get(skip_attr) is not None:
            return None
        if node.tag == "dl":
            if node is dl:
                continue
            return None  # a list nested in a definition
        if node.tag == "dt":
            pairs.append([node])
        elif not pairs or len(pairs[-1]) != 1:  # a definition with no term, or a term's second
            return None
        else:
            pairs[-1].append(node)
    if not pairs or any(len(pair) != 2 or _has_block_child(pair[0]) or _has_block_child(pair[1]) for pair in pairs):
        return None
    fields: list[Block] = []
    labels: list[str] = []
    for term, value in pairs:
        label = " ".join(_inline_lines(term))
        line = _field_line(label, " ".join(_inline_lines(value)))
        if line is None or _anchor_texts(term):
            return None
        labels.append(label)
        if line:
            fields.append(Block("para", line, linked=_share(line, _anchor_texts(value))))
    return fields if _infobox(dl, labels, before) else None


def _infobox(dl: _Element, labels: list[str], before: list[Block]) -> bool:
    """Short terms over short values are an infobox's fields only where something says infobox:
    its class or its holder's (dom.INFOBOX_CLASS: "basicInfo-block", "infobox"; not further up,
    where a class names the article's column), terms most of which are labels (_labelled), or its place
    before the article's first section heading and prose (the subject's card under the
    headline). Else they are named things with a short description each (a glossary of
    remedies), their terms the walk's items."""
    if _labelled(labels) or matches_class(dl, INFOBOX_CLASS):
        return True
    content = _CONTENT.get()
    holder = dl.getparent()
    if holder is not None and (content is None or holder is not content[0]) and matches_class(holder, INFOBOX_CLASS):
        return True
    return not any(
        (block.kind == "heading" and block.level > 1) or (block.kind == "para" and _prose(block.text))
        for block in before
    )


def _labelled(labels: list[str]) -> bool:
    """Terms that are an infobox's labels: most of them are (_label). One term does not decide for
    the list: under "Home remedies", Honey / Steam therapy / Salt water gargle are remedies, though
    "Steam therapy" holds a kind word."""
    return 2 * sum(_label(label) for label in labels) > len(labels)


def _label(term: str) -> bool:
    """A field's label, not a named thing: it ends in a colon ("别名：") or its whole text names a
    kind of section ("常见病因", "Causes", "Side effects": the rules' kind words) or a generic one
    ("Overview"); a term that merely holds a kind word ("Steam therapy", "Lozenges for symptoms")
    names a thing."""
    if term.endswith((":", "：")):
        return True
    rules = compiled()
    text = term.strip()
    return any(_whole(kind, text) for kind in rules.strong_kinds.values()) or bool(rules.generic_heading.search(text))


_CJK_MODIFIER_MAX = 2  # 常见 in 常见病因, 方法 in 治疗方法: a label's few characters besides its kind word


def _whole(kind: re.Pattern[str], text: str) -> bool:
    """The kind word is the term's whole text: in words, the match completed to its word ("Caus" of
    "Causes") is all of it; in CJK, unspaced, it leaves at most a modifier's few characters."""
    found = kind.search(text)
    if found is None:
        return False
    if is_cjk(text):
        return len(text) - (found.end() - found.start()) <= _CJK_MODIFIER_MAX
    return not text[: found.start()].strip() and re.fullmatch(r"[\w'’-]*\W?", text[found.end() :]) is not None


def _prose(text: str) -> bool:
    """A paragraph of the article's prose: a sentence longer than a field's value."""
    return len(text) > _FIELD_VALUE_MAX and text.endswith(_SENTENCE_END)


def _field_line(label: str, value: str) -> str | None:
    """An infobox's field as one line, "label：value" (the label alone when it has no value); None
    when the term is no short label or the definition is a sentence or longer than a value."""
    if not label or len(label) > _FIELD_LABEL_MAX or len(value) > _FIELD_VALUE_MAX or value.endswith(_SENTENCE_END):
        return None
    if not value:
        return label
    return f"{label}{value}" if label.endswith((":", "：")) else f"{label}{'：' if is_cjk(label) else ': '}{value}"


_BOX = re.compile(markers.BOX_CLASSES)
_FLOAT = re.compile(markers.FLOAT_STYLE, re.IGNORECASE)


def _boxed(element: _Element) -> bool:
    """A box with headings of its own set beside the article's flow: <aside>, a callout or fact-box
    class, a floated element — and a small part of what holds it (a floated main column is the
    article, not a box beside it)."""
    if not (
        element.tag == "aside" or _FLOAT.search(element.get("style") or "") is not None or matches_class(element, _BOX)
    ):
        return False
    if not any(True for _ in element.iter("h2", "h3", "h4", "h5", "h6")):
        return False
    parent = element.getparent()
    whole = len("".join(parent.itertext())) if parent is not None else 0
    return 3 * len("".join(element.itertext())) < whole


def _tree_walk(element: _Element, skip_attr: str, blocks: list[Block]) -> None:
    """from_tree's walk, adding to `blocks` (a block is not passed up a generator at each level)."""
    stray = clean(element.text or "")
    if stray:
        blocks.append(Block("para", stray))
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _SKIP and child.get(skip_attr) is None:
            tag = child.tag
            if tag in _HEADING_LEVEL:
                blocks += _emit(child, "heading", _HEADING_LEVEL[tag])
            elif tag == "dl" and (fields := _fields(child, skip_attr, blocks)) is not None:
                blocks += fields
            elif tag == "tr" and not any(
                isinstance(d.tag, str) and d.tag in _BLOCKISH - _CELLS for d in child.iterdescendants()
            ):
                blocks += _row(child)
            elif not _has_block_child(child):
                if tag == "li":
                    blocks += _emit(child, "item")
                elif tag == "dt":  # a defined term: the title of the item its <dd> explains
                    text = " ".join(_inline_lines(child))
                    if text:
                        blocks.append(
                            Block("para", text, lead=text, bold=True, linked=_share(text, _anchor_texts(child)))
                        )
                elif tag == "pre":
                    blocks += _preformatted(child)
                elif tag in _BLOCKISH or _inline_lines(child):
                    blocks += _emit(child, "para")
            elif not _boxed(child):  # a callout's headings and lists are not the article's outline
                _tree_walk(child, skip_attr, blocks)
        tail = child.tail
        if tail and not tail.isspace() and isinstance(child.tag, str):  # most tails are the source's indent
            blocks.append(Block("para", clean(tail)))
