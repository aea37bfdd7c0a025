"""The run report: what a run found, did and rejected, for people and for the Prefect UI."""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from pagesift.errors import rejection_code

REPORT = "run_report.json"


#: The run's page counts, in the order the summary, the report and the Prefect artifacts show them.
PAGE_COUNTS = (
    "found",
    "new",
    "changed",
    "unchanged",
    "deleted",
    "published",
    "rejected",
    "duplicates",
    "near_duplicate_groups",
    "near_duplicates",
)


@dataclass(slots=True)
class RunReport:
    raw: str
    out: str
    started_at: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    seconds: float = 0.0
    found: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    deleted: int = 0
    deleted_paths: list[str] = field(default_factory=list)
    published: int = 0
    rejected: int = 0
    duplicates: int = 0
    unsafe_links_dropped: int = 0  # in the pages processed by this run
    rejects_by_code: dict[str, int] = field(default_factory=dict)  # see errors.CODES
    kinds: dict[str, int] = field(default_factory=dict)
    languages: dict[str, int] = field(default_factory=dict)  # articles published, by language
    near_duplicate_groups: int = 0
    near_duplicates: int = 0  # grouped articles that are not their group's first
    near_duplicates_dropped: int = 0  # of those, rejected at stage dedup (--drop-near-duplicates)
    rows: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    recovered: str | None = None
    _t0: float = field(default_factory=time.perf_counter, repr=False)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time one stage of the run into `timings`."""
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = round(time.perf_counter() - t0, 3)

    def finish(self) -> None:
        self.seconds = round(time.perf_counter() - self._t0, 3)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("_t0")
        return data

    def markdown(self) -> str:
        lines = [
            f"# pagesift run: `{self.raw}` → `{self.out}`",
            "",
            f"Started {self.started_at}, took {self.seconds:.2f} s.",
            "",
            "| pages | count |",
            "|---|---:|",
            *(
                f"| {k} | {getattr(self, k)} |"
                for k in (*PAGE_COUNTS, "near_duplicates_dropped", "unsafe_links_dropped")
            ),
            "",
            "| stage | seconds |",
            "|---|---:|",
            *(f"| {k} | {v:.3f} |" for k, v in self.timings.items()),
        ]
        if self.rejects_by_code:
            lines += [
                "",
                "| rejected (code) | pages |",
                "|---|---:|",
                *(f"| `{k}` | {v} |" for k, v in self.rejects_by_code.items()),
            ]
        if self.languages:
            lines += ["", "Articles by language: " + ", ".join(f"{k} {v}" for k, v in self.languages.items())]
        if self.kinds:
            lines += ["", "Section kinds: " + ", ".join(f"{k} {v}" for k, v in self.kinds.items())]
        if self.deleted_paths:
            lines += ["", "Deleted since the last run: " + ", ".join(f"`{p}`" for p in self.deleted_paths[:50])]
        if self.recovered:
            lines += ["", f"Recovery: {self.recovered}."]
        return "\n".join(lines) + "\n"


@dataclass(slots=True)
class PublishSummary:
    """What a publish wrote (or what stands published), counted as it merged the shards. It lives
    here, below both, because publish returns it and the dataset card is written from it."""

    published: int
    rejected: int
    duplicates: int
    rows: dict[str, int]
    kinds: dict[str, int]  # sections published, by kind
    files: list[str]
    csv_cut: dict[str, int] = field(default_factory=dict)  # rows with a CSV cell cut to fit, by table
    languages: dict[str, int] = field(default_factory=dict)  # articles published, by language
    near_duplicate_groups: int = 0
    near_duplicates: int = 0  # grouped pages that are not their group's first member
    near_duplicates_dropped: int = 0  # of those, rejected at stage dedup (--drop-near-duplicates)

    @classmethod
    def of_report(cls, report: dict[str, Any]) -> PublishSummary:
        """What stands published, as the last run reported it (a run that changed nothing)."""
        return cls(
            report["published"],
            report["rejected"],
            report["duplicates"],
            report["rows"],
            report["kinds"],
            [],
            languages=report.get("languages", {}),
            near_duplicate_groups=report.get("near_duplicate_groups", 0),
            near_duplicates=report.get("near_duplicates", 0),
            near_duplicates_dropped=report.get("near_duplicates_dropped", 0),
        )


def code_of(rejection: dict[str, Any]) -> str:
    """A rejected.jsonl line's code (read from its reason for a line written before codes)."""
    return str(rejection.get("code") or rejection_code(rejection["stage"], rejection["error"]))


def rejects_by_code(rejected_jsonl: Path) -> dict[str, int]:
    """The rejections of a publish counted by code, most first: a short, stable set of keys (the
    reasons themselves, ids and numbers in them, stay in rejected.jsonl)."""
    counts: Counter[str] = Counter()
    if rejected_jsonl.exists():
        with rejected_jsonl.open("rb") as handle:
            for line in handle:
                counts[code_of(orjson.loads(line))] += 1
    return dict(counts.most_common())


def write_report(report: RunReport, out: str | Path) -> Path:
    """Write run_report.json atomically and durably."""
    path = Path(out) / REPORT
    tmp = path.with_suffix(".json.tmp")
    try:
        tmp.write_bytes(orjson.dumps(report.as_dict(), option=orjson.OPT_INDENT_2) + b"\n")
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    return path


def load_report(out: str) -> dict[str, Any] | None:
    """The last run report of an output folder or URL, or None."""
    from fsspec.core import url_to_fs

    fs, root = url_to_fs(str(out))
    path = f"{root.rstrip('/')}/{REPORT}"
    return orjson.loads(fs.cat_file(path)) if fs.exists(path) else None
