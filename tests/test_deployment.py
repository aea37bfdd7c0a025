"""prefect.yaml's deployment runs process-pages as `pagesift run` does, with the CLI's defaults."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from contextlib import contextmanager

import jsonschema
import yaml

from pagesift.app.cli import run
from pagesift.app.flows.process_pages import default_workers, process_pages

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
    import pagesift.app.flows.process_pages as module

    started = []

    @contextmanager
    def workers(count: int) -> Iterator[int]:
        started.append(count)
        yield count

    monkeypatch.setattr(module.pool, "workers", workers)
    monkeypatch.setattr(module, "_run", lambda *args: "ran")
    assert process_pages.fn(raw="raw", out="processed", workers=None) == "ran"
    assert process_pages.fn(raw="raw", out="processed") == "ran"  # a direct call: in-process, as the tests use it
    assert started == [min(default_workers(), module.MAX_WORKERS), 1]
    assert inspect.signature(run).parameters["workers"].default is None
