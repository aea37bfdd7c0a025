"""Issue 21's first fixes: a lock that is a link, credentials in an archive's urls, a BOM before
the first JSON line. Each failed before its fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pagesift.dataset.discover import discover
from pagesift.dataset.ingest import process_file
from pagesift.dataset.store import OutputLock, RunRefused

from .conftest import ROOT

PAGE = sorted((ROOT / "raw").glob("*.html"))[0].read_text(encoding="utf-8")


def _line(url: str, html: str = PAGE) -> bytes:
    return json.dumps({"url": url, "html": html}).encode() + b"\n"


def test_a_lock_file_that_is_a_link_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".lock").symlink_to(target)
    with pytest.raises(RunRefused, match="symbolic link"), OutputLock(out):
        pass
    assert target.read_text() == "keep me"


def test_a_lock_that_is_not_a_regular_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / ".lock").mkdir()
    with pytest.raises(RunRefused, match="lock"), OutputLock(tmp_path):
        pass


def test_an_archive_url_is_published_without_credentials_and_only_as_http(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl.jsonl"
    crawl.write_bytes(_line("http://user:secret@Example.org/a") + _line("javascript:alert(1)"))
    outcomes = [process_file(ref, "2024-01-01T00:00:00Z", root=tmp_path) for ref in discover(str(tmp_path))]
    records = [o.record for o in outcomes]
    assert all(r is not None for r in records)
    assert [r["source"]["url"] for r in records] == ["http://example.org/a", None]  # type: ignore[index]
    assert "secret" not in json.dumps(records)


def test_a_byte_order_mark_before_the_first_json_line_loses_no_page(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl.jsonl"
    crawl.write_bytes(b"\xef\xbb\xbf" + _line("https://example.org/a") + _line("https://example.org/b"))
    outcomes = [process_file(ref, "2024-01-01T00:00:00Z", root=tmp_path) for ref in discover(str(tmp_path))]
    assert [o.rejection for o in outcomes] == [None, None]


@pytest.mark.parametrize("url", ["HTTP://Example.org/a", "Https://example.org/a"])
def test_a_warc_response_whose_scheme_is_in_capitals_is_read(tmp_path: Path, url: str) -> None:
    from .test_sources import write_warc

    write_warc(tmp_path / "crawl.warc.gz", [(url, PAGE.encode())], extras=False)
    refs = discover(str(tmp_path))
    assert len(refs) == 1 and not refs.rejections
    outcome = process_file(refs[0], "2024-01-01T00:00:00Z", root=tmp_path)
    assert outcome.rejection is None and outcome.record is not None
    assert outcome.record["source"]["url"] == url.split("://")[0].lower() + "://example.org/a"


def test_a_pages_escape_sequences_never_reach_the_operators_screen(tmp_path: Path) -> None:
    """Issue 21 (7): a rejection reason or a path with ESC sequences is shown escaped in the
    summary's and the card's reasons; rejected.jsonl keeps the reason as it was."""
    from pagesift.dataset.card import reject_summary
    from pagesift.dataset.report import rejects_by_code

    hostile = "WARC damaged here: bad header \x1b[2J\x1b]0;owned\x07 line"
    rejected = tmp_path / "rejected.jsonl"
    rejected.write_text(json.dumps({"path": "raw/\x1b[31mred.html", "stage": "read", "error": hostile}) + "\n")
    assert all("\x1b" not in code for code in rejects_by_code(rejected))
    shown = reject_summary(rejected)
    assert shown and "\x1b" not in shown[0]["reason"] + shown[0]["sample"] and "\\x1b" in shown[0]["reason"]


# Once, a host such as bücher.example was published in Unicode in `url`, `source_url` and the links.
def test_an_internationalised_host_is_published_in_punycode(tmp_path: Path) -> None:
    from .hostile_corpus import article

    crawl = tmp_path / "crawl.jsonl"
    crawl.write_bytes(_line("https://Bücher.example/straße?q=ü", article()))
    [outcome] = [process_file(ref, "2024-01-01T00:00:00Z", root=tmp_path) for ref in discover(str(tmp_path))]
    assert outcome.record is not None
    assert outcome.record["source"]["url"] == "https://xn--bcher-kva.example/straße?q=ü"  # only the host changes
    assert outcome.record["url"] == outcome.record["source"]["url"]


@pytest.mark.parametrize(
    ("href", "base", "url"),
    [
        ("http://例え.テスト/a", None, "http://xn--r8jz45g.xn--zckzah/a"),
        ("/next", "https://例え.テスト/a", "https://xn--r8jz45g.xn--zckzah/next"),  # a link resolved against the page
        (
            "http://ＥＸＡＭＰＬＥ．com/",
            None,
            "http://example.com/",
        ),  # fullwidth letters and dots, as browsers fold them
        (
            "https://straße.de:8443/x",
            None,
            "https://xn--strae-oqa.de:8443/x",
        ),  # not strasse.de (UTS #46 non-transitional)
        ("http://a_b.例え/", None, "http://a_b.xn--r8jz45g/"),  # a label IDNA 2008 refuses: IDNA 2003's form
    ],
)
def test_hosts_are_written_in_ascii(href: str, base: str | None, url: str) -> None:
    from pagesift.extract.urls import http_url

    assert http_url(href, base) == url


# Once, a scheduled run that found the output locked printed Prefect's traceback in `pagesift serve`'s log.
@pytest.mark.usefixtures("prefect_harness")
def test_a_run_refused_by_the_lock_logs_one_line_not_a_traceback(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    from pagesift.flows.process_pages import process_pages

    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "a.html").write_text(PAGE, encoding="utf-8")
    with OutputLock(out), pytest.raises(RunRefused, match="another pagesift run"):
        process_pages(raw=str(raw), out=str(out))
    # What a served run's log shows: Prefect's console lines (stderr), or its records where another
    # test's configuration routes them to the logging tree instead.
    logged = [f"{r.levelname} {r.getMessage()}" for r in caplog.records if r.name.startswith("prefect")]
    shown = capfd.readouterr().err.splitlines() + logged
    assert not any(r.exc_info for r in caplog.records)
    assert not [line for line in shown if "Traceback" in line or "Encountered exception" in line]
    errors = {line.split("another pagesift run", 1)[1] for line in shown if "ERROR" in line}
    assert len(errors) == 1 and any("Finished in state Failed('another pagesift run" in line for line in shown)


# Once, a run interrupted (or failed) at its start left an empty output folder holding only `.lock`.
def test_a_run_that_stops_before_publishing_leaves_no_output_folder_it_created(tmp_path: Path) -> None:
    from pagesift.dataset import run
    from pagesift.dataset.store import discard_unused

    fresh = tmp_path / "fresh"
    with pytest.raises(RuntimeError, match="boom"), run.workspace(str(fresh)):
        assert (fresh / ".lock").exists()
        raise RuntimeError("boom")
    assert not fresh.exists()
    mine = tmp_path / "mine"
    mine.mkdir()
    with pytest.raises(RuntimeError, match="boom"), run.workspace(str(mine)):
        raise RuntimeError("boom")
    assert mine.is_dir()  # a folder the user made stays
    busy = tmp_path / "busy"
    with OutputLock(busy):
        (busy / ".lock").write_text("999999999")  # as another run's lock reads
        discard_unused(busy)
    assert (busy / ".lock").exists()
    (busy / "kept.txt").write_text("x")
    discard_unused(busy)
    assert (busy / "kept.txt").exists()
