"""The published record of one article, and its rows in the normalized tables."""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from typing import Any

from pagesift import PIPELINE_VERSION
from pagesift.extract.links import Link
from pagesift.extract.page import Page
from pagesift.extract.sections import Outline
from pagesift.model import Record

TABLES = ("articles", "sections", "causes", "remedies", "related_links")


def article_id(url: str | None, sha256: str, text: str) -> str:
    """The article's identity: its url and its main text when the page names a url (sites give
    different articles one canonical url; the same article found twice has the same text), else
    the hash of the raw bytes."""
    if not url:
        return sha256[:16]
    return hashlib.sha256(url.encode("utf-8") + b"\0" + text.encode("utf-8")).hexdigest()[:16]


def build_record(
    page: Page, *, title: str | None, url: str | None, language: str | None, text: str,
    outline: Outline, links: list[Link], processed_at: str,
) -> Record:
    """Assemble the nested record (validated against schemas/article.schema.json afterwards)."""
    return {
        "id": article_id(url, page.source.sha256, text),
        "url": url,
        "title": title,
        "summary": outline.summary,
        "language": language,
        "text": text,
        "sections": [
            {"heading": s.heading, "kind": s.kind, "items": [asdict(i) for i in s.items], "text": s.text}
            for s in outline.sections
        ],
        "causes": [asdict(i) for i in outline.items_of("causes")],
        "remedies": [asdict(i) for i in outline.items_of("remedies")],
        "related_links": [asdict(link) for link in links],
        "source": {**asdict(page.source), "format": page.format, "encoding": page.encoding},
        "pipeline_version": PIPELINE_VERSION,
        "processed_at": processed_at,
    }


def table_rows(record: Record) -> dict[str, list[dict[str, Any]]]:
    """The record's rows in each normalized table, keyed by article_id and 1-based position."""
    aid = record["id"]
    source = record["source"]
    rows: dict[str, list[dict[str, Any]]] = {
        "articles": [{
            "article_id": aid, "url": record["url"], "title": record["title"], "summary": record["summary"],
            "language": record["language"], "text": record["text"],
            "n_sections": len(record["sections"]), "n_causes": len(record["causes"]),
            "n_remedies": len(record["remedies"]), "n_related_links": len(record["related_links"]),
            "source_path": source["path"], "source_sha256": source["sha256"], "source_bytes": source["bytes"],
            "source_format": source["format"], "encoding": source["encoding"],
            "pipeline_version": record["pipeline_version"], "processed_at": record["processed_at"],
        }],
        "sections": [],
        "causes": [],
        "remedies": [],
        "related_links": [
            {"article_id": aid, "position": n, **link} for n, link in enumerate(record["related_links"], 1)
        ],
    }
    for n, section in enumerate(record["sections"], 1):
        rows["sections"].append({
            "article_id": aid, "position": n, "heading": section["heading"], "kind": section["kind"],
            "n_items": len(section["items"]), "text": section["text"],
        })
        if section["kind"] in ("causes", "remedies"):
            table = rows[section["kind"]]
            for item in section["items"]:
                table.append({"article_id": aid, "position": len(table) + 1, "section_position": n, **item})
    return rows
