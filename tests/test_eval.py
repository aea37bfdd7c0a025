"""Extraction quality is held to a number: the gold set's F1 may not drop below the level reached."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pagesift.app.cli import app
from pagesift.app.evaluate import aeb_score, evaluate, score_page, token_f1

from .conftest import ROOT

GOLD = ROOT / "tests" / "gold"

# The level reached; raise these when quality improves, never lower them to make a change pass.
MICRO_F1 = 0.998
FIELD_F1 = {"causes": 0.995, "remedies": 0.995, "related": 0.995, "title": 1.0, "summary": 0.995}


@pytest.fixture(scope="module")
def report():
    return evaluate(GOLD)


def test_gold_set_is_large_and_varied() -> None:
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in GOLD.glob("*.gold.json")]
    names = [p.name for p in GOLD.glob("*.gold.json")]
    assert len(golds) >= 40
    assert sum(n.startswith("en_") for n in names) >= 20 and sum(n.startswith("zh_") for n in names) >= 20
    assert len({g["layout"] + n[:2] for g, n in zip(golds, names)}) >= 8


def test_quality_holds(report) -> None:
    assert len(report.pages) >= 40
    assert report.micro.f1 >= MICRO_F1
    scores = {**report.fields, **report.groups}
    for name, floor in FIELD_F1.items():
        assert scores[name].f1 >= floor, f"{name}: {scores[name].f1:.3f} < {floor}"


def test_held_out_layouts_hold_their_level() -> None:
    """12 pages in layouts the rules were not written for (0.709 when first measured, before any
    rule was changed for them): a floor against regressions on unfamiliar sites."""
    report = evaluate(ROOT / "tests" / "holdout")
    assert len(report.pages) == 12
    assert report.micro.f1 >= 0.97


def test_third_held_out_set_holds_its_level() -> None:
    """16 pages (8 Chinese) by a third writer, in layouts nobody here had seen when it was written
    (hashed CSS classes, accordions, AMP, Discuz in GBK, a Word leaflet in windows-1252, Stack
    Exchange, Reddit): 0.803 micro when first measured. Its pages, even ones too, have since been
    read page by page (session 14, `docs/quality.md`): a floor against regressions, no longer
    the figure for pages nobody has seen."""
    report = evaluate(ROOT / "tests" / "holdout3")
    assert len(report.pages) == 16
    assert report.micro.f1 >= 0.955
    assert report.fields["title"].f1 == 1.0


def test_second_held_out_set_holds_its_level() -> None:
    """16 pages (10 Chinese) written by someone who never read the extraction code, in the layouts
    of Chinese health portals, a WeChat export, a forum and English guides: 0.922 micro when first
    measured; four mechanisms were then built on it (docs/quality.md)."""
    report = evaluate(ROOT / "tests" / "holdout2")
    assert len(report.pages) == 16
    assert report.micro.f1 >= 0.955
    assert report.fields["causes"].precision >= 0.99 and report.fields["remedies"].precision >= 0.98


# Real pages saved from public sites (../shared/corpora/health-real: 80 pages, annotated by hand): the
# level reached, field by field, and on each half of the pages split by site (issue 19: 0.731 micro,
# A 0.705, B 0.759 before). Issue 19's goals, for the record: micro F1 >= 0.90; causes and remedies
# precision >= 0.95 and F1 >= 0.85; recommended precision and F1 >= 0.85; previous/next F1 >= 0.95;
# title >= 0.97. Summaries are not scored (CONVENTIONS.md).
REAL_PRECISION = {"causes": 0.96, "remedies": 0.966, "recommended": 0.961}
REAL_F1 = {
    "causes": 0.941,
    "remedies": 0.904,
    "recommended": 0.917,
    "previous": 0.999,
    "next": 0.999,
    "title": 0.987,
    "micro": 0.925,
}
REAL_HALF_MICRO = {"A": 0.918, "B": 0.931}


def test_real_pages_hold_their_level(shared: Path) -> None:
    real = shared / "corpora" / "health-real"
    if not any(real.glob("*.gold.json")):
        pytest.skip("the real-page set is absent")
    from pagesift.app.evaluate import half_of, summarise

    report = evaluate(real)
    assert len(report.pages) >= 80 and not [p.path for p in report.pages if p.rejected]
    scores = {**report.fields, **report.groups, "micro": report.micro}
    for name, floor in REAL_PRECISION.items():
        assert scores[name].precision >= floor, f"{name} precision: {scores[name].precision:.3f} < {floor}"
    for name, floor in REAL_F1.items():
        assert scores[name].f1 >= floor, f"{name}: {scores[name].f1:.3f} < {floor}"
    for half, floor in REAL_HALF_MICRO.items():
        micro = summarise([p for p in report.pages if half_of(p.path) == half]).micro.f1
        assert micro >= floor, f"half {half} micro: {micro:.3f} < {floor}"


def test_matching_rule() -> None:
    assert token_f1("Improper sleeping position", "improper sleeping position.") == 1.0
    assert token_f1("睡姿不当", "睡姿不当引起") >= 0.6
    assert token_f1("Manual massage therapy", "Warm and hot compress") == 0.0
    gold = {
        "title": "A b c",
        "summary": "",
        "causes": ["x y", "p q"],
        "remedies": [],
        "previous": None,
        "next": "N",
        "recommended": [],
    }
    record = {
        "title": "a B c",
        "summary": "",
        "causes": [{"title": "x y"}, {"title": "z"}],
        "remedies": [],
        "related_links": [{"relation": "next", "title": "other"}],
    }
    result = score_page("p", gold, record)
    assert (
        result.scores["title"].tp,
        result.scores["causes"].tp,
        result.scores["causes"].fp,
        result.scores["causes"].fn,
    ) == (1, 1, 1, 1)
    assert (result.scores["next"].fp, result.scores["next"].fn) == (1, 1)
    assert result.missed["causes"] == ["p q"] and result.invented["causes"] == ["z"]


def test_aeb_metric_matches_the_benchmark_definition() -> None:
    truth = "one two three four five six"
    assert aeb_score([(truth, truth)])["f1"] == 1.0
    half = aeb_score([("one two three four five", truth)])  # 2 of 3 shingles, nothing invented
    assert half["precision"] == 1.0 and half["recall"] == pytest.approx(0.6667, abs=1e-4)


def test_eval_cli_prints_the_table_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "eval.json"
    result = CliRunner().invoke(
        app, ["eval", "--gold", str(ROOT / "tests" / "sample_gold"), "--raw", str(ROOT / "raw"), "--json", str(out)]
    )
    assert result.exit_code == 0, result.output
    for name in ("title", "summary", "causes", "remedies", "previous", "next", "recommended", "micro"):
        assert name in result.output
    figures = json.loads(out.read_text())
    assert figures["gold"]["pages"] == 9 and figures["gold"]["micro"]["f1"] >= 0.99


def test_aeb_main_text_at_least_bare_trafilatura(shared: Path) -> None:
    aeb = shared / "corpora" / "aeb"
    if not (aeb / "ground-truth.json").exists():
        pytest.skip("AEB corpus absent")
    from pagesift.app.evaluate import evaluate_aeb

    scores = evaluate_aeb(aeb)
    assert scores["pagesift"]["pages"] == 181
    assert scores["trafilatura"]["f1"] >= 0.955
    assert scores["pagesift"]["f1"] >= max(scores["trafilatura"]["f1"], 0.963)


def test_halves_split_by_site_and_are_fixed() -> None:
    from pagesift.app.evaluate import half_of, site_of

    assert site_of("x/en_fluchannel_flu_treatment.html") == "fluchannel"
    assert half_of("en_fluchannel_flu_treatment.html") == half_of("y/en_fluchannel_flu_risk_factors.gold.json")
    halves = {half_of(f"en_site{i}_page.html") for i in range(20)}
    assert halves == {"A", "B"}


def test_eval_cli_split_prints_both_halves_and_the_whole(tmp_path: Path) -> None:
    out = tmp_path / "eval.json"
    result = CliRunner().invoke(app, ["eval", "--gold", str(GOLD), "--split", "--json", str(out)])
    assert result.exit_code == 0, result.output
    figures = json.loads(out.read_text())
    assert figures["gold_half_A"]["pages"] + figures["gold_half_B"]["pages"] == figures["gold"]["pages"]
    assert "half A" in result.output and "half B" in result.output


@pytest.mark.parametrize("args", [["--gold", "nosuch"], ["--gold", "tests/gold", "--half", "C"]])
def test_eval_refuses_a_bad_option_in_one_line(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from pagesift.app.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["eval", *args])
    assert exit_.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
