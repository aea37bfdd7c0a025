"""The published record of one article, built from what extraction found, as the model's `Article`
(pagesift.model).

It is built with `model_construct`, which checks nothing: the record is dumped once and that dump
is validated against the published article.schema.json by jsonschema (pagesift.extract.validate),
so a bad value becomes a rejection naming the JSON path, and building the model costs about what
building the dict by hand did (bench/profile_pages.py).
"""

from __future__ import annotations

import hashlib
from typing import Any

from pagesift import PIPELINE_VERSION
from pagesift.extract.language import Identified
from pagesift.extract.links import Link as FoundLink
from pagesift.extract.page import Page
from pagesift.extract.sections import Item as FoundItem
from pagesift.extract.sections import Outline
from pagesift.model import SCHEMA_VERSION, Article, Item, Link, Record, Section, Source, item_kinds


def article_id(url: str | None, sha256: str, text: str) -> str:
    """The article's identity: its url and its main text when the page names a url (sites give
    different articles one canonical url; the same article found twice has the same text), else
    the hash of the raw bytes."""
    if not url:
        return sha256[:16]
    return hashlib.sha256(url.encode("utf-8") + b"\0" + text.encode("utf-8")).hexdigest()[:16]


def _items(items: list[FoundItem]) -> list[Item]:
    return [Item.model_construct(title=i.title, text=i.text) for i in items]


def build_record(
    page: Page,
    *,
    title: str | None,
    url: str | None,
    language: Identified,
    declared_language: str | None,
    text: str,
    outline: Outline,
    links: list[FoundLink],
    processed_at: str,
) -> Article:
    """The article as the model describes it (not validated here: see the module's docstring);
    its item lists are the items of its sections of each item kind (model.item_kinds)."""
    source = page.source
    item_lists: dict[str, Any] = {kind: _items(outline.items_of(kind)) for kind in item_kinds()}
    return Article.model_construct(
        id=article_id(url, source.sha256, text),
        url=url,
        title=title,
        summary=outline.summary,
        language=language.language,
        language_confidence=language.confidence,
        declared_language=declared_language,
        text=text,
        sections=[
            Section.model_construct(heading=s.heading, kind=s.kind, items=_items(s.items), text=s.text)
            for s in outline.sections
        ],
        **item_lists,
        related_links=[
            Link.model_construct(relation=link.relation, title=link.title, teaser=link.teaser, url=link.url)
            for link in links
        ],
        source=Source.model_construct(
            path=source.path,
            sha256=source.sha256,
            bytes=source.bytes,
            offset=source.offset,
            url=source.url,
            format=page.format,
            encoding=page.encoding,
        ),
        duplicate_group=None,  # set at publish, once every page of the run is known (neardup)
        schema_version=SCHEMA_VERSION,
        pipeline_version=PIPELINE_VERSION,
        processed_at=processed_at,
    )


def dump(article: Article) -> Record:
    """The record as published, made once per page (no type checks: jsonschema validates it next)."""
    return article.model_dump(warnings=False)
