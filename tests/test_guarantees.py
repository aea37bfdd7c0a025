"""The promises of the README's "Limits and guarantees", each under the attack that once broke it.

Races are made deterministic: a file is swapped between discover and extract by a hook on
discover, and a run is "killed" at a chosen point by a hook that raises there.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import flows.process_pages
from flows.process_pages import process_pages
from pagesift.discover import Discovery, discover
from pagesift.pipeline import process_file

from .hostile_corpus import SECRET, article

pytestmark = pytest.mark.usefixtures("prefect_harness")
NOW = "2026-01-01T00:00:00Z"


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _all_output(out: Path) -> bytes:
    return b"\n".join(p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file())


def _secret_page() -> str:
    """An article that would be published if it were read: its text must never appear."""
    return article(title="A secret outside the raw folder", paras=[SECRET + " " + "word " * 30] * 2)


def _after_discover(monkeypatch: pytest.MonkeyPatch, swap: Callable[[], None]) -> None:
    """Run `swap` between the flow's discover and its extract."""

    def discover_then_swap(raw: str) -> Discovery:
        found = discover(raw)
        swap()
        return found

    monkeypatch.setattr(flows.process_pages, "discover", discover_then_swap)


# --- 1. nothing outside --raw is read, whatever is swapped in after discover --------------------------

def _swaps(raw: Path, outside: Path) -> dict[str, Callable[[], None]]:
    """Ways to put a file outside `raw` where discover saw a page inside it."""

    def link_to_outside() -> None:
        (raw / "a.html").unlink()
        (raw / "a.html").symlink_to(outside / "secret.html")

    def link_to_passwd() -> None:
        (raw / "b.html").unlink()
        (raw / "b.html").symlink_to("/etc/passwd")

    def link_via_inside_link() -> None:  # a link to a link inside raw that points out
        (raw / "hop.html").symlink_to(outside / "secret.html")
        (raw / "c.html").unlink()
        (raw / "c.html").symlink_to(raw / "hop.html")

    def folder_to_outside() -> None:  # the page's folder becomes a link: O_NOFOLLOW alone misses it
        (outside / "sub").mkdir()
        (outside / "sub" / "d.html").write_text(_secret_page(), encoding="utf-8")
        (raw / "sub" / "d.html").unlink()
        (raw / "sub").rmdir()
        (raw / "sub").symlink_to(outside / "sub", target_is_directory=True)

    return {"a.html": link_to_outside, "b.html": link_to_passwd, "c.html": link_via_inside_link,
            "sub/d.html": folder_to_outside}


def _swap_corpus(tmp_path: Path) -> tuple[Path, Path, Path]:
    raw, outside, out = tmp_path / "raw", tmp_path / "outside", tmp_path / "out"
    (raw / "sub").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.html").write_text(_secret_page(), encoding="utf-8")
    for n, name in enumerate(["a.html", "b.html", "c.html", "sub/d.html", "good.html"]):
        canonical = f'<link rel="canonical" href="https://example.org/{n}">'
        (raw / name).write_text(article(title=f"Heartburn page {n}", head=canonical), encoding="utf-8")
    return raw, outside, out


@pytest.mark.parametrize("workers", [1, 2])
def test_a_file_swapped_for_a_link_out_of_raw_after_discover_is_never_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    raw, outside, out = _swap_corpus(tmp_path)
    swaps = _swaps(raw, outside)
    _after_discover(monkeypatch, lambda: [swap() for swap in swaps.values()])
    report = process_pages(raw=str(raw), out=str(out), workers=workers)
    assert (report.found, report.published, report.rejected) == (5, 1, 4)
    published = _all_output(out)
    assert SECRET.encode() not in published and b"root:x:0:0" not in published
    rejected = {r["path"]: r for r in _lines(out / "rejected.jsonl")}
    assert set(rejected) == {str(raw / name) for name in swaps}
    for rejection in rejected.values():
        assert rejection["stage"] == "read" and rejection["sha256"] is None
        assert rejection["error"].startswith("symlink points outside the raw folder"), rejection


def test_process_file_reads_only_inside_its_root(tmp_path: Path) -> None:
    raw, outside, _ = _swap_corpus(tmp_path)
    for swap in _swaps(raw, outside).values():
        swap()
    (raw / "inside.html").symlink_to(raw / "good.html")
    for name in ("a.html", "b.html", "c.html", "sub/d.html"):
        rejection = process_file(raw / name, NOW, root=raw).rejection
        assert rejection is not None and "outside the raw folder" in rejection.error, name
    assert process_file(raw / "inside.html", NOW, root=raw).record["title"] == "Heartburn page 4"
    assert process_file(raw / "good.html", NOW, root=raw).record is not None
    # without a root, a file's own folder is the limit
    assert "outside the raw folder" in process_file(raw / "a.html", NOW).rejection.error
    # an unsupported file swapped for a link out is not hashed (read) either
    (raw / "x.pdf").symlink_to("/etc/passwd")
    assert process_file(raw / "x.pdf", NOW, root=raw).rejection.sha256 is None
