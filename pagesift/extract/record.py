"""The published record of one article, built from what extraction found (its shape is pagesift.model)."""

from __future__ import annotations

import hashlib
from dataclasses import asdict

from pagesift import PIPELINE_VERSION
from pagesift.extract.language import Identified
from pagesift.extract.links import Link
from pagesift.extract.page import Page
from pagesift.extract.sections import Outline
from pagesift.model import Record


def article_id(url: str | None, sha256: str, text: str) -> str:
    """The article's identity: its url and its main text when the page names a url (sites give
    different articles one canonical url; the same article found twice has the same text), else
    the hash of the raw bytes."""
    if not url:
        return sha256[:16]
    return hashlib.sha256(url.encode("utf-8") + b"\0" + text.encode("utf-8")).hexdigest()[:16]


def build_record(
    page: Page, *, title: str | None, url: str | None, language: Identified, declared_language: str | None,
    text: str,
    outline: Outline, links: list[Link], processed_at: str,
) -> Record:
    """Assemble the nested record (validated against the model, pagesift.model.Article, afterwards)."""
    return {
        "id": article_id(url, page.source.sha256, text),
        "url": url,
        "title": title,
        "summary": outline.summary,
        "language": language.language,
        "language_confidence": language.confidence,
        "declared_language": declared_language,
        "text": text,
        "sections": [
            {"heading": s.heading, "kind": s.kind, "items": [asdict(i) for i in s.items], "text": s.text}
            for s in outline.sections
        ],
        "causes": [asdict(i) for i in outline.items_of("causes")],
        "remedies": [asdict(i) for i in outline.items_of("remedies")],
        "related_links": [asdict(link) for link in links],
        "source": {**asdict(page.source), "format": page.format, "encoding": page.encoding},
        "duplicate_group": None,  # set at publish, once every page of the run is known (neardup)
        "pipeline_version": PIPELINE_VERSION,
        "processed_at": processed_at,
    }
