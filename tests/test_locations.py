"""--raw and --out as fsspec URLs: file:// and memory:// (s3:// works the same way, see README)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import fsspec
import pytest

from pagesift.dataset.report import load_report
from pagesift.flows.process_pages import choose_flow, process_pages

from .conftest import ROOT

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_file_urls_work_like_paths(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "raw", raw)
    report = process_pages(raw=f"file://{raw}", out=f"file://{tmp_path / 'out'}")
    assert report.found == report.published == 9
    articles = (tmp_path / "out" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(articles) == 9
    assert json.loads(articles[0])["source"]["path"] == "blog-tension-headache.html"  # its path inside --raw


def test_memory_urls_in_and_out_incrementally(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PAGESIFT_CACHE", str(tmp_path / "cache"))
    fs = fsspec.filesystem("memory")
    fs.rm("/pagesift-test", recursive=True) if fs.exists("/pagesift-test") else None
    for page in sorted((ROOT / "raw").iterdir()):
        fs.pipe(f"/pagesift-test/raw/{page.name}", page.read_bytes())
    raw, out = "memory://pagesift-test/raw", "memory://pagesift-test/processed"
    assert choose_flow(2, 4, None, raw) == (process_pages, 0)  # memory:// lives in this process only

    first = process_pages(raw=raw, out=out)
    assert (first.found, first.published, first.new) == (9, 9, 9)
    assert fs.exists("/pagesift-test/processed/datapackage.json")
    assert fs.exists("/pagesift-test/processed/tables/causes.parquet")
    records = [json.loads(line) for line in fs.cat_file("/pagesift-test/processed/articles.jsonl").splitlines()]
    assert {r["source"]["path"] for r in records} == {
        f"memory:///pagesift-test/raw/{p.name}" for p in (ROOT / "raw").iterdir()
    }
    package = json.loads(fs.cat_file("/pagesift-test/processed/datapackage.json"))
    assert {r["path"] for r in package["resources"]} >= {"articles.jsonl", "tables/articles.csv"}

    fs.rm("/pagesift-test/raw/blog-tension-headache.html")
    fs.pipe("/pagesift-test/raw/new-page.txt", (ROOT / "raw" / "seed-back-numbness.txt").read_bytes() + b"\nmore\n")
    second = process_pages(raw=raw, out=out)
    assert (second.new, second.changed, second.unchanged, second.deleted) == (1, 0, 8, 1)
    assert load_report(out)["deleted"] == 1
    shutil.rmtree(tmp_path / "cache")  # another machine: the work folder starts from what the URL holds
    third = process_pages(raw=raw, out=out)
    assert (third.new, third.unchanged) == (0, 9)
    fs.rm("/pagesift-test", recursive=True)
