"""Every rejection has a stable code (issue 21, 14): rejected.jsonl keeps the reason whole, and the
run report, the summary and the dataset card group by the code, so that a run's rejections read as
a short table however many articles were duplicated or which ids the reasons name."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pagesift.errors import CODES, RETRIED, TIMED_OUT, rejection_code

from .conftest import ROOT
from .hostile_corpus import article
from .test_incremental import _lines
from .test_run import _plain_run


# Once, every run of digits in a reason became "…" (hex ids read "b…ab…ea…") and each duplicated article
# was a reason of its own: 9 reasons × 59 pages on a 540-page run, a key per article in run_report.json.
def test_rejections_group_by_code_and_keep_their_reason_whole(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    for topic in ("Heartburn", "Gout", "Insomnia"):
        page = article(f"What Causes {topic} and How to Ease It")
        for copy in range(3):  # the same bytes three times: published once, two duplicates each
            (raw / f"{topic.lower()}-{copy}.html").write_text(page, encoding="utf-8")
    (raw / "empty.html").write_bytes(b"")
    report, _ = _plain_run(raw, out)
    assert report.rejects_by_code == {"duplicate": 6, "empty": 1}
    assert json.loads((out / "run_report.json").read_text())["rejects_by_code"] == {"duplicate": 6, "empty": 1}
    duplicates = [r for r in _lines(out / "rejected.jsonl") if r["code"] == "duplicate"]
    published = {a["id"] for a in _lines(out / "articles.jsonl")}
    for line in duplicates:
        match = re.match(r"duplicate article id ([0-9a-f]{16}) \(.* as (.+)\)$", line["error"])
        assert match and match[1] in published, line["error"]  # the id and the path, as they are
    card = (out / "README.md").read_text(encoding="utf-8")
    assert len(re.findall(r"^\| `duplicate` \| 6 \|", card, re.M)) == 1 and "| `empty` | 1 |" in card
    assert "…ab…" not in card and "…" not in json.dumps(report.rejects_by_code)


@pytest.mark.parametrize(
    ("stage", "reason", "code"),
    [
        ("discover", "unsupported file type (reads .warc, .html)", "unsupported-type"),
        (
            "discover",
            "symlink to a folder; not followed (the folder's files are read where they are)",
            "not-a-regular-file",
        ),
        ("discover", "broken symlink (its target x.html does not exist)", "broken-link"),
        ("read", "symlink points outside the raw folder (to /etc/passwd); not followed", "outside-raw"),
        ("read", "cannot read file: Permission denied", "unreadable"),
        ("read", "file is 20000000 bytes, over max_page_bytes=16777216", "too-large"),
        ("decode", "gzip inflates past the limit of 33554432 bytes (max_inflated_bytes=33554432)", "too-large"),
        (
            "read",
            "WARC damaged here, nothing after it is read: the record is cut short (12 bytes missing)",
            "archive-damaged",
        ),
        (
            "read",
            "WARC is gzipped as one stream, not one gzip member per record, ...; recompress it",
            "warc-one-gzip-stream",
        ),
        ("discover", "warc file holds no page", "archive-empty"),
        ("discover", "HTTP status 301, not a page", "http-status"),
        ("discover", "WARC record holds image/png, not HTML", "not-html"),
        ("read", 'line holds no "html" string (JSON Lines of {"url": ..., "html": ...})', "bad-json-line"),
        ("decode", "file holds only whitespace", "empty"),
        ("decode", "not a text page: PNG image", "binary"),
        ("parse", "HTML has a tag with more than max_attributes=256 attributes (1000000)", "too-complex"),
        ("extract", f"{TIMED_OUT}=30 (seconds of CPU time); tried again on the next run", "timeout"),
        ("extract", "internal error: KeyError: 'x'", "internal-error"),
        ("extract", "not an article: 3 words of text (min_prose_words=20)", "not-an-article"),
        ("validate", "record fails article.schema.json: $.title: ...", "invalid-record"),
        (
            "publish",
            "duplicate article id 0123456789abcdef (same url and main text, or same bytes, as a.html)",
            "duplicate",
        ),
        ("dedup", "near-duplicate of article 0123456789abcdef (a.html): estimated similarity 0.91", "near-duplicate"),
        ("read", "something no rule names", "other"),
    ],
)
def test_each_reason_has_its_code(stage: str, reason: str, code: str) -> None:
    assert rejection_code(stage, reason) == code


def test_every_code_is_documented_and_the_retried_ones_are_codes() -> None:
    docs = (ROOT / "docs" / "output.md").read_text(encoding="utf-8")
    table = docs[docs.index("### Rejection codes") :]
    assert [code for code in CODES if f"| `{code}` |" not in table] == []
    assert set(CODES) >= RETRIED
