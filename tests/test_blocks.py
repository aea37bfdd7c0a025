"""The block reader on page shapes whose markup says less than a reader sees: made-up pages in
the shapes real sites use, read through the whole pipeline (pipeline.process), by from_tree and by from_trafilatura."""

from __future__ import annotations

from typing import Any

from lxml import etree

from pagesift.app.evaluate import predictions
from pagesift.extract.blocks import from_trafilatura, from_tree
from pagesift.extract.noise import MARK
from pagesift.extract.page import parse_html
from pagesift.extract.pipeline import process
from pagesift.extract.sections import find_sections

NOW = "2026-01-01T00:00:00Z"


def read(html: str, name: str = "page.html") -> dict[str, Any]:
    """The gold-shaped view of the record the pipeline makes of a page."""
    outcome = process(name, html.encode("utf-8"), NOW)
    return predictions(outcome.record)


def kinds(body: str) -> list[tuple[str, str]]:
    """(kind, text) of the blocks from_tree reads in a page's body."""
    tree = parse_html(f"<html><body>{body}</body></html>")
    return [(block.kind, block.text) for block in from_tree(tree.find("body"), MARK)]


# --- a table's header row ------------------------------------------------------------------------

_CRAMPS = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Leg cramps at night - Example Health</title>
</head><body><div class="article">
<h1>Leg cramps at night</h1>
<p>Night-time leg cramps are sudden, painful tightenings of the calf muscles. They are common in older
adults and during pregnancy, and although they are usually harmless they can disturb sleep badly.</p>
<h2>Causes and what to do</h2>
<table>
{header}
<tr><td>Dehydration</td><td>Drink more water during the day</td></tr>
<tr><td>Tired muscles</td><td>Stretch your calves before bed</td></tr>
<tr><td>Some medicines</td><td>Ask your doctor about alternatives</td></tr>
</table>
<h2>When to get help</h2>
<p>See a doctor if cramps are frequent, last a long time, or come with swelling or weakness in the leg.</p>
</div></body></html>"""


def test_a_tables_bold_first_row_is_its_column_labels_not_an_item() -> None:
    for header in (
        "<tr><td><b>Cause</b></td><td><b>What to do</b></td></tr>",
        "<tr><td><strong>Cause</strong></td><td style='font-weight:bold'>What to do</td></tr>",
        "<thead><tr><td>Cause</td><td>What to do</td></tr></thead>",
        "<tr><th>Cause</th><th>What to do</th></tr>",
    ):
        assert read(_CRAMPS.format(header=header))["causes"] == ["Dehydration", "Tired muscles", "Some medicines"]


def test_a_chinese_tables_bold_header_row_is_no_remedy() -> None:
    page = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>打嗝怎么办_某某健康网</title></head><body>
<div class="content"><h1>打嗝怎么办</h1>
<p>打嗝是膈肌不自主收缩引起的，大多数情况下会自行停止，但是持续打嗝会影响进食和休息，可以试试下面这些简单的方法来缓解。</p>
<h2>止嗝的方法</h2>
<table>
<tr><td><strong>方法</strong></td><td><strong>具体做法</strong></td></tr>
<tr><td>屏气法</td><td>深吸一口气后屏住呼吸十几秒</td></tr>
<tr><td>喝温水</td><td>小口慢慢喝下一杯温水</td></tr>
<tr><td>按压穴位</td><td>用拇指按压内关穴一分钟</td></tr>
</table>
<h2>什么时候就医</h2>
<p>如果打嗝持续超过两天，或者伴有胸痛、呼吸困难等情况，应该及时到医院就诊检查。</p>
</div></body></html>"""
    assert read(page)["remedies"] == ["屏气法", "喝温水", "按压穴位"]


def test_bold_cells_below_the_first_row_and_a_bold_title_cell_stay_records() -> None:
    """Only the table's first row can be its labels; a record whose title cell alone is bold is one."""
    body = (
        "<table><tr><td><b>Dehydration</b></td><td>Drink water</td></tr>"
        "<tr><td><b>Tired muscles</b></td><td><b>Stretch</b></td></tr></table>"
    )
    assert kinds(body) == [("item", "Dehydration\nDrink water"), ("item", "Tired muscles\nStretch")]


def test_a_bold_first_row_over_records_with_bold_titles_is_a_record() -> None:
    """A table that bolds every record's title: its bold first row is a record, not its labels."""
    body = (
        "<h2>Causes</h2><table><tr><td><b>Strep</b></td><td><b>Bacterial</b></td></tr>"
        "<tr><td><b>Cold</b></td><td>Viral</td></tr></table>"
    )
    assert kinds(body)[1:] == [("item", "Strep\nBacterial"), ("item", "Cold\nViral")]


# --- headings marked only by a class ---------------------------------------------------------------

_NUMBNESS = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Back numbness: what lies behind it - Example Health</title>
<link rel="stylesheet" href="/css/site.css"></head><body>
<div class="topbar"><a href="/">Example Health</a> <a href="/conditions">Conditions</a></div>
<div class="article-body">
<h1 class="article-title">Back numbness: what lies behind it</h1>
<p>Numbness in the back is a loss of feeling in part of the back. It is usually harmless, but it can be
a sign of a nerve problem that needs a doctor's attention, so it is worth knowing what lies behind it.</p>
{causes}
<p>Several things can press on or irritate the nerves that serve the skin of the back.</p>
<ul><li>Poor posture over long hours at a desk</li><li>A herniated disc pressing on a nerve root</li>
<li>Shingles affecting a nerve of the trunk</li></ul>
{remedies}
<p>Most cases get better with simple care at home.</p>
<ul><li>Stretch gently every hour</li><li>Apply a warm compress</li><li>Take an over-the-counter pain reliever</li></ul>
</div>
<div class="footer">Copyright 2024 Example Health</div>
</body></html>"""


def test_a_line_whose_class_names_a_heading_heads_a_section() -> None:
    """No style sheet in the page says these are bold or large: their class says heading."""
    for causes, remedies in (
        ('<div class="section-title">Causes</div>', '<div class="section-title">How to relieve it</div>'),
        ('<p class="subheading">Causes</p>', '<p class="subheading">How to relieve it</p>'),
        ('<div><span class="h2">Causes</span></div>', '<div><span class="h2">How to relieve it</span></div>'),
        ('<p class="title">Causes</p>', '<p class="title">How to relieve it</p>'),
    ):
        record = read(_NUMBNESS.format(causes=causes, remedies=remedies))
        assert record["causes"] == [
            "Poor posture over long hours at a desk",
            "A herniated disc pressing on a nerve root",
            "Shingles affecting a nerve of the trunk",
        ], causes
        assert record["remedies"] == [
            "Stretch gently every hour",
            "Apply a warm compress",
            "Take an over-the-counter pain reliever",
        ], remedies


def test_a_chinese_sites_title_classes_head_sections() -> None:
    page = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>背部麻木是怎么回事_某某健康网</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/jb/">疾病</a></div>
<div class="content"><h1>背部麻木是怎么回事</h1>
<p>背部麻木是指背部皮肤感觉减退或消失，多数情况与姿势或神经受压有关，少数是疾病的信号，需要引起重视，及时到医院检查明确原因。</p>
<div class="tit">病因</div>
<p>背部麻木的原因很多，常见的有以下几种。</p>
<ul><li>长期姿势不良</li><li>腰椎间盘突出压迫神经</li><li>带状疱疹</li></ul>
<div class="tit">缓解方法</div>
<p>多数人通过以下方法可以缓解。</p>
<ul><li>适当活动和拉伸</li><li>局部热敷</li><li>遵医嘱服用止痛药</li></ul>
</div></body></html>"""
    record = read(page)
    assert record["causes"] == ["长期姿势不良", "腰椎间盘突出压迫神经", "带状疱疹"]
    assert record["remedies"] == ["适当活动和拉伸", "局部热敷", "遵医嘱服用止痛药"]


def bold(body: str) -> list[str]:
    """Texts of the blocks from_tree reads as all bold (heading-like) in a page's body."""
    tree = parse_html(f"<html><body>{body}</body></html>")
    return [block.text for block in from_tree(tree.find("body"), MARK) if block.bold]


def test_a_cards_title_and_a_long_or_linked_classed_line_are_no_headings() -> None:
    cards = (
        '<div class="card"><a href="/a"><img src="a.jpg"></a><div class="title">Ten foods for strong bones</div>'
        '<p class="desc">What to eat.</p></div>'
        '<a class="card" href="/b"><div class="title">Why we yawn</div><p>A teaser.</p></a>'
        '<div class="card"><div class="title"><a href="/c">Sleep and memory</a></div><p>A teaser.</p></div>'
        '<div class="item"><div class="pic"><a href="/d"><img src="d.jpg"></a></div><div class="tit">胃痛吃什么好</div>'
        '<div class="txt">胃痛的时候可以吃一些清淡的食物</div></div>'
        '<div class="video"><p class="video-title">A doctor explains numbness</p><a href="/v">More videos</a></div>'
        '<div class="video"><p class="title">A doctor explains cramps</p><a href="/v">More videos</a></div>'
        '<div class="subtitle">Numbness in the back is a loss of feeling that is usually harmless and rarely'
        " needs a doctor's attention.</div>"
    )
    assert bold(cards) == []
    assert bold(
        '<div class="section-title">Causes</div><p>Text.</p><div class="title">Relief</div><ul><li>Rest</li></ul>'
        '<div class="title">Outlook</div><p>Good.</p>'
    ) == ["Causes", "Relief", "Outlook"]
    assert bold(
        '<div class="sec"><p class="title">Causes</p><ul><li>Viruses</li></ul></div>'
        '<div class="sec"><p class="title">Relief</p><p>Rest.</p><ol><li>Fluids</li></ol></div>'
    ) == ["Causes", "Relief"]


_FLU = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Flu: what to do - Example Health</title></head>
<body><div class="article"><h1>Flu: what to do</h1>{deck}
<p>Flu is a common infection of the airways. Most people get better on their own within a week or so,
but some need to see a doctor, and it helps to know what to do.</p>
<h2>Treatment</h2>
<ul><li>Rest at home</li><li>Drink plenty of fluids</li></ul>
{extra}
<h2>Outlook</h2><p>Most people recover fully with simple care at home and need no further tests at all.</p>
</div></body></html>"""


def test_a_subtitle_a_credit_line_or_a_cards_title_is_no_heading_nor_item() -> None:
    """Under a section a line read as a heading becomes an item: a dateline, a byline, a
    testimonial's name or a product card's title would be an invented remedy."""
    for extra in (
        '<div class="update"><p class="subtitle">Updated March 3, 2024</p>'
        "<p>The CDC now recommends antivirals for people at high risk of complications.</p></div>",
        '<div><div class="post-subtitle">By Jane Doe, RN</div><p>Jane is a nurse who writes about health.</p></div>',
        '<div><p class="section-title">By Jane Doe, RN</p><p>Jane is a nurse who writes about health.</p></div>'
        '<div><p class="section-title">March 3, 2024</p><p>The guidance was updated for this winter.</p></div>',
        '<div><div class="quote"><p class="subtitle">Mary, 54</p><p>I recovered in three days.</p></div>'
        '<div class="quote"><p class="subtitle">John, 61</p><p>My fever went down overnight.</p></div></div>',
        '<div class="cards"><div class="card"><div class="title">Zinc lozenges</div><div class="desc">Our top seller,'
        ' $9.99</div></div><div class="card"><div class="title">Vitamin C tablets</div><div class="desc">Buy two get'
        " one free</div></div></div>",
        '<div class="shop"><div><div class="title">Zinc lozenges</div><div>$9.99</div></div>'
        '<div><div class="title">Vitamin C tablets</div><div>$4.50</div></div></div>',
        '<div class="box"><div class="title">Newsletter</div><p>Sign up for our weekly health tips.</p></div>',
        '<ul class="more"><li><div><div class="title">Cold or flu?</div><p>How to tell.</p></div></li>'
        '<li><div><div class="title">Flu shots</div><p>Who needs one.</p></div></li></ul>',
        '<div><div class="quote"><p class="title">Mary, 54</p><p>I recovered in three days.</p></div>'
        '<div class="quote"><p class="title">John, 61</p><p>My fever went down overnight.</p></div></div>',
        '<div class="reviews"><div><div class="title">Great product</div><p>Worked for me.</p></div>'
        '<div><div class="title">Meh</div><p>Did nothing.</p></div></div>',
    ):
        assert read(_FLU.format(deck="", extra=extra))["remedies"] == ["Rest at home", "Drink plenty of fluids"], extra


def test_a_headlines_deck_opens_no_section() -> None:
    """A subtitle under the headline is its deck: naming kinds, it makes no list below it theirs."""
    body = (
        '<h1>Acne</h1><p class="subtitle">Causes, symptoms and treatment</p>'
        "<p>Acne is a skin condition that affects most people at some point.</p>"
        "<ul><li>Whiteheads</li><li>Blackheads</li></ul><h2>Treatment</h2><p>See a doctor.</p>"
    )
    tree = parse_html(f"<html><body>{body}</body></html>")
    outline = find_sections(from_tree(tree.find("body"), MARK))
    assert [section.kind for section in outline.sections] == ["other", "remedies"]


# --- an infobox's fields -----------------------------------------------------------------------------

_GASTRALGIA = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>胃痛_某某健康网</title></head><body>
<div class="content"><h1>胃痛</h1>
<p>胃痛是指上腹部胃脘部近心窝处发生疼痛，是临床上常见的一种症状，多见于急慢性胃炎、胃及十二指肠溃疡等疾病，饮食和情绪都会影响病情。</p>
<h2>{heading}</h2>
<dl class="info">
<dt>就诊科室</dt><dd>消化内科</dd>
<dt>常见病因</dt><dd>受凉、饮食不当、幽门螺杆菌感染</dd>
<div class="row"><dt>常见症状：</dt><dd>上腹痛、反酸、恶心</dd></div>
<dt>治疗方法</dt><dd>药物治疗、饮食调理</dd>
</dl>
<h2>胃痛的病因</h2>
<ul><li>饮食不规律</li><li>精神紧张</li></ul>
</div></body></html>"""


def test_an_infoboxs_fields_are_neither_sections_nor_items() -> None:
    """A field's label names the page's subject: under an overview it opens no section, under a
    kind's heading it is no item; its value's list is the field's text (gold reads no items)."""
    for heading in ("胃痛概述", "胃痛的原因"):
        record = read(_GASTRALGIA.format(heading=heading))
        assert record["causes"] == ["饮食不规律", "精神紧张"], heading
        assert record["remedies"] == [], heading
    assert kinds(
        "<dl><dt>Causes</dt><dd>Poor posture; sleeping position</dd><dt>常见症状：</dt><dd>上腹痛</dd></dl>"
    ) == [
        ("para", "Causes: Poor posture; sleeping position"),
        ("para", "常见症状：上腹痛"),
    ]


def test_named_things_with_a_short_description_stay_items() -> None:
    """Short terms over short values under a section's heading, no term a label and no class
    saying infobox: remedies, each with a line of description, not an infobox's fields."""
    remedies = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Sore throat - Example Health</title></head>
<body><div class="article"><h1>Sore throat</h1>
<p>A sore throat is very common and usually nothing to worry about. It normally gets better by itself
within a week, and there are simple things you can do at home to ease it.</p>
<h2>Home remedies</h2>
<dl><dt>Honey</dt><dd>Soothes the throat</dd><dt>Ginger tea</dt><dd>Eases the pain</dd>
<dt>Salt water gargle</dt><dd>Reduces swelling</dd></dl>
<h2>Outlook</h2><p>Most people recover fully with simple care at home and need no further tests at all.</p>
</div></body></html>"""
    assert read(remedies)["remedies"] == ["Honey", "Ginger tea", "Salt water gargle"]
    card = "<dl><dt>Chinese name</dt><dd>Weiyan</dd><dt>Department</dt><dd>Gastroenterology</dd></dl><h2>Causes</h2>"
    assert kinds(card)[:2] == [("para", "Chinese name: Weiyan"), ("para", "Department: Gastroenterology")]
    boxed = '<h2>Causes</h2><div class="basic-info"><dl><dt>Department</dt><dd>Gastroenterology</dd></dl></div>'
    assert kinds(boxed)[1:] == [("para", "Department: Gastroenterology")]


def test_one_term_holding_a_kind_word_makes_no_infobox() -> None:
    """Terms are an infobox's labels when most of them are: "Steam therapy" holds a kind word but
    is a remedy's name, and Honey / Steam therapy / Salt water gargle stay the walk's items; a
    term whose whole text is a kind word ("Causes", "Side effects", 常见病因) is a label."""
    glossary = (
        "<h2>Home remedies</h2><dl><dt>Honey</dt><dd>Soothes the throat</dd><dt>Steam therapy</dt><dd>Loosens mucus</dd>"
        "<dt>Salt water gargle</dt><dd>Cleans the throat</dd></dl>"
    )
    assert kinds(glossary)[1:] == [
        ("para", "Honey"),
        ("para", "Soothes the throat"),
        ("para", "Steam therapy"),
        ("para", "Loosens mucus"),
        ("para", "Salt water gargle"),
        ("para", "Cleans the throat"),
    ]
    labelled = (
        "<h2>Overview</h2><dl><dt>Side effects</dt><dd>Drowsiness</dd><dt>Causes</dt><dd>Viruses</dd>"
        "<dt>Steam therapy</dt><dd>Twice a day</dd></dl>"
    )
    assert kinds(labelled)[1:] == [
        ("para", "Side effects: Drowsiness"),
        ("para", "Causes: Viruses"),
        ("para", "Steam therapy: Twice a day"),
    ]
    trafilatura = etree.fromstring(
        '<body><head rend="h2">Home remedies</head><list rend="dl"><item rend="dt-1">Honey</item>'
        '<item rend="dd-1">Soothes the throat</item><item rend="dt-2">Steam therapy</item>'
        '<item rend="dd-2">Loosens mucus</item><item rend="dt-3">常见病因</item><item rend="dd-3">受凉</item></list></body>'
    )
    assert [b.text for b in from_trafilatura(trafilatura)][1:3] == ["Honey", "Soothes the throat"]


def test_a_list_of_defined_terms_gives_its_terms_as_items() -> None:
    """Definitions that are sentences: each term titles the item its definition explains."""
    page = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Sinusitis - Example Health</title></head>
<body><div class="article"><h1>Sinusitis</h1>
<p>Sinusitis is swelling of the lining of the sinuses. It usually follows a cold and clears up on its own
within two or three weeks, though some people have it for months.</p>
<h2>Causes</h2>
<dl><dt>Viral infection</dt><dd>Cold viruses cause most cases by swelling the lining of the nose.</dd>
<dt>Nasal polyps</dt><dd>Soft growths of the sinus lining can block drainage.</dd></dl>
<h2>Outlook</h2><p>Most people recover fully with simple care at home and need no further tests at all.</p>
</div></body></html>"""
    assert read(page)["causes"] == ["Viral infection", "Nasal polyps"]


def test_trafilaturas_definition_list_is_read_as_the_trees() -> None:
    """With no container found, trafilatura's <list rend="dl"> gives an infobox's fields and a
    glossary's terms over their text, not every term and definition an item."""
    fields = etree.fromstring(
        '<body><list rend="dl"><item rend="dt-1">常见病因</item><item rend="dd-1">受凉、饮食不当</item>'
        '<item rend="dt-2"><hi rend="#b">就诊科室：</hi></item><item rend="dd-2">消化内科</item></list></body>'
    )
    assert [(b.kind, b.text) for b in from_trafilatura(fields)] == [
        ("para", "常见病因：受凉、饮食不当"),
        ("para", "就诊科室：消化内科"),
    ]
    glossary = etree.fromstring(
        '<body><head rend="h2">Causes</head><list rend="dl"><item rend="dt-1">Viral infection</item>'
        '<item rend="dd-1">Cold viruses cause most cases by swelling the lining of the nose.</item>'
        '<item rend="dt-2">Nasal polyps</item><item rend="dd-2">Soft growths can block drainage.</item></list></body>'
    )
    outline = find_sections(from_trafilatura(glossary))
    assert [item.title for item in outline.items_of("causes")] == ["Viral infection", "Nasal polyps"]
