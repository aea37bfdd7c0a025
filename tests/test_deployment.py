"""prefect.yaml's deployment runs process-pages as `pagesift run` does, with the CLI's defaults;
Prefect loads the flow by its path, and `python flows/process_pages.py` runs it."""

from __future__ import annotations

import inspect
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import jsonschema
import pytest
import yaml
from prefect.flows import load_flow_from_entrypoint

from pagesift.app.cli import run
from pagesift.flows.process_pages import default_workers, process_pages

from .conftest import ROOT


def test_the_deployment_passes_the_cli_defaults_to_the_flow() -> None:
    config = yaml.safe_load((ROOT / "prefect.yaml").read_text())
    (deployment,) = config["deployments"]
    path, name = deployment["entrypoint"].split(":")
    assert (ROOT / path).is_file() and name == process_pages.fn.__name__
    parameters = deployment["parameters"]
    cli = {name: p.default for name, p in inspect.signature(run).parameters.items()}
    flow = inspect.signature(process_pages.fn).parameters
    assert set(parameters) == set(flow)  # every flow parameter is set: none falls back to a flow default
    for name, value in parameters.items():
        assert value == cli[name], name
    jsonschema.validate(parameters, process_pages.parameters.model_dump(mode="json"))


def test_workers_none_runs_one_process_per_core_as_the_cli(monkeypatch) -> None:
    import pagesift.flows.process_pages as module

    started = []

    @contextmanager
    def workers(count: int) -> Iterator[module.pool.Lease]:
        started.append(count)
        yield module.pool.Lease(count, owned=False)

    monkeypatch.setattr(module.pool, "workers", workers)
    monkeypatch.setattr(module, "_run", lambda *args: "ran")
    assert process_pages.fn(raw="raw", out="processed", workers=None) == "ran"
    assert process_pages.fn(raw="raw", out="processed") == "ran"  # a direct call: in-process, as the tests use it
    assert process_pages.fn(raw="raw", out="processed", workers=1) == "ran"  # `--workers 1`: one process
    assert started == [min(default_workers(), module.MAX_WORKERS), 0, 1]
    assert inspect.signature(run).parameters["workers"].default is None


def test_prefect_loads_the_entrypoint_by_its_path() -> None:
    """As a worker does: the file, not the package (its imports are absolute, so it loads alone)."""
    (deployment,) = yaml.safe_load((ROOT / "prefect.yaml").read_text())["deployments"]
    path, name = deployment["entrypoint"].split(":")
    loaded = load_flow_from_entrypoint(f"{ROOT / path}:{name}")
    assert loaded.name == process_pages.name == "process-pages"
    assert inspect.signature(loaded.fn).parameters.keys() == inspect.signature(process_pages.fn).parameters.keys()


@pytest.mark.slow
def test_the_flow_module_runs_as_a_script(tmp_path: Path) -> None:
    """`python flows/process_pages.py` from a folder with raw/: the flow's defaults, into processed/."""
    shutil.copytree(ROOT / "raw", tmp_path / "raw")
    done = subprocess.run(
        [sys.executable, str(ROOT / "flows" / "process_pages.py")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    report = json.loads((tmp_path / "processed" / "run_report.json").read_text(encoding="utf-8"))
    assert report["found"] == report["published"] + report["rejected"] > 0
