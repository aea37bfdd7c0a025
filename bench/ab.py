"""Old code against new under the real pipeline, alternated page by page in one process.

    .venv/bin/python bench/ab.py EXPERIMENT.py [--rounds N] [--pages DIR]

EXPERIMENT.py defines SWAPS, a list of (module, attribute, new value): the new code (the module's
attribute as imported is the old), and TIMED, a list of (module, attribute): functions timed in
thread CPU where the pipeline looks them up; optionally SAME(old, new), which outcomes must agree
(default: equal; a new signature scheme compares the records only). Each page is processed
(`process_file`) with the old code and with the new, in turn (which goes first alternates), and
their outcomes must agree;
what other work on a shared machine adds lands on both within the same second. Prints CPU-ms a
page of each round and the medians over the rounds.
"""

from __future__ import annotations

import argparse
import importlib.util
import operator
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from profile_pages import default_pages

Key = tuple[Any, str]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("experiment", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pages", type=Path, help="folder of pages (default: AEB, else raw/)")
    args = parser.parse_args(argv)

    from pagesift.dataset.ingest import process_file
    from pagesift.extract.pipeline import warm

    spec = importlib.util.spec_from_file_location("experiment", args.experiment)
    assert spec is not None and spec.loader is not None
    experiment = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(experiment)
    warm()
    clock = time.thread_time
    values: dict[str, dict[Key, Any]] = {"old": {}, "new": {}}
    for module, name, new in experiment.SWAPS:
        values["old"][(module, name)] = getattr(module, name)
        values["new"][(module, name)] = new
    timed: list[Key] = list(getattr(experiment, "TIMED", []))
    same: Callable[[Any, Any], bool] = getattr(experiment, "SAME", operator.eq)
    current: dict[Key, Callable[..., Any]] = {key: getattr(*key) for key in timed}
    spent = dict.fromkeys(timed, 0.0)

    def timer(key: Key) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            started = clock()
            try:
                return current[key](*args, **kwargs)
            finally:
                spent[key] += clock() - started

        return run

    def use(variant: str) -> None:
        for key, value in values[variant].items():
            if key in current:
                current[key] = value
            else:
                setattr(key[0], key[1], value)

    for key in timed:
        setattr(key[0], key[1], timer(key))
    pages = sorted(p for p in args.pages.iterdir() if p.is_file()) if args.pages else default_pages()
    at = "1970-01-01T00:00:00Z"
    for variant in ("old", "new"):  # warm both
        use(variant)
        for path in pages[:5]:
            process_file(path, at)
    totals: dict[str, list[float]] = {"old": [], "new": []}
    steps: dict[str, list[dict[Key, float]]] = {"old": [], "new": []}
    for round_ in range(args.rounds):
        total = {"old": 0.0, "new": 0.0}
        step = {v: dict.fromkeys(timed, 0.0) for v in ("old", "new")}
        for i, path in enumerate(pages):
            outcomes = {}
            for variant in ("old", "new") if (i + round_) % 2 == 0 else ("new", "old"):
                use(variant)
                for key in timed:
                    spent[key] = 0.0
                started = clock()
                outcomes[variant] = process_file(path, at)
                total[variant] += clock() - started
                for key in timed:
                    step[variant][key] += spent[key]
            assert same(outcomes["old"], outcomes["new"]), f"{path}: the outcomes differ"
        for variant in ("old", "new"):
            totals[variant].append(1000 * total[variant] / len(pages))
            steps[variant].append({key: 1000 * s / len(pages) for key, s in step[variant].items()})
        shown = "; ".join(f"{k[1]} {steps['old'][-1][k]:.3f} -> {steps['new'][-1][k]:.3f}" for k in timed)
        print(f"round {round_}: page {totals['old'][-1]:.3f} -> {totals['new'][-1]:.3f} CPU-ms; {shown}", flush=True)
    rows = [("page", totals["old"], totals["new"])]
    rows += [(k[1], [s[k] for s in steps["old"]], [s[k] for s in steps["new"]]) for k in timed]
    for name, old, new in rows:
        saved = statistics.median(a - b for a, b in zip(old, new, strict=True))
        print(
            f"median {name}: {statistics.median(old):.3f} -> {statistics.median(new):.3f} CPU-ms a page "
            f"(saves {saved:.3f})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
