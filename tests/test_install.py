"""The package as a consumer installs it: it declares every module it imports; its wheel, with
only those dependencies, in a fresh venv runs from any folder, with its schemas inside; the editable install maps flows/ and schemas/ into the package as
the wheel does; and the core never imports Prefect."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from .conftest import BIN, ROOT
from .test_sources import _json_line, _pages, write_jsonl, write_warc


def test_core_modules_never_import_prefect_or_pandas() -> None:
    """Every module of pagesift but the flows subpackage (and `python -m pagesift`) imports
    without Prefect: the domain logic is plain Python; and but the reader behind
    `pagesift.read_dataset`, without pandas: extracting and publishing never load it."""
    check = """
import importlib, pkgutil, sys
import pagesift
names = [m.name for m in pkgutil.walk_packages(pagesift.__path__, "pagesift.")
         if not m.name.startswith("pagesift.flows") and m.name not in ("pagesift.__main__", "pagesift.dataset.read")]
for name in names:
    importlib.import_module(name)
assert "pagesift.app.cli" in names and "pagesift.dataset.publish" in names, names
print(sorted(m for m in sys.modules if m.partition(".")[0] in ("prefect", "pandas")))
"""
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "[]"


def _imported_modules(folder: Path) -> dict[str, str]:
    """The top-level name of every module imported anywhere under `folder` (at the top of a module
    or inside a function), outside the standard library and pagesift: one importing file each."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.partition(".")[0]
                if top not in sys.stdlib_module_names and top != "pagesift":
                    found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_import_is_a_declared_dependency() -> None:
    """The wheel, installed with its own metadata only, must run: every third-party module that
    pagesift/, flows/ and schemas/ import comes from a distribution in pyproject's dependencies,
    and the lock pins each of them (the install test takes it as constraints)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = {_normal(re.match(r"[A-Za-z0-9._-]+", dep).group()) for dep in config["project"]["dependencies"]}
    folders = ["pagesift", *config["tool"]["setuptools"]["package-dir"].values()]
    imported = {name: where for folder in folders for name, where in _imported_modules(ROOT / folder).items()}
    assert {"prefect", "trafilatura", "jsonschema", "warcio"} <= imported.keys()  # the walk sees every layer
    distributions = packages_distributions()
    undeclared = {
        name: where
        for name, where in imported.items()
        if not {_normal(dist) for dist in distributions.get(name, [])} & declared
    }
    assert undeclared == {}, f"imported but not in pyproject's dependencies (module: an importing file): {undeclared}"
    pinned = {
        _normal(line.partition("==")[0])
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if "==" in line
    }
    assert declared <= pinned, declared - pinned


def test_the_editable_install_maps_flows_and_schemas_into_the_package(tmp_path: Path) -> None:
    """From another folder, `pagesift.flows` and `pagesift.schemas` are this checkout's flows/ and
    schemas/ (pyproject's package-dir), and neither is importable as a top-level package."""
    check = (
        "import importlib.util, pagesift.flows, pagesift.schemas; print(pagesift.flows.__file__); "
        "print(pagesift.schemas.SCHEMA_ROOT); print(importlib.util.find_spec('flows'), importlib.util.find_spec('schemas'))"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, "-c", check], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.splitlines() == [str(ROOT / "flows" / "__init__.py"), str(ROOT / "schemas"), "None None"]


@pytest.mark.slow
def test_the_wheel_runs_from_any_folder_with_only_its_declared_dependencies(tmp_path: Path) -> None:
    """The wheel, built away from this checkout and installed into a fresh venv with its own
    metadata (the lock only constrains the versions), runs from another folder over a folder of
    pages, a WARC and a JSON Lines file."""
    src, dist, venv, work = tmp_path / "src", tmp_path / "dist", tmp_path / "venv", tmp_path / "elsewhere"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for name in ("pagesift", "flows", "schemas"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    uv, python = [str(BIN / "uv"), "--quiet"], str(venv / "bin" / "python")
    subprocess.run([*uv, "build", "--wheel", "--out-dir", str(dist), str(src)], check=True, env=env, timeout=600)
    (wheel,) = dist.glob("pagesift-*.whl")
    subprocess.run([*uv, "venv", "--python", sys.executable, str(venv)], check=True, env=env, timeout=300)
    subprocess.run(
        [*uv, "pip", "install", "--python", python, str(wheel), "-c", str(ROOT / "requirements.lock")],
        check=True,
        env=env,
        timeout=600,
    )
    where = subprocess.run(
        [
            python,
            "-c",
            "import pagesift, importlib.util; print(pagesift.__file__); "
            "print(importlib.util.find_spec('flows'), importlib.util.find_spec('schemas'))",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    assert where[0].startswith(str(venv)) and where[1] == "None None"  # installed, not the checkout; no top-level flows

    shutil.copytree(ROOT / "raw", work / "pages")  # the folder source: 9 files
    write_warc(work / "pages" / "crawl.warc.gz", _pages()[:3], extras=False)
    write_jsonl(work / "pages" / "pages.jsonl", [_json_line(url, html) for url, html in _pages(2)[-3:]])
    done = subprocess.run(
        [str(venv / "bin" / "pagesift"), "run", "--raw", "pages", "--out", "data", "--workers", "2"],
        cwd=work,
        env={**env, "PREFECT_HOME": str(tmp_path / "prefect")},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    report = json.loads((work / "data" / "run_report.json").read_text(encoding="utf-8"))
    assert (report["found"], report["published"]) == (15, 15)
    records = [json.loads(line) for line in (work / "data" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    by_source = Counter(
        "warc"
        if r["source"]["path"].endswith(".warc.gz")
        else "jsonl"
        if r["source"]["path"].endswith(".jsonl")
        else "file"
        for r in records
    )
    assert by_source == {"file": 9, "warc": 3, "jsonl": 3}
    assert (work / "data" / "schemas" / "tables" / "articles.schema.json").is_file()
    assert "| gold set (the rules were developed on it) |" in (work / "data" / "README.md").read_text(encoding="utf-8")
