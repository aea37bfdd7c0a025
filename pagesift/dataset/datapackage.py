"""The Frictionless Data Package of a published folder (`datapackage.json`).

The CSV tables are the package's tabular resources: their Table Schemas are derived, never
written a second time: types and constraints from the tables' JSON Schemas as the record model
generates them in memory (`Table.schema`, the very schemas of `schemas/tables/`), primary and
foreign keys from the model too (pagesift.model). The JSON Lines and Parquet files are file
resources (bytes and sha256 checked), so
`frictionless validate datapackage.json` needs no format plugin and passes on empty files too.
The descriptor is built here as plain data rather than with the frictionless library, which the
pipeline does not need at run time (importing it costs ~1.3 s); the tests validate the result
with the library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pagesift import PIPELINE_VERSION
from pagesift.dataset.store import sha256_file
from pagesift.model import SCHEMA_VERSION, TABLES, article_parts, column_type
from pagesift.text import listed

#: The CSV-only column that names the cells of a row cut to fit a spreadsheet cell.
CSV_TRUNCATED = "csv_truncated"
#: Excel's limit for one cell, in characters (UTF-16 code units).
CSV_CELL_MAX = 32_767
SCHEMAS = "schemas"  # the folder of the published JSON Schemas, inside the output folder


@dataclass(frozen=True, slots=True)
class Release:
    """What the published files say about the run that made them."""

    raw: str  # the raw folder or URL the pages came from
    created: str  # the run's timestamp (the records' processed_at)
    licenses: list[dict[str, str]] = field(default_factory=list)  # settings.dataset_licenses()


def _full_match(pattern: str) -> str:
    """A JSON Schema pattern (a search) as a Table Schema pattern (matched against the whole value)."""
    head = pattern[1:] if pattern.startswith("^") else ".*" + pattern
    return head[:-1] if head.endswith("$") and not head.endswith("\\$") else head + ".*"


def table_field(name: str, spec: dict[str, Any]) -> dict[str, Any]:
    """The Table Schema field of one JSON Schema property (as the CSV holds it: null is "")."""
    kind, nullable = column_type(spec)
    constraints: dict[str, Any] = {}
    if not nullable and (kind != "string" or "pattern" in spec or "enum" in spec):
        constraints["required"] = True  # an empty cell can only be a missing value here
    if "enum" in spec:
        constraints["enum"] = [v for v in spec["enum"] if v is not None]
    if "pattern" in spec and kind == "string":
        constraints["pattern"] = _full_match(spec["pattern"])
    for bound in ("minimum", "maximum"):
        if bound in spec:
            constraints[bound] = spec[bound]
    field: dict[str, Any] = {"name": name, "type": kind}
    if "description" in spec:
        field["description"] = spec["description"]
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(name: str) -> dict[str, Any]:
    """The Table Schema of one CSV table: the JSON Schema's columns, then `csv_truncated`."""
    table = TABLES[name]
    fields = [table_field(column, spec) for column, spec in table.schema["properties"].items()]
    fields.append(
        {
            "name": CSV_TRUNCATED,
            "type": "string",
            "description": f"CSV only: the columns of this row whose text was cut to {CSV_CELL_MAX:,} characters "
            "(space-separated; empty when none). The JSON Lines and Parquet files hold the full text.",
        }
    )
    return {"fields": fields, "primaryKey": list(table.primary_key), "foreignKeys": list(table.foreign_keys)}


def _file(folder: Path, rel: str, **properties: Any) -> dict[str, Any]:
    path = folder / rel
    return {**properties, "path": rel, "bytes": path.stat().st_size, "hash": f"sha256:{sha256_file(path)}"}


def datapackage(folder: Path, rows: dict[str, int], counts: dict[str, int], release: Release) -> dict[str, Any]:
    """The descriptor of every published file under `folder` (paths relative to it)."""
    jsonl = {"type": "file", "format": "jsonl", "mediatype": "application/jsonl", "encoding": "utf-8"}
    resources = [
        _file(
            folder,
            "articles.jsonl",
            name="articles-nested",
            **jsonl,
            description=f"One nested record per article ({counts['published']} lines), valid against "
            f"the JSON Schema {SCHEMAS}/article.schema.json",
            jsonSchema=f"{SCHEMAS}/article.schema.json",
        ),
        _file(
            folder,
            "rejected.jsonl",
            name="rejected",
            **jsonl,
            description=f"One line per page that was not published ({counts['rejected']} lines): "
            "path, sha256, stage, error, and offset for a page of an archive",
        ),
    ]
    for name, table in TABLES.items():
        resources.append(
            _file(
                folder,
                f"tables/{name}.csv",
                name=name,
                type="table",
                profile="tabular-data-resource",
                format="csv",
                mediatype="text/csv",
                encoding="utf-8",
                rows=rows[name],
                description=f"{table.schema['description']} CSV: UTF-8 with a byte-order mark; text that a spreadsheet "
                "would run as a formula starts with an apostrophe; cells are cut to "
                f"{CSV_CELL_MAX:,} characters (see {CSV_TRUNCATED}).",
                dialect={"delimiter": ",", "header": True, "lineTerminator": "\n"},
                schema=table_schema(name),
            )
        )
        same = f"the rows of `{name}` ({rows[name]}), columns as in its schema but for {CSV_TRUNCATED}, exact text"
        resources.append(
            _file(
                folder,
                f"tables/{name}.jsonl",
                name=f"{name}-jsonl",
                **jsonl,
                description=f"{same}, as JSON Lines",
                jsonSchema=f"{SCHEMAS}/tables/{name}.schema.json",
            )
        )
        resources.append(
            _file(
                folder,
                f"tables/{name}.parquet",
                name=f"{name}-parquet",
                type="file",
                format="parquet",
                mediatype="application/vnd.apache.parquet",
                description=f"{same}, as Parquet (zstd)",
            )
        )
    return {
        "profile": "data-package",
        "name": "pagesift-articles",
        "title": "Health articles extracted by pagesift",
        "description": f"Health and wellness articles: their {listed(n.replace('_', ' ') for n in article_parts())}, "
        "extracted from raw web pages by pagesift. See README.md beside this file.",
        "version": PIPELINE_VERSION,
        "schemaVersion": SCHEMA_VERSION,  # of the JSON Schemas in schemas/, which every record states too
        "created": release.created,
        "licenses": release.licenses,
        "sources": [{"title": f"raw web pages under {release.raw}"}],
        "resources": resources,
    }
