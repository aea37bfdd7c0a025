"""Runs as a service runs them: incremental, locked, reported, and safe to kill at any point."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pagesift.dataset.store import OutputLock, RunRefused
from pagesift.flows.process_pages import process_pages

from .conftest import ROOT

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _data(out: Path) -> dict[str, object]:
    """The published data, timestamps aside."""
    files: dict[str, object] = {}
    for path in sorted(out.rglob("*")):
        rel = str(path.relative_to(out))
        if (
            not path.is_file()
            or rel.startswith(".")
            or path.name in {"datapackage.json", "run_report.json", "README.md"}
        ):
            continue
        if path.suffix == ".jsonl":
            files[rel] = [{k: v for k, v in row.items() if k != "processed_at"} for row in _lines(path)]
        elif "articles" not in path.name:
            files[rel] = path.read_bytes()
    return files


def test_only_new_and_changed_pages_are_processed(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(ROOT / "raw", raw)
    first = process_pages(raw=str(raw), out=str(out))
    assert (first.found, first.new) == (9, 9)

    (raw / "blog-tension-headache.html").unlink()
    (raw / "seed-back-numbness.txt").write_text(
        (raw / "seed-back-numbness.txt")
        .read_text(encoding="utf-8")
        .replace("Recommend", "Recommend\n\nNew title\n\nA fresh teaser of a new..."),
        encoding="utf-8",
    )
    shutil.copy(ROOT / "tests" / "gold" / "en_03_dry_eyes.html", raw / "dry-eyes.html")
    os.utime(raw / "ref-plantar-fasciitis.html")  # touched, same bytes: unchanged by content hash

    second = process_pages(raw=str(raw), out=str(out))
    assert (second.found, second.new, second.changed, second.unchanged, second.deleted) == (9, 1, 1, 7, 1)
    assert second.deleted_paths == ["blog-tension-headache.html"]
    report = json.loads((out / "run_report.json").read_text())
    assert report["deleted_paths"] == second.deleted_paths and report["published"] == 9
    paths = [a["source"]["path"] for a in _lines(out / "articles.jsonl")]
    assert "blog-tension-headache.html" not in paths
    assert paths == sorted(paths)
    seed = next(a for a in _lines(out / "articles.jsonl") if a["source"]["path"].endswith("seed-back-numbness.txt"))
    assert "New title" in [link["title"] for link in seed["related_links"]]

    incremental = _data(out)
    full = process_pages(raw=str(raw), out=str(out), full=True)
    assert full.new == 9 and _data(out) == incremental


def test_a_second_run_on_the_same_output_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with OutputLock(out), pytest.raises(RunRefused, match=r"another pagesift run \(pid \d+\) is using"):
        process_pages(raw=str(ROOT / "raw"), out=str(out))
    assert not (out / "articles.jsonl").exists()
    process_pages(raw=str(ROOT / "raw"), out=str(out))  # released: the next run goes ahead
    assert (out / "articles.jsonl").exists()


def _corpus(raw: Path, copies: int) -> None:
    """Sample pages repeated under distinct names with a small edit each (distinct hashes)."""
    raw.mkdir(parents=True, exist_ok=True)
    pages = sorted(p for p in (ROOT / "raw").iterdir() if p.suffix in (".html", ".txt"))
    for n in range(copies):
        for page in pages:
            data = page.read_bytes().replace(b"</body>", f"<p>copy {n}</p></body>".encode(), 1)
            if page.suffix == ".txt":
                data += f"\n\ncopy {n}\n".encode()
            (raw / f"{n:04d}-{page.name}").write_bytes(data)


def _run(raw: Path, out: Path, home: Path) -> subprocess.Popen:
    env = {**os.environ, "PREFECT_HOME": str(home)}
    env.pop("PREFECT_API_URL", None)
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pagesift",
            "run",
            "--raw",
            str(raw),
            "--out",
            str(out),
            "--workers",
            "1",
            "--batch-size",
            "8",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )


def _pending_commit(out: Path) -> bool:
    return (out / ".publish.tmp" / "COMMITTED").exists()


def _wait_for(condition, proc: subprocess.Popen, timeout: float = 120) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if condition():
            return True
        time.sleep(0.005)
    return False


def _shards(out: Path) -> int:
    return sum(1 for _ in out.glob(".staging-*/0*.records.jsonl"))


@pytest.mark.slow
def test_killed_runs_leave_published_data_intact_and_the_next_run_completes(tmp_path: Path) -> None:
    raw, before_out, reference, home = tmp_path / "raw", tmp_path / "before", tmp_path / "reference", tmp_path / "h"
    _corpus(raw, 4)
    process_pages(raw=str(raw), out=str(before_out))
    before = _data(before_out)
    _corpus(raw, 24)  # 216 pages, 27 batches: the killed runs publish them over the 36 published before
    process_pages(raw=str(raw), out=str(reference), batch_size=8)
    expected = _data(reference)
    assert before != expected

    # kill points: after N shards of the extract stage, and N ms into the publish stage
    points = [("extract", n) for n in (0, 1, 5, 12, 22)] + [("publish", ms) for ms in (0, 10, 30, 80)] + [("commit", 0)]
    outcomes = []
    for stage, at in points:
        out = tmp_path / f"out-{stage}-{at}"
        shutil.copytree(before_out, out)
        proc = _run(raw, out, home)
        if stage == "extract":
            reached = _wait_for(lambda out=out, at=at: _shards(out) >= at and any(out.glob(".staging-*")), proc)
        elif stage == "publish":
            reached = _wait_for(lambda out=out: (out / ".publish.tmp").exists(), proc)
            time.sleep(at / 1000)
        else:  # between the commit marker and the last rename
            reached = _wait_for(lambda out=out: _pending_commit(out), proc)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        state = _data(out)
        assert state in (before, expected) or _pending_commit(out), f"{stage}@{at}: mixed outputs"
        outcomes.append(
            (stage, at, reached, "before" if state == before else "complete" if state == expected else "commit pending")
        )
        process_pages(raw=str(raw), out=str(out), batch_size=8)  # the next run finishes the job
        assert _data(out) == expected, f"{stage}@{at}: the next run did not finish the job"
        assert not list(out.glob(".staging-*")) and not (out / ".publish.tmp").exists()
    assert sum(reached for _, _, reached, _ in outcomes) >= 8, outcomes  # most kills landed mid-run
    assert {"before"} <= {state for *_, state in outcomes}, outcomes
