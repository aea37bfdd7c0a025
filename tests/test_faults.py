"""Faults while publishing, and safe output: the flow end to end.

- A disk-full or permission error while publishing fails the run with PublishError, a clear
  message, and the previously published files byte-identical (no `.publish.tmp` left behind);
  the next normal run succeeds and publishes what an uninterrupted run would.
- Related links are only http(s); the unsafe ones are dropped and counted in the run report.
- CSV cells that a spreadsheet would run as a formula get a leading apostrophe; JSONL and Parquet
  keep the exact text.
- Output paths never derive from page content; nothing is written outside the output folder.

The flow runs its tasks in-process (one worker thread), so monkeypatched seams are hit.
"""

from __future__ import annotations

import csv
import errno
import json
import os
import re
import resource
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Self

import pyarrow.parquet as pq
import pytest

import pagesift.dataset.publish
import pagesift.dataset.sources.files
import pagesift.dataset.store
import pagesift.extract.pipeline
from pagesift.dataset.datapackage import CSV_TRUNCATED
from pagesift.dataset.publish import PublishError, safe_cell
from pagesift.dataset.store import TMP, OutputLock
from pagesift.errors import RunFault
from pagesift.flows.process_pages import process_pages
from pagesift.model import TABLES

from .conftest import ROOT, published_files

pytestmark = pytest.mark.usefixtures("prefect_harness")

IS_ROOT = os.geteuid() == 0
ENOSPC = os.strerror(errno.ENOSPC)  # "No space left on device"
EACCES = os.strerror(errno.EACCES)  # "Permission denied"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# --- pages -----------------------------------------------------------------------------------------

_PARAS = [
    (
        "Heartburn is a burning feeling in the chest that rises toward the throat, usually after a large "
        "meal or when lying down. It happens when stomach acid flows back into the food pipe."
    ),
    (
        "Most people have heartburn now and then, and simple changes to meals and sleep are often enough "
        "to keep it away. Persistent heartburn deserves a visit to a doctor."
    ),
]


def page(title: str, *, head: str = "", after: str = "", slug: str = "heartburn") -> str:
    """A small article page with a causes section, a remedies section and a related-links block."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Health Example</title>{head}</head>
<body><header class="site-header"><a href="/">Health Example</a></header>
<main><article><h1>{title}</h1>
<p>{_PARAS[0]}</p><p>{_PARAS[1]}</p>
<h2>Causes of {slug}</h2>
<ul><li><strong>Large meals:</strong> a full stomach pushes acid up into the food pipe.</li>
<li><strong>Lying down:</strong> going to bed soon after eating lets acid flow back.</li></ul>
<h2>How to treat {slug}</h2>
<ul><li><strong>Antacids:</strong> they neutralise acid quickly and are sold without a prescription.</li>
<li><strong>Raise the bed:</strong> lift the head of the bed by fifteen centimetres.</li></ul>
{after}
</article></main>
<footer class="site-footer">(c) Health Example</footer></body></html>
"""


def related(*links: tuple[str, str]) -> str:
    items = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    return f'<div class="related-articles"><h3>Related articles</h3><ul>{items}</ul></div>'


_GOOD_RELATED = related(
    ("/health/kidney-stones", "Kidney stones: causes and treatment"),
    ("https://www.example-health.com/health/gout", "Gout and uric acid"),
)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _corpus(raw: Path) -> None:
    """Articles (HTML and a text dump), and a file that is rejected."""
    for n, slug in enumerate(["heartburn", "gout", "insomnia", "back pain"]):
        canonical = f'<link rel="canonical" href="https://www.example-health.com/health/{n}">'
        _write(raw / f"article-{n}.html", page(f"All about {slug}", head=canonical, after=_GOOD_RELATED, slug=slug))
    _write(
        raw / "notes.txt",
        "Why is my back numb\n\nBack numbness has many causes and most of them are harmless "
        "and easy to fix at home with rest.\n\n1. Causes of numbness\n\n(1) Posture: sitting still for "
        "hours presses on the nerves of the back.\n",
    )
    (raw / "photo.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)


def _change(raw: Path) -> None:
    """Changed, new and deleted pages: the next run must publish again."""
    _write(
        raw / "article-0.html",
        page(
            "Heartburn, revised",
            after=_GOOD_RELATED,
            head='<link rel="canonical" href="https://www.example-health.com/health/0">',
        ),
    )
    _write(
        raw / "article-9.html",
        page(
            "A new page on migraine",
            slug="migraine",
            after=_GOOD_RELATED,
            head='<link rel="canonical" href="https://www.example-health.com/health/9">',
        ),
    )
    (raw / "article-3.html").unlink()


# --- output snapshots ------------------------------------------------------------------------------


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under the output folder, byte for byte (the lock file aside: it is not data)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _data(out: Path) -> dict[str, Any]:
    """The published data, timestamps aside (to compare a run with an uninterrupted one)."""
    data: dict[str, Any] = {}
    for rel in ["articles.jsonl", "rejected.jsonl", *(f"tables/{name}.jsonl" for name in TABLES)]:
        data[rel] = [{k: v for k, v in row.items() if k != "processed_at"} for row in _lines(out / rel)]
    return data


def _no_leftovers(out: Path) -> None:
    assert not (out / TMP).exists(), f"{TMP} left behind: {sorted(p.name for p in (out / TMP).rglob('*'))}"
    assert not list(out.glob(".staging-*")), "a staging folder was left behind"
    stray = [str(p.relative_to(out)) for p in out.rglob("*") if p.name == ".probe" or p.name.endswith(".tmp")]
    assert not stray, f"temporary files left behind: {stray}"


# --- (a), (b): disk full and permission errors while publishing ------------------------------------


def _fail_table_row(err: int, after: int = 3) -> Callable[[pytest.MonkeyPatch], None]:
    """The table writer fails on its `after`-th row: mid-publish, with files half-written."""

    def install(monkeypatch: pytest.MonkeyPatch) -> None:
        original = pagesift.dataset.publish._TableWriter.write
        calls = {"n": 0}

        def write(self: Any, row: dict[str, Any]) -> None:
            calls["n"] += 1
            if calls["n"] >= after:
                raise OSError(err, os.strerror(err), str(self.paths["csv"]))
            original(self, row)

        monkeypatch.setattr(pagesift.dataset.publish._TableWriter, "write", write)

    return install


def _fail_fsync(err: int) -> Callable[[pytest.MonkeyPatch], None]:
    """Making the written files durable fails (delayed allocation: the disk fills when the data
    is flushed, and fsync reports it)."""

    def install(monkeypatch: pytest.MonkeyPatch) -> None:
        def fsync_all(folder: Path) -> None:
            raise OSError(err, os.strerror(err), str(next(folder.rglob("*.parquet"))))

        monkeypatch.setattr(pagesift.dataset.publish, "_fsync_all", fsync_all)

    return install


def _fail_datapackage(err: int) -> Callable[[pytest.MonkeyPatch], None]:
    """Writing the last file of the set (datapackage.json) fails."""

    def install(monkeypatch: pytest.MonkeyPatch) -> None:
        original = Path.write_bytes

        def write_bytes(self: Path, data: bytes) -> int:
            if self.name == "datapackage.json" and TMP in self.parts:
                raise OSError(err, os.strerror(err), str(self))
            return original(self, data)

        monkeypatch.setattr(Path, "write_bytes", write_bytes)

    return install


def _fail_commit_marker(err: int) -> Callable[[pytest.MonkeyPatch], None]:
    """Creating the COMMITTED marker fails (a full directory or inode table, a read-only folder)."""

    def install(monkeypatch: pytest.MonkeyPatch) -> None:
        original = Path.write_bytes

        def write_bytes(self: Path, data: bytes) -> int:
            if self.name == pagesift.dataset.store.COMMITTED:
                raise OSError(err, os.strerror(err), str(self))
            return original(self, data)

        monkeypatch.setattr(Path, "write_bytes", write_bytes)

    return install


def _fail_rename_into_tables(err: int) -> Callable[[pytest.MonkeyPatch], None]:
    """Renaming into OUT/tables fails (the tables folder is read-only; what chmod 0o555 on
    OUT/tables alone does for a user other than root)."""

    def install(monkeypatch: pytest.MonkeyPatch) -> None:
        original = os.replace

        def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            if Path(dst).parent.name == "tables" and TMP not in Path(dst).parts:
                raise OSError(err, os.strerror(err), str(src), None, str(dst))
            original(src, dst, *args, **kwargs)

        monkeypatch.setattr(pagesift.dataset.store.os, "replace", replace)

    return install


SEAMS = [
    pytest.param(_fail_table_row, id="table-row"),
    pytest.param(_fail_fsync, id="fsync"),
    pytest.param(_fail_datapackage, id="datapackage"),
    # these two once escaped as a raw OSError, the second after articles.jsonl and .manifest.jsonl were already
    # replaced while tables/* were still the old ones (a mixed published set), leaving OUT/.publish.tmp behind
    pytest.param(_fail_commit_marker, id="commit-marker"),
    pytest.param(_fail_rename_into_tables, id="rename-into-tables"),
]


def _published_then_changed(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    raw, out = tmp_path / "raw", tmp_path / "out"
    _corpus(raw)
    first = process_pages(raw=str(raw), out=str(out), batch_size=2)
    assert (first.found, first.published, first.rejected) == (6, 5, 1)
    before = _files(out)
    assert {"articles.jsonl", "tables/articles.csv", "datapackage.json", "run_report.json"} <= set(before)
    _change(raw)
    return raw, out, before


def _fails_cleanly(raw: Path, out: Path, before: dict[str, bytes], message: str) -> None:
    with pytest.raises(PublishError) as caught:
        process_pages(raw=str(raw), out=str(out), batch_size=2)
    text = str(caught.value)
    assert message in text and str(out) in text, text
    assert "previously published files are unchanged" in text, text
    assert _files(out) == before, "the published files changed"
    _no_leftovers(out)


def _next_run_succeeds(tmp_path: Path, raw: Path, out: Path) -> None:
    report = process_pages(raw=str(raw), out=str(out), batch_size=2)
    assert (report.found, report.published, report.rejected) == (6, 5, 1)
    titles = {a["title"] for a in _lines(out / "articles.jsonl")}
    assert {"Heartburn, revised", "A new page on migraine"} <= titles and "All about back pain" not in titles
    _no_leftovers(out)
    clean = tmp_path / "clean"
    process_pages(raw=str(raw), out=str(clean), batch_size=2)
    assert _data(out) == _data(clean), "the run after the fault differs from an uninterrupted run"


@pytest.mark.parametrize("seam", SEAMS)
def test_disk_full_while_publishing_keeps_the_published_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seam: Callable[[int], Callable[[pytest.MonkeyPatch], None]]
) -> None:
    raw, out, before = _published_then_changed(tmp_path)
    with monkeypatch.context() as patch:
        seam(errno.ENOSPC)(patch)
        _fails_cleanly(raw, out, before, ENOSPC)
    _next_run_succeeds(tmp_path, raw, out)


@pytest.mark.parametrize("seam", SEAMS)
def test_permission_error_while_publishing_keeps_the_published_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seam: Callable[[int], Callable[[pytest.MonkeyPatch], None]]
) -> None:
    raw, out, before = _published_then_changed(tmp_path)
    with monkeypatch.context() as patch:
        seam(errno.EACCES)(patch)
        _fails_cleanly(raw, out, before, EACCES)
    _next_run_succeeds(tmp_path, raw, out)


def test_a_rename_failing_mid_commit_fails_clearly_and_the_next_run_finishes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the COMMITTED marker the new set is complete and the publish rolls forward: a rename that
    fails there (not foreseeable by a probe) fails the run with PublishError naming the cause, and the
    next run finishes the renames first; nothing is lost and the result equals an uninterrupted run."""
    raw, out, _ = _published_then_changed(tmp_path)
    original = os.replace
    renames = {"n": 0}

    def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if TMP in Path(src).parts and Path(dst).name != ".probe" and Path(src).name != ".probe":
            renames["n"] += 1
            if renames["n"] == 3:  # after two files of the set went into place
                raise OSError(errno.ENOSPC, ENOSPC, str(src), None, str(dst))
        original(src, dst, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(pagesift.dataset.store.os, "replace", replace)
        with pytest.raises(PublishError) as caught:
            process_pages(raw=str(raw), out=str(out), batch_size=2)
    assert ENOSPC in str(caught.value) and str(out) in str(caught.value), str(caught.value)
    assert renames["n"] == 3
    report = process_pages(raw=str(raw), out=str(out), batch_size=2)
    assert report.recovered and "finished" in report.recovered
    _next_run_succeeds(tmp_path, raw, out)


def test_read_only_output_folder_fails_clearly_and_keeps_the_published_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """chmod 0o555 on OUT and OUT/tables. As root chmod stops nothing, so the same fault is
    simulated: every write into the output folder is refused with EACCES at the table writer."""
    raw, out, before = _published_then_changed(tmp_path)
    modes = {p: p.stat().st_mode for p in (out, out / "tables")}
    try:
        if IS_ROOT:
            with monkeypatch.context() as patch:
                _fail_table_row(errno.EACCES, after=1)(patch)
                _fails_cleanly(raw, out, before, EACCES)
        else:
            for folder in modes:
                folder.chmod(0o555)
            with pytest.raises((PublishError, PermissionError)) as caught:
                process_pages(raw=str(raw), out=str(out), batch_size=2)
            assert EACCES in str(caught.value) and str(out) in str(caught.value), str(caught.value)
            assert _files(out) == before
            _no_leftovers(out)
    finally:
        for folder, mode in modes.items():
            folder.chmod(stat.S_IMODE(mode))
    _next_run_succeeds(tmp_path, raw, out)


def test_disk_full_while_staging_shards_keeps_the_published_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batches stage their shards inside OUT, so the disk can fill before publish: the run fails
    naming the cause, and the published files and the folder are as they were."""
    raw, out, before = _published_then_changed(tmp_path)
    original = Path.open

    class Full:
        """A shard file that takes one line, then finds the disk full."""

        def __init__(self, handle: Any, name: str) -> None:
            self.handle, self.name, self.lines = handle, name, 0

        def write(self, data: bytes) -> int:
            self.lines += 1
            if self.lines > 1:
                raise OSError(errno.ENOSPC, ENOSPC, self.name)
            return self.handle.write(data)

        def __enter__(self) -> Self:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

    def open_(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = original(self, mode, *args, **kwargs)
        batch = self.parent.name.startswith(".staging-") and self.name[:1].isdigit()  # not the -1/-2 shards
        return Full(handle, str(self)) if batch and "w" in mode else handle

    with monkeypatch.context() as patch:
        patch.setattr(Path, "open", open_)
        with pytest.raises(RunFault, match=ENOSPC):
            process_pages(raw=str(raw), out=str(out), batch_size=2)
    assert _files(out) == before
    _no_leftovers(out)
    _next_run_succeeds(tmp_path, raw, out)


def _fault(kind: str) -> BaseException:
    return MemoryError() if kind == "MemoryError" else OSError(getattr(errno, kind), os.strerror(getattr(errno, kind)))


# Once, under `ulimit -f` (the language model unpacks itself to a temporary file), every page was
# rejected "internal error: OSError: File too large", the run exited 0, and the next runs settled on
# those rejections until --full.
@pytest.mark.parametrize("kind", ["EFBIG", "ENOSPC", "EIO", "MemoryError"])
@pytest.mark.parametrize("where", ["extract", "read"])
def test_an_environment_fault_while_a_page_is_processed_fails_the_run_not_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, where: str
) -> None:
    raw, out, before = _published_then_changed(tmp_path)

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise _fault(kind)

    with monkeypatch.context() as patch:
        if where == "extract":
            patch.setattr(pagesift.extract.pipeline, "extract", fail)
        else:
            patch.setattr(pagesift.dataset.sources.files.Files, "read", fail)
        with pytest.raises(RunFault) as caught:
            process_pages(raw=str(raw), out=str(out), batch_size=2)
    message = str(caught.value)
    assert "\n" not in message and "article-" in message and "published files are unchanged" in message, message
    assert _files(out) == before
    _no_leftovers(out)
    _next_run_succeeds(tmp_path, raw, out)


def test_a_page_that_could_not_be_read_is_tried_again_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page refused for a reason that may pass (here a file that could not be opened then) is
    not the page's lasting verdict: the next run, with nothing changed, is not settled and reads it."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    _corpus(raw)
    original = pagesift.dataset.sources.files.Files.read

    def denied(self: Any, stream: Any, path: str, *args: Any) -> Any:
        if path.endswith("article-1.html"):
            raise OSError(errno.EACCES, EACCES, path)
        return original(self, stream, path, *args)

    with monkeypatch.context() as patch:
        patch.setattr(pagesift.dataset.sources.files.Files, "read", denied)
        first = process_pages(raw=str(raw), out=str(out), batch_size=2)
    [line] = [r for r in _lines(out / "rejected.jsonl") if r["path"].endswith("article-1.html")]
    assert (line["stage"], line["code"]) == ("read", "unreadable") and EACCES in line["error"]
    again = process_pages(raw=str(raw), out=str(out), batch_size=2)
    assert again.published == first.published + 1 and again.unchanged == again.found
    assert not any(r["path"].endswith("article-1.html") for r in _lines(out / "rejected.jsonl"))


def _fail_report_write(monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills while run_report.json is written after the data was committed (the copy
    committed with the data was written)."""
    original = Path.write_bytes

    def write_bytes(self: Path, data: bytes) -> int:
        if self.name.startswith("run_report.json") and TMP not in self.parts:
            original(self, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, ENOSPC, str(self))
        return original(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)


# "stale" once failed: run_report.json stayed the previous run's after the failed write, the next run found
# nothing to do and took its counts from it: RuntimeError('5 pages found but 5 published + 1 rejected') on
# every run until a --full run; and OUT/run_report.json.tmp was left behind.
@pytest.mark.parametrize("first_report", ["stale", "missing"])
def test_disk_full_while_writing_the_run_report_does_not_poison_the_next_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first_report: str
) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    _corpus(raw)
    if first_report == "stale":
        process_pages(raw=str(raw), out=str(out), batch_size=2)
        (raw / "article-3.html").unlink()  # 6 found before, 5 now
    with monkeypatch.context() as patch:
        _fail_report_write(patch)
        with pytest.raises(OSError, match=ENOSPC):
            process_pages(raw=str(raw), out=str(out), batch_size=2)
    assert not (out / "run_report.json.tmp").exists()
    found = 5 if first_report == "stale" else 6
    report = process_pages(raw=str(raw), out=str(out), batch_size=2)  # space is back
    assert (report.found, report.published, report.rejected) == (found, found - 1, 1)
    saved = json.loads((out / "run_report.json").read_text(encoding="utf-8"))
    assert (saved["found"], saved["published"], saved["rejected"]) == (found, found - 1, 1)
    assert len(_lines(out / "articles.jsonl")) == found - 1
    assert not (out / "run_report.json.tmp").exists()
    _no_leftovers(out)


def test_publish_error_leaves_the_lock_free(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failed publish releases the output lock: nothing stands in the way of the next run."""
    raw, out, before = _published_then_changed(tmp_path)
    with monkeypatch.context() as patch:
        _fail_table_row(errno.ENOSPC)(patch)
        _fails_cleanly(raw, out, before, ENOSPC)
    with OutputLock(out):  # would raise RunRefused if the failed run still held it
        pass


# --- (c) related-link safety -----------------------------------------------------------------------

_UNSAFE_RELATED = related(
    ("javascript:alert(document.cookie)", "Win a free check-up"),
    ("JavaScript:void(0)", "Load more stories"),
    ("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "Free health guide"),
    ("vbscript:msgbox(1)", "Old browser special"),
    ("http://www.example-health.com/health/kidney-stones", "Kidney stones: causes and treatment"),
    ("https://www.example-health.com/health/gout", "Gout and uric acid"),
    ("/health/insomnia", "Sleep better tonight"),
)


def test_related_links_are_only_http_and_unsafe_ones_are_counted(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    canonical = '<link rel="canonical" href="https://www.example-health.com/health/heartburn">'
    _write(raw / "a.html", page("Heartburn basics", head=canonical, after=_UNSAFE_RELATED))  # 4 unsafe
    _write(
        raw / "b.html",
        page(
            "Gout basics",
            slug="gout",
            after=related(  # 2 unsafe, 2 safe
                ("data:,hello", "A data link in disguise"),
                ("javascript:void(0)", "Click for more"),
                ("https://www.example-health.com/health/a", "Joint pain at night"),
                ("https://www.example-health.com/health/b", "Diet for gout"),
            ),
        ),
    )
    _write(raw / "c.html", page("Insomnia basics", slug="insomnia", after=_GOOD_RELATED))  # none
    report = process_pages(raw=str(raw), out=str(out))
    assert report.published == 3
    assert report.unsafe_links_dropped == 6
    assert json.loads((out / "run_report.json").read_text(encoding="utf-8"))["unsafe_links_dropped"] == 6

    by_title = {a["title"]: a for a in _lines(out / "articles.jsonl")}
    links = [link for a in by_title.values() for link in a["related_links"]]
    assert links and all(link["url"] is None or link["url"].startswith(("http://", "https://")) for link in links)
    assert [(link["title"], link["url"]) for link in by_title["Heartburn basics"]["related_links"]] == [
        ("Kidney stones: causes and treatment", "http://www.example-health.com/health/kidney-stones"),
        ("Gout and uric acid", "https://www.example-health.com/health/gout"),
        ("Sleep better tonight", "https://www.example-health.com/health/insomnia"),
    ]
    dropped = {
        "Win a free check-up",
        "Load more stories",
        "Free health guide",
        "Old browser special",
        "A data link in disguise",
        "Click for more",
    }
    assert not dropped & {link["title"] for link in links}
    for name in ("csv", "jsonl"):
        published = (out / "tables" / f"related_links.{name}").read_text(encoding="utf-8")
        for scheme in ("javascript:", "data:", "vbscript:"):
            assert scheme not in published.lower(), f"{scheme} in related_links.{name}"
    urls = pq.read_table(out / "tables" / "related_links.parquet").column("url").to_pylist()
    assert all(url is None or url.startswith(("http://", "https://")) for url in urls)

    again = process_pages(raw=str(raw), out=str(out))  # nothing processed: nothing dropped by this run
    assert again.unsafe_links_dropped == 0


# --- (d) CSV safety ----------------------------------------------------------------------------------


def _csv_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """The header and rows of a CSV table, without its BOM and its CSV-only `csv_truncated` column."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][-1] == CSV_TRUNCATED and all(row[-1] == "" for row in rows[1:])
    return rows[0][:-1], [row[:-1] for row in rows[1:]]


def test_csv_cells_that_start_like_formulas_are_neutralised_and_jsonl_keeps_the_text(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    titles = {
        "=": '=HYPERLINK("http://evil.example","Heartburn")',
        "+": "+1 tip for heartburn",
        "-": "-5 myths about heartburn",
        "@": "@SUM(1+1) heartburn",
        "\t": "\t=cmd heartburn",
    }
    for n, (start, title) in enumerate(titles.items()):
        link_titles = [f"{start}cmd|' /C calc'!A0 related {n}", f"{start}Kidney stones {n}"]
        _write(
            raw / f"p{n}.html",
            page(
                title.replace("<", "&lt;"),
                slug=f"heartburn {n}",
                head=f'<link rel="canonical" href="https://www.example-health.com/health/{n}">',
                after=related(*((f"/health/r{n}-{i}", text) for i, text in enumerate(link_titles))),
            ),
        )
    report = process_pages(raw=str(raw), out=str(out))
    assert report.published == len(titles)

    articles = {a["source"]["path"]: a for a in _lines(out / "articles.jsonl")}
    for n, (start, title) in enumerate(titles.items()):
        record = articles[f"p{n}.html"]
        # JSON keeps the exact text (a leading tab is folded away with the other white space)
        assert record["title"] == title.strip()
        assert [link["title"] for link in record["related_links"]] == [
            f"{start}cmd|' /C calc'!A0 related {n}".strip(),
            f"{start}Kidney stones {n}".strip(),
        ]

    starts_checked: set[str] = set()
    for name in TABLES:
        header, rows = _csv_rows(out / "tables" / f"{name}.csv")
        jsonl = _lines(out / "tables" / f"{name}.jsonl")
        parquet = pq.read_table(out / "tables" / f"{name}.parquet").to_pylist()
        assert len(rows) == len(jsonl) == len(parquet)
        for cells, exact, stored in zip(rows, jsonl, parquet):
            assert list(exact) == header
            for column, cell in zip(header, cells):
                value = exact[column]
                assert stored[column] == value, (name, column)  # Parquet keeps the exact text too
                if isinstance(value, str) and value.startswith(FORMULA_START):
                    assert cell == "'" + value, (name, column, cell)
                    starts_checked.add(value[0])
                else:
                    assert cell == ("" if value is None else str(value)), (name, column, cell)
                assert not cell.startswith(FORMULA_START), (name, column, cell)
                assert cell == ("" if value is None else str(safe_cell(value)))
    assert starts_checked >= {"=", "+", "-", "@"}

    _, rows = _csv_rows(out / "tables" / "related_links.csv")
    titles_in_csv = {row[3] for row in rows}
    assert {"'=Kidney stones 0", "'+Kidney stones 1", "'-Kidney stones 2", "'@Kidney stones 3"} <= titles_in_csv


def test_safe_cell_neutralises_every_formula_start() -> None:
    for start in FORMULA_START:
        assert safe_cell(f"{start}1+1") == f"'{start}1+1"
    assert safe_cell("1+1") == "1+1" and safe_cell("") == "" and safe_cell(None) is None and safe_cell(7) == 7


def test_safe_cell_finds_a_formula_behind_any_space_or_mark() -> None:
    """Every character the spaces-and-marks pattern strips ahead of a formula sign is one safe_cell
    looks behind (its first-character test spares all others the pattern), and no other is."""
    stripped = re.compile(r"[\s\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
    leads = [chr(point) for point in range(sys.maxunicode + 1)]
    hiding = [lead for lead in leads if stripped.match(lead)]
    assert [lead for lead in leads if lead.isspace() or lead in pagesift.dataset.publish._INVISIBLE] == hiding
    for lead in hiding:
        assert safe_cell(f"{lead}=1+1") == f"'{lead}=1+1" and safe_cell(f"{lead}\u200b +1") == f"'{lead}\u200b +1"
    assert safe_cell("\u00a0x=1") == "\u00a0x=1" and safe_cell("x\u200b=1") == "x\u200b=1"


# --- (e) output paths never derive from page content ------------------------------------------------

_EXPECTED_OUT = {
    ".lock",
    ".manifest.jsonl",
    ".neardup.jsonl",
    "articles.jsonl",
    "datapackage.json",
    "rejected.jsonl",
    "run_report.json",
    "README.md",
    "tables",
    *(f"tables/{name}.{ext}" for name in TABLES for ext in ("csv", "jsonl", "parquet")),
    "schemas",
    "schemas/article.schema.json",
    "schemas/tables",
    *(f"schemas/tables/{name}.schema.json" for name in TABLES),
}


def _listing(root: Path, skip: set[Path]) -> dict[str, tuple[str, int]]:
    found = {}
    for path in root.rglob("*"):
        if any(path == s or s in path.parents for s in skip):
            continue
        kind = "dir" if path.is_dir() and not path.is_symlink() else "file"
        found[str(path.relative_to(root))] = (kind, path.stat().st_size if kind == "file" else 0)
    return found


def test_output_paths_never_derive_from_page_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # raw and out sit three levels down (and so does the working folder), so a "../../evil" anywhere
    # would land inside tmp_path, where the listing sees it.
    base = tmp_path / "a" / "b" / "c"
    raw, out, cwd = base / "raw", base / "out", base / "cwd"
    cwd.mkdir(parents=True)
    monkeypatch.chdir(cwd)
    evil = ["../../evil", "/etc/x", "../../../evil/x.html", "..\\..\\evil"]
    for n, name in enumerate(evil):
        head = (
            f'<link rel="canonical" href="https://www.example-health.com/{name}">'
            f'<meta property="og:url" content="{name}"><base href="file:///etc/">'
        )
        _write(
            raw / f"p{n}.html",
            page(
                name,
                head=head,
                slug=name,
                after=related((name, f"{name} related"), (f"https://www.example-health.com/{name}", f"Also {name}")),
            ),
        )
    _write(
        raw / "evil.txt",
        "../../evil\n\n/etc/x is a file name, and so is ../../evil/passwd; this text "
        "dump names them as its title and in its body, with more words so it is an article.\n",
    )
    _write(raw / "dots..evil .html", page("Dots in the file name", slug="dots"))
    before = _listing(tmp_path, {raw, out})
    etc_x = Path("/etc/x").exists()

    report = process_pages(raw=str(raw), out=str(out))
    assert report.found == 6 and report.published == 6, report.rejects_by_code

    published = {str(p.relative_to(out)) for p in out.rglob("*")}
    assert published == _EXPECTED_OUT
    assert _listing(tmp_path, {raw, out}) == before, "something was written outside the output folder"
    assert Path("/etc/x").exists() == etc_x
    titles = {a["title"] for a in _lines(out / "articles.jsonl")}
    assert {"../../evil", "/etc/x"} <= titles  # the content is published as text, nothing more
    assert all(str(p.resolve()).startswith(str(out.resolve())) for p in out.rglob("*"))


# The attack of issue 21 (1) as it was met: `ulimit -f 20000` (the language model unpacks itself to a
# temporary file of more than 20 MB where it is not prepared yet: an empty cache) made every page
# "internal error: OSError: File too large", exit 0.
@pytest.mark.slow
def test_a_file_size_limit_fails_the_run_in_one_line_and_the_next_run_publishes_every_page(
    published: Path, prefect_home: Path, tmp_path: Path
) -> None:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000 * 1024, 20_000 * 1024))

    env = {**os.environ, "PREFECT_HOME": str(prefect_home), "PAGESIFT_CACHE": str(tmp_path / "cache")}
    env.pop("PREFECT_API_URL", None)
    command = [
        sys.executable,
        "-m",
        "pagesift",
        "run",
        "--raw",
        str(ROOT / "raw"),
        "--out",
        str(published),
        "--batch-size",
        "2",
        "--workers",
        "2",
    ]  # worker processes: the model is loaded there
    before = published_files(published)
    failed = subprocess.run(command, preexec_fn=limit, env=env, capture_output=True, text=True, timeout=600)
    assert failed.returncode == 1, failed.stderr
    last = failed.stderr.strip().splitlines()[-1]
    assert last.startswith("pagesift: the machine failed the run while processing ") and "File too large" in last
    assert "published files are unchanged" in last and "Traceback" not in failed.stderr
    assert published_files(published) == before
    ok = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert ok.returncode == 0, ok.stderr
    report = json.loads((published / "run_report.json").read_text())
    assert (report["found"], report["published"], report["rejected"]) == (9, 9, 0)
