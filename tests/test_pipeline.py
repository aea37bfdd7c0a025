"""The per-page path end to end on the sample pages: the seed's record equals its gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pagesift.app.evaluate import predictions
from pagesift.dataset.ingest import process_file
from pagesift.extract.pipeline import process
from pagesift.extract.validate import errors

from .conftest import ROOT

RAW = ROOT / "raw"
SAMPLE_GOLD = ROOT / "tests" / "sample_gold"
NOW = "2026-01-01T00:00:00Z"


def _gold(stem: str) -> dict:
    gold = json.loads((SAMPLE_GOLD / f"{stem}.gold.json").read_text(encoding="utf-8"))
    gold.pop("layout", None)
    return gold


@pytest.mark.parametrize("name", ["seed-back-numbness.txt", "seed-back-numbness.html"])
def test_seed_record_equals_its_gold(name: str) -> None:
    record = process_file(RAW / name, NOW).record
    assert record is not None
    assert predictions(record) == _gold("seed-back-numbness")
    assert errors(record) == []


def test_seed_gold_in_repo_matches_shared_seed(shared: Path) -> None:
    seed_gold = json.loads((shared / "seed" / "000_a9e52e898da962c2.gold.json").read_text(encoding="utf-8"))
    assert _gold("seed-back-numbness") == seed_gold
    assert (RAW / "seed-back-numbness.txt").read_bytes() == (shared / "seed" / "000_a9e52e898da962c2.txt").read_bytes()


def test_seed_record_details() -> None:
    txt = process_file(RAW / "seed-back-numbness.txt", NOW).record
    html = process_file(RAW / "seed-back-numbness.html", NOW).record
    for record in (txt, html):
        assert record["causes"][0] == {
            "title": "Improper sleeping position",
            "text": "An improper sleeping position lasts for a long time and cannot be adjusted in time when the "
            "brain is in a resting state, which will inevitably cause imbalance of the paravertebral "
            "muscles, ligaments and joints.",
        }
        assert record["remedies"][1]["text"].startswith("This treatment can improve blood circulation")
        assert [s["kind"] for s in record["sections"]] == ["causes", "remedies"]
        recommended = [link for link in record["related_links"] if link["relation"] == "recommended"]
        assert recommended[0]["teaser"] == "Nowadays, many people cannot do without computers"
        assert all(not link["teaser"].endswith("...") for link in recommended)
        # the main text holds the article once and none of the navigation
        assert record["text"].count("Why is your back numb? Try this massage") == 1
        assert "Recommend" not in record["text"] and "<<" not in record["text"]
        assert "Acute left heart failure" not in record["text"]
    assert txt["url"] is None and all(link["url"] is None for link in txt["related_links"])
    assert html["url"] == "https://www.healthfarm-example.com/a/9876.html"
    assert all(link["url"].startswith("https://www.healthfarm-example.com/") for link in html["related_links"])
    assert txt["source"]["format"] == "text" and html["source"]["format"] == "html"
    assert txt["language"] == html["language"] == "en"


def test_ids_are_stable_and_derive_from_url_or_content() -> None:
    a = process_file(RAW / "seed-back-numbness.html", NOW).record
    b = process_file(RAW / "seed-back-numbness.html", "2027-01-01T00:00:00Z").record
    assert a["id"] == b["id"]
    txt = process_file(RAW / "seed-back-numbness.txt", NOW).record
    assert txt["id"] == txt["source"]["sha256"][:16]
    assert a["id"] != txt["id"]


def test_gbk_page_is_decoded_and_extracted() -> None:
    record = process_file(RAW / "zh-gbk-stomach-bloating.html", NOW).record
    assert record is not None
    assert record["source"]["encoding"] == "gb18030"
    assert record["language"] == "zh"
    assert "胀" in record["title"]
    assert record["causes"] and record["remedies"]


def test_gb2312_declared_utf8_page_is_read_as_utf8() -> None:
    record = process_file(RAW / "zh-gb2312-utf8-cold-diet.html", NOW).record
    assert record["source"]["encoding"] == "utf-8"
    assert record["title"] and "\ufffd" not in record["text"]


def test_page_with_no_sections() -> None:
    record = process_file(RAW / "news-flu-vaccine-clinics.html.gz", NOW).record
    assert record["sections"] == [] and record["causes"] == [] and record["remedies"] == []
    assert record["summary"] == _gold("news-flu-vaccine-clinics")["summary"]  # the lead paragraph
    assert record["text"].count("\n") >= 3 and record["summary"] in record["text"]
    assert errors(record) == []


def test_empty_and_binary_files_are_rejected_with_reasons(tmp_path: Path) -> None:
    empty = process(str(tmp_path / "empty.html"), b"", NOW).rejection
    assert empty.stage == "decode" and empty.error == "empty file"
    png = process(str(tmp_path / "x.html"), b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, NOW).rejection
    assert png.stage == "decode" and "PNG image" in png.error
    assert png.sha256 and len(png.sha256) == 64


def test_a_record_that_fails_its_schema_is_rejected_with_the_json_path(monkeypatch) -> None:
    from pagesift.extract import pipeline

    monkeypatch.setattr(pipeline, "declared_language", lambda tree: "Chinese")
    rejection = process_file(RAW / "seed-back-numbness.html", NOW).rejection
    assert rejection.stage == "validate"
    assert "$.declared_language: 'Chinese' does not match" in rejection.error


def test_a_page_over_its_time_limit_is_rejected(monkeypatch) -> None:
    import time

    from pagesift.extract import pipeline
    from pagesift.settings import Limits

    def spin(page: object, processed_at: str) -> None:
        deadline = time.process_time() + 5
        while time.process_time() < deadline:
            pass

    monkeypatch.setattr(pipeline, "extract", spin)
    started = time.process_time()
    rejection = process_file(RAW / "seed-back-numbness.html", NOW, Limits(page_timeout_s=0.3)).rejection
    assert time.process_time() - started < 2
    assert (rejection.stage, rejection.error) == (
        "extract",
        "took longer than page_timeout_s=0.3 (seconds of CPU time); tried again on the next run",
    )


def test_a_fifo_swapped_in_after_discover_is_not_read(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "page.html"
    os.mkfifo(fifo)
    rejection = process_file(fifo, NOW).rejection  # would block forever if opened for a plain read
    assert (rejection.stage, rejection.error) == ("read", "not a regular file")
    link = tmp_path / "link.html"  # a link discover let through (inside the raw folder) is read at its target
    (tmp_path / "seed.html").write_bytes((RAW / "seed-back-numbness.html").read_bytes())
    link.symlink_to(tmp_path / "seed.html")
    assert process_file(link, NOW).record["title"] == "Why is your back numb? Try this massage"
    (tmp_path / "out.html").symlink_to(RAW / "seed-back-numbness.html")  # outside the link's folder
    assert "outside the raw folder" in process_file(tmp_path / "out.html", NOW).rejection.error
    (tmp_path / "to-fifo.html").symlink_to(fifo)
    assert process_file(tmp_path / "to-fifo.html", NOW).rejection.error == "not a regular file"
