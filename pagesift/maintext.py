"""The main content of an HTML page, by trafilatura, as clean text and as blocks.

One trafilatura call on the already-parsed tree (it works on its own copy) with formatting kept,
so the section finder sees headings, lists and bold leads; the plain text is rendered from the
same XML body, so it equals what ``trafilatura.extract(..., include_comments=False)`` returns.
"""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura
from lxml.html import HtmlElement
from trafilatura.settings import Extractor
from trafilatura.xml import xmltotxt

from .blocks import Block, from_trafilatura
from .noise import PRUNE_XPATH


@dataclass(frozen=True, slots=True)
class MainContent:
    text: str
    blocks: list[Block]


_OPTIONS = Extractor(output_format="python", comments=False, formatting=True, dedup=False, tables=True)


def main_content(tree: HtmlElement) -> MainContent | None:
    """trafilatura's main content of a tree whose noise is marked; None if it finds none."""
    document = trafilatura.bare_extraction(tree, options=_OPTIONS, prune_xpath=PRUNE_XPATH)
    if document is None or document.body is None:
        return None
    return MainContent(text=xmltotxt(document.body, False), blocks=from_trafilatura(document.body))
