"""The run's own rules, as plain Python (pagesift.dataset.run), without Prefect: what a plan
carries over and processes, when a run is settled, and that the counts add up (found = published +
rejected, or a clear error). The flow is their recipe; tests/test_flow.py and others run it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pagesift.dataset import neardup, run
from pagesift.dataset.discover import discover
from pagesift.dataset.publish import CARRY_SHARD, REFUSED_SHARD
from pagesift.dataset.report import PublishSummary, RunReport, write_report
from pagesift.dataset.store import Plan

from .hostile_corpus import article

TOPICS = ["Heartburn", "Back Pain", "Dandruff", "Insomnia"]


def _raw(tmp_path: Path) -> Path:
    """Four articles, a page too short to be one (rejected at extraction), and a broken link
    (refused at discover): six inputs found."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for topic in TOPICS:
        name = topic.lower().replace(" ", "-")
        (raw / f"{name}.html").write_text(article(f"What Causes {topic} and How to Ease It"), encoding="utf-8")
    (raw / "short.html").write_text("<html><body><p>Too short.</p></body></html>", encoding="utf-8")
    (raw / "gone.html").symlink_to(raw / "nowhere.html")
    return raw


def _plain_run(
    raw: Path,
    out: Path,
    full: bool = False,
    near: neardup.Options = neardup.DEFAULT_OPTIONS,
) -> tuple[RunReport, Plan]:
    """A whole run, step by step, as the flow's recipe runs it: no Prefect, batches in this process."""
    report = RunReport(raw=str(raw), out=str(out))
    with run.workspace(str(out)) as space:
        found = discover(str(raw))
        plan = run.plan(found, space, full, near)
        shards = [
            run.extract(batch, space.staging, index, report.started_at, run.read_root(str(raw)))
            for index, batch in enumerate(run.batches(plan.todo, 2))
        ]
        if plan.settled:
            published = run.standing(space.out)
        else:
            published = run.publish_run(space, shards, found, plan, report, near)
        write_report(run.account(report, found, plan, shards, published, space.out), space.out)
    return report, plan


def _counts(report: RunReport) -> dict[str, int]:
    return {k: getattr(report, k) for k in ("found", "new", "changed", "unchanged", "deleted", "published", "rejected")}


def test_a_first_run_counts_every_page_found_as_published_or_rejected(tmp_path: Path) -> None:
    raw, out = _raw(tmp_path), tmp_path / "out"
    report, plan = _plain_run(raw, out)
    assert _counts(report) == {
        "found": 6,
        "new": 6,
        "changed": 0,
        "unchanged": 0,
        "deleted": 0,
        "published": 4,
        "rejected": 2,
    }
    assert plan.todo == sorted(p.name for p in raw.iterdir() if p.name != "gone.html")  # refused: never processed
    assert "gone.html" in plan.new
    assert json.loads((out / "run_report.json").read_text())["published"] == 4
    assert sum(report.rows.values()) and report.rejects_by_code and report.seconds > 0
    assert not list(out.glob(".staging-*"))  # the staging folder goes with the run


def _changed_since_a_run(tmp_path: Path) -> tuple[Path, Path]:
    """A raw folder published into `out`, then one page changed, one new and one deleted."""
    raw, out = _raw(tmp_path), tmp_path / "out"
    _plain_run(raw, out)
    (raw / "dandruff.html").write_text(article("What Causes Dandruff and How to Treat It"), encoding="utf-8")
    (raw / "hiccups.html").write_text(article("What Causes Hiccups and How to Stop Them"), encoding="utf-8")
    (raw / "insomnia.html").unlink()
    return raw, out


def test_a_plan_carries_unchanged_pages_over_and_processes_new_and_changed_ones(tmp_path: Path) -> None:
    raw, out = _changed_since_a_run(tmp_path)
    with run.workspace(str(out)) as space:
        plan = run.plan(discover(str(raw)), space, False, neardup.DEFAULT_OPTIONS)
        carried = (Path(space.staging) / f"{CARRY_SHARD:06d}.records.jsonl").read_text().splitlines()
        carried_rejections = (Path(space.staging) / f"{CARRY_SHARD:06d}.rejected.jsonl").read_text().splitlines()
        refused = (Path(space.staging) / f"{REFUSED_SHARD:06d}.rejected.jsonl").read_text().splitlines()
    assert not plan.settled
    assert (plan.new, plan.changed, plan.deleted) == (["hiccups.html"], ["dandruff.html"], ["insomnia.html"])
    assert plan.todo == ["dandruff.html", "hiccups.html"]
    assert sorted(plan.unchanged) == ["back-pain.html", "gone.html", "heartburn.html", "short.html"]
    assert sorted(json.loads(line)["source"]["path"] for line in carried) == ["back-pain.html", "heartburn.html"]
    assert [json.loads(line)["path"] for line in carried_rejections] == ["short.html"]
    assert [json.loads(line)["path"] for line in refused] == ["gone.html"]  # refused again, not carried

    report, _ = _plain_run(raw, out)
    assert _counts(report) == {
        "found": 6,
        "new": 1,
        "changed": 1,
        "unchanged": 4,
        "deleted": 1,
        "published": 4,
        "rejected": 2,
    }
    assert report.deleted_paths == ["insomnia.html"]


def test_a_run_that_finds_nothing_new_changed_or_deleted_is_settled(tmp_path: Path) -> None:
    raw, out = _raw(tmp_path), tmp_path / "out"
    first, _ = _plain_run(raw, out)
    before = {
        p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p.name not in (".lock", "run_report.json")
    }
    again, plan = _plain_run(raw, out)
    assert plan.settled and plan.todo == [] and plan.deleted == []
    assert _counts(again) == {**_counts(first), "new": 0, "unchanged": 6}  # the refused link counted unchanged
    assert (again.rows, again.kinds, again.rejects_by_code) == (first.rows, first.kinds, first.rejects_by_code)
    assert {p: p.stat().st_mtime_ns for p in before} == before  # nothing published again

    rebuilt, plan = _plain_run(raw, out, full=True)
    assert not plan.settled and len(plan.todo) == 5 and _counts(rebuilt)["new"] == 6


@pytest.mark.parametrize("stale", ["report", "options"])
def test_a_run_is_settled_only_while_the_published_files_stand(tmp_path: Path, stale: str) -> None:
    """A report that does not count the pages found, or near-duplicates grouped with other options:
    the unchanged pages are carried over and published again instead."""
    raw, out = _raw(tmp_path), tmp_path / "out"
    _plain_run(raw, out)
    near = neardup.DEFAULT_OPTIONS
    if stale == "report":
        saved = json.loads((out / "run_report.json").read_text())
        (out / "run_report.json").write_text(json.dumps({**saved, "published": saved["published"] - 1}))
    else:
        near = neardup.Options(threshold=0.5)
    report, plan = _plain_run(raw, out, near=near)
    assert not plan.settled and plan.todo == [] and len(plan.unchanged) == 6
    assert (report.published, report.rejected) == (4, 2)
    assert json.loads((out / "run_report.json").read_text())["published"] == 4


def test_pages_lost_on_the_way_fail_the_run_with_a_clear_error(tmp_path: Path) -> None:
    found = discover(str(_raw(tmp_path)))
    published = PublishSummary(published=3, rejected=1, duplicates=0, rows={}, kinds={}, files=[])
    report = RunReport(raw="raw", out="out")
    with pytest.raises(run.CountMismatch, match=r"^6 pages found but 3 published \+ 1 rejected$"):
        run.account(report, found, Plan(), [], published, tmp_path)
    assert report.found == 0  # nothing counted from a run that does not add up


def test_batches_keep_the_pages_in_order() -> None:
    assert run.batches(list("abcde"), 2) == [["a", "b"], ["c", "d"], ["e"]]
    assert run.batches([], 64) == []
    assert run.batches([], 64, workers=2) == []
    with pytest.raises(ValueError, match="at least one page, not 0"):
        run.batches(["a"], 0, workers=2)


@pytest.mark.parametrize(("pages", "workers"), [(2000, 2), (100, 2), (1000, 4), (7, 2), (64, 2), (300, 3)])
def test_on_several_workers_the_last_batches_shrink_so_the_workers_end_together(pages: int, workers: int) -> None:
    """Full batches while many pages are left, then each at most the pages left over twice the
    workers, never under TAIL_BATCH but the very last: the work left after any batch is dealt is
    at most a batch per worker, and the last batches are small."""
    todo = [f"p{i:05d}" for i in range(pages)]
    found = run.batches(todo, 64, workers)
    assert [page for batch in found for page in batch] == todo  # every page once, in order
    sizes = [len(batch) for batch in found]
    assert max(sizes) <= 64 and all(size >= run.TAIL_BATCH for size in sizes[:-1])
    assert sizes == sorted(sizes, reverse=True)  # they only shrink
    for i, size in enumerate(sizes):
        left = pages - sum(sizes[:i])
        assert size == min(64, max(run.TAIL_BATCH, -(-left // (2 * workers))), left)
    assert sizes[-1] <= run.TAIL_BATCH or len(sizes) == 1
    assert len(found) <= -(-pages // 64) + 4 * workers + 8  # a few more task runs, not one a page
    assert run.batches(todo, 64, workers=1) == run.batches(todo, 64)  # one worker: equal batches


def test_the_run_and_its_batches_import_no_prefect_nor_pyarrow() -> None:
    # a worker process imports these for its batches: Parquet is written by the main process only
    code = (
        "import sys; import pagesift.dataset.run, pagesift.dataset.ingest; "
        "sys.exit(' '.join(m for m in sys.modules if m.split('.')[0] in ('prefect', 'prefect_dask', 'pyarrow')) or None)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def _snapshot(out: Path) -> dict[str, bytes]:
    """Every file of an output folder, hidden ones (manifest, lock) too."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_a_dry_run_plans_what_a_run_would_do_and_writes_nothing(tmp_path: Path) -> None:
    raw, out = _changed_since_a_run(tmp_path)
    before = _snapshot(out)
    plan = run.preview(discover(str(raw)), out, full=False)
    assert (plan.new, plan.changed, plan.deleted) == (["hiccups.html"], ["dandruff.html"], ["insomnia.html"])
    assert len(plan.unchanged) == 4 and "gone.html" in plan.unchanged  # refused, as the run counts it
    assert _snapshot(out) == before
    fresh = run.preview(discover(str(raw)), tmp_path / "none", full=False)  # a new --out: every page is new
    assert sorted(fresh.new) == sorted(p.name for p in raw.iterdir()) and not (tmp_path / "none").exists()


def test_a_sample_is_the_same_pages_every_time_and_grows_with_its_limit(tmp_path: Path) -> None:
    raw = _raw(tmp_path)
    for n in range(20):
        (raw / f"more-{n:02d}.html").write_text(article(f"What Causes Cramp {n} and How to Ease It"), encoding="utf-8")
    found = discover(str(raw))
    three = run.sample(found, 3)
    assert three.found == 3 and set(three) <= set(found)
    assert list(three) == list(run.sample(discover(str(raw) + "/"), 3))  # the same N, however RAW is spelt
    four = run.sample(found, 4)
    assert set(three) | {r.ref for r in three.rejections} <= set(four) | {r.ref for r in four.rejections}
    assert run.sample(found, 100) is found
    names = {Path(p).name for p in run.sample(found, 12)}
    assert names != {Path(p).name for p in sorted(found)[:12]}  # spread over the crawl, not its first pages


def test_a_sample_into_an_output_with_pages_outside_it_names_them(tmp_path: Path) -> None:
    """A limited run publishes the sample only: into an output that holds other pages of the raw
    folder it would delete them, so the command refuses it (the pages are named here)."""
    raw, out = _raw(tmp_path), tmp_path / "out"
    _plain_run(raw, out)
    found = discover(str(raw))
    two = run.sample(found, 2)
    kept = set(two) | {r.ref for r in two.rejections}
    assert run.outside(two, found, out) == sorted({*found, *(r.ref for r in found.rejections)} - kept)
    assert run.outside(found, found, out) == [] and run.outside(two, found, tmp_path / "new") == []
