"""Publish a run: stream the batches' shards into the datasets, then swap them in atomically.

Batches write shards (records and rejections as JSON Lines) into a staging folder as they finish,
so no step holds the corpus in memory. `publish` reads the shards in order, drops duplicate ids,
writes every output into a temporary folder beside the outputs, and renames each file into place
(`datapackage.json` last, so it always describes complete files).
"""

from __future__ import annotations

import csv
import hashlib
import heapq
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from . import PIPELINE_VERSION
from .errors import timed_out
from .pipeline import Outcome, Rejection
from .record import TABLES, table_rows
from .store import COMMITTED, MANIFEST, TMP, Entry, check_replaceable, commit_files, manifest_lines
from .validate import load_schema

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")  # and fullwidth ＝＋－＠
_INVISIBLE_LEAD = re.compile(r"[\s\u00ad\u200b-\u200f\u2060-\u2064\ufeff]*")  # spaces, zero-width marks
#: A formula sign after a ";": where ";" is the list separator, a spreadsheet splits the cell there.
_AFTER_SEMICOLON = re.compile(r";(?=[\s\u00ad\u200b-\u200f\u2060-\u2064\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20])")
_PARQUET_CHUNK = 2_000  # rows held before a Parquet row group is written (bounds memory)


@dataclass(slots=True)
class ShardSummary:
    index: int
    records: int
    rejected: int
    unsafe_links: int = 0  # javascript:, data:, ... links dropped from the batch's pages


@dataclass(slots=True)
class PublishSummary:
    published: int
    rejected: int
    duplicates: int
    rows: dict[str, int]
    kinds: dict[str, int]  # sections published, by kind
    files: list[str]

    @classmethod
    def of_report(cls, report: dict[str, Any]) -> PublishSummary:
        """What stands published, as the last run reported it (a run that changed nothing)."""
        return cls(report["published"], report["rejected"], report["duplicates"], report["rows"], report["kinds"], [])


def _shard_paths(staging: Path, index: int) -> tuple[Path, Path]:
    return staging / f"{index:06d}.records.jsonl", staging / f"{index:06d}.rejected.jsonl"


def write_shard(outcomes: Iterable[Outcome], staging: str | Path, index: int) -> ShardSummary:
    """Write one batch's outcomes to its shard files in the staging folder."""
    records_path, rejected_path = _shard_paths(Path(staging), index)
    summary = ShardSummary(index=index, records=0, rejected=0)
    with records_path.open("wb") as records, rejected_path.open("wb") as rejected:
        for outcome in outcomes:
            summary.unsafe_links += outcome.unsafe_links
            if outcome.record is not None:
                records.write(orjson.dumps(outcome.record) + b"\n")
                summary.records += 1
            elif outcome.rejection is not None:
                rejected.write(orjson.dumps(outcome.rejection.as_dict()) + b"\n")
                summary.rejected += 1
    return summary


def _read_lines(path: Path) -> Iterator[dict[str, Any]]:
    with path.open("rb") as handle:
        for line in handle:
            yield orjson.loads(line)


def safe_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run as a formula: text that starts with a formula sign
    (fullwidth too, maybe behind spaces or zero-width marks) gets a leading apostrophe, and so does
    a formula sign after a ";" (a spreadsheet whose list separator is ";" splits the cell there)."""
    if not isinstance(value, str):
        return value
    if ";" in value:
        value = _AFTER_SEMICOLON.sub(";'", value)
    if value.startswith(_FORMULA_START) or value[_INVISIBLE_LEAD.match(value).end():].startswith(_FORMULA_START):
        return "'" + value
    return value


def _arrow_type(spec: dict[str, Any]) -> pa.DataType:
    types = spec.get("type", "string")
    types = [types] if isinstance(types, str) else types
    return pa.int64() if "integer" in types else pa.string()


class _TableWriter:
    """One table's CSV, JSONL and Parquet files, written row by row."""

    def __init__(self, name: str, folder: Path) -> None:
        schema = load_schema(f"tables/{name}")
        self.columns = list(schema["properties"])
        self.arrow = pa.schema([(c, _arrow_type(schema["properties"][c])) for c in self.columns])
        self.paths = {ext: folder / f"{name}.{ext}" for ext in ("csv", "jsonl", "parquet")}
        self._csv_file = self.paths["csv"].open("w", encoding="utf-8", newline="")
        self._csv = csv.writer(self._csv_file, lineterminator="\n")
        self._csv.writerow(self.columns)
        self._jsonl = self.paths["jsonl"].open("wb")
        self._parquet = pq.ParquetWriter(self.paths["parquet"], self.arrow, compression="zstd")
        self._pending: list[dict[str, Any]] = []
        self.rows = 0

    def write(self, row: dict[str, Any]) -> None:
        self._csv.writerow(["" if row[c] is None else safe_cell(row[c]) for c in self.columns])
        self._jsonl.write(orjson.dumps({c: row[c] for c in self.columns}) + b"\n")
        self._pending.append(row)
        self.rows += 1
        if len(self._pending) >= _PARQUET_CHUNK:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            table = pa.Table.from_pylist(self._pending, schema=self.arrow)
            self._parquet.write_table(table)
            self._pending = []

    def close(self) -> None:
        self._flush()
        self._parquet.close()
        self._csv_file.close()
        self._jsonl.close()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _field_type(spec: dict[str, Any]) -> str:
    types = spec.get("type", "string")
    types = [types] if isinstance(types, str) else types
    return "integer" if "integer" in types else "string"


def datapackage(folder: Path, rows: dict[str, int], counts: dict[str, int]) -> dict[str, Any]:
    """The Frictionless Data Package describing every published file (paths relative to it)."""
    resources: list[dict[str, Any]] = []

    def entry(name: str, rel: str, fmt: str, mediatype: str, count: int, **extra: Any) -> None:
        path = folder / rel
        resources.append({
            "name": name, "path": rel, "format": fmt, "mediatype": mediatype, "encoding": "utf-8",
            "bytes": path.stat().st_size, "hash": f"sha256:{_sha256(path)}", "rows": count, **extra,
        })

    entry("articles-nested", "articles.jsonl", "jsonl", "application/jsonl", counts["published"],
          description="One nested record per article", jsonSchema="schemas/article.schema.json")
    entry("rejected", "rejected.jsonl", "jsonl", "application/jsonl", counts["rejected"],
          description="One line per raw file that was not published: path, sha256, stage, error")
    for name in TABLES:
        schema = load_schema(f"tables/{name}")
        table_schema = {
            "fields": [
                {"name": c, "type": _field_type(spec), **({"description": spec["description"]} if "description" in spec else {}),
                 **({"constraints": {"enum": spec["enum"]}} if "enum" in spec else {})}
                for c, spec in schema["properties"].items()
            ],
            "primaryKey": schema["x-primaryKey"],
            "foreignKeys": schema["x-foreignKeys"],
        }
        entry(name, f"tables/{name}.csv", "csv", "text/csv", rows[name], profile="tabular-data-resource",
              schema=table_schema, dialect={"delimiter": ",", "header": True, "lineTerminator": "\n"},
              description=schema["description"])
        entry(f"{name}-jsonl", f"tables/{name}.jsonl", "jsonl", "application/jsonl", rows[name],
              description=f"{name}, as JSON Lines (exact text, no CSV neutralisation)")
        entry(f"{name}-parquet", f"tables/{name}.parquet", "parquet", "application/vnd.apache.parquet", rows[name],
              description=f"{name}, as Parquet")
    return {
        "profile": "data-package",
        "name": "pagesift-articles",
        "title": "Health articles extracted by pagesift",
        "version": PIPELINE_VERSION,
        "licenses": [],
        "resources": resources,
    }


def carry_over(out: str | Path, unchanged: set[str], staging: str | Path) -> set[str]:
    """Copy the published outcomes of unchanged files into the carry-over shard, byte for byte.

    Returns the unchanged paths that have no outcome to carry (duplicates are decided again at
    publish, and a page stopped by its time limit is tried again, so their earlier rejections are
    not carried): the run must process those again.
    """
    out, carried = Path(out), set()
    records_path, rejected_path = _shard_paths(Path(staging), CARRY_SHARD)
    with records_path.open("wb") as records, rejected_path.open("wb") as rejected:
        if (out / "articles.jsonl").exists():
            with (out / "articles.jsonl").open("rb") as handle:
                for line in handle:
                    path = orjson.loads(line)["source"]["path"]
                    if path in unchanged:
                        records.write(line)
                        carried.add(path)
        if (out / "rejected.jsonl").exists():
            with (out / "rejected.jsonl").open("rb") as handle:
                for line in handle:
                    rejection = orjson.loads(line)
                    if rejection["path"] in unchanged and rejection["stage"] != "publish" and not timed_out(rejection["error"]):
                        rejected.write(line)
                        carried.add(rejection["path"])
    return unchanged - carried


CARRY_SHARD = -1  # outcomes carried over from the last run
REFUSED_SHARD = -2  # inputs discover refused on sight


Line = tuple[str, bool, bytes, dict[str, Any]]


def _merged(staging: Path, shards: list[int]) -> Iterator[Line]:
    """Every outcome of the shards as (path, is_record, line, parsed), in path order (each shard is)."""

    def lines(path: Path, is_record: bool) -> Iterator[Line]:
        with path.open("rb") as handle:
            for line in handle:
                item = orjson.loads(line)
                yield (item["source"]["path"] if is_record else item["path"]), is_record, line, item

    streams = []
    for index in shards:
        records_path, rejected_path = _shard_paths(staging, index)
        streams += [lines(records_path, True), lines(rejected_path, False)]
    return heapq.merge(*streams, key=lambda t: t[0])


def publish(
    staging: str | Path, out: str | Path, shards: list[int], stats: dict[str, tuple[int, int]],
    also: Callable[[PublishSummary, Path], None] | None = None,
) -> PublishSummary:
    """Merge the shards, in path order, into the published files under `out`, as one commit.

    Every file is written into OUT/.publish.tmp (and `also(summary, tmp)` may add its own there:
    the run report, so that it is committed with the data it describes); a COMMITTED marker then
    makes the set final and the files are renamed into place (store.recover finishes the renames
    after a crash).
    """
    staging, out = Path(staging), Path(out)
    tmp = out / TMP
    try:
        summary = _write_all(staging, tmp, shards, stats)
        if also is not None:
            also(summary, tmp)
    except OSError as exc:  # disk full, permissions: nothing published, nothing half-replaced
        shutil.rmtree(tmp, ignore_errors=True)
        where = f" ({exc.filename})" if exc.filename else ""
        raise PublishError(
            f"cannot publish into {out}: {exc.strerror or exc}{where}; the previously published files are unchanged"
        ) from exc
    try:
        _probe_renames(tmp, out)
        (tmp / COMMITTED).write_bytes(b"")
    except OSError as exc:  # nothing replaced yet: give the folder back as it was
        shutil.rmtree(tmp, ignore_errors=True)
        where = f" ({exc.filename})" if exc.filename else ""
        raise PublishError(f"cannot publish into {out}: {exc.strerror or exc}{where}; the previously published "
                           "files are unchanged") from exc
    try:
        commit_files(tmp, out)
    except OSError as exc:
        raise PublishError(f"publishing into {out} stopped half-way: {exc.strerror or exc}; the next run "
                           "finishes it before anything else (the new files are complete)") from exc
    return summary


def _probe_renames(tmp: Path, out: Path) -> None:
    """Check that files can be renamed into every target folder, and onto every target file,
    before the first real rename, so a read-only folder or an immutable file fails the publish
    while the published files are still untouched."""
    for path in tmp.rglob("*"):
        if path.is_file():
            check_replaceable(out / path.relative_to(tmp))
    for folder in sorted({p.parent.relative_to(tmp) for p in tmp.rglob("*") if p.is_file()}):
        (out / folder).mkdir(parents=True, exist_ok=True)
        probe = tmp / folder / ".probe"
        probe.write_bytes(b"")
        os.replace(probe, out / folder / ".probe")
        (out / folder / ".probe").unlink()


class PublishError(RuntimeError):
    """The outputs could not be written; the published files are as they were."""


def _write_all(staging: Path, tmp: Path, shards: list[int], stats: dict[str, tuple[int, int]]) -> PublishSummary:
    """Every output file of the run, written into `tmp` and made durable."""
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "tables").mkdir(parents=True)
    writers = {name: _TableWriter(name, tmp / "tables") for name in TABLES}
    seen: dict[str, str] = {}
    manifest: list[Entry] = []
    kinds: dict[str, int] = {}
    published = rejected = duplicates = 0
    with (tmp / "articles.jsonl").open("wb") as articles, (tmp / "rejected.jsonl").open("wb") as rejects:
        for path, is_record, line, item in _merged(staging, shards):
            sha = item["source"]["sha256"] if is_record else item["sha256"]
            manifest.append(Entry(path, *stats.get(path, (0, 0)), sha))
            if not is_record:
                rejects.write(line)
                rejected += 1
                continue
            record = item
            first = seen.get(record["id"])
            if first is not None:
                why = f"duplicate article id {record['id']} (same url and main text, or same bytes, as {first})"
                dup = Rejection(path, record["source"]["sha256"], "publish", why)
                rejects.write(orjson.dumps(dup.as_dict()) + b"\n")
                duplicates += 1
                rejected += 1
                continue
            seen[record["id"]] = path
            articles.write(line)
            published += 1
            for section in record["sections"]:
                kinds[section["kind"]] = kinds.get(section["kind"], 0) + 1
            for name, rows in table_rows(record).items():
                for row in rows:
                    writers[name].write(row)
    for writer in writers.values():
        writer.close()
    (tmp / MANIFEST).write_bytes(manifest_lines(manifest))
    rows = {name: w.rows for name, w in writers.items()}
    package = datapackage(tmp, rows, {"published": published, "rejected": rejected})
    (tmp / "datapackage.json").write_bytes(orjson.dumps(package, option=orjson.OPT_INDENT_2) + b"\n")
    files = sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*") if p.is_file())
    _fsync_all(tmp)
    return PublishSummary(published, rejected, duplicates, rows, dict(sorted(kinds.items())), files)


def _fsync_all(folder: Path) -> None:
    """Make the written files durable before the commit marker says they are complete."""
    for path in folder.rglob("*"):
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
