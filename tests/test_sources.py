"""Sources: WARC files and JSON Lines of {url, html} beside page files, end to end.

The tests write their own archives with warcio: response records with HTML (and the requests,
warcinfo, images and redirects a crawl holds beside them), JSON Lines plain and gzipped, and
damaged ones (truncated gzip, one gzip stream, lines that are not JSON).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import signal
import time
from pathlib import Path

import fsspec
import pytest
from jsonschema import Draft202012Validator
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pagesift.app import cli
from pagesift.dataset import sources
from pagesift.dataset.discover import discover
from pagesift.dataset.ingest import process_file
from pagesift.dataset.sources import read_page, split_ref
from pagesift.dataset.sources.jsonl import JsonLines
from pagesift.extract.validate import load_schema
from pagesift.flows.process_pages import process_pages
from pagesift.model import page_ref
from pagesift.settings import DEFAULT_LIMITS, Limits

from .conftest import ROOT
from .test_incremental import _data, _lines, _run, _wait_for
from .test_run import _plain_run

NOW = "2026-01-01T00:00:00Z"
PAGES = sorted(p for p in (ROOT / "raw").iterdir() if p.name.endswith(".html"))


def _response(
    writer: WARCWriter,
    url: str,
    body: bytes,
    content_type: str = "text/html; charset=utf-8",
    status: str = "200 OK",
    headers: list[tuple[str, str]] | None = None,
    rec_type: str = "response",
) -> None:
    http = StatusAndHeaders(status, [("Content-Type", content_type), *(headers or [])], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url,
        rec_type,
        payload=io.BytesIO(body),
        http_headers=http if rec_type == "response" else None,
        warc_content_type=content_type if rec_type != "response" else None,
    )
    writer.write_record(record)


def write_warc(path: Path, pages: list[tuple[str, bytes]], gz: bool = True, extras: bool = True) -> None:
    """A crawl's WARC: warcinfo, then a request and a response per page; with `extras`, an image,
    a redirect and a crawler log (a non-HTML resource) too."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "pagesift tests"}))
        for url, body in pages:
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
            writer.write_record(
                writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=request)
            )
            _response(writer, url, body)
        if extras:
            _response(writer, "https://example.org/logo.png", b"\x89PNG\r\n\x1a\n", "image/png")
            _response(
                writer,
                "https://example.org/old",
                b"<html>moved</html>",
                status="301 Moved Permanently",
                headers=[("Location", "https://example.org/new")],
            )
            _response(writer, "metadata://crawler/log", b"crawl log line\n", "text/plain", rec_type="resource")


def _pages(copies: int = 1) -> list[tuple[str, bytes]]:
    """The sample HTML pages, each copy a distinct article (its own words in its first paragraph),
    each with a url of its own."""
    return [
        (f"https://example.org/{n}/{p.stem}", p.read_bytes().replace(b"<p>", f"<p>Copy {n} of this page. ".encode(), 1))
        for n in range(copies)
        for p in PAGES
    ]


def write_jsonl(path: Path, lines: list[bytes]) -> None:
    data = b"".join(line + b"\n" for line in lines)
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)


def _json_line(url: str | None, html: bytes) -> bytes:
    return json.dumps({"url": url, "html": html.decode("utf-8", errors="replace")}).encode()


# --- the seam -------------------------------------------------------------------------------------


def test_references_sort_as_path_then_offset_and_split_back() -> None:
    refs = [page_ref("raw/a.warc.gz", n) for n in (9000, 10000, 5)] + ["raw/a.warc.gz.html", "raw/a.html"]
    assert sorted(refs) == [
        "raw/a.html",
        "raw/a.warc.gz#000000000005",
        "raw/a.warc.gz#000000009000",
        "raw/a.warc.gz#000000010000",
        "raw/a.warc.gz.html",
    ]
    assert [split_ref(r) for r in refs[:2]] == [("raw/a.warc.gz", 9000), ("raw/a.warc.gz", 10000)]
    assert split_ref(page_ref("raw/a.warc.gz#000000000001", None)) == ("raw/a.warc.gz#000000000001", None)


@pytest.mark.parametrize("gz", [True, False])
def test_a_warc_lists_its_html_responses_and_refuses_the_rest_on_sight(tmp_path: Path, gz: bool) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    archive = raw / ("crawl.warc.gz" if gz else "crawl.warc")
    pages = _pages()
    write_warc(archive, pages, gz=gz)
    found = discover(raw)
    assert len(found) == len(pages) and all(ref.startswith(f"{archive.name}#") for ref in found)
    assert [(r.stage, r.error) for r in found.rejections] == [
        ("discover", "WARC record holds image/png, not HTML"),
        ("discover", "HTTP status 301, not a page"),
    ]
    assert all(r.path == archive.name and r.offset is not None for r in found.rejections)
    payloads = [read_page(ref, str(raw)) for ref in found]
    assert [(p.url, p.data) for p in payloads] == pages  # offsets in file order: the crawl's order


def test_a_warc_payload_is_read_with_its_http_encodings_undone(tmp_path: Path) -> None:
    body = PAGES[0].read_bytes()
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (body[:100], body[100:])) + b"0\r\n\r\n"
    with (tmp_path / "enc.warc.gz").open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        _response(writer, "https://example.org/gz", gzip.compress(body), headers=[("Content-Encoding", "gzip")])
        _response(writer, "https://example.org/chunked", chunked, headers=[("Transfer-Encoding", "chunked")])
        _response(writer, "https://example.org/br", b"\x1b\x00", headers=[("Content-Encoding", "br")])
    found = discover(tmp_path)
    assert [read_page(ref, str(tmp_path)).data for ref in found[:2]] == [body, body]
    rejection = process_file(found[2], NOW, root=tmp_path).rejection
    assert (rejection.stage, rejection.error) == ("read", "HTTP payload is br-encoded, which cannot be decoded here")


def test_records_say_which_archive_and_offset_they_came_from(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    write_warc(raw / "crawl.warc.gz", [("https://example.org/no-canonical", PAGES[0].read_bytes())], extras=False)
    ref = discover(raw)[0]
    record = process_file(ref, NOW, root=raw).record
    path, offset = split_ref(ref)
    assert record["source"]["path"] == path and record["source"]["offset"] == offset > 0
    assert record["source"]["url"] == "https://example.org/no-canonical"
    assert record["source"]["format"] == "html" and record["source"]["bytes"] == len(PAGES[0].read_bytes())
    as_file = process_file(PAGES[0], NOW).record
    assert record["sections"] == as_file["sections"] and record["text"] == as_file["text"]
    assert record["url"] == (as_file["url"] or "https://example.org/no-canonical")  # canonical first, else the WARC's
    assert not list(Draft202012Validator(load_schema("article")).iter_errors(record))


def test_jsonl_lines_are_pages_and_bad_lines_are_rejected_with_their_reason(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    good = [_json_line(url, body) for url, body in _pages()[:3]]
    lines = [
        good[0],
        b"",
        b"{not json",
        b'{"url": "https://example.org/x"}',
        b'["html"]',
        good[1],
        b'{"url": 7, "html": "<p>x</p>"}',
        good[2],
    ]
    for name in ("pages.jsonl", "pages.jsonl.gz"):
        write_jsonl(raw / name, lines)
    found = discover(raw)
    assert len(found) == 14 and not found.rejections  # 7 non-blank lines in each file
    outcomes = {ref: process_file(ref, NOW, root=raw) for ref in found}
    errors = sorted({(o.rejection.stage, o.rejection.error.split(" (")[0]) for o in outcomes.values() if o.rejection})
    assert errors == [
        ("read", '"url" is int, not a string'),
        ("read", 'line holds no "html" string'),
        ("read", "line is not JSON"),
    ]
    records = [o.record for o in outcomes.values() if o.record]
    assert len(records) == 6
    assert {r["source"]["url"] for r in records} == {url for url, _ in _pages()[:3]}
    plain = sorted((r["source"]["offset"], r["text"]) for r in records if r["source"]["path"].endswith(".jsonl"))
    zipped = sorted((r["source"]["offset"], r["text"]) for r in records if r["source"]["path"].endswith(".gz"))
    assert plain == zipped  # offsets in the uncompressed stream: the same for both


@pytest.mark.parametrize("name", ["crawl.warc.gz", "pages.jsonl.gz"])
def test_a_truncated_archive_keeps_its_pages_before_the_damage_and_rejects_the_rest(tmp_path: Path, name: str) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    archive = raw / name
    pages = _pages(2)
    if name.endswith(".warc.gz"):
        write_warc(archive, pages, extras=False)
    else:
        write_jsonl(archive, [_json_line(url, body) for url, body in pages])
    whole = len(discover(raw))
    archive.write_bytes(archive.read_bytes()[: archive.stat().st_size * 2 // 3])
    found = discover(raw)
    assert 0 < len(found) < whole
    [damage] = found.rejections
    assert damage.stage == "read" and "damaged here, nothing after it is read" in damage.error
    assert damage.offset is not None and damage.ref > max(found)


def test_a_warc_gzipped_as_one_stream_is_rejected_with_what_to_do(tmp_path: Path) -> None:
    plain = tmp_path / "crawl.warc"
    write_warc(plain, _pages(), gz=False, extras=False)
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "crawl.warc.gz").write_bytes(gzip.compress(plain.read_bytes()))
    found = discover(raw)
    assert len(found) <= 1  # the first record may be read; nothing after it can be
    assert [r.error.split(";")[1].strip() for r in found.rejections] == ["recompress it (`warcio recompress IN OUT`)"]


def test_an_archive_with_no_page_and_a_garbage_archive_are_rejected(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "empty.jsonl").write_bytes(b"\n\n")
    (raw / "garbage.warc").write_bytes(b"this is not a WARC file at all\n" * 3)
    with (raw / "info-only.warc.gz").open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(writer.create_warcinfo_record("info-only.warc.gz", {"software": "x"}))
    found = discover(raw)
    assert not found
    reasons = {Path(r.path).name: (r.stage, r.error.split(":")[0]) for r in found.rejections}
    assert reasons == {
        "empty.jsonl": ("discover", "jsonl file holds no page"),
        "garbage.warc": ("read", "WARC damaged here, nothing after it is read"),
        "info-only.warc.gz": ("discover", "warc file holds no page"),
    }


def test_no_archive_outside_raw_is_read(tmp_path: Path) -> None:
    """Issue 14's promise holds for archives: a link out of --raw is refused at discover, and an
    archive swapped for such a link after discover is refused by the worker."""
    raw, elsewhere = tmp_path / "raw", tmp_path / "elsewhere"
    raw.mkdir()
    elsewhere.mkdir()
    write_warc(elsewhere / "secret.warc.gz", _pages(), extras=False)
    (raw / "out.warc.gz").symlink_to(elsewhere / "secret.warc.gz")
    write_warc(raw / "crawl.warc.gz", _pages(), extras=False)
    found = discover(raw)
    assert all(ref.startswith("crawl.warc.gz#") for ref in found)
    assert [r.error.split(" (")[0] for r in found.rejections] == ["symlink points outside the raw folder"]
    (raw / "crawl.warc.gz").unlink()
    (raw / "crawl.warc.gz").symlink_to(elsewhere / "secret.warc.gz")  # same offsets: readable, were it followed
    rejection = process_file(found[0], NOW, root=raw).rejection
    assert rejection.stage == "read" and "outside the raw folder" in rejection.error


# --- end to end -----------------------------------------------------------------------------------


needs_prefect = pytest.mark.usefixtures("prefect_harness")


def _mixed_raw(raw: Path) -> None:
    """Page files, a WARC (gzipped and not) and JSON Lines (gzipped and not), side by side."""
    shutil.copytree(ROOT / "raw", raw)
    crawls = raw / "crawls"
    crawls.mkdir()
    write_warc(crawls / "a.warc.gz", _pages(2))
    write_warc(crawls / "b.warc", _pages(5)[-3:], gz=False, extras=False)
    write_jsonl(crawls / "c.jsonl", [_json_line(url, body) for url, body in _pages(3)[-4:]] + [b"{oops"])
    write_jsonl(crawls / "d.jsonl.gz", [_json_line(None, body) for _, body in _pages(4)[-3:]])


@needs_prefect
def test_a_folder_of_pages_and_archives_publishes_every_page_or_rejects_it(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    _mixed_raw(raw)
    report = process_pages(raw=str(raw), out=str(out), batch_size=5)
    articles, rejected = _lines(out / "articles.jsonl"), _lines(out / "rejected.jsonl")
    found = discover(raw)
    assert report.found == found.found == report.published + report.rejected == len(articles) + len(rejected)
    refs = sorted(
        [page_ref(a["source"]["path"], a["source"]["offset"]) for a in articles]
        + [page_ref(r["path"], r.get("offset")) for r in rejected]
    )
    assert refs == sorted([*found, *(r.ref for r in found.rejections)])
    by_kind = {
        suffix: [a for a in articles if a["source"]["path"].endswith(suffix)]
        for suffix in (".warc.gz", ".warc", ".jsonl", ".jsonl.gz")
    }
    assert [len(v) for v in by_kind.values()] == [2 * len(PAGES), 3, 4, 3]
    assert all(
        a["source"]["offset"] is None and a["source"]["url"] is None
        for a in articles
        if not a["source"]["path"].startswith("crawls/")
    )
    assert {(r["stage"], r["error"].split(" (")[0]) for r in rejected if r["path"].startswith("crawls/")} == {
        ("discover", "WARC record holds image/png, not HTML"),
        ("discover", "HTTP status 301, not a page"),
        ("read", "line is not JSON"),
    }
    table = _lines(out / "tables" / "articles.jsonl")
    assert {(row["source_path"], row["source_offset"], row["source_url"]) for row in table} == {
        (a["source"]["path"], a["source"]["offset"], a["source"]["url"]) for a in articles
    }


@needs_prefect
def test_raw_may_name_one_archive(tmp_path: Path) -> None:
    archive, out = tmp_path / "crawl.warc.gz", tmp_path / "out"
    write_warc(archive, _pages())
    report = process_pages(raw=str(archive), out=str(out))
    assert (report.found, report.published, report.rejected) == (len(PAGES) + 2, len(PAGES), 2)
    assert {a["source"]["path"] for a in _lines(out / "articles.jsonl")} == {archive.name}


@needs_prefect
def test_archives_run_incrementally_per_page(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    archive, lines = raw / "crawl.warc.gz", raw / "pages.jsonl.gz"
    pages = _pages(2)
    write_warc(archive, pages[:8])
    write_jsonl(lines, [_json_line(url, body) for url, body in pages[8:]])
    first = process_pages(raw=str(raw), out=str(out))
    assert first.new == first.found == len(pages) + 2
    published = {
        p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and p.name not in (".lock", "run_report.json")
    }  # the report is each run's

    again = process_pages(raw=str(raw), out=str(out))  # unchanged: nothing processed, nothing rewritten
    assert (again.new, again.changed, again.unchanged, again.deleted) == (0, 0, first.found, 0)
    assert {p: p.read_bytes() for p in published} == published

    os.utime(archive)  # touched, same bytes: every page unchanged by its own hash
    touched = process_pages(raw=str(raw), out=str(out))
    assert (touched.new, touched.changed, touched.unchanged) == (0, 0, first.found)

    # A crawl appends to its WARC: the pages already there keep their offsets and are carried over.
    with archive.open("ab") as handle:
        _response(
            WARCWriter(handle, gzip=True), "https://example.org/appended", pages[3][1].replace(b"Copy 0", b"Copy A", 1)
        )
    appended = process_pages(raw=str(raw), out=str(out))
    assert (appended.new, appended.changed, appended.unchanged, appended.deleted) == (1, 0, first.found, 0)

    # A JSON Lines file rewritten: one line edited (its offset and those after it hold), the last dropped.
    edited = pages[9][1].replace(b"Copy 1", b"Copy X", 1)
    write_jsonl(lines, [_json_line(url, body) for url, body in [pages[8], (pages[9][0], edited), *pages[10:-1]]])
    changed = process_pages(raw=str(raw), out=str(out))
    assert (changed.new, changed.changed, changed.deleted) == (0, 1, 1)
    assert "Copy X" in "".join(a["text"] for a in _lines(out / "articles.jsonl"))

    incremental = _data(out)
    full = process_pages(raw=str(raw), out=str(out), full=True)
    assert full.new == full.found and _data(out) == incremental


@needs_prefect
def test_archives_behind_an_fsspec_url_are_read_by_offset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGESIFT_CACHE", str(tmp_path / "cache"))
    fs = fsspec.filesystem("memory")
    local = tmp_path / "crawl.warc.gz"
    write_warc(local, _pages())
    fs.pipe("/pagesift-sources/raw/crawl.warc.gz", local.read_bytes())
    fs.pipe("/pagesift-sources/raw/pages.jsonl", b"\n".join(_json_line(u, b) for u, b in _pages(2)[-2:]) + b"\n")
    raw, out = "memory://pagesift-sources/raw", "memory://pagesift-sources/out"
    try:
        first = process_pages(raw=raw, out=out)
        assert (first.found, first.published) == (len(PAGES) + 4, len(PAGES) + 2)
        again = process_pages(raw=raw, out=out)
        assert (again.new, again.unchanged) == (0, first.found)
    finally:
        fs.rm("/pagesift-sources", recursive=True)


@pytest.mark.slow
@needs_prefect
def test_a_run_over_archives_killed_mid_run_is_finished_by_the_next_run(tmp_path: Path) -> None:
    """SIGKILL while the archives' pages are extracted or published; the next run gives the data
    an uninterrupted run gives."""
    raw, before_out, reference, home = tmp_path / "raw", tmp_path / "before", tmp_path / "reference", tmp_path / "h"
    raw.mkdir()
    pages = _pages(10)  # 60 pages in 8 batches
    write_warc(raw / "crawl.warc.gz", pages[:20])
    process_pages(raw=str(raw), out=str(before_out))
    before = _data(before_out)
    with (raw / "crawl.warc.gz").open("ab") as handle:  # the crawl goes on
        writer = WARCWriter(handle, gzip=True)
        for url, body in pages[20:45]:
            _response(writer, url, body)
    write_jsonl(raw / "more.jsonl.gz", [_json_line(url, body) for url, body in pages[45:]])
    process_pages(raw=str(raw), out=str(reference), batch_size=8)
    expected = _data(reference)

    outcomes = []
    for stage, at in [("extract", 1), ("extract", 4), ("publish", 20)]:
        out = tmp_path / f"out-{stage}-{at}"
        shutil.copytree(before_out, out)
        proc = _run(raw, out, home)
        if stage == "extract":
            reached = _wait_for(
                lambda out=out, at=at: sum(1 for _ in out.glob(".staging-*/0*.records.jsonl")) >= at, proc
            )
        else:
            reached = _wait_for(lambda out=out: (out / ".publish.tmp").exists(), proc)
            time.sleep(at / 1000)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        state = _data(out)
        pending = (out / ".publish.tmp" / "COMMITTED").exists()
        assert state in (before, expected) or pending, f"{stage}@{at}: mixed outputs"
        outcomes.append(reached)
        process_pages(raw=str(raw), out=str(out), batch_size=8)
        assert _data(out) == expected, f"{stage}@{at}: the next run did not finish the job"
    assert sum(outcomes) >= 2, outcomes  # most kills landed mid-run


# --- issue 21, item 12: blank lines in a JSON Lines archive cost no step each, and are bounded --------


class _CountedStream(io.BufferedIOBase):
    """A stream that counts the calls made to it (each a step of Python work, whatever it reads)."""

    def __init__(self, stream: gzip.GzipFile) -> None:
        self.stream, self.calls = stream, 0

    def readline(self, size: int | None = -1) -> bytes:
        self.calls += 1
        return self.stream.readline(size)

    def read(self, size: int | None = -1) -> bytes:
        self.calls += 1
        return self.stream.read(size)

    def peek(self, size: int = 0) -> bytes:
        self.calls += 1
        return self.stream.peek(size)


def _listed(data: bytes, limits: Limits = DEFAULT_LIMITS) -> tuple[list[tuple[int | None, str | None]], int]:
    from pagesift.dataset.sources import jsonl

    stream = _CountedStream(gzip.GzipFile(fileobj=io.BytesIO(gzip.compress(data))))
    found = [(f.offset, f.refusal) for f in jsonl.SOURCE.pages(stream, "a.jsonl.gz", limits)]
    return found, stream.calls


def test_blank_lines_between_json_lines_cost_no_step_each() -> None:
    # 196 KB of gzipped blank lines cost 74 CPU seconds in discover: a readline per blank line.
    page = b'{"html": "<p>x</p>"}\n'
    found, calls = _listed(page + b"\n" * 1_000_000 + b" \r\n \t\n" * 1_000 + b"  " + page)
    assert found == [(0, None), (len(page) + 1_000_000 + 6_000, None)]  # the second line's offset: at its spaces
    assert calls < 2_000, calls


def test_a_run_of_blank_lines_over_max_page_bytes_ends_the_archive_with_its_reason() -> None:
    page = b'{"html": "<p>x</p>"}\n'
    found, _ = _listed(page + b"\n" * 999 + page + b"\r\n" * 600 + page, Limits(max_page_bytes=1_000))
    assert found == [
        (0, None),
        (len(page) + 999, None),
        (2 * len(page) + 999, "more than max_page_bytes=1000 bytes of blank lines; nothing after them is read"),
    ]


def _record_offsets(path: Path) -> list[tuple[int, str]]:
    with path.open("rb") as handle:
        records = ArchiveIterator(handle)
        return [(records.offset, record.rec_type) for record in records]


# Once, damage at the record after a page was labelled with that page's offset: the page was published
# and rejected under one reference, and every incremental run after failed "5 pages found but 4
# published + 2 rejected" while --full passed.
@pytest.mark.parametrize("damaged", ["request", "response"])
def test_a_damaged_warc_is_rejected_at_the_damaged_record_and_runs_after_it_add_up(
    tmp_path: Path, damaged: str
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    archive = raw / "crawl.warc.gz"
    write_warc(archive, _pages(), extras=False)
    records = _record_offsets(archive)
    first_page = next(offset for offset, kind in records if kind == "response")
    at = next(offset for offset, kind in records if offset > first_page and kind == damaged)
    data = bytearray(archive.read_bytes())
    data[at : at + 8] = b"XXXXXXXX"  # the gzip member's header: warcio meets garbage where a record begins
    archive.write_bytes(bytes(data))
    found = discover(raw)
    [damage] = found.rejections
    assert damage.offset == at and damage.code == "archive-damaged"
    assert damage.ref not in found and all(split_ref(ref)[1] < at for ref in found) and found
    out = tmp_path / "out"
    first, _ = _plain_run(raw, out)
    again, plan = _plain_run(raw, out)
    assert plan.settled and (again.published, again.rejected) == (first.published, first.rejected) == (len(found), 1)
    archive.touch()  # the archive's mtime changes: its pages are checked by hash, still found = published + rejected
    third, _ = _plain_run(raw, out)
    full, _ = _plain_run(raw, tmp_path / "full", full=True)
    assert (third.published, third.rejected) == (full.published, full.rejected) == (len(found), 1)
    assert _data(out) == _data(tmp_path / "full")


class _Bundle(JsonLines):
    """A fake source of a kind pagesift does not know: JSON Lines named `.bundle`."""

    name = "bundle"
    suffixes: tuple[str, ...] = (".bundle",)


def test_a_new_source_is_one_entry_in_SOURCES(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the engineer adding a source writes: its module's SOURCE, listed in SOURCES. Discover
    expands its files, the workers read and publish their pages, and the command line takes such a
    file as --raw and names its suffix in help and messages; nothing else changes."""
    monkeypatch.setattr(sources, "SOURCES", (_Bundle(), *sources.SOURCES))
    raw = tmp_path / "raw"
    raw.mkdir()
    pages = [{"url": f"https://example.org/{p.stem}", "html": p.read_text(encoding="utf-8")} for p in PAGES[:2]]
    (raw / "crawl.bundle").write_bytes(b"".join(json.dumps(page).encode() + b"\n" for page in pages))
    found = discover(raw)
    assert [split_ref(ref)[0] for ref in found] == ["crawl.bundle"] * 2 and not found.rejections
    outcomes = [process_file(ref, NOW, root=raw) for ref in found]
    assert [o.record["source"]["url"] for o in outcomes if o.record] == [page["url"] for page in pages]
    assert ".bundle" in sources.suffixes(archive=True) and ".bundle" not in sources.suffixes(archive=False)
    assert cli._check_locations(str(raw / "crawl.bundle"), str(tmp_path / "out")) == tmp_path / "out"
    (raw / "notes.pdf").write_bytes(b"%PDF")
    with pytest.raises(cli.CommandError, match=r"not a folder or an archive \(\.bundle, \.warc"):
        cli._check_locations(str(raw / "notes.pdf"), str(tmp_path / "out2"))
