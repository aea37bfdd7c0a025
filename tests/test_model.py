"""The record model: the checked-in schemas are what it generates, its validator and the published
schema agree, and a new field or kind is one change."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any

import pytest
from jsonschema import Draft202012Validator
from pydantic import Field, ValidationError

from pagesift import model
from pagesift.app import evaluate, quality
from pagesift.dataset.card import dataset_card
from pagesift.dataset.datapackage import Release, datapackage, table_field, table_schema
from pagesift.dataset.ingest import process_file
from pagesift.dataset.publish import _TableWriter
from pagesift.dataset.report import PublishSummary
from pagesift.dataset.store import MANIFEST, Entry, load_manifest, manifest_header, manifest_line
from pagesift.extract import record as record_module
from pagesift.extract import rules
from pagesift.extract.blocks import from_lines
from pagesift.extract.language import Identified
from pagesift.extract.page import Page, source_of
from pagesift.extract.record import build_record, dump
from pagesift.extract.sections import Item as FoundItem
from pagesift.extract.sections import Outline, Section, find_sections
from pagesift.extract.validate import errors, load_schema
from pagesift.model import (
    KINDS,
    SCHEMA_ROOT,
    SCHEMA_VERSION,
    TABLES,
    Article,
    Table,
    schemas,
    stale,
    table_rows,
    write,
)

from .conftest import ROOT

RAW = ROOT / "raw"
NOW = "2026-01-01T00:00:00Z"


def _model_rejects(record: dict[str, Any]) -> bool:
    """Whether the pydantic model (strict) refuses a record."""
    try:
        Article.model_validate(record)
    except ValidationError:
        return True
    return False


@pytest.fixture(scope="module")
def record() -> dict[str, Any]:
    found = process_file(RAW / "zh-portal-insomnia.html", NOW).record
    assert found is not None and found["sections"] and found["causes"] and found["related_links"]
    return found


def test_the_checked_in_schemas_are_what_the_model_generates() -> None:
    assert stale() == [], "schemas/ is stale: run `make schemas` (python -m pagesift.model) and commit"
    assert set(schemas()) == {"article.schema.json", *(f"tables/{name}.schema.json" for name in TABLES)}
    for schema in schemas().values():
        Draft202012Validator.check_schema(schema)


def test_stale_names_changed_missing_and_left_over_files_and_write_fixes_them(tmp_path: Path) -> None:
    root = tmp_path / "schemas"
    shutil.copytree(SCHEMA_ROOT, root)
    assert stale(root) == []
    (root / "tables" / "causes.schema.json").write_text("{}\n", encoding="utf-8")
    (root / "tables" / "sections.schema.json").unlink()
    (root / "tables" / "gone.schema.json").write_text("{}\n", encoding="utf-8")
    expected = ["tables/causes.schema.json", "tables/gone.schema.json", "tables/sections.schema.json"]
    assert stale(root) == expected
    assert write(root) == expected and stale(root) == []
    assert not (root / "tables" / "gone.schema.json").exists()


def test_the_command_checks_and_rewrites(tmp_path: Path, monkeypatch, capsys) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pagesift.model", "--check"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    root = tmp_path / "schemas"
    shutil.copytree(SCHEMA_ROOT, root)
    (root / "article.schema.json").write_text("{}\n", encoding="utf-8")
    monkeypatch.setattr(model, "SCHEMA_ROOT", root)
    assert model.main(["--check"]) == 1
    assert capsys.readouterr().err == "stale: schemas/article.schema.json (run `make schemas`)\n"
    assert model.main([]) == 0 and capsys.readouterr().out == "wrote schemas/article.schema.json\n"
    assert model.main(["--check"]) == 0


def test_a_schema_change_comes_with_a_new_version() -> None:
    """The schemas as generated are those SCHEMA_DIGESTS records for SCHEMA_VERSION, the latest of
    the versions, each a semantic version with schemas of its own."""
    versions = sorted(model.SCHEMA_DIGESTS, key=lambda v: tuple(int(n) for n in v.split(".")))
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", version) for version in versions)
    assert versions[-1] == SCHEMA_VERSION and len(set(model.SCHEMA_DIGESTS.values())) == len(versions)
    assert model.schema_digest() == model.SCHEMA_DIGESTS[SCHEMA_VERSION], (
        "the schemas changed: give them a new SCHEMA_VERSION (major when a record valid before may not be, "
        f"minor when one valid now was not, patch for descriptions) and record {model.schema_digest()} for it"
    )


def test_a_description_changed_without_a_bump_fails_the_version_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the check above sees when someone edits the model but not the version: another digest."""
    assert model.schema_digest() == model.SCHEMA_DIGESTS[SCHEMA_VERSION]
    monkeypatch.setattr(model, "ARTICLE_DESCRIPTION", model.ARTICLE_DESCRIPTION + " Edited.")
    assert model.schema_digest() != model.SCHEMA_DIGESTS[SCHEMA_VERSION]


def test_the_record_is_the_model_s_article_dumped_once(record: dict[str, Any]) -> None:
    """build_record makes an Article; its dump is the record, valid for both validators, in the
    model's field order, stating the schema version."""
    page = Page(
        source=source_of("raw/page.txt", b"Title\nSome text."),
        format="text",
        encoding="utf-8",
        text="Title\nSome text.",
    )
    outline = find_sections(from_lines(["Some text."]), "Title")
    article = build_record(
        page,
        title="Title",
        url=None,
        language=Identified("en", 1.0),
        declared_language=None,
        text="Title\nSome text.",
        outline=outline,
        links=[],
        processed_at=NOW,
    )
    assert type(article) is Article
    for made in (dump(article), record):
        assert list(made) == list(Article.model_fields) and made["schema_version"] == SCHEMA_VERSION
        assert errors(made) == [] and Article.model_validate(made).model_dump() == made


def test_the_tables_columns_are_the_model_s_in_memory_as_published() -> None:
    """Publishing takes each table's columns and types from the model (Table.schema), and they are
    the published files' (which validation reads)."""
    for name, table in TABLES.items():
        assert table.schema == load_schema(f"tables/{name}")
        assert table_schema(name)["fields"][:-1] == [table_field(c, s) for c, s in table.schema["properties"].items()]


def test_the_model_rejects_whatever_the_published_schema_rejects(record: dict[str, Any]) -> None:
    published = Draft202012Validator(load_schema("article"))
    mutations = (
        lambda r: r.update(title=""),
        lambda r: r.update(id="XYZ"),
        lambda r: r["sections"][0].update(kind="cure"),
        lambda r: r["related_links"][0].update(url="javascript:alert(1)"),
        lambda r: r.update(extra=1),
        lambda r: r["causes"][0].pop("text"),
        lambda r: r["source"].update(bytes=-1),
        lambda r: r.update(language="ZH"),
        lambda r: r.update(processed_at="yesterday"),
        lambda r: r["related_links"][0].update(relation="sibling"),
        lambda r: r["source"].update(format="pdf"),
        lambda r: r["source"].update(extra="x"),
        lambda r: r["sections"][0]["items"].append({"title": "t"}),
        lambda r: r.update(summary=None),
        lambda r: r.update(text=""),
        lambda r: r["source"].update(bytes="12"),
        lambda r: r.update(sections={}),
        lambda r: r["sections"][0].update(heading=""),
        lambda r: r.pop("url"),
        lambda r: r.update(url="ftp://x"),
        lambda r: r.update(schema_version="1.0.0"),
        lambda r: r.pop("schema_version"),
    )
    assert errors(record) == [] and not _model_rejects(record)
    for mutate in mutations:
        bad = copy.deepcopy(record)
        mutate(bad)
        assert list(published.iter_errors(bad)), "the mutation must break the published schema"
        assert errors(bad) and _model_rejects(bad), bad


def test_validation_messages_name_the_json_path(record: dict[str, Any]) -> None:
    bad = copy.deepcopy(record)
    bad["sections"][0]["kind"] = "cure"
    bad["language"] = "Chinese"
    found = errors(bad)
    assert len(found) == 2
    assert found[0] == "$.language: 'Chinese' does not match '^[a-z]{2}$'"
    assert found[1].startswith("$.sections[0].kind: 'cure' is not one of ['causes'")


def test_table_rows_are_valid_against_the_table_schemas_in_column_order(record: dict[str, Any]) -> None:
    rows = table_rows(record)
    assert list(rows) == list(TABLES)
    assert [len(rows[name]) for name in ("sections", "causes", "related_links")] == [
        len(record["sections"]),
        len(record["causes"]),
        len(record["related_links"]),
    ]
    for name, table in rows.items():
        schema = load_schema(f"tables/{name}")
        validator = Draft202012Validator(schema)
        for row in table:
            assert list(row) == list(schema["properties"])
            assert not list(validator.iter_errors(row)), (name, row)
    article = rows["articles"][0]
    assert article["article_id"] == record["id"] and article["encoding"] == record["source"]["encoding"]
    assert article["source_path"] == record["source"]["path"] and article["n_causes"] == len(record["causes"])
    causes = [i for s in record["sections"] if s["kind"] == "causes" for i in s["items"]]
    assert [(r["title"], r["text"]) for r in rows["causes"]] == [(i["title"], i["text"]) for i in causes]
    assert all(record["sections"][r["section_position"] - 1]["kind"] == "causes" for r in rows["causes"])


def test_a_new_field_is_one_line_in_the_model(record: dict[str, Any]) -> None:
    """What the engineer adding a field (`ad_share`, say) writes: the field, nothing else. The record's
    schema, the articles row, its schema and its Parquet and Frictionless types follow."""

    class Wider(Article):
        ad_share: float | None = Field(ge=0, le=1, description="share of the page taken by advertising")

    table = Table("articles", "One row per published article.", Wider, primary_key=("article_id",))
    spec = table.row_model().model_json_schema(schema_generator=model._Generator)["properties"]["ad_share"]
    assert spec == {
        "type": ["number", "null"],
        "minimum": 0,
        "maximum": 1,
        "description": "share of the page taken by advertising",
    }
    assert Wider.model_json_schema(schema_generator=model._Generator)["properties"]["ad_share"] == spec
    assert table_field("ad_share", spec) == {
        "name": "ad_share",
        "type": "number",
        "description": "share of the page taken by advertising",
        "constraints": {"minimum": 0, "maximum": 1},
    }
    assert table.rows({**record, "ad_share": 0.9})[0]["ad_share"] == 0.9
    assert list(table.rows(record | {"ad_share": None})[0])[-1] == "ad_share"


def test_every_kind_the_rules_name_is_a_kind_of_the_model_and_back() -> None:
    """A new kind is one word in model.Kind, plus the keywords that recognise it in rules/."""
    named = {kind for lang in rules.LANGUAGES for table in (lang.STRONG_KINDS, lang.WEAK_KINDS) for kind in table}
    assert named == set(KINDS) - {"other"}
    article = load_schema("article")
    assert article["$defs"]["section"]["properties"]["kind"]["enum"] == list(KINDS)
    assert load_schema("tables/sections")["properties"]["kind"]["enum"] == list(KINDS)


def test_keys_live_in_the_model_and_the_data_package_not_in_the_json_schemas() -> None:
    for name, table in TABLES.items():
        schema = json.loads((SCHEMA_ROOT / "tables" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert not any(key.startswith("x-") for key in schema)
        assert set(table.primary_key) <= set(schema["properties"])
        for key in table.foreign_keys:
            assert set(key["fields"]) <= set(schema["properties"])
            assert set(key["reference"]["fields"]) <= set(
                load_schema(f"tables/{key['reference']['resource']}")["properties"]
            )


def test_records_of_another_schema_version_are_not_carried_over(tmp_path: Path) -> None:
    """A run carries a page's record over only when the manifest was written by this pipeline and
    schema version: a record of 1.0.0 lacks fields 2.0.0 requires."""
    entry = Entry("raw/a.html", 1, 2, "0" * 64)
    (tmp_path / MANIFEST).write_bytes(manifest_header() + manifest_line(entry))
    assert load_manifest(tmp_path) == {"raw/a.html": entry}
    header = json.loads(manifest_header()) | {"schema_version": "1.0.0"}
    (tmp_path / MANIFEST).write_bytes(json.dumps(header).encode() + b"\n" + manifest_line(entry))
    assert load_manifest(tmp_path) == {}


def test_a_new_item_kind_is_a_list_and_a_table_in_the_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the engineer lifting a kind's items into the record (symptoms, say) writes: a list field
    in `Article` and a `Table` in TABLES, both in pagesift/model.py. The record, its rows, the
    schemas, the columns written, the data package, the card and the scores follow."""

    class Wider(Article):  # Article as it would be edited: one more list, named after the kind
        symptoms: Annotated[list[model.Item], model.Count("rows of this article in symptoms")]

    monkeypatch.setattr(model, "Article", Wider)
    monkeypatch.setattr(record_module, "Article", Wider)  # the same class, where record.py imported it
    monkeypatch.setitem(
        TABLES,
        "symptoms",
        Table(
            "symptoms",
            "One row per item of the article's symptoms sections.",
            model.Item,
            kind="symptoms",
            foreign_keys=TABLES["causes"].foreign_keys,
        ),
    )
    assert model.item_kinds() == ("causes", "remedies", "symptoms")

    found = Outline(summary="", sections=[Section("Symptoms", "symptoms", [FoundItem("Fever", "high")])])
    page = Page(source=source_of("raw/p.txt", b"x"), format="text", encoding="utf-8", text="x")
    made = dump(
        build_record(
            page,
            title="T",
            url=None,
            language=Identified("en", 1.0),
            declared_language=None,
            text="T\nx",
            outline=found,
            links=[],
            processed_at=NOW,
        )
    )
    assert made["symptoms"] == [{"title": "Fever", "text": "high"}] and Wider.model_validate(made)
    assert table_rows(made)["symptoms"] == [
        {"article_id": made["id"], "position": 1, "section_position": 1, "title": "Fever", "text": "high"}
    ]
    assert "symptoms" in schemas()["article.schema.json"]["properties"] and "tables/symptoms.schema.json" in schemas()
    writer = _TableWriter("symptoms", tmp_path)  # no schema file on disk: the columns come from the model
    writer.write(table_rows(made)["symptoms"][0])
    writer.close()
    assert (tmp_path / "symptoms.csv").read_text(encoding="utf-8-sig").splitlines()[0] == (
        "article_id,position,section_position,title,text,csv_truncated"
    )
    assert table_schema("symptoms")["primaryKey"] == ["article_id", "position"]

    summary = PublishSummary(1, 0, 0, {"sections": 1, "symptoms": 1}, {"symptoms": 1}, [])
    card = dataset_card(summary, {"en": 1}, {}, Release("raw", NOW))
    assert "### symptoms (1 rows" in card and "the items of its causes, remedies and symptoms sections" in card
    assert "1 sections, 0 causes, 0 remedies, 0 related links, 1 symptoms for 1 articles" in card
    package = tmp_path / "package"
    for name in (
        "articles.jsonl",
        "rejected.jsonl",
        *(f"tables/{t}.{ext}" for t in TABLES for ext in ("csv", "jsonl", "parquet")),
    ):
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_bytes(b"")
    described = datapackage(package, {n: 0 for n in TABLES}, {"published": 0, "rejected": 0}, Release("raw", NOW))
    assert "causes, remedies, related links and symptoms" in described["description"]
    assert [r["name"] for r in described["resources"] if r.get("type") == "table"][-1] == "symptoms"

    assert evaluate.fields() == (
        "title",
        "summary",
        "causes",
        "remedies",
        "symptoms",
        "previous",
        "next",
        "recommended",
    )
    assert evaluate.predictions(made)["symptoms"] == ["Fever"] and evaluate.predictions(None)["symptoms"] == []
    assert list(evaluate.groups()) == ["related", "causes+remedies+symptoms"]
    monkeypatch.setattr(evaluate, "evaluate", lambda gold, raw=None: evaluate.summarise([]))
    assert set(quality._gold(tmp_path)) == {"pages", "micro", "causes", "remedies", "symptoms", "related"}
