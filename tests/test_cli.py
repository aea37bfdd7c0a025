"""The `pagesift` command as a user types it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from pagesift.cli import app

from .conftest import ROOT

PAGESIFT = [sys.executable, "-m", "pagesift"]


def test_help_lists_commands_and_options() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("run", "eval"):
        assert command in result.output
    result = runner.invoke(app, ["run", "--help"])
    for option in ("--raw", "--out", "--batch-size", "--workers"):
        assert option in result.output


def test_run_missing_raw_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["run", "--raw", str(tmp_path / "nope"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "raw folder not found" in result.output


def test_pagesift_run_end_to_end_in_a_subprocess(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "processed"
    shutil.copytree(ROOT / "raw", raw)
    (raw / "empty.txt").write_bytes(b"")
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home"), "COLUMNS": "200"}
    env.pop("PREFECT_API_URL", None)
    result = subprocess.run(
        [*PAGESIFT, "run", "--raw", str(raw), "--out", str(out), "--workers", "1"],
        capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    pages = len(list(raw.iterdir()))
    figures = {}
    for line in result.stdout.splitlines():
        cells = [c.strip() for c in line.strip("│ ").split("│")]
        if len(cells) == 2:
            figures[cells[0]] = cells[1]
    assert figures["pages found"] == str(pages)
    assert figures["published"] == str(pages - 1)
    assert figures["rejected"].startswith("1 ")
    articles = (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    rejected = [json.loads(line) for line in (out / "rejected.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(articles) == pages - 1
    assert [r["error"] for r in rejected] == ["empty file"]
