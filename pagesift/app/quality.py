"""The pipeline's measured extraction quality, shipped with it so that each dataset card states it.

`make quality` measures it (`pagesift eval` on tests/gold, tests/holdout, the sample corpus and,
when ../shared holds them, the real-page set and the Article Extraction Benchmark) into
pagesift/quality.json. A test
scores the pipeline again and fails when the file no longer matches, so a card never states
figures the pipeline does not reach.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pagesift import PIPELINE_VERSION
from pagesift.dataset.card import QUALITY, load_quality
from pagesift.model import item_kinds

ROOT = Path(__file__).resolve().parents[2]  # the repository, when run from a checkout
GOLD_SETS = {  # name: (gold folder, raw folder or None for the gold folder), relative to ROOT
    "gold": ("tests/gold", None),
    "holdout": ("tests/holdout", None),
    "sample": ("tests/sample_gold", "raw"),
}
REAL = "corpora/health-real"  # real pages annotated by hand, in ../shared (not in the repository)
AEB = "corpora/aeb"  # the Article Extraction Benchmark, in ../shared


def _gold(gold: Path, raw: Path | None = None) -> dict[str, Any]:
    from pagesift.app.evaluate import evaluate

    report = evaluate(gold, raw).as_dict()
    f1 = {
        "micro": report["micro"]["f1"],
        **{k: report["fields"][k]["f1"] for k in item_kinds()},
        "related": report["groups"]["related"]["f1"],
    }
    return {"pages": report["pages"], **{k: round(v, 3) for k, v in f1.items()}}


def measure(root: Path = ROOT) -> dict[str, Any]:
    """Score the gold sets of the repository under `root`, rounded to 3 digits."""
    figures: dict[str, Any] = {"pipeline_version": PIPELINE_VERSION}
    for name, (gold, raw) in GOLD_SETS.items():
        figures[name] = _gold(root / gold, root / raw if raw else None)
    return figures


def measure_shared(shared: Path) -> dict[str, Any]:
    """Score the real-page set and AEB in `shared` (each only when present)."""
    figures: dict[str, Any] = {}
    if any((shared / REAL).glob("*.gold.json")):
        figures["real"] = _gold(shared / REAL)
    if (shared / AEB / "ground-truth.json").is_file():
        from pagesift.app.evaluate import evaluate_aeb

        scores = evaluate_aeb(shared / AEB)
        figures["aeb"] = {
            "pages": scores["pagesift"]["pages"],
            **{f"{name}_f1": round(s["f1"], 3) for name, s in scores.items()},
        }
    return figures


def main() -> None:
    """`make quality`: measure and write pagesift/quality.json (real pages and AEB from ../shared)."""
    figures = {**measure(ROOT), **measure_shared(ROOT.parent / "shared")}
    missing = {"real", "aeb"} & set(load_quality()) - set(figures)
    if missing:
        sys.exit(f"../shared lacks {', '.join(sorted(missing))}: those figures cannot be measured again here")
    QUALITY.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
