"""The record model, at the bottom of the package: the article record and its tables typed once,
and what becomes of a page (its record, or its rejection with the stage and the reason).

Everything else follows from these models, so a new field is one line here, a new section kind
one word in `Kind`, a new table one `Table`:
- the JSON Schemas in schemas/ (`pagesift.schemas`) are generated from them and checked in
  (`python -m pagesift.model`, or `make schemas`; `tests/test_model.py` fails when they are stale);
- the Parquet (Arrow) and Frictionless column types are derived from the schemas as generated in
  memory (`Table.properties`, `column_type`), never read back from the files;
- a record's rows in the tables come from the same column list (`table_rows`): an article's row
  holds its own fields, its nested `source` flattened (`source_path`, ...) and a count per list
  (`n_sections`, ...); the other tables hold one row per element of a list, keyed by article and
  position.

The extraction core builds an `Article` (`model_construct`: no validation there, so building it
costs no more than the dict it replaced) and dumps it once; the dump is validated against the
published article.schema.json by jsonschema (pagesift.extract.validate), and the model's strict
validation is held to the same verdicts by the tests (tests/test_model.py, tests/test_properties.py).

The schemas are versioned semantically (`SchemaVersion`): every record carries the version, and
`SCHEMA_DIGESTS` records the digest of the schemas each version published, so a change to the
schemas without a new version fails tests/test_model.py.
The extraction core makes outcomes, discovery makes rejections, publishing writes both, and none
of them needs the others for these types.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic.fields import FieldInfo
from pydantic.json_schema import GenerateJsonSchema

from pagesift.errors import rejection_code
from pagesift.schemas import SCHEMA_ROOT

#: The schemas' version (semantic versioning: a new major version when a record valid before may no
#: longer be, e.g. a required field added; minor for an optional field or a new value allowed;
#: patch for descriptions only). 2.0.0: language_confidence, declared_language, duplicate_group and
#: the source's offset and url became required fields after 1.0.0 was published (commit 7eb2dd4),
#: which never bumped it; and every record now states its schema_version (required too).
SchemaVersion = Literal["2.0.0"]
SCHEMA_VERSION: str = get_args(SchemaVersion)[0]
#: The digest (`schema_digest`) of the schemas each version published, the version itself left out:
#: a change to the schemas must come with a new version and its digest here.
SCHEMA_DIGESTS: dict[str, str] = {
    "2.0.0": "e1273875962dcc8cd39ec1681aae1e1001e91a38843b5a1d4c27e5d58d284627",
}
_DRAFT = "https://json-schema.org/draft/2020-12/schema"
_ID = "https://pagesift.dev/schemas"

Kind = Literal["causes", "remedies", "symptoms", "prevention", "diagnosis", "other"]
KINDS: tuple[str, ...] = get_args(Kind)
Relation = Literal["previous", "next", "recommended"]
Format = Literal["html", "text"]

ArticleId = Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")]
HttpUrl = Annotated[str, Field(pattern=r"^https?://")]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Timestamp = Annotated[
    str, Field(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$", json_schema_extra={"format": "date-time"})
]


@dataclass(frozen=True, slots=True)
class Count:
    """A list field's column in its parent's table row: `n_<field>`, the list's length."""

    description: str


@dataclass(frozen=True, slots=True)
class Column:
    """The column name of a field, where it is not the default (the field's name, or for a field
    of a nested model `<parent>_<field>`)."""

    name: str


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Item(_Model):
    title: str = Field(
        min_length=1,
        description="the item's title: its bold lead, or the text before a colon, or a short first sentence",
    )
    text: str = Field(description="the item's text after its title (may be empty)")


class Section(_Model):
    heading: str = Field(min_length=1, description="the section's heading, without its number")
    kind: Kind = Field(description="what the section is about, from its heading")
    items: Annotated[list[Item], Count("numbered or bulleted items of the section")]
    text: str = Field(description="the section's text below its heading")


class Link(_Model):
    relation: Relation = Field(description="previous or next article, or a recommended link of a further-reading block")
    title: str = Field(min_length=1, description="the link's text as displayed")
    teaser: str | None = Field(description="the text shown with the link, or null")
    url: HttpUrl | None = Field(description="absolute http(s) url, or null when the page gives no base to resolve it")


class Source(_Model):
    path: str = Field(
        min_length=1, description="path (or URL) of the raw file: the page, or the archive that holds it (see offset)"
    )
    sha256: Sha256 = Field(
        description="sha256 of the page's bytes (a file's bytes; a WARC record's HTTP payload; "
        "a JSON line's html as UTF-8)"
    )
    bytes: int = Field(ge=0, description="size of the page's bytes")
    offset: int | None = Field(
        ge=0,
        description="byte offset of the page in the archive at path (a WARC record's, "
        "in the file as stored; a JSON line's, in the uncompressed stream); "
        "null when the file is the page",
    )
    url: str | None = Field(
        min_length=1,
        description="the url the archive gives the page (WARC-Target-URI, the JSON line's url); null for a page file",
    )
    format: Format = Field(description="html or plain text (gzipped or not)")
    encoding: Annotated[str, Column("encoding")] = Field(
        min_length=1, description="the encoding the raw bytes were decoded with"
    )


class Article(_Model):
    id: Annotated[ArticleId, Column("article_id")] = Field(
        description="sha256 of the url and the main text (or of the raw bytes when there is no url), "
        "first 16 hex digits"
    )
    url: HttpUrl | None = Field(
        description="<link rel=canonical>, else og:url (absolute http(s) only), else the url "
        "an archive gives the page, else null"
    )
    title: str | None = Field(
        min_length=1, description="the visible headline; else the first line of the text; null when nothing fits"
    )
    summary: str = Field(description="the intro paragraphs before the first section (may be empty)")
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")] | None = Field(
        description="ISO 639-1 code of the main text's language, identified by py3langid's model (when the model "
        "is unsure, the declared language if the model does not rule it out); null for text without "
        "letters"
    )
    language_confidence: Annotated[float, Field(ge=0, le=1)] | None = Field(
        description="the model's probability of `language` (0..1); null when `language` is"
    )
    declared_language: Annotated[str, Field(pattern=r"^[a-z]{2,3}$")] | None = Field(
        description="the language the page declares (<html lang>, else Content-Language), primary subtag; null "
        "when it declares none"
    )
    text: str = Field(min_length=1, description="the clean main text, without navigation")
    sections: Annotated[list[Section], Count("rows of this article in sections")]
    causes: Annotated[list[Item], Count("rows of this article in causes")]
    remedies: Annotated[list[Item], Count("rows of this article in remedies")]
    related_links: Annotated[list[Link], Count("rows of this article in related_links")]
    source: Source
    duplicate_group: ArticleId | None = Field(
        description="article_id of the first article of this article's near-duplicate group (its own id when it "
        "is the first; see near_duplicates); null when it has no near-duplicate"
    )
    schema_version: SchemaVersion = Field(
        description="version of the schemas the record and its rows are valid against (semantic versioning)"
    )
    pipeline_version: str = Field(min_length=1, description="version of pagesift that made the record and its rows")
    processed_at: Timestamp = Field(description="when the run that made the record started (UTC)")


class NearDuplicate(_Model):
    article_id: ArticleId = Field(description="the article (in articles unless dropped as a near-duplicate)")
    group_id: ArticleId = Field(
        description="article_id of the group's first article (first seen by the runs, then by path), always published"
    )
    similarity: float = Field(
        ge=0,
        le=1,
        description=(
            "estimated similarity to the group's first article (MinHash, 128 permutations): the Jaccard similarity "
            "of the shingle sets or, when higher and the texts are of comparable size, the share of the smaller set "
            "found in the larger; 1 for the first article"
        ),
    )


NEAR_DUPLICATES_DESCRIPTION = (
    "One row per article in a group of near-duplicates: two or more articles whose main texts' shingles (five "
    "words, or five CJK characters) have an estimated similarity of at least the run's threshold (0.7 by "
    "default). A group's id is its first article's id; with --drop-near-duplicates only that first article is "
    "published and the others are in rejected.jsonl (stage dedup), but still listed here."
)

ARTICLE_DESCRIPTION = (
    "One article page: its outline (sections with items), causes, remedies, related links and provenance."
)

# --- what becomes of a page -------------------------------------------------------------------

Record = dict[str, Any]  # one article, as `Article` (and article.schema.json) describes it
Row = dict[str, Any]  # one row of a table


_OFFSET_DIGITS = 12
_ESCAPED = re.compile(r"%2[35]")


def page_ref(path: str, offset: int | None) -> str:
    """A page's reference: its file's path inside --raw, or ``PATH#OFFSET`` for a page inside an
    archive (OFFSET zero-padded to 12 digits, so that references sort as (path, offset) and an
    archive's pages stay together in path order). In PATH, ``%`` is written ``%25`` and ``#``
    ``%23``, so the one bare ``#`` of a reference is the offset's: a file named
    ``crawl.warc.gz#000000000000`` is ``crawl.warc.gz%23000000000000``, never a page of
    ``crawl.warc.gz``. The manifest, the shards, carry-over and duplicates are keyed by it (see
    pagesift.dataset.sources); records and rejection lines hold the path and offset apart."""
    escaped = path.replace("%", "%25").replace("#", "%23")
    return escaped if offset is None else f"{escaped}#{offset:0{_OFFSET_DIGITS}d}"


def split_ref(ref: str) -> tuple[str, int | None]:
    """(path, offset) of a reference made by `page_ref`."""
    escaped, sep, offset = ref.partition("#")
    if not (sep and offset.isdigit()):  # a file's reference (or a plain path with a "#" in it)
        escaped, offset = ref, ""
    path = _ESCAPED.sub(lambda m: "#" if m.group() == "%23" else "%", escaped)
    return path, int(offset) if offset else None


@dataclass(frozen=True, slots=True)
class Rejection:
    path: str
    sha256: str | None
    stage: str  # discover, read, decode, parse, extract, validate, publish or dedup
    error: str
    offset: int | None = None  # where in the archive at `path` the page lies (None: the file is the page)
    url: str | None = None  # the url the archive gives the page, when it was read (part of its identity)

    @property
    def ref(self) -> str:
        """The reference of the page rejected."""
        return page_ref(self.path, self.offset)

    @property
    def code(self) -> str:
        """The rejection's stable code, to group by (pagesift.errors.CODES)."""
        return rejection_code(self.stage, self.error)

    def as_dict(self) -> dict[str, str | int | None]:
        """The rejected.jsonl line; `offset` and `url` only for a page of an archive."""
        line: dict[str, str | int | None] = {
            "path": self.path,
            "sha256": self.sha256,
            "stage": self.stage,
            "code": self.code,
            "error": self.error,
        }
        if self.offset is not None:
            line["offset"] = self.offset
            if self.url is not None:
                line["url"] = self.url
        return line


@dataclass(frozen=True, slots=True)
class Outcome:
    """A page's fate: exactly one of record and rejection is set."""

    record: Record | None = None
    rejection: Rejection | None = None
    unsafe_links: int = 0  # related links dropped for an unsafe scheme (javascript:, data:, ...)
    signature: bytes | None = None  # the record's MinHash signature (extract.minhash), made where the page runs


# --- tables ------------------------------------------------------------------------------------

_Cell = tuple[str, tuple[str, ...], bool]  # column, path of its value in the record or element, a count?


def _fields(model: type[BaseModel], prefix: str = "") -> Iterator[tuple[_Cell, tuple[Any, FieldInfo]]]:
    """The columns a model gives its table row, with their (type, field): a nested model's fields
    flattened, a list counted."""
    for name, info in model.model_fields.items():
        count = next((m for m in info.metadata if isinstance(m, Count)), None)
        column = next((m.name for m in info.metadata if isinstance(m, Column)), prefix + name)
        if count is not None:
            yield (f"n_{name}", (name,), True), (int, Field(ge=0, description=count.description))
        elif isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel):
            for (sub, path, counted), spec in _fields(info.annotation, f"{prefix}{name}_"):
                yield (sub, (name, *path), counted), spec
        else:
            yield (column, (name,), False), (info.annotation, info)


# The key columns of the tables of an article's parts: the article's id (its type and constraints,
# another description), then the part's place.
_ARTICLE_ID = (
    Article.model_fields["id"].annotation,
    FieldInfo.merge_field_infos(Article.model_fields["id"], description="articles.article_id"),
)
_POSITION = (int, Field(ge=1, description="1-based order within the article"))
_SECTION_POSITION = (int, Field(ge=1, description="sections.position of the section holding the item"))
_ARTICLE_FK = {"fields": ["article_id"], "reference": {"resource": "articles", "fields": ["article_id"]}}
_SECTION_FK = {
    "fields": ["article_id", "section_position"],
    "reference": {"resource": "sections", "fields": ["article_id", "position"]},
}


@dataclass(frozen=True)
class Table:
    """One normalized table: its rows are the article itself (`of` and `kind` None), or the
    elements of one of its lists (`of`), or the items of its sections of one kind (`kind`)."""

    name: str
    description: str
    element: type[BaseModel]  # the model whose fields are the table's columns, after the keys
    of: str | None = None  # the record's list whose elements are the rows
    kind: str | None = None  # the rows are the items of the record's sections of this kind
    primary_key: tuple[str, ...] = ("article_id", "position")
    foreign_keys: tuple[dict[str, Any], ...] = (_ARTICLE_FK,)
    of_run: bool = False  # the rows come from the whole run (publish writes them), none from one record

    def __post_init__(self) -> None:
        if self.kind is not None and self.kind not in KINDS:
            raise ValueError(f"table {self.name}: {self.kind!r} is not a section kind (model.Kind)")
        if self.kind is not None and self.kind not in Article.model_fields:
            raise ValueError(f"table {self.name}: the article has no list of its {self.kind} items")
        if self.of is not None and self.of not in Article.model_fields:
            raise ValueError(f"table {self.name}: the article has no field {self.of!r}")

    @property
    def _keys(self) -> dict[str, tuple[Any, FieldInfo]]:
        if self.of is None and self.kind is None:
            return {}
        return {
            "article_id": _ARTICLE_ID,
            "position": _POSITION,
            **({"section_position": _SECTION_POSITION} if self.kind else {}),
        }

    def row_model(self) -> type[BaseModel]:
        """The model of one row, from which the table's JSON Schema is generated."""
        fields = {**self._keys, **{cell[0]: spec for cell, spec in _fields(self.element)}}
        row: type[BaseModel] = create_model(self.name, __base__=_Model, **fields)  # type: ignore[call-overload]
        return row

    @cached_property
    def schema(self) -> dict[str, Any]:
        """The table's published JSON Schema, generated in memory: its `properties` are the
        columns, in order, whose Parquet and Frictionless types publishing derives."""
        return _published(self.row_model(), f"tables/{self.name}", f"pagesift table {self.name}", self.description)

    @cached_property
    def _cells(self) -> list[_Cell]:
        return [cell for cell, _ in _fields(self.element)]

    def _values(self, element: dict[str, Any]) -> Row:
        row = {}
        for column, path, counted in self._cells:
            value: Any = element
            for step in path:
                value = value[step]
            row[column] = len(value) if counted else value
        return row

    def rows(self, record: Record) -> list[Row]:
        """The record's rows in this table, in page order."""
        if self.of_run:
            return []
        if self.kind is not None:
            found = [
                (n, item)
                for n, section in enumerate(record["sections"], 1)
                if section["kind"] == self.kind
                for item in section["items"]
            ]
            return [
                {"article_id": record["id"], "position": p, "section_position": n, **self._values(item)}
                for p, (n, item) in enumerate(found, 1)
            ]
        if self.of is not None:
            return [
                {"article_id": record["id"], "position": n, **self._values(element)}
                for n, element in enumerate(record[self.of], 1)
            ]
        return [self._values(record)]


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table("articles", "One row per published article.", Article, primary_key=("article_id",), foreign_keys=()),
        Table("sections", "One row per section of an article, in page order.", Section, of="sections"),
        Table(
            "causes",
            "One row per item of the article's causes sections, flattened in page order.",
            Item,
            kind="causes",
            foreign_keys=(_ARTICLE_FK, _SECTION_FK),
        ),
        Table(
            "remedies",
            "One row per item of the article's remedies sections, flattened in page order.",
            Item,
            kind="remedies",
            foreign_keys=(_ARTICLE_FK, _SECTION_FK),
        ),
        Table(
            "related_links",
            "One row per related link (previous, next, recommended), in page order.",
            Link,
            of="related_links",
        ),
        Table(
            "near_duplicates",
            NEAR_DUPLICATES_DESCRIPTION,
            NearDuplicate,
            of_run=True,
            primary_key=("article_id",),
            foreign_keys=({"fields": ["group_id"], "reference": {"resource": "articles", "fields": ["article_id"]}},),
        ),
    )
}


def article_parts() -> tuple[str, ...]:
    """The tables of an article's parts (a row per element of one of its lists), in order."""
    return tuple(name for name, table in TABLES.items() if table.of is not None or table.kind is not None)


def item_kinds() -> tuple[str, ...]:
    """The section kinds whose items are an article's list of that name and a table of their own
    (the tables with a `kind`): a new one is a list field in `Article` and a `Table` in TABLES."""
    return tuple(table.kind for table in TABLES.values() if table.kind is not None)


def table_rows(record: Record) -> dict[str, list[Row]]:
    """The record's rows in each normalized table, keyed by article_id and 1-based position."""
    return {name: table.rows(record) for name, table in TABLES.items()}


def column_type(spec: dict[str, Any]) -> tuple[str, bool]:
    """A column's type as its JSON Schema property says ("integer", "number", "boolean",
    "datetime" or "string"), and whether it may be null. The Parquet and Frictionless types are
    both read from this."""
    types = spec.get("type", "string")
    types = [types] if isinstance(types, str) else list(types)
    kind = next((t for t in ("integer", "number", "boolean") if t in types), None)
    if kind is None:
        kind = "datetime" if spec.get("format") == "date-time" else "string"
    return kind, "null" in types


# --- the JSON Schemas ---------------------------------------------------------------------------


class _Generator(GenerateJsonSchema):
    """pydantic's JSON Schema, written as pagesift publishes it: a nullable type as a list of
    types (`["string", "null"]`, not `anyOf`), definitions by lower-case name, no generated titles,
    keywords in reading order."""

    def nullable_schema(self, schema: Any) -> dict[str, Any]:
        inner = self.generate_inner(schema["schema"])
        if isinstance(inner.get("type"), str) and "$ref" not in inner:
            return {**inner, "type": [inner["type"], "null"]}
        return super().nullable_schema(schema)

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False

    def model_schema(self, schema: Any) -> dict[str, Any]:
        generated = super().model_schema(schema)
        generated.pop("title", None)
        generated.pop("description", None)  # a model's docstring is for developers
        return generated

    def normalize_name(self, name: str) -> str:
        return super().normalize_name(name).lower()

    def sort(self, value: Any, parent_key: str | None = None) -> Any:
        """Keywords in reading order (type and constraints, then description); properties in the
        model's order."""
        if isinstance(value, dict):
            keys = value if parent_key in ("properties", "$defs") else sorted(value, key=_rank)
            return {key: self.sort(value[key], key) for key in keys}
        if isinstance(value, list):
            return [self.sort(v, parent_key) for v in value]
        return value


_ORDER = (
    "type",
    "enum",
    "format",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "items",
    "$ref",
    "additionalProperties",
    "required",
    "properties",
    "$defs",
    "description",
)


def _rank(keyword: str) -> int:
    return _ORDER.index(keyword) if keyword in _ORDER else len(_ORDER)


def _published(model: type[BaseModel], path: str, title: str, description: str) -> dict[str, Any]:
    body = model.model_json_schema(schema_generator=_Generator)
    return {
        "$schema": _DRAFT,
        "$id": f"{_ID}/{path}/{SCHEMA_VERSION}",
        "title": title,
        "description": f"{description} Version {SCHEMA_VERSION}.",
        **body,
    }


def schemas() -> dict[str, dict[str, Any]]:
    """Every published JSON Schema, by its path under schemas/."""
    found = {"article.schema.json": _published(Article, "article", "pagesift article record", ARTICLE_DESCRIPTION)}
    for name, table in TABLES.items():
        found[f"tables/{name}.schema.json"] = table.schema
    return found


def _text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def schema_digest() -> str:
    """sha256 of every schema as published, with the version written as "VERSION": what
    SCHEMA_DIGESTS records for a version, so that only a change of the schemas changes it."""
    digest = hashlib.sha256()
    for path, schema in sorted(schemas().items()):
        digest.update(f"{path}\n{_text(schema).replace(SCHEMA_VERSION, 'VERSION')}".encode())
    return digest.hexdigest()


def stale(root: Path | None = None) -> list[str]:
    """The schema files under `root` (default: the package's) that differ from the model, are
    missing or are left over."""
    root = root or SCHEMA_ROOT
    expected = {path: _text(schema) for path, schema in schemas().items()}
    present = {p.relative_to(root).as_posix() for p in root.rglob("*.schema.json")}
    return sorted(
        path
        for path in expected.keys() | present
        if path not in present or path not in expected or (root / path).read_text(encoding="utf-8") != expected[path]
    )


def write(root: Path | None = None) -> list[str]:
    """Write the schemas under `root` (default: the package's) as the model gives them, removing
    left-over ones; the files that changed."""
    root = root or SCHEMA_ROOT
    changed = stale(root)
    expected = schemas()
    for path in changed:
        target = root / path
        if path in expected:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_text(expected[path]), encoding="utf-8")
        else:
            target.unlink()
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pagesift.model", description="Write the JSON Schemas of schemas/ from the record model."
    )
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a schema file is stale")
    args = parser.parse_args(argv)
    if args.check:
        found = stale()
        for path in found:
            print(f"stale: schemas/{path} (run `make schemas`)", file=sys.stderr)
        return 1 if found else 0
    for path in write():
        print(f"wrote schemas/{path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
