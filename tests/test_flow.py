"""The process-pages flow end to end: every page accounted for, valid tables, atomic re-runs."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import time
from pathlib import Path

import pandas as pd
import pytest
from jsonschema import Draft202012Validator

from pagesift.dataset.datapackage import CSV_TRUNCATED
from pagesift.extract.validate import load_schema
from pagesift.flows.process_pages import process_pages
from pagesift.model import TABLES

from .conftest import ROOT

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "raw", raw)
    (raw / "empty.html").write_bytes(b"")
    (raw / "photo.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (raw / "notes.pdf").write_bytes(b"%PDF-1.4 not a page")
    return raw


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_flow_publishes_every_page_or_rejects_it(tmp_path: Path) -> None:
    raw, out = _raw(tmp_path), tmp_path / "processed"
    found = sorted(p.name for p in raw.iterdir())
    summary = process_pages(raw=str(raw), out=str(out), batch_size=4)

    articles = _lines(out / "articles.jsonl")
    rejected = _lines(out / "rejected.jsonl")
    assert summary.found == len(found) == summary.published + summary.rejected
    assert sorted([a["source"]["path"] for a in articles] + [r["path"] for r in rejected]) == found
    reasons = {Path(r["path"]).name: (r["stage"], r["error"]) for r in rejected}
    assert reasons == {
        "empty.html": ("decode", "empty file"),
        "photo.html": ("decode", "not a text page: PNG image"),
        "notes.pdf": (
            "discover",
            "unsupported file type (reads .warc, .warc.gz, .jsonl, .jsonl.gz, .html.gz, .htm.gz, .html, .htm, .txt, .txt.gz)",
        ),
    }
    assert all(set(r) == {"path", "sha256", "stage", "code", "error"} for r in rejected)

    article_schema = Draft202012Validator(load_schema("article"))
    assert all(not list(article_schema.iter_errors(a)) for a in articles)
    seed = next(a for a in articles if a["source"]["path"].endswith("seed-back-numbness.txt"))
    assert [c["title"] for c in seed["causes"]] == [
        "Improper sleeping position",
        "Improper working posture",
        "Inappropriate physical exercise",
    ]


def test_tables_validate_and_datapackage_describes_them(tmp_path: Path) -> None:
    raw, out = _raw(tmp_path), tmp_path / "processed"
    process_pages(raw=str(raw), out=str(out), batch_size=4)
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    ids = set()
    for name in TABLES:
        schema = Draft202012Validator(load_schema(f"tables/{name}"))
        rows = _lines(out / "tables" / f"{name}.jsonl")
        assert rows, name
        assert all(not list(schema.iter_errors(row)) for row in rows)
        frame = pd.read_csv(out / "tables" / f"{name}.csv", keep_default_na=False)
        assert list(frame.columns) == [*load_schema(f"tables/{name}")["properties"], CSV_TRUNCATED]
        assert len(frame) == len(rows) == resources[name]["rows"]
        assert len(pd.read_parquet(out / "tables" / f"{name}.parquet")) == len(rows)
        keys = [tuple(row[k] for k in resources[name]["schema"]["primaryKey"]) for row in rows]
        assert len(keys) == len(set(keys)), f"{name}: primary key not unique"
        if name == "articles":
            ids = {row["article_id"] for row in rows}
        else:
            assert {row["article_id"] for row in rows} <= ids
    for resource in package["resources"]:
        data = (out / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource["bytes"] == len(data)
    assert "(3 lines)" in resources["rejected"]["description"]  # a file resource: frictionless counts no rows
    causes = pd.read_csv(out / "tables" / "causes.csv")
    sections = pd.read_csv(out / "tables" / "sections.csv")
    joined = causes.merge(sections, left_on=["article_id", "section_position"], right_on=["article_id", "position"])
    assert len(joined) == len(causes) and set(joined["kind"]) == {"causes"}


def _without_timestamps(out: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(out.rglob("*")):
        skip = {"datapackage.json", "run_report.json", "README.md", ".lock"}  # they name the run's time
        if path.is_file() and path.name not in skip and "articles" not in path.name:
            files[str(path.relative_to(out))] = path.read_bytes()
    for path in (out / "articles.jsonl", out / "tables" / "articles.jsonl"):
        rows = [{k: v for k, v in row.items() if k != "processed_at"} for row in _lines(path)]
        files[str(path.relative_to(out))] = json.dumps(rows).encode()
    return files


def test_rerun_gives_identical_data_and_leaves_no_temporaries(tmp_path: Path) -> None:
    raw, out = _raw(tmp_path), tmp_path / "processed"
    process_pages(raw=str(raw), out=str(out), batch_size=3)
    first = _without_timestamps(out)
    again = process_pages(raw=str(raw), out=str(out), batch_size=5)  # nothing changed: all carried over
    assert (again.new, again.changed, again.unchanged) == (0, 0, again.found)
    assert _without_timestamps(out) == first
    rebuilt = process_pages(raw=str(raw), out=str(out), batch_size=5, full=True)  # batching changes nothing
    assert rebuilt.new == rebuilt.found
    assert _without_timestamps(out) == first
    assert sorted(p.name for p in out.iterdir()) == [
        ".lock",
        ".manifest.jsonl",
        ".neardup.jsonl",
        "README.md",
        "articles.jsonl",
        "datapackage.json",
        "rejected.jsonl",
        "run_report.json",
        "schemas",
        "tables",
    ]


def test_csv_cells_that_look_like_formulas_are_neutralised(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "processed"
    raw.mkdir()
    (raw / "formula.txt").write_text(
        '=HYPERLINK("http://evil.example","Why is my back numb")\n\n'
        "Back numbness has many causes and most of them are harmless and easy to fix at home.\n\n"
        "1. Causes of numbness\n\n(1) Posture: sitting still for hours presses on the nerves of the back.\n",
        encoding="utf-8",
    )
    process_pages(raw=str(raw), out=str(out))
    with (out / "tables" / "articles.csv").open(encoding="utf-8-sig") as handle:
        row = next(csv.DictReader(handle))
    assert row["title"].startswith("'=HYPERLINK")
    assert _lines(out / "tables" / "articles.jsonl")[0]["title"].startswith("=HYPERLINK")


@pytest.mark.slow
def test_workers_are_gone_before_publishing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Publishing is when a run's memory peaks: the idle worker processes are stopped before it."""
    import multiprocessing

    from pagesift.dataset import run
    from pagesift.flows import pool

    publish_run, run_batch, alive, extracting = run.publish_run, pool.run_batch, [], []

    def publish_watched(*args: object, **kwargs: object) -> object:
        alive.append(len(multiprocessing.active_children()))
        return publish_run(*args, **kwargs)  # type: ignore[arg-type]

    def batch_watched(*args: object, **kwargs: object) -> object:
        extracting.append(len(multiprocessing.active_children()))  # the batches ran in the workers
        return run_batch(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(run, "publish_run", publish_watched)
    monkeypatch.setattr(pool, "run_batch", batch_watched)
    raw, out = _raw(tmp_path), tmp_path / "processed"
    report = process_pages(raw=str(raw), out=str(out), batch_size=3, workers=2)
    assert extracting and set(extracting) == {2}
    assert alive == [0]
    assert report.published + report.rejected == len(list(raw.iterdir()))


def test_task_runs_grow_with_batches_not_pages(tmp_path: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    raw, out = _raw(tmp_path), tmp_path / "processed"
    pages = len(list(raw.iterdir()))
    state = process_pages(raw=str(raw), out=str(out), batch_size=6, return_state=True)
    flow_run_id = state.state_details.flow_run_id
    expected = {"discover": 1, "plan": 1, "extract-batch": -(-pages // 6), "publish": 1}
    with get_client(sync_client=True) as client:
        for _ in range(40):  # task runs are recorded from events, a moment after the flow ends
            runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
            names: dict[str, int] = {}
            for run in runs:
                base = run.name.rsplit("-", 1)[0]
                names[base] = names.get(base, 0) + 1
            if names == expected:
                break
            time.sleep(0.25)
    assert names == expected
    assert expected["extract-batch"] < pages


def test_a_run_handed_the_pages_found_does_not_discover_them_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`pagesift run` discovers once, while the API starts (to size its pool), and hands the pages over."""
    import pagesift.flows.process_pages as module
    from pagesift.dataset.discover import discover

    raw, out = _raw(tmp_path), tmp_path / "processed"
    found = discover(str(raw))
    module.hand_over(str(raw), found)
    monkeypatch.setattr(module, "discover", lambda raw: pytest.fail(f"{raw} discovered again"))
    report = process_pages(raw=str(raw), out=str(out))
    assert (report.found, report.timings["discover"]) == (found.found, found.seconds)
    assert report.published + report.rejected == found.found and module._handed_over == {}
