"""Publishing a run of any size: the shards merged with a bounded number of files open, into the
same files as a merge of them all at once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pyarrow.parquet as pq
import pytest

import pagesift.dataset.publish as publish
from pagesift.dataset import neardup
from pagesift.dataset.datapackage import Release
from pagesift.extract.pipeline import process
from pagesift.model import TABLES

from .gold_pages import gold_texts
from .hostile_corpus import article

ROOT = Path(__file__).resolve().parent.parent
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


def _gold_shards(staging: Path) -> list[int]:
    """A shard a page: eight gold pages (sections, causes, remedies, related links), then a made
    article and its near-duplicate."""
    made = article("What Causes Heartburn and How to Ease It")
    texts = [*gold_texts(8), made, made.replace("Health Example", "Health Copies")]
    staging.mkdir()
    for index, text in enumerate(texts):
        publish.write_shard([process(f"raw/{index:02d}.html", text.encode(), STAMP)], staging, index)
    return list(range(len(texts)))


def test_parquet_holds_what_the_json_lines_hold_in_any_row_groups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each table's Parquet is its JSON Lines, typed by its schema (the confidence a double,
    nulls null), whether its rows go in one row group or one each."""
    release = Release(raw="raw", created=STAMP)
    publish.publish(tmp_path / "s1", tmp_path / "out1", _gold_shards(tmp_path / "s1"), {}, release)
    monkeypatch.setattr(publish, "_PARQUET_CHUNK_BYTES", 1)  # a row group for every row
    publish.publish(tmp_path / "s2", tmp_path / "out2", _gold_shards(tmp_path / "s2"), {}, release)
    for name in TABLES:
        lines = (tmp_path / "out1" / "tables" / f"{name}.jsonl").read_bytes().splitlines()
        rows = [orjson.loads(line) for line in lines]
        assert len(rows) >= 2, name  # every table holds rows
        one, each = (pq.ParquetFile(tmp_path / out / "tables" / f"{name}.parquet") for out in ("out1", "out2"))
        assert one.metadata.num_row_groups == 1 and each.metadata.num_row_groups == len(rows)
        for table in (one.read(), each.read()):
            assert table.to_pylist() == rows
            assert table.schema.names == list(TABLES[name].schema["properties"])
    confidence = pq.read_table(tmp_path / "out1" / "tables" / "articles.parquet").schema.field("language_confidence")
    assert str(confidence.type) == "double"


def test_publishing_does_not_import_pandas(tmp_path: Path) -> None:
    """pyarrow's arrays from Python objects import pandas (0.25 CPU-s and 40 MiB of the main
    process); the tables are read from their JSON Lines instead."""
    script = f"""
import sys
from pathlib import Path
from tests import test_publish as t
from pagesift.dataset import publish
from pagesift.dataset.datapackage import Release
tmp = Path({str(tmp_path)!r})
publish.publish(tmp / "s", tmp / "out", t._shards(tmp / "s"), {{}}, Release(raw="raw", created=t.STAMP))
assert (tmp / "out" / "tables" / "articles.parquet").stat().st_size > 0
print("pandas" in sys.modules)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
