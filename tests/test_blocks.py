"""The block reader on page shapes whose markup says less than a reader sees: made-up pages in
the shapes real sites use, read through the whole pipeline (pipeline.process) and by from_tree."""

from __future__ import annotations

from typing import Any

from pagesift.app.evaluate import predictions
from pagesift.extract.blocks import from_tree
from pagesift.extract.noise import MARK
from pagesift.extract.page import parse_html
from pagesift.extract.pipeline import process

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
