"""A page's identity between runs (issue 21, 3–5): its key is its path inside --raw, written so that
no file name can pass for a page of an archive, and what it is compared by covers everything its
record is made from. Whole runs without Prefect (tests/test_run.py's `_plain_run`)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from pagesift.dataset.discover import discover
from pagesift.dataset.sources import page_ref, split_ref

from .conftest import ROOT
from .test_incremental import _data, _lines
from .test_run import _plain_run
from .test_sources import _json_line, _pages, write_jsonl, write_warc


# Once, the file `crawl.warc.gz#000000000000` was never read: the archive's record at offset 0 was
# read in its place, and the counts broke (found ≠ published + rejected).
def test_a_file_named_like_a_page_reference_is_read_as_itself(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    write_warc(raw / "crawl.warc.gz", _pages(), extras=False)
    lookalike = raw / "crawl.warc.gz#000000000000"
    lookalike.write_bytes(b"not a page of the archive")
    percent = raw / "100%#1.html"  # a page file whose name holds the escape's own characters
    shutil.copy(ROOT / "raw" / "blog-tension-headache.html", percent)
    found = discover(raw)
    assert page_ref(lookalike.name, None) in found and split_ref(page_ref(lookalike.name, None)) == (
        lookalike.name,
        None,
    )
    report, _ = _plain_run(raw, out)
    assert report.found == report.published + report.rejected == len(_pages()) + 2
    [own] = [r for r in _lines(out / "rejected.jsonl") if r["path"] == lookalike.name]
    assert "offset" not in own and own["code"] == "unsupported-type"
    assert own["sha256"] == hashlib.sha256(lookalike.read_bytes()).hexdigest()  # its own bytes were read
    assert percent.name in {a["source"]["path"] for a in _lines(out / "articles.jsonl")}
    again, plan = _plain_run(raw, out)
    assert plan.settled and (again.published, again.rejected) == (report.published, report.rejected)


# Once, a record whose url changed but whose html did not was "nothing new": the old url and id stayed
# published, unlike a --full run.
@pytest.mark.parametrize("kind", ["jsonl", "warc"])
def test_an_archive_record_whose_url_changed_is_processed_again(tmp_path: Path, kind: str) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    pages = _pages()
    archive = raw / ("pages.jsonl" if kind == "jsonl" else "crawl.warc")

    def write(entries: list[tuple[str, bytes]]) -> None:
        if kind == "jsonl":
            write_jsonl(archive, [_json_line(url, body) for url, body in entries])
        else:
            write_warc(archive, entries, gz=False, extras=False)

    write(pages)
    _plain_run(raw, out)
    moved = [(url.replace("/0/", "/moved/") if n == 1 else url, body) for n, (url, body) in enumerate(pages)]
    write(moved)
    _, plan = _plain_run(raw, out)
    assert plan.changed if kind == "jsonl" else plan.todo  # in a WARC the url is in the request before it: offsets move
    urls = {a["source"]["url"] for a in _lines(out / "articles.jsonl")}
    assert moved[1][0] in urls and pages[1][0] not in urls
    _plain_run(raw, tmp_path / "full", full=True)
    assert _data(out) == _data(tmp_path / "full")


# Once, `--raw raw` then `--raw /abs/path/raw` processed every page again ("9 new … 9 deleted") and
# flipped source.path between relative and absolute in the published data.
def test_the_same_raw_folder_spelt_two_ways_is_one_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "raw", tmp_path / "raw")
    write_jsonl(tmp_path / "raw" / "crawl.jsonl", [_json_line(url, body) for url, body in _pages()[:2]])
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    first, _ = _plain_run(Path("raw"), out)
    published = (out / "articles.jsonl").read_bytes()
    paths = {a["source"]["path"] for a in _lines(out / "articles.jsonl")}
    assert "blog-tension-headache.html" in paths and "crawl.jsonl" in paths
    for spelt in (str(tmp_path / "raw"), str(tmp_path / "raw") + "/", f"file://{tmp_path / 'raw'}", "./raw"):
        report, plan = _plain_run(spelt, out)  # type: ignore[arg-type]  # a str, as the command line gives it
        assert plan.settled, spelt
        assert (report.new, report.deleted, report.unchanged) == (0, 0, first.found), spelt
        assert (out / "articles.jsonl").read_bytes() == published
    _plain_run(str(tmp_path / "raw"), tmp_path / "full", full=True)  # type: ignore[arg-type]
    assert _data(out) == _data(tmp_path / "full")
    assert json.loads((out / "run_report.json").read_text())["found"] == first.found
