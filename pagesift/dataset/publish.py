"""Publish a run: stream the batches' shards into the datasets, then swap them in atomically.

Batches write shards (records and rejections as JSON Lines) into a staging folder as they finish,
so no step holds the corpus in memory. `publish` reads the shards in order, drops duplicate ids,
writes every output into a temporary folder beside the outputs, and renames each file into place
(`datapackage.json` last, so it always describes complete files).
"""

from __future__ import annotations

import csv
import heapq
import os
import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from pagesift.dataset import neardup
from pagesift.dataset.card import dataset_card, reject_summary
from pagesift.dataset.datapackage import CSV_CELL_MAX, CSV_TRUNCATED, SCHEMAS, Release, datapackage
from pagesift.dataset.report import PublishSummary
from pagesift.dataset.sources import identity
from pagesift.dataset.store import (
    COMMITTED,
    MANIFEST,
    TMP,
    Entry,
    check_replaceable,
    commit_files,
    manifest_header,
    manifest_line,
    retried,
)
from pagesift.errors import CODES
from pagesift.model import TABLES, Outcome, Rejection, column_type, page_ref, table_rows
from pagesift.schemas import SCHEMA_ROOT

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")  # and fullwidth ＝＋－＠
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"  # zero-width marks
_INVISIBLE_LEAD = re.compile(rf"^[\s{_INVISIBLE}]+")  # spaces (str.isspace), zero-width marks
#: A formula sign after a ";": where ";" is the list separator, a spreadsheet splits the cell there.
_AFTER_SEMICOLON = re.compile(rf";(?=[\s{_INVISIBLE}]*[=+\-@\uff1d\uff0b\uff0d\uff20])")
_PARQUET_CHUNK = 2_000  # rows held before a Parquet row group is written (bounds memory)
_PARQUET_CHUNK_BYTES = 64 * 2**20  # ... or this many bytes of their JSON, whichever comes first

if TYPE_CHECKING:
    import pyarrow as pa


@dataclass(slots=True)
class ShardSummary:
    index: int
    records: int
    rejected: int
    unsafe_links: int = 0  # javascript:, data:, ... links dropped from the batch's pages


def _shard_paths(staging: Path, index: int) -> tuple[Path, Path]:
    return staging / f"{index:06d}.records.jsonl", staging / f"{index:06d}.rejected.jsonl"


def write_shard(outcomes: Iterable[Outcome], staging: str | Path, index: int) -> ShardSummary:
    """Write one batch's outcomes to its shard files in the staging folder."""
    records_path, rejected_path = _shard_paths(Path(staging), index)
    summary = ShardSummary(index=index, records=0, rejected=0)
    with (
        records_path.open("wb") as records,
        rejected_path.open("wb") as rejected,
        neardup.shard_path(staging, index).open("wb") as signatures,
    ):
        for outcome in outcomes:
            summary.unsafe_links += outcome.unsafe_links
            if outcome.record is not None:
                records.write(orjson.dumps(outcome.record) + b"\n")
                signatures.write(
                    neardup.signature_line(source_ref(outcome.record["source"]), outcome.record, outcome.signature)
                )
                summary.records += 1
            elif outcome.rejection is not None:
                rejected.write(orjson.dumps(outcome.rejection.as_dict()) + b"\n")
                summary.rejected += 1
    return summary


def safe_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run as a formula: text that starts with a formula sign
    (fullwidth too, maybe behind spaces or zero-width marks) gets a leading apostrophe, and so does
    a formula sign after a ";" (a spreadsheet whose list separator is ";" splits the cell there)."""
    if not isinstance(value, str):
        return value
    if ";" in value:
        value = _AFTER_SEMICOLON.sub(";'", value)
    if value.startswith(_FORMULA_START):
        return "'" + value
    lead = value[:1]  # only a cell that starts with a space or a mark can hide a formula sign behind it
    if lead and (lead.isspace() or lead in _INVISIBLE) and _INVISIBLE_LEAD.sub("", value).startswith(_FORMULA_START):
        return "'" + value
    return value


def fit_cell(text: str) -> tuple[str, bool]:
    """The text cut to what one spreadsheet cell holds (CSV_CELL_MAX UTF-16 code units, as Excel
    counts), never inside a surrogate pair; and whether it was cut."""
    if len(text) <= CSV_CELL_MAX // 2:
        return text, False  # no text this short can be too long
    units = text.encode("utf-16-le")
    if len(units) <= 2 * CSV_CELL_MAX:
        return text, False
    return units[: 2 * CSV_CELL_MAX].decode("utf-16-le", errors="ignore"), True


def csv_row(row: dict[str, Any], columns: list[str]) -> list[Any]:
    """A table row as CSV cells: null as empty, formulas neutralised, long text cut to one cell,
    and last the `csv_truncated` cell naming the columns that were cut."""
    cells: list[Any] = []
    cut: list[str] = []
    for column in columns:
        value = row[column]
        if value is None:
            cells.append("")
        elif isinstance(value, str):
            value, was_cut = fit_cell(safe_cell(value))
            cells.append(value)
            if was_cut:
                cut.append(column)
        else:
            cells.append(value)
    return [*cells, " ".join(cut)]


def _arrow_type(spec: dict[str, Any]) -> pa.DataType:
    """A column's Parquet type; timestamps stay the exact string the JSON Lines hold. pyarrow is
    imported where tables are written, not with the module: the worker processes import it for
    write_shard and never write Parquet (pyarrow is about 30 MiB of each one's memory)."""
    import pyarrow as pa

    return {"integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_()}.get(column_type(spec)[0], pa.string())


class _TableWriter:
    """One table's CSV, JSONL and Parquet files, written row by row."""

    def __init__(self, name: str, folder: Path) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        properties = TABLES[name].schema["properties"]
        self.columns = list(properties)
        self.arrow = pa.schema([(c, _arrow_type(spec)) for c, spec in properties.items()])
        self.paths = {ext: folder / f"{name}.{ext}" for ext in ("csv", "jsonl", "parquet")}
        # utf-8-sig: a byte-order mark, so that spreadsheets read the CSV as UTF-8.
        self._csv_file = self.paths["csv"].open("w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._csv_file, lineterminator="\n")
        self._csv.writerow([*self.columns, CSV_TRUNCATED])
        self._jsonl = self.paths["jsonl"].open("wb")
        self._parquet = pq.ParquetWriter(self.paths["parquet"], self.arrow, compression="zstd")
        self._pending: list[bytes] = []  # the JSON Lines of the rows not yet in Parquet
        self._pending_bytes = 0
        self.rows = 0
        self.cut = 0  # rows with a CSV cell cut to fit

    def write(self, row: dict[str, Any]) -> None:
        cells = csv_row(row, self.columns)
        self.cut += bool(cells[-1])
        self._csv.writerow(cells)
        line = orjson.dumps({c: row[c] for c in self.columns}) + b"\n"
        self._jsonl.write(line)
        self._pending.append(line)
        self._pending_bytes += len(line)
        self.rows += 1
        if len(self._pending) >= _PARQUET_CHUNK or self._pending_bytes >= _PARQUET_CHUNK_BYTES:
            self._flush()

    def _flush(self) -> None:
        """The pending rows into Parquet, read back from their JSON Lines by Arrow's own parser in
        one block, not built from Python dicts, whose arrays from Python objects import pandas:
        publishing 2,000 pages 1.41 -> 1.14 CPU-s, its peak RSS +128 -> +89 MiB (bench/publish.py,
        alternated 5 times). The Parquet holds what the JSON Lines hold, a NaN included (orjson
        writes it null; no column has one). A row group ends at _PARQUET_CHUNK rows, or sooner at
        _PARQUET_CHUNK_BYTES of JSON (Arrow's block size is an int32; 2,000 long articles pass it)."""
        if self._pending:
            import pyarrow as pa
            from pyarrow import json as arrow_json

            lines = b"".join(self._pending)
            table = arrow_json.read_json(
                pa.py_buffer(lines),
                read_options=arrow_json.ReadOptions(block_size=len(lines) + 1, use_threads=False),
                parse_options=arrow_json.ParseOptions(explicit_schema=self.arrow, unexpected_field_behavior="error"),
            )
            self._parquet.write_table(table)
            self._pending, self._pending_bytes = [], 0

    def close(self) -> None:
        self._flush()
        self._parquet.close()
        self._csv_file.close()
        self._jsonl.close()


def source_ref(item: dict[str, Any]) -> str:
    """The page reference of a record's `source`, or of a rejection line."""
    return page_ref(item["path"], item.get("offset"))


def carry_over(out: str | Path, unchanged: set[str], staging: str | Path) -> set[str]:
    """Copy the published outcomes of unchanged pages into the carry-over shard, byte for byte,
    and the near-duplicate signatures of the records carried.

    Returns the unchanged references that have no outcome to carry (duplicates and near-duplicates
    are decided again at publish, and a page whose rejection may pass (errors.RETRIED) is tried again, so their
    earlier rejections are not carried): the run must process those again.
    """
    out, carried = Path(out), set()
    records_path, rejected_path = _shard_paths(Path(staging), CARRY_SHARD)
    with records_path.open("wb") as records, rejected_path.open("wb") as rejected:
        if (out / "articles.jsonl").exists():
            with (out / "articles.jsonl").open("rb") as handle:
                for line in handle:
                    ref = source_ref(orjson.loads(line)["source"])
                    if ref in unchanged:
                        records.write(line)
                        carried.add(ref)
        if (out / "rejected.jsonl").exists():
            with (out / "rejected.jsonl").open("rb") as handle:
                for line in handle:
                    rejection = orjson.loads(line)
                    ref = source_ref(rejection)
                    if ref in unchanged and rejection["stage"] not in ("publish", "dedup") and not retried(rejection):
                        rejected.write(line)
                        carried.add(ref)
    neardup.carry(out, staging, records_path, CARRY_SHARD)
    return unchanged - carried


CARRY_SHARD = -1  # outcomes carried over from the last run
REFUSED_SHARD = -2  # inputs discover refused on sight


Line = tuple[str, bool, bytes, dict[str, Any]]


#: Shards merged at once. Each has two files open while it is merged, so a run of any size holds at
#: most 2 * FAN_IN shard files open (a 100,000-page run has about 1,600 shards; the usual limit
#: of open files is 1,024).
FAN_IN = 100


def _outcome_lines(path: Path, is_record: bool) -> Iterator[Line]:
    with path.open("rb") as handle:  # every shard has both files (write_shard, carry_over, compact)
        for line in handle:
            item = orjson.loads(line)
            yield source_ref(item["source"] if is_record else item), is_record, line, item


def _merge_files(paths: list[Path], is_record: bool) -> Iterator[Line]:
    return heapq.merge(*(_outcome_lines(path, is_record) for path in paths), key=lambda t: t[0])


def _merged(staging: Path, shards: list[int]) -> Iterator[Line]:
    """Every outcome of the shards as (reference, is_record, line, parsed), in reference order
    (each shard is)."""
    records = _merge_files([_shard_paths(staging, index)[0] for index in shards], True)
    rejected = _merge_files([_shard_paths(staging, index)[1] for index in shards], False)
    return heapq.merge(records, rejected, key=lambda t: t[0])


def compact(staging: str | Path, shards: list[int]) -> list[int]:
    """Merge runs of FAN_IN shards into one shard each (records, rejections and signatures), until
    at most FAN_IN shards are left, so that publishing never holds more than 2 * FAN_IN shard
    files open. Returns the shards left, in order; the merged ones are deleted."""
    staging = Path(staging)
    next_index = max(shards, default=0) + 1
    while len(shards) > FAN_IN:
        left = []
        for start in range(0, len(shards), FAN_IN):
            run = shards[start : start + FAN_IN]
            if len(run) == 1:
                left += run
                continue
            for part, is_record in ((0, True), (1, False)):  # the records files, then the rejections
                with _shard_paths(staging, next_index)[part].open("wb") as handle:
                    merged = _merge_files([_shard_paths(staging, index)[part] for index in run], is_record)
                    handle.writelines(line for _, _, line, _ in merged)
            with neardup.shard_path(staging, next_index).open("wb") as handle:
                for index in run:  # every shard has a signature file (write_shard, neardup.carry)
                    with neardup.shard_path(staging, index).open("rb") as signatures:
                        shutil.copyfileobj(signatures, handle)
            for index in run:
                for path in (*_shard_paths(staging, index), neardup.shard_path(staging, index)):
                    path.unlink(missing_ok=True)
            left.append(next_index)
            next_index += 1
        shards = left
    return shards


def publish(
    staging: str | Path,
    out: str | Path,
    shards: list[int],
    stats: dict[str, tuple[int, int]],
    release: Release,
    also: Callable[[PublishSummary, Path], None] | None = None,
    near: neardup.Options = neardup.DEFAULT_OPTIONS,
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
        shards = compact(staging, shards)
        grouping = neardup.group(
            staging, shards, neardup.load_state(out, signatures=False), near, staging / neardup.STATE
        )
        summary = _write_all(staging, tmp, shards, stats, release, grouping, near.drop)
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
        raise PublishError(
            f"cannot publish into {out}: {exc.strerror or exc}{where}; the previously published files are unchanged"
        ) from exc
    try:
        commit_files(tmp, out)
    except OSError as exc:
        raise PublishError(
            f"publishing into {out} stopped half-way: {exc.strerror or exc}; the next run "
            "finishes it before anything else (the new files are complete)"
        ) from exc
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


def _write_all(
    staging: Path,
    tmp: Path,
    shards: list[int],
    stats: dict[str, tuple[int, int]],
    release: Release,
    grouping: neardup.Grouping,
    drop: bool,
) -> PublishSummary:
    """Every output file of the run, written into `tmp` and made durable; near-duplicates marked
    with their group (or, with `drop`, rejected at stage dedup unless first in their group)."""
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "tables").mkdir(parents=True)
    writers = {name: _TableWriter(name, tmp / "tables") for name in TABLES}
    seen: dict[str, str] = {}  # article id -> the reference of the page that published it
    kinds: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    published = rejected = duplicates = dropped = 0
    with (
        (tmp / "articles.jsonl").open("wb") as articles,
        (tmp / "rejected.jsonl").open("wb") as rejects,
        (tmp / MANIFEST).open("wb") as manifest,
    ):
        manifest.write(manifest_header())
        for ref, is_record, line, item in _merged(staging, shards):
            source = item["source"] if is_record else item
            manifest.write(
                manifest_line(Entry(ref, *stats.get(ref, (0, 0)), identity(source["sha256"], source.get("url"))))
            )
            if not is_record:
                rejects.write(line)
                rejected += 1
                continue
            record = item
            first = seen.get(record["id"])
            if first is not None:
                why = f"duplicate article id {record['id']} (same url and main text, or same bytes, as {first})"
                dup = Rejection(
                    record["source"]["path"], record["source"]["sha256"], "publish", why, record["source"]["offset"]
                )
                rejects.write(orjson.dumps(dup.as_dict()) + b"\n")
                duplicates += 1
                rejected += 1
                continue
            seen[record["id"]] = ref
            member = grouping.of(ref)
            if drop and member is not None and member.leader_path != ref:
                why = (
                    f"near-duplicate of article {member.group_id} ({member.leader_path}): estimated similarity "
                    f"{member.similarity:.2f}"
                )
                source = record["source"]
                rejects.write(
                    orjson.dumps(
                        Rejection(source["path"], source["sha256"], "dedup", why, source.get("offset")).as_dict()
                    )
                    + b"\n"
                )
                dropped += 1
                rejected += 1
                continue
            record["duplicate_group"] = member.group_id if member is not None else None
            articles.write(orjson.dumps(record) + b"\n")
            published += 1
            languages[record["language"] or "unknown"] += 1
            kinds.update(section["kind"] for section in record["sections"])
            for name, rows in table_rows(record).items():
                for row in rows:
                    writers[name].write(row)
    for row in grouping.rows():
        writers["near_duplicates"].write(row)
    for writer in writers.values():
        writer.close()
    shutil.move(staging / neardup.STATE, tmp / neardup.STATE)
    by_language = dict(sorted(languages.items(), key=lambda kv: (kv[0] == "unknown", kv[0])))
    summary = PublishSummary(
        published,
        rejected,
        duplicates,
        {name: w.rows for name, w in writers.items()},
        dict(sorted(kinds.items())),
        [],
        {name: w.cut for name, w in writers.items()},
        by_language,
        grouping.groups,
        grouping.copies(),
        dropped,
    )
    # the package's jsonSchema paths point here; the files only, not the module that locates them
    shutil.copytree(SCHEMA_ROOT, tmp / SCHEMAS, ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    card = dataset_card(summary, by_language, reject_summary(tmp / "rejected.jsonl", top=len(CODES)), release)
    (tmp / "README.md").write_text(card, encoding="utf-8")
    package = datapackage(tmp, summary.rows, {"published": published, "rejected": rejected}, release)
    (tmp / "datapackage.json").write_bytes(orjson.dumps(package, option=orjson.OPT_INDENT_2) + b"\n")
    summary.files = sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*") if p.is_file())
    _fsync_all(tmp)
    return summary


def _fsync_all(folder: Path) -> None:
    """Make the written files durable before the commit marker says they are complete."""
    for path in folder.rglob("*"):
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
