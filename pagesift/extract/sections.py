"""Find the outline of an article: its intro, its sections, their kinds and their items.

Works on blocks only (see blocks.py), so HTML pages and text dumps share one algorithm:
1. every heading-like block gets a rank (h2 = 2, "一、" = 2.5, bold line = 4.5, "1." = 6, "(1)" = 7…);
2. the best rank that the page uses for headings is its section level;
3. blocks of lower rank inside a section are its items; plain paragraphs feed the open item or
   the section's text; paragraphs before the first section are the summary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from pagesift.extract.blocks import Block
from pagesift.extract.rules import compiled, markers, opening_class
from pagesift.text import CJK, clean, fold, is_cjk

_TRIM = " \t.:：。;；,，、-–—"
_BOLD_RANK = 4.5
_FAMILY_TIE = 100  # a bold line's numbering adds its family's rank / this: all stay below _BOLD_RANK + 0.1
_BOLD_RANKS = _BOLD_RANK + 0.1  # bold lines rank below this
_HEADING_WORDS = 14  # the longest English heading; an item's first sentence this short is its title
_LABEL_WORDS = 4  # a frame's or a box's label among an item's lines ("You may also like", 温馨提示)
#: A block whose text is mostly link text is a menu entry or another article's headline: never a
#: heading, an item or an item's text.
LINKED = 0.6
_LINKED_LIST_MAX = 8  # a longer run of all-link list entries is a menu or an index
PROSE_WORDS = 25  # a paragraph this long is the article's prose, not a byline or a label
LEAD_WORDS = 8  # the shortest lead paragraph: a sentence, not a prompt or a label
_SUBJECT_WORDS = 3  # a list's lead-in names its kind in its first words (6 CJK characters)


@dataclass(slots=True)
class Item:
    title: str
    text: str = ""


@dataclass(slots=True)
class Section:
    heading: str
    kind: str
    items: list[Item] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    numbered: bool = False  # its heading opens with some family's marker ("2. Drink cold water", "Step 2:")

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(slots=True)
class Outline:
    summary: str
    sections: list[Section]

    def items_of(self, kind: str) -> list[Item]:
        return [item for section in self.sections if section.kind == kind for item in section.items]


def size(text: str) -> int:
    """Length in words, counting each CJK character as a word: one pass of the CJK regex counts
    them and blanks them out, and str.split cuts the rest at the white space the regex's \\s is
    (the same Unicode class), not a regex match a word."""
    rest, cjk = CJK.subn(" ", text)
    return cjk + len(rest.split())


def classify(heading: str) -> str:
    """The kind a heading names: the earliest kind word wins; implied kinds come second. A heading
    in which no kind's table matches at all (most of them) is "other" after one search."""
    if not compiled().any_kind.search(heading):
        return "other"
    return _classified(heading)


def _classified(heading: str) -> str:
    """`classify` by each kind's table in turn."""
    rules = compiled()
    best: tuple[int, str] | None = None
    for kind, pattern in rules.strong_kinds.items():
        start = _first_named(kind, pattern, heading)
        if start is not None and (best is None or start < best[0]):
            best = (start, kind)
    if best:
        return best[1]
    for kind, pattern in rules.weak_kinds.items():
        if _first_named(kind, pattern, heading) is not None:
            return kind
    return "other"


def _first_named(kind: str, pattern: re.Pattern[str], heading: str) -> int | None:
    """Where the heading first names `kind`: a kind word that stands in a phrase naming no kind
    ("reasons to eat organic") does not count, the others do ("Causes of fatigue and reasons to
    see a doctor" names causes). The phrases naming no kind are looked for only once the kind word
    is found: most headings name no kind (or not this one)."""
    spans: list[tuple[int, int]] | None = None
    for match in pattern.finditer(heading):
        if spans is None:
            spans = [m.span() for negation in compiled().not_kinds.get(kind, ()) for m in negation.finditer(heading)]
        if not any(a <= match.start() < b for a, b in spans):
            return match.start()
    return None


def _any_of(patterns: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One pattern that matches at the start of a text where any of `patterns` does (each keeping
    its own case flag); None when they cannot be joined as written (groups, other flags)."""
    if any(p.groups or p.flags & ~(re.UNICODE | re.IGNORECASE) for p in patterns):
        return None
    try:
        return re.compile(
            "|".join(f"(?i:{p.pattern})" if p.flags & re.IGNORECASE else f"(?:{p.pattern})" for p in patterns)
        )
    except re.error:  # a global flag inside a pattern ("(?i)…")
        return None


#: Where some family's marker opens a line: most lines open with none, and one match tells.
_ANY_MARKER = _any_of([pattern for _, _, pattern in markers.FAMILIES])


def strip_marker(text: str) -> tuple[str | None, float, str]:
    """(family, rank, text without the marker) of a numbered line; (None, 0, text) otherwise."""
    if _ANY_MARKER is not None and _ANY_MARKER.match(text) is None:
        return None, 0.0, text
    for family, rank, pattern in markers.FAMILIES:
        match = pattern.match(text)
        if match and match.end() < len(text):
            return family, rank, text[match.end() :].strip()
    return None, 0.0, text


def _heading_like(text: str, long: bool = False) -> bool:
    """Short, and no body after a sentence break or a colon: reads as a heading, not an item.

    `long` allows the longer lines that sites put in real heading tags.
    """
    if size(text) > (30 if is_cjk(text) else _HEADING_WORDS) * (2 if long else 1):
        return False
    if long:
        return "。" not in text and not text.endswith(".")
    return not re.search(r"[.。:：;；](?=\s*\S)", text.rstrip("?？!！"))


def split_item(text: str, lead: str = "") -> Item:
    """An item's title and text: bold lead, colon, short first sentence, or a case break."""
    _, _, text = strip_marker(text)
    first, _, rest = text.partition("\n")
    if rest.strip() and not lead and size(first) <= 25:  # a title on a line of its own
        return Item(first.strip(_TRIM), rest.strip())
    if lead:
        _, _, lead = strip_marker(lead)
        if text.startswith(lead) and lead.strip(_TRIM):
            return Item(lead.strip(_TRIM), text[len(lead) :].lstrip(_TRIM + "\n"))
    cjk = is_cjk(text)
    limit = 25 if cjk else 12
    colon = re.search(r"[:：]", text)
    if colon and 0 < size(text[: colon.start()]) <= limit and text[colon.end() :].strip():
        return Item(text[: colon.start()].strip(_TRIM), text[colon.end() :].strip())
    # not a lone initial's dot ("E. coli", "e. g. honey")
    stop = re.search(r"。|(?<![\s(][^\W\d_])(?<!^[^\W\d_])[.!?](?=\s)", text)
    if (
        stop
        and 0 < size(text[: stop.start()]) <= (limit * 3 // 4 if cjk else _HEADING_WORDS)
        and text[stop.end() :].strip()
    ):
        return Item(text[: stop.start()].strip(_TRIM), text[stop.end() :].strip())
    if cjk:
        space = re.search(r"\s", text)
        if space and 0 < size(text[: space.start()]) <= 20 and size(text[space.end() :]) > 10:
            return Item(text[: space.start()].strip(_TRIM), text[space.end() :].strip())
    else:
        words = text.split()
        if len(words) > 12:
            for i in range(1, 10):
                if _case_break(words, i):
                    return Item(" ".join(words[:i]).strip(_TRIM), " ".join(words[i:]))
    return Item(text.strip(_TRIM))


def _case_break(words: list[str], i: int) -> bool:
    """Does the text start again at word i ("…physical exercise Normal physical exercise is…")?

    A capitalised word after a lower-case one, or a capitalised word that restates the title
    before it ("Overeating Eating too much…").
    """
    prev, word = words[i - 1], words[i]
    if not word[:1].isupper() or len(word) < 2 or word.isupper() or not prev.isalpha():
        return False
    if prev.islower() and len(prev) > 1:
        return True
    restated = {w.lower() for w in words[i : i + 3] if len(w) > 3}
    return any(r in t.lower() or t.lower() in r for r in restated for t in words[:i] if len(t) > 3)


#: The characters INLINE_ITEMS's markers open with ("第", "①"): most paragraphs hold none.
_INLINE_OPENING = opening_class(markers.INLINE_ITEMS)


def _inline_starts(text: str) -> list[int]:
    """Where INLINE_ITEMS's markers stand in a text: none in a text without their first characters,
    told by one scan for them (a quarter of the time of the markers' own search on AEB)."""
    if _INLINE_OPENING is not None and not _INLINE_OPENING.search(text):
        return []
    return [m.start() for m in markers.INLINE_ITEMS.finditer(text)]


def _split_inline(block: Block) -> list[Block]:
    """ "第一，A。第二，B" and "①A②B" inside one paragraph become one block each."""
    if block.kind == "heading":
        return [block]
    starts = _inline_starts(block.text)
    if len(starts) < 2 and is_cjk(block.text):
        run: list[int] = []
        for match in markers.INLINE_NUMBERED.finditer(block.text):  # 1、 2、 3、 in order, from the first 1、
            if int(match.group(1)) == len(run) + 1:
                run.append(match.start())
        starts = run if len(run) >= 2 else starts
    if len(starts) < 2:
        return [block]
    pieces = [block.text[: starts[0]]] + [block.text[a:b] for a, b in zip(starts, [*starts[1:], len(block.text)])]
    return [Block("para", clean(p)) for p in pieces if clean(p)]


@dataclass(frozen=True, slots=True)
class _Line:
    block: Block
    rank: float  # 0: not heading-like
    family: str | None
    text: str  # without its marker
    ends: bool  # the block ends the article (_ends_article), asked once
    #: the kind a heading-like line names (classify, asked once: the section level, the sections'
    #: kinds and the sections they open all read it); "other" for a line of rank 0
    kind: str


def _line(block: Block, rank: float, family: str | None, text: str, ends: bool) -> _Line:
    """The line, its kind read here once for all that ask it (a heading-like line's only). A
    how-to's heading tag "Method 1 of 2: Using Ice" is named by its numbering word alone (not a
    recipe's "Step 1: Preheat the oven")."""
    kind = classify(text) if rank else "other"
    if kind == "other" and block.kind == "heading" and markers.HOWTO_METHOD.match(block.text):
        kind = classify(block.text)
    return _Line(block, rank, family, text, ends, kind)


def _rank(block: Block, ends: bool) -> _Line:
    family, rank, text = strip_marker(block.text)
    if block.linked >= LINKED:
        return _line(block, 0.0, None, text, ends)
    if block.kind == "heading":
        if _heading_like(text, long=True):
            return _line(block, float(max(block.level, 2)), family, text, ends)
        block = Block("para", block.text)  # a paragraph in a heading tag (misused h3)
        ends = _ends_article(block)  # asked again of the paragraph it now is
    if block.kind == "para" and block.bold and _heading_like(block.text):
        # bold lines rank together, their numbering breaking ties ("01 …" above "① …")
        return _line(block, _BOLD_RANK + rank / _FAMILY_TIE if family else _BOLD_RANK, family, text, ends)
    label = markers.BRACKET_HEADING.match(block.text)
    if block.kind == "para" and label:  # "【病因】": a heading as a reader sees it
        return _line(block, _BOLD_RANK, None, label.group(1).strip(), ends)
    if family and block.kind == "para" and _heading_like(text) and not _run_in(block):
        return _line(block, rank, family, text, ends)
    return _line(block, 0.0, family, text, ends)


def _run_in(block: Block) -> bool:
    """A numbered line whose bold title runs on into its text ("<b>1. Honey</b> A spoonful of
    honey coats the throat."): an item as a reader sees it, not a section's heading. A bold number
    alone ("<b>01</b> Why it comes back") is a badge: the line stays a heading."""
    lead = strip_marker(block.lead)[2] if block.lead else ""
    return (
        bool(re.sub(r"[\d\W_]", "", lead))
        and block.text.startswith(block.lead)
        and bool(block.text[len(block.lead) :].strip(_TRIM))
    )


def _section_rank(lines: list[_Line]) -> float | None:
    """The page's section level: the best rank among heading lines that name a kind ("Causes",
    "1.颈椎病的原因"); failing those, the best rank of its headings and bold lines. A lone heading
    that stands above everything else (a subtitle: "Overview, Causes, Symptoms, Treatment") does
    not set the level when lower headings name kinds: they are the sections."""
    named = sorted({line.rank for line in lines if line.rank and line.kind != "other"})
    if len(named) > 1 and _is_subtitle(lines, named[0]):
        return named[1]
    if named:
        return named[0]
    ranks = [line.rank for line in lines if line.rank and line.rank < _BOLD_RANKS]
    return min(ranks) if ranks else None


def _is_subtitle(lines: list[_Line], rank: float) -> bool:
    """The only line of this rank, before every other heading-like line and any paragraph of
    prose (a subtitle or a page's table of contents under the headline)."""
    at_rank = [i for i, line in enumerate(lines) if line.rank == rank]
    if len(at_rank) != 1:
        return False
    before = lines[: at_rank[0]]
    return not any(line.rank or size(line.block.text) >= PROSE_WORDS for line in before)


def _call_to_action(block: Block) -> bool:
    """A short line with a link ("Current customer? Log in", "New here? Sign up"): the site's, not
    the article's intro."""
    return block.linked > 0 and size(block.text) < LEAD_WORDS


def find_sections(blocks: list[Block], title: str = "") -> Outline:
    """The outline of an article's main-content blocks."""
    rules = compiled()
    kept = [
        part
        for block in _without_headline(blocks, title)
        if not rules.noise_text.search(block.text)
        for part in _split_inline(block)
    ]
    lines = _sequenced(_before_end(kept))
    form = any(rules.form_label.match(block.text) for block in kept)  # a question-and-answer form's page
    intro, sections = _read(lines, _section_rank(lines), form)
    headline = headline_kind(title)
    if not sections and headline in ("causes", "remedies"):
        intro, sections = _headline_section(lines, title, headline) or (intro, sections)
    sections = _continue_groups(sections)
    recommend = rules.recommend_heading
    sections = [
        s for s in sections if s.items or s.lines or not recommend.search(s.heading)
    ]  # "Most read": its links marked out
    # With no sections, the whole body is the article: its lead paragraph (the first that is a
    # sentence, not a prompt like "Current customer? Log in") is the summary.
    summary = "\n".join(intro) if sections else next((p for p in intro if size(p) >= LEAD_WORDS), "")
    return Outline(summary=summary, sections=_under_headline(sections, title, headline))


def _without_headline(blocks: list[Block], title: str) -> list[Block]:
    """The blocks without the headline's repeats above the prose; a heading that says the same
    further down, after the article has begun, heads a section of it."""
    key = fold(title)
    prose = next((i for i, b in enumerate(blocks) if b.kind == "para" and size(b.text) >= PROSE_WORDS), len(blocks))
    return [b for i, b in enumerate(blocks) if i > prose or fold(b.text) != key]


def _before_end(blocks: list[Block]) -> list[_Line]:
    """The ranked lines of the blocks before the article's end (copyright, previous/next, the
    comment thread): what comes after sets no section level and gives no items. Each line keeps
    whether its block ends the article, for _read: the regexes are run once a block, not twice."""
    lines: list[_Line] = []
    begun = False  # a photo credit "© 2019 Getty Images" above the intro ends nothing
    for block in blocks:
        ends = _ends_article(block)
        if begun and ends:
            break
        lines.append(_rank(block, ends))
        begun = begun or block.kind == "item" or (block.kind == "para" and size(block.text) >= LEAD_WORDS)
    return lines


def _sequenced(lines: list[_Line]) -> list[_Line]:
    """The lines, "首先，…" "其次，…" "最后，…" read as numbered points only as a run of two or more
    from a "首先" since the last heading: a lone "首先，我们要明白…" is prose, and a "最后，" that
    signs off ("最后，祝大家身体健康", or one much shorter than the points before it) is no point."""
    kept = list(lines)
    run: list[int] = []
    for index, line in enumerate(lines):
        if line.family == "sequence" and line.block.text.startswith(markers.SEQUENCE_START):
            _number_run(kept, run)
            run = [index]
        elif line.family == "sequence":
            if run:
                run.append(index)
            else:
                kept[index] = _unnumbered(line)
        elif line.rank:
            _number_run(kept, run)
            run = []
    _number_run(kept, run)
    return kept


def _number_run(lines: list[_Line], run: list[int]) -> None:
    """Keep a run of "首先 … 最后" lines numbered only when it holds two points or more, its last
    "最后" not a sign-off; unnumber the others in `lines`."""
    points = list(run)
    if len(points) > 1:
        last = lines[points[-1]].text
        shortest = min(size(lines[i].text) for i in points[:-1])
        if markers.SIGN_OFF.match(last) or 2 * size(last) < shortest:
            lines[points[-1]] = _unnumbered(lines[points[-1]])
            points.pop()
    if len(points) < 2:
        for i in points:
            lines[i] = _unnumbered(lines[i])


def _unnumbered(line: _Line) -> _Line:
    """The line read as a plain paragraph: its marker is no numbering."""
    return _line(line.block, 0.0, None, line.block.text, line.ends)


def headline_kind(title: str) -> str:
    """The kind a headline names for the whole page; its question words ("Why …", "为什么…") name
    none: a story's explanation is not a list of causes."""
    return classify(compiled().headline_question.sub(" ", title)) if title.strip() else "other"


def _headline_section(lines: list[_Line], title: str, kind: str) -> tuple[list[str], list[Section]] | None:
    """A page with no section heading of its own whose headline names causes or remedies ("CMP
    causes", "How to get a flat stomach") is one section of that kind, from its first list entry,
    numbered line or bold run-in on; None when it has none of those (prose yields no items)."""
    start = next(
        (
            i
            for i, line in enumerate(lines)
            if line.block.linked < LINKED and (line.block.kind == "item" or line.family or line.block.lead)
        ),
        None,
    )
    if start is None:
        return None
    heading = Block("heading", title, level=1)
    opener = _Line(heading, 1.0, None, title, _ends_article(heading), kind)  # the kind the headline names
    intro, sections = _read(
        [*lines[:start], opener, *lines[start:]],
        1.0,
        any(compiled().form_label.match(line.block.text) for line in lines),
    )
    return (intro, sections) if sections and sections[0].items else None


def _continue_groups(sections: list[Section]) -> list[Section]:
    """ "Surgery" or "Medications" right after a remedies section groups more of its remedies: the
    group continues the remedies section (its remedies are items, the group's name is not)."""
    group = compiled().remedy_group
    for before, section in pairwise(sections):
        if section.kind == "other" and before.kind == "remedies" and group.search(section.heading):
            section.kind = "remedies"
    return sections


def _read(lines: list[_Line], top: float | None, form: bool = False) -> tuple[list[str], list[Section]]:
    """The intro paragraphs and the sections of ranked lines, sections opening at rank `top`; on a
    question form's page (`form`) its fields ("年龄：", "Age:") are no items either."""
    rules = compiled()
    intro: list[str] = []
    sections: list[Section] = []
    opener: _Line | None = None  # the line that opened the current section
    item: Item | None = None
    open_item = False  # plain paragraphs continue the current item
    by_heading = False  # the current item is a sub-heading: bold and numbered lines below it are its text
    group: Item | None = None  # an unnumbered sub-heading item, until a list of its own shows it groups items
    grouped = False  # the current item is a bold remedy under a group's sub-heading
    list_kind: str | None = None  # the kind the sentence introducing the current list names
    linked: list[Block] = []  # the current run of list entries that are all link
    for index, line in enumerate(lines):
        block = line.block
        section = sections[-1] if sections else None
        if linked and (block.linked < LINKED or block.kind != "item"):
            _linked_list(section, linked)
        if line.ends and (sections or intro):
            break  # copyright, previous/next, the comments: nothing after is the article's
        if _opens_section(line, top, section, opener):
            sections.append(
                Section(heading=line.text.strip(_TRIM) or line.text, kind=line.kind, numbered=line.family is not None)
            )
            opener, item, open_item, by_heading, list_kind, group = line, None, False, False, None, None
            grouped = False
            continue
        if section is None:
            if (
                block.kind == "para"
                and block.linked < LINKED
                and not rules.byline.search(block.text)
                and not rules.boilerplate.search(block.text)
                and not _call_to_action(block)
            ):
                intro.append(rules.summary_label.sub("", block.text))
            continue
        section.lines.append(block.text)
        if block.linked >= LINKED:
            item, open_item = None, False
            if block.kind == "item" and list_kind in (None, "other", section.kind):
                linked.append(block)
            continue
        if block.kind != "item":
            list_kind = _introduced_kind(block.text)
        elif list_kind not in (None, "other", section.kind):
            continue  # "Side effects include:" under Treatment: a list of another kind
        if (
            section.kind == "remedies"
            and (group is not None or grouped)
            and _BOLD_RANK <= line.rank < _BOLD_RANKS
            and _ends_group(line, section.kind)
        ):
            # "When to call your doctor" after a group's remedies ends the group: it and the bold
            # lines after it are the sub-heading's text, not remedies
            item, open_item, by_heading, group, grouped = None, False, True, None, False
        # a frame's line ("Disclaimer", "Key points"; as a sub-heading of any length: "When to call
        # your doctor") is never an item
        framing = bool(line.rank or size(block.text) <= _LABEL_WORDS) and bool(rules.generic_heading.search(block.text))
        if framing and line.rank and rules.frame_heading.search(block.text):
            list_kind = "frame"  # "Sources" over its list: the list is the frame's too, not the section's
        if (
            rules.boilerplate.search(block.text)
            or rules.note_label.search(block.text)
            or framing
            or _lead_in(block, line)
        ):
            continue  # "Disclaimer: …", "注意：…", a box's "划重点", "Here are some tips:": never an item
        heading_item = block.kind == "heading" and bool(line.rank)
        lead = _item_lead(block)
        # a list entry, or a numbered line under a group's sub-heading ("药物治疗" over "（1）…"), or
        # in a remedies section a bold remedy with its prose
        entry = block.kind == "item" or (
            group is not None
            and (line.family is not None or (section.kind == "remedies" and _bold_with_prose(lines, index)))
        )
        if (line.rank or block.kind == "item" or line.family or lead) and (heading_item or entry or not by_heading):
            item = split_item(block.text, lead)
            if not item.title:  # punctuation only ("...", "-"): text of the section, not an item
                item = None
                continue
            other = _names_other_kind(item.title, section.kind)
            restated = fold(item.title) == fold(section.heading)  # the heading again (a caption, a sub-title)
            if rules.form_label.match(block.text) or (form and rules.form_field.match(block.text)) or other or restated:
                if other and line.rank:
                    list_kind = "symptoms"  # the list under "Side effects" (不良反应) or "Diagnosis": not the section's
                item, open_item = None, False
                continue
            if entry and group is not None and group in section.items:
                section.items.remove(group)  # "Oral medications" over its list: a group's name, not a remedy
            grouped = block.kind != "item" and not heading_item and (grouped or (entry and group is not None))
            group = item if heading_item and line.family is None else None
            section.items.append(item)
            open_item, by_heading = block.kind != "item", heading_item
        elif item is not None and open_item:
            item.text = f"{item.text}\n{block.text}" if item.text else block.text
    if linked and sections:
        _linked_list(sections[-1], linked)
    return intro, sections


def _ends_group(line: _Line, kind: str) -> bool:
    """A bold line that is no remedy of the group above it: a question ("Is it safe?"), "When to
    …", a frame's heading ("Overview") or a short title of another kind that names none of the
    section's ("Side effects"; not "Symptom relief creams")."""
    text = line.text.rstrip()
    return (
        text.endswith(("?", "？"))
        or bool(markers.WHEN_TO.match(text))
        or (_names_other_kind(text, kind) and _first_named(kind, compiled().strong_kinds[kind], text) is None)
        or bool(compiled().generic_heading.search(text))
    )


def _bold_with_prose(lines: list[_Line], index: int) -> bool:
    """A bold line followed by prose ("Topical steroids" under "Creams and ointments"): a remedy
    under its group's sub-heading (CONVENTIONS 4: the items are the distinct remedies under the
    groups). A bold line over a list labels that list ("Mild cases": its entries are the items)."""
    line = lines[index]
    after = lines[index + 1] if index + 1 < len(lines) else None
    return _BOLD_RANK <= line.rank < _BOLD_RANKS and after is not None and after.block.kind == "para" and not after.rank


def _linked_list(section: Section | None, run: list[Block]) -> None:
    """A run of list entries that are all link: the section's items when it is a short list (not
    a lone link), the section's first, and the section names its kind ("Causes": sciatica, slipped
    disc, each linking to its page); a menu, an index, or a "see also" list after the section's own
    items otherwise. The run is emptied."""
    if (
        section is not None
        and section.kind != "other"
        and not section.items
        and 2 <= len(run) <= _LINKED_LIST_MAX
        and 2 * sum(_headline_like(block.text) for block in run) <= len(run)
    ):
        strong = compiled().strong_kinds.get(section.kind)
        if strong is not None and strong.search(section.heading):
            section.items.extend(item for item in (split_item(b.text, b.lead) for b in run) if item.title)
    run.clear()


def _headline_like(text: str) -> bool:
    """A linked entry as long as an article's headline (6+ words, 9+ CJK characters): a list of
    mostly such entries is a portal's column of stories ("治疗" over its latest articles), not a
    list of terms (sciatica, slipped disc)."""
    return size(text) >= (9 if is_cjk(text) else 6)


def _under_headline(sections: list[Section], title: str, kind: str) -> list[Section]:
    """ "What Causes Alzheimer's Disease?" over bold lines "Age", "Family History", …: when the
    headline names causes or remedies and no section names a kind of its own, the sections are
    the headline's items (generic ones such as "Overview" or "Sources" left out). A listicle's
    numbered sections are its items even when one says the headline's kind in passing ("How to
    get rid of hiccups" over "2. Drink cold water to ease the spasm"), unless it has items of its own
    or opens with the kind's word ("2. Treatment options" is the page's own section: CONVENTIONS 3)."""
    if kind not in ("causes", "remedies"):
        return sections
    generic = compiled().generic_heading
    own = [s for s in sections if not generic.search(s.heading)]
    series = len(own) >= 2 and all(s.numbered for s in own)
    if any(
        s.kind != "other" and not (series and s.kind == kind and not s.items and _in_passing(s, kind)) for s in sections
    ):
        return sections
    items = [Item(s.heading, s.text) for s in sections if not generic.search(s.heading)]
    if len(items) < 2:
        return sections
    lines = [line for s in sections for line in (s.heading, *s.lines)]
    return [Section(heading=title, kind=kind, items=items, lines=lines)]


def _in_passing(section: Section, kind: str) -> bool:
    """Does the section's heading name `kind` only after its first word ("Drink cold water to ease
    the spasm"), not at its start ("Treatment options")?"""
    strong = compiled().strong_kinds.get(kind)
    start = _first_named(kind, strong, section.heading) if strong is not None else None
    return start is not None and start > 0


def _names_other_kind(title: str, kind: str) -> bool:
    """A short item title that is itself the heading of another kind of section ("Side effects",
    "Diagnosis", "症状" under Treatment): the paragraph it opens is not one of the section's items
    (under Causes, only one that opens with that kind's word: "Medication side effects" is a cause).
    Its length is counted first: most titles are longer, and need no kind."""
    length = size(title)
    if length > 3 and not (length <= 6 and markers.OTHER_KIND_END.search(title)):
        return False
    other = classify(title)
    if other not in ("symptoms", "diagnosis") or other == kind:
        return False
    # under Causes, "Medication side effects" is a cause: only a title that opens with the other
    # kind's word ("Side effects", "Symptoms") heads another kind's part there
    return kind != "causes" or _first_named(other, compiled().strong_kinds[other], title) == 0


def _lead_in(block: Block, line: _Line) -> bool:
    """A list entry that is not numbered and ends with a colon introduces the entries after it
    ("Here are some practical tips:"); one that asks a question ("Want your hair back?") pitches
    or quizzes: neither is a cause or a remedy."""
    return block.kind == "item" and not line.family and block.text.rstrip().endswith((":", "：", "?", "？"))


def _item_lead(block: Block) -> str:
    """The bold lead that titles an item; "" when the sentence runs on after it with a comma
    ("<b>Medications</b>, such as acetaminophen, can …": a bold word in prose), or when it is
    longer than a heading (a whole sentence in bold is emphasis, not a title)."""
    if block.lead and block.text.startswith(block.lead) and block.text[len(block.lead) :].lstrip()[:1] in (",", "，"):
        return ""
    if block.lead and not is_cjk(block.lead) and size(block.lead) > _HEADING_WORDS:
        return ""
    return block.lead


def _introduced_kind(text: str) -> str | None:
    """The kind the sentence that introduces a list names as its subject, in its first words
    ("Side effects of these drugs include the following:" → symptoms; not "Start with these
    changes, which help with mild symptoms:"); None when the text does not end with a colon."""
    if not text.rstrip().endswith((":", "：")):
        return None
    sentence = re.split(r"(?<=[.!?。！？])\s*", text.rstrip())[-1]
    opening = sentence[: 2 * _SUBJECT_WORDS] if is_cjk(sentence) else " ".join(sentence.split()[:_SUBJECT_WORDS])
    rules = compiled()
    found = [(m.start(), kind) for kind, p in rules.strong_kinds.items() for m in [p.search(opening)] if m]
    if found:
        return min(found)[1]
    named = [(m.start(), kind) for kind, p in rules.list_nouns.items() for m in [p.search(sentence)] if m]
    return min(named)[1] if named else "other"


def _ends_article(block: Block) -> bool:
    """A copyright or previous/next line, or the heading of the comment thread."""
    rules = compiled()
    if len(block.text) <= 200 and rules.article_end.search(block.text):
        return True
    return (block.kind == "heading" or block.bold) and bool(rules.comments_heading.search(block.text))


def _opens_section(line: _Line, top: float | None, section: Section | None, opener: _Line | None) -> bool:
    """A line opens a section at the page's section level; below that, beside a numbered line that
    opened the current section, or under an `other` section when it names a kind of its own."""
    if not line.rank or line.rank == top:
        return bool(line.rank)
    if top is not None and line.rank < top and line.block.kind == "heading":
        return True  # a heading above the section level closes the section
    if section is None or opener is None:
        return False
    if line.family is not None and (line.family, line.rank) == (opener.family, opener.rank):
        return True  # "2、打嗝怎么办" after "1、打嗝的原因"
    named = line.block.kind == "heading" or line.rank < _BOLD_RANKS or line.family is not None
    return named and section.kind == "other" and line.kind != "other"
