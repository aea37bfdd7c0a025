"""The package as a consumer installs it: a wheel (not editable) in a fresh venv runs from any
folder, with its schemas inside; the editable install maps flows/ and schemas/ into the package as
the wheel does; and the core never imports Prefect."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import BIN, ROOT


def test_core_modules_never_import_prefect() -> None:
    """Every module of pagesift but the flows subpackage (and `python -m pagesift`) imports
    without Prefect: the domain logic is plain Python."""
    check = """
import importlib, pkgutil, sys
import pagesift
names = [m.name for m in pkgutil.walk_packages(pagesift.__path__, "pagesift.")
         if not m.name.startswith("pagesift.flows") and m.name != "pagesift.__main__"]
for name in names:
    importlib.import_module(name)
assert "pagesift.app.cli" in names and "pagesift.dataset.publish" in names, names
print(sorted(m for m in sys.modules if m == "prefect" or m.startswith("prefect.")))
"""
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "[]"


def test_the_editable_install_maps_flows_and_schemas_into_the_package(tmp_path: Path) -> None:
    """From another folder, `pagesift.flows` and `pagesift.schemas` are this checkout's flows/ and
    schemas/ (pyproject's package-dir), and neither is importable as a top-level package."""
    check = ("import importlib.util, pagesift.flows, pagesift.schemas; print(pagesift.flows.__file__); "
             "print(pagesift.schemas.SCHEMA_ROOT); print(importlib.util.find_spec('flows'), importlib.util.find_spec('schemas'))")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-c", check], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.splitlines() == [str(ROOT / "flows" / "__init__.py"), str(ROOT / "schemas"), "None None"]


@pytest.mark.slow
def test_an_installed_wheel_runs_from_any_folder(tmp_path: Path) -> None:
    src, venv, work = tmp_path / "src", tmp_path / "venv", tmp_path / "elsewhere"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):  # what a wheel is built from, away from this checkout
        shutil.copy(ROOT / name, src / name)
    for name in ("pagesift", "flows", "schemas"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PAGESIFT_SCHEMAS")}
    uv = [str(BIN / "uv"), "--quiet"]
    subprocess.run([*uv, "venv", "--python", sys.executable, str(venv)], check=True, env=env, timeout=300)
    # The pinned dependencies as `make setup` installs them, then the package built as a wheel.
    subprocess.run([*uv, "pip", "install", "--python", str(venv / "bin" / "python"), "-r", str(ROOT / "requirements.lock"),
                    str(src)], check=True, env=env, timeout=600)
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import pagesift, importlib.util; "
                            "print(pagesift.__file__); print(importlib.util.find_spec('flows'), importlib.util.find_spec('schemas'))"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout.split("\n")
    assert where[0].startswith(str(venv)) and where[1] == "None None"  # installed, not the checkout; no top-level flows

    work.mkdir()
    shutil.copytree(ROOT / "raw", work / "pages")
    done = subprocess.run([str(venv / "bin" / "pagesift"), "run", "--raw", "pages", "--out", "data", "--workers", "2"],
                          cwd=work, env={**env, "PREFECT_HOME": str(tmp_path / "prefect")}, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    report = json.loads((work / "data" / "run_report.json").read_text(encoding="utf-8"))
    assert (report["found"], report["published"]) == (9, 9)
    assert (work / "data" / "schemas" / "tables" / "articles.schema.json").is_file()
    assert "| gold set (the rules were developed on it) |" in (work / "data" / "README.md").read_text(encoding="utf-8")
