"""The import graph of pagesift: no cycles, and each layer imports only downwards; and what a pool
worker imports at run time.

The graph is read from the source (the ASTs of pagesift/ and flows/, installed as pagesift.flows), not from what
happens to be imported at run time: every import counts, inside a function or under TYPE_CHECKING
too, since a cycle for types only is still two modules that cannot be read one without the other.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {"pagesift": ROOT / "pagesift", "pagesift.flows": ROOT / "flows"}


def _modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    found = {}
    for prefix, folder in PACKAGES.items():
        for path in folder.rglob("*.py"):
            parts = list(path.relative_to(folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join([prefix, *parts])] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The names `name` imports: pagesift modules by their own name, others by their top package."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from this module's package, or `level - 1` packages up
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            for alias in node.names:
                names.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
    return {n if n.startswith("pagesift") else n.split(".")[0] for n in names}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module, or of one that imports itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node] & graph.keys()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph[node]:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _in(name: str, *layers: str) -> bool:
    return any(name == layer or name.startswith(layer + ".") for layer in layers)


def test_the_graph_is_read_from_the_source() -> None:
    graph = _graph()
    assert "pagesift.flows.process_pages" in graph and "pagesift.dataset.publish" in graph
    assert "prefect" in graph["pagesift.flows.process_pages"]
    assert "pagesift.dataset.neardup" in graph["pagesift.flows.process_pages"]  # from pagesift.dataset import neardup


def test_no_module_of_pagesift_is_part_of_an_import_cycle() -> None:
    assert _cycles(_graph()) == []


def test_a_cycle_is_found() -> None:
    assert _cycles({"a": {"b"}, "b": {"c", "x"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_layers_import_only_downwards() -> None:
    """extract < dataset < app and flows: no call back up a layer; Prefect only where the flows are run."""
    upward = []
    for name, imported in sorted(_graph().items()):
        for target in sorted(imported):
            if _in(name, "pagesift.extract") and _in(target, "pagesift.dataset", "pagesift.app", "pagesift.flows"):
                upward.append((name, target))
            if _in(name, "pagesift.dataset") and _in(target, "pagesift.app", "pagesift.flows"):
                upward.append((name, target))
            if _in(target, "prefect", "prefect_dask") and not _in(name, "pagesift.flows", "pagesift.app"):
                upward.append((name, target))
    assert upward == []


#: What a pool worker does: `_warm`, then a batch of pages. It prints the batch's count of records
#: and the top-level packages it has imported.
_WORKER = """
import json, multiprocessing, os, sys, tempfile
from pagesift.flows import pool

marks, staging = tempfile.mkdtemp(), tempfile.mkdtemp()
pool._warm(os.getppid(), marks, 0, multiprocessing.get_context("spawn").Value("q", 0))
summary = pool._batch(sys.argv[1:], staging, 0, "1970-01-01T00:00:00Z", None, {})
print(json.dumps([summary.records, sorted({name.split(".")[0] for name in sys.modules})]))
"""
#: Packages of the main process (publishing, near-duplicate grouping, Prefect), of remote locations
#: (fsspec), of WARC archives (warcio) or of nothing pagesift runs, that a worker reading local page
#: files has no use for: each costs every worker its memory and start-up
#: (datasketch's package import alone brings scipy and redis: 59 MiB a worker).
_NOT_IN_WORKERS = {"datasketch", "scipy", "redis", "prefect", "fsspec", "warcio"}


def test_a_pool_worker_imports_only_what_extraction_needs() -> None:
    pages = [str(ROOT / "raw" / "blog-tension-headache.html"), str(ROOT / "raw" / "farm-zh-cold-hands-feet.txt")]
    done = subprocess.run(
        [sys.executable, "-c", _WORKER, *pages], capture_output=True, text=True, check=True, cwd=ROOT, timeout=120
    )
    records, imported = json.loads(done.stdout.splitlines()[-1])
    assert records == len(pages)  # each page extracted, and its text signed
    assert set(imported) & _NOT_IN_WORKERS == set()
