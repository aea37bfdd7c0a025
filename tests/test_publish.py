"""Publishing a run of any size: the shards merged with a bounded number of files open, into the
same files as a merge of them all at once."""

from __future__ import annotations

from pathlib import Path

import pytest

import pagesift.dataset.publish as publish
from pagesift.dataset import neardup
from pagesift.dataset.datapackage import Release
from pagesift.extract.pipeline import process

from .hostile_corpus import article

STAMP = "2026-11-30T00:00:00Z"
TOPICS = ["Heartburn", "Back Pain", "Dandruff", "Insomnia", "Hiccups", "Leg Cramps"]


def _shards(staging: Path) -> list[int]:
    """One shard a page: six articles, a copy of the first under another name (a near-duplicate),
    and a page too short to be an article (a rejection)."""
    pages = {
        f"raw/{i:02d}-{topic.lower().replace(' ', '-')}.html": article(f"What Causes {topic} and How to Ease It")
        for i, topic in enumerate(TOPICS)
    }
    pages["raw/06-copy.html"] = pages["raw/00-heartburn.html"].replace("Health Example", "Health Copies")
    pages["raw/07-short.html"] = "<html><body><p>Too short.</p></body></html>"
    staging.mkdir()
    for index, (path, html) in enumerate(sorted(pages.items())):
        publish.write_shard([process(path, html.encode(), STAMP)], staging, index)
    return list(range(len(pages)))


def _published(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_a_merge_in_runs_of_few_shards_publishes_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = Release(raw="raw", created=STAMP)
    at_once = publish.publish(tmp_path / "s1", tmp_path / "out1", _shards(tmp_path / "s1"), {}, release)
    assert at_once.published == 7 and at_once.rejected == 1 and at_once.near_duplicate_groups == 1

    monkeypatch.setattr(publish, "FAN_IN", 3)  # 8 shards: merged into 3, so never more than 6 files open
    shards = _shards(tmp_path / "s2")
    in_runs = publish.publish(tmp_path / "s2", tmp_path / "out2", shards, {}, release)
    assert in_runs == at_once
    assert _published(tmp_path / "out2") == _published(tmp_path / "out1")
    left = sorted(p.name for p in (tmp_path / "s2").iterdir())
    assert len([name for name in left if name.endswith(".records.jsonl")]) == 3  # the merged shards
    assert not any(name.startswith(f"{i:06d}.") for i in shards for name in left)  # the inputs are gone
    assert (tmp_path / "out2" / neardup.STATE).exists()
