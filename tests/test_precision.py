"""Made pages of shapes where a reader sees no causes or remedies (a charity's causes, a job's
pitch, a drug's storage, a price list): the pipeline invents none, and real ones beside them stay."""

from __future__ import annotations

from pathlib import Path

from pagesift.dataset.ingest import process_file

NOW = "2026-01-01T00:00:00Z"
INTRO = (
    "<p>This page gives plain information written for patients and their families, reviewed by our"
    " editorial team of doctors and nurses every year.</p>"
)


def _ul(*entries: str) -> str:
    return "<ul>" + "".join(f"<li>{entry}</li>" for entry in entries) + "</ul>"


def _rows(tmp_path: Path, title: str, body: str, lang: str = "en") -> dict[str, list[str]]:
    """The causes and remedies titles the pipeline makes of a page with this headline and body."""
    page = tmp_path / "page.html"
    page.write_text(
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><main><article><h1>{title}</h1>{body}</article></main></body></html>",
        encoding="utf-8",
    )
    record = process_file(page, NOW).record
    assert record is not None
    return {kind: [item["title"] for item in record[kind]] for kind in ("causes", "remedies")}


def test_an_organisations_causes_and_pitch_are_no_causes(tmp_path: Path) -> None:
    charity = _rows(
        tmp_path,
        "About the Hartwell Foundation",
        INTRO + "<h2>Causes we support</h2>" + _ul("Childhood cancer research", "Mental health services"),
    )
    job = _rows(
        tmp_path,
        "Registered nurse, oncology ward",
        INTRO + "<h2>Why join us</h2>" + _ul("Competitive salary", "Free parking", "Training budget"),
    )
    story = _rows(
        tmp_path,
        "Scientists find the gene behind a rare muscle disease",
        INTRO + "<h2>Reasons for hope</h2>" + _ul("Gene therapy trials are planned", "Families can be screened"),
    )
    assert charity["causes"] == job["causes"] == story["causes"] == []


def test_real_causes_beside_them_stay(tmp_path: Path) -> None:
    rows = _rows(
        tmp_path,
        "Hair loss",
        INTRO
        + "<h2>Common causes</h2>"
        + _ul("Genetics", "Stress", "Iron deficiency")
        + "<h2>Why us</h2>"
        + _ul("Twenty years of experience", "Free consultation"),
    )
    assert rows["causes"] == ["Genetics", "Stress", "Iron deficiency"]
