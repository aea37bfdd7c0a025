"""What consumers read: a valid Frictionless package (empty tables too), CSVs that spreadsheets,
Python's csv and pandas open with their defaults, a dataset card whose examples run, and the
run's Prefect artifacts."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import fsspec
import pandas as pd
import pytest
from frictionless import Package, validate

import pagesift
from pagesift.app.quality import measure, measure_shared
from pagesift.dataset.card import load_quality
from pagesift.dataset.datapackage import CSV_CELL_MAX, CSV_TRUNCATED, table_field
from pagesift.dataset.publish import fit_cell, safe_cell
from pagesift.dataset.read import DatasetMismatch
from pagesift.extract.validate import load_schema
from pagesift.flows.process_pages import artifact_key, process_pages
from pagesift.model import KINDS, SCHEMA_VERSION, TABLES

from .conftest import BIN, ROOT

pytestmark = pytest.mark.usefixtures("prefect_harness")

LONG = 40_000  # characters of the long page's paragraph: more than a spreadsheet cell holds


def _long_page(raw: Path) -> None:
    """A text page whose main text is longer than a spreadsheet cell, with characters outside the
    BMP (two UTF-16 units each, as Excel counts them) and a title Excel would run as a formula."""
    words = " ".join(f"word{i % 97} 𝔘" for i in range(LONG // 9))
    (raw / "long.txt").write_text(
        f"=SUM(A1:A2) and why backs ache\n\nBack pain has many causes and most are harmless. {words}\n\n"
        "1. Causes of back pain\n\n(1) Posture: sitting still for hours presses on the nerves of the back.\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample pages, three pages that are rejected and the long page, published once."""
    base = tmp_path_factory.mktemp("datasets")
    raw, out = base / "raw", base / "processed"
    shutil.copytree(ROOT / "raw", raw)
    (raw / "empty.html").write_bytes(b"")
    (raw / "photo.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (raw / "notes.pdf").write_bytes(b"%PDF-1.4 not a page")
    _long_page(raw)
    process_pages(raw=str(raw), out=str(out), batch_size=4)
    return out


def _errors(out: Path) -> set[tuple[str, str]]:
    """(resource, error type) of every error `frictionless validate` finds in the package."""
    report = validate(out / "datapackage.json")
    assert report.valid == (not report.tasks or all(task.valid for task in report.tasks))
    return {(task.name, error.type) for task in report.tasks for error in task.errors} | {
        ("package", error.type) for error in report.errors
    }


def _assert_valid(out: Path) -> None:
    assert _errors(out) == set()


def test_frictionless_validates_the_package_with_its_foreign_keys(published: Path) -> None:
    _assert_valid(published)
    package = Package(published / "datapackage.json")
    csvs = [r for r in package.resources if r.format == "csv"]
    assert sorted(r.name for r in csvs) == sorted(TABLES)
    assert all(r.schema.foreign_keys == list(TABLES[r.name].foreign_keys) for r in csvs)
    descriptor = json.loads((published / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:  # every schema a resource points to ships in the folder
        if "jsonSchema" in resource:
            assert json.loads((published / resource["jsonSchema"]).read_text(encoding="utf-8"))["properties"]
    fields = {
        f["name"]: f for f in next(r for r in descriptor["resources"] if r["name"] == "articles")["schema"]["fields"]
    }
    assert fields["processed_at"]["type"] == "datetime"
    assert descriptor["created"] == pd.read_csv(published / "tables" / "articles.csv")["processed_at"][0]


def test_a_broken_file_fails_validation(published: Path, tmp_path: Path) -> None:
    """The package's hashes and keys are really checked: a changed file or a dangling key fails."""
    out = tmp_path / "out"
    shutil.copytree(published, out)
    with (out / "tables" / "causes.parquet").open("ab") as handle:
        handle.write(b"x")
    causes = (out / "tables" / "causes.csv").read_text(encoding="utf-8-sig").splitlines()
    causes[1] = "0000000000000000" + causes[1][16:]  # an article that does not exist
    (out / "tables" / "causes.csv").write_text("\n".join(causes) + "\n", encoding="utf-8-sig")
    assert _errors(out) == {
        ("causes-parquet", "hash-count"),
        ("causes-parquet", "byte-count"),
        ("causes", "hash-count"),
        ("causes", "foreign-key"),
    }


@pytest.mark.parametrize("pages", ["none", "all rejected"])
def test_empty_tables_validate(tmp_path: Path, pages: str) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    if pages == "all rejected":
        (raw / "empty.html").write_bytes(b"")
    report = process_pages(raw=str(raw), out=str(out))
    assert report.published == 0 and all(n == 0 for n in report.rows.values())
    _assert_valid(out)
    assert (out / "README.md").read_text(encoding="utf-8").count("(0 rows") == len(TABLES)


def test_the_frictionless_command_validates_it(published: Path) -> None:
    """What the README tells a consumer to run."""
    done = subprocess.run(
        [str(BIN / "frictionless"), "validate", "datapackage.json"],
        cwd=published,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:]


def test_licence_comes_from_the_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(ROOT / "raw", raw)
    monkeypatch.setenv("PAGESIFT_LICENSE", "CC-BY-4.0")
    monkeypatch.setenv("PAGESIFT_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/")
    process_pages(raw=str(raw), out=str(out))
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"] == [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}]
    assert "| licence | CC-BY-4.0 — https://creativecommons.org/licenses/by/4.0/ |" in (out / "README.md").read_text()


def test_the_data_package_and_every_record_state_the_schema_version(published: Path) -> None:
    package = json.loads((published / "datapackage.json").read_text(encoding="utf-8"))
    assert package["schemaVersion"] == SCHEMA_VERSION
    records = [json.loads(line) for line in (published / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert records and {record["schema_version"] for record in records} == {SCHEMA_VERSION}
    assert SCHEMA_VERSION in load_schema("article")["$id"]


def test_default_licence_grants_nothing(published: Path) -> None:
    package = json.loads((published / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "other-closed"


def test_csvs_open_with_default_readers(published: Path) -> None:
    """Python's csv (default field size limit, in a fresh process: frictionless raises the limit
    on import) and pandas read every CSV with their defaults; each starts with a BOM."""
    check = """
import csv, json, sys
import pandas as pd
assert csv.field_size_limit() == 131_072
found = {}
for path in sys.argv[1:]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    frame = pd.read_csv(path)
    assert list(frame.columns) == rows[0] and len(frame) == len(rows) - 1
    found[path] = {"header": rows[0], "longest": max(len(c.encode("utf-16-le")) // 2 for r in rows for c in r)}
print(json.dumps(found))
"""
    paths = [str(published / "tables" / f"{name}.csv") for name in TABLES]
    done = subprocess.run([sys.executable, "-c", check, *paths], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout)
    for name, path in zip(TABLES, paths):
        assert Path(path).read_bytes().startswith(b"\xef\xbb\xbf")
        assert found[path]["header"] == [*load_schema(f"tables/{name}")["properties"], CSV_TRUNCATED]
        assert found[path]["longest"] <= CSV_CELL_MAX
    assert found[paths[0]]["longest"] == CSV_CELL_MAX  # the long page's text, cut


def test_long_text_is_cut_in_the_csv_only_and_says_so(published: Path) -> None:
    frame = pd.read_csv(published / "tables" / "articles.csv", keep_default_na=False)
    row = frame[frame["source_path"].str.endswith("long.txt")].iloc[0]
    full = next(
        r
        for r in pd.read_json(published / "tables" / "articles.jsonl", lines=True).itertuples()
        if r.source_path.endswith("long.txt")
    )
    assert len(full.text) > CSV_CELL_MAX + 5_000 and "𝔘" in full.text
    assert row[CSV_TRUNCATED] == "summary text"  # the long paragraph is the intro, and part of the text
    for column in ("summary", "text"):
        exact = safe_cell(getattr(full, column))  # the text starts with the title: neutralised too
        assert exact.startswith(row[column]) and len(row[column].encode("utf-16-le")) // 2 == CSV_CELL_MAX
    assert row["title"].startswith("'=SUM") and full.title.startswith("=SUM")  # formulas still neutralised
    assert set(frame[CSV_TRUNCATED]) == {"", "summary text"}
    assert pd.read_parquet(published / "tables" / "articles.parquet")["text"].str.len().max() == len(full.text)


def test_fit_cell_counts_as_excel_and_never_splits_a_character() -> None:
    assert fit_cell("a" * CSV_CELL_MAX) == ("a" * CSV_CELL_MAX, False)
    assert fit_cell("a" * (CSV_CELL_MAX + 1)) == ("a" * CSV_CELL_MAX, True)
    wide = "😀" * CSV_CELL_MAX  # two UTF-16 units each: half of them fit, and no half of one
    cut, was_cut = fit_cell(wide)
    assert was_cut and cut == "😀" * (CSV_CELL_MAX // 2)
    assert fit_cell("😀" * (CSV_CELL_MAX // 2)) == ("😀" * (CSV_CELL_MAX // 2), False)


def test_table_fields_follow_the_json_schemas() -> None:
    assert table_field("url", {"type": ["string", "null"], "pattern": "^https?://"}) == {
        "name": "url",
        "type": "string",
        "constraints": {"pattern": "https?://.*"},
    }
    assert table_field("id", {"type": "string", "pattern": "^[0-9a-f]{16}$", "description": "d"}) == {
        "name": "id",
        "type": "string",
        "description": "d",
        "constraints": {"required": True, "pattern": "[0-9a-f]{16}"},
    }
    assert table_field("kind", {"enum": ["a", "b"]})["constraints"] == {"required": True, "enum": ["a", "b"]}
    assert table_field("n", {"type": "integer", "minimum": 0})["constraints"] == {"required": True, "minimum": 0}
    assert table_field("summary", {"type": "string"}) == {"name": "summary", "type": "string"}


def _python_blocks(markdown: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", markdown, re.S)


def _run_blocks(blocks: list[str], cwd: Path) -> str:
    assert blocks
    done = subprocess.run(
        [sys.executable, "-c", "\n".join(blocks)], cwd=cwd, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_the_card_describes_the_data_and_its_examples_run(published: Path) -> None:
    card = (published / "README.md").read_text(encoding="utf-8")
    for heading in ("## Where it came from", "## Tables", "## Quality", "## Reading it", "## Known limits"):
        assert heading in card
    report = json.loads((published / "run_report.json").read_text(encoding="utf-8"))
    assert f"| pages found | {report['found']} |" in card and "| languages | en 6, zh 4 (of the main text" in card
    assert report["near_duplicate_groups"] == 1  # the seed page, as HTML and as its text dump
    copies = report["near_duplicates"]
    assert f"| near-duplicates | 1 group, {copies} article{'s' * (copies != 1)} nearly copying" in card
    for name in TABLES:
        assert f"### {name} ({report['rows'][name]} rows" in card
        assert all(f"| `{column}` |" in card for column in load_schema(f"tables/{name}")["properties"])
    quality = load_quality()
    assert (
        f"| gold set (the rules were developed on it) | {quality['gold']['pages']} | {quality['gold']['micro']:.3f}"
        in card
    )
    assert "CSV rows with a cell cut to fit a spreadsheet: articles 1." in card
    output = _run_blocks(_python_blocks(card), published)
    assert "causes" in output and "remedies" in output


def test_the_readme_reading_examples_run(published: Path) -> None:
    """The examples of the repository's README and docs/, against a `processed/` folder."""
    blocks = [
        b
        for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
        for b in _python_blocks(doc.read_text(encoding="utf-8"))
    ]
    assert any("duckdb" in b for b in blocks) and any("pagesift.read_dataset" in b for b in blocks)
    _run_blocks(blocks, published.parent)


def test_read_dataset_gives_every_table_in_its_schemas_dtypes(published: Path) -> None:
    tables = pagesift.read_dataset(published)
    report = json.loads((published / "run_report.json").read_text(encoding="utf-8"))
    assert list(tables) == list(TABLES)
    for name, frame in tables.items():
        assert list(frame.columns) == list(load_schema(f"tables/{name}")["properties"])
        assert len(frame) == report["rows"][name]
    articles = tables["articles"]
    assert {
        column: str(articles[column].dtype)
        for column in (
            "article_id",
            "title",
            "language",
            "language_confidence",
            "n_sections",
            "source_offset",
            "source_format",
        )
    } == {
        "article_id": "string",
        "title": "string",
        "language": "category",
        "language_confidence": "Float64",
        "n_sections": "int64",
        "source_offset": "Int64",
        "source_format": "category",
    }
    assert (
        isinstance(articles["processed_at"].dtype, pd.DatetimeTZDtype) and str(articles["processed_at"].dt.tz) == "UTC"
    )
    assert articles["source_offset"].isna().all() and articles["url"].isna().any()  # <NA>, not NaN or ""
    assert list(tables["sections"]["kind"].cat.categories) == list(KINDS)
    assert list(tables["related_links"]["relation"].cat.categories) == ["previous", "next", "recommended"]
    assert set(articles["language"].cat.categories) == {"en", "zh"}
    exact = {r["id"]: r["text"] for r in map(json.loads, (published / "articles.jsonl").open(encoding="utf-8"))}
    assert dict(zip(articles["article_id"], articles["text"])) == exact  # the long text whole, as in the record


def test_read_dataset_reads_any_fsspec_location_and_refuses_a_changed_file(published: Path, tmp_path: Path) -> None:
    memory = fsspec.filesystem("memory")
    memory.put(str(published), "/read-dataset", recursive=True)
    try:
        remote = pagesift.read_dataset("memory://read-dataset")
    finally:
        memory.rm("/read-dataset", recursive=True)
    local = pagesift.read_dataset(published)
    assert remote.keys() == local.keys() and all(remote[name].equals(local[name]) for name in local)

    changed = tmp_path / "processed"
    shutil.copytree(published, changed)
    (changed / "tables" / "causes.parquet").write_bytes((published / "tables" / "remedies.parquet").read_bytes())
    with pytest.raises(DatasetMismatch, match=r"^tables/causes\.parquet: .* datapackage\.json says"):
        pagesift.read_dataset(changed)


def test_quality_figures_are_what_the_pipeline_scores() -> None:
    """The figures every card states (pagesift/quality.json) against a fresh evaluation of the
    gold sets; after a change to extraction, `make quality` writes them again."""
    stored = load_quality()
    assert measure(ROOT) == {k: v for k, v in stored.items() if k not in ("real", "aeb")}


@pytest.mark.slow
def test_quality_figures_on_real_pages_and_aeb_are_what_the_pipeline_scores(shared: Path) -> None:
    fresh = measure_shared(shared)
    if not fresh:
        pytest.skip("../shared holds neither the real-page set nor AEB")
    assert fresh == {k: v for k, v in load_quality().items() if k in fresh}


def test_artifacts_show_rows_rejects_and_kinds_per_output_folder(published: Path, tmp_path: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    key = artifact_key(str(published))
    assert key != artifact_key(str(tmp_path / "processed")) and key.startswith("pagesift-processed-")
    assert re.fullmatch(r"[a-z0-9-]+", key)
    with get_client(sync_client=True) as client:

        def data(suffix: str) -> Any:
            found = client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[f"{key}-{suffix}"]))
            )
            assert found, suffix
            return found[0].data

        def table(suffix: str) -> list[dict[str, Any]]:
            value = data(suffix)
            return json.loads(value) if isinstance(value, str) else value

        assert data("report").startswith(f"# pagesift run: `{Path(published).parent / 'raw'}`")
        counts = {row["measure"]: row["value"] for row in table("counts")}
        report = json.loads((published / "run_report.json").read_text(encoding="utf-8"))
        assert all(counts[f"rows: {t}"] == n for t, n in report["rows"].items())
        rejects = table("rejects")
        assert {r["code"]: (Path(r["sample"]).name, r["reason"]) for r in rejects} == {
            "empty": ("empty.html", "empty file"),
            "binary": ("photo.html", "not a text page: PNG image"),
            "unsupported-type": (
                "notes.pdf",
                "unsupported file type (reads .warc, .warc.gz, .jsonl, .jsonl.gz, "
                ".html.gz, .htm.gz, .html, .htm, .txt, .txt.gz)",
            ),
        }
        rows = [line.strip("|").split(" | ") for line in data("breakdown").splitlines()[2:]]
        assert {(what.strip(), name): int(n) for what, name, n, _ in rows} == {
            **{("section", k): n for k, n in report["kinds"].items()},
            **{("rejected", r["code"]): r["pages"] for r in rejects},
        }
        assert all(share.strip().endswith("%") for *_, share in rows) and "█" not in data("breakdown")
