"""The pipeline's measured extraction quality, shipped with it so that each dataset card states it.

`make quality` measures it (`pagesift eval` on tests/gold, tests/holdout, the sample corpus and,
when ../shared holds it, the Article Extraction Benchmark) into pagesift/quality.json. A test
scores the pipeline again and fails when the file no longer matches, so a card never states
figures the pipeline does not reach.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from . import PIPELINE_VERSION

QUALITY = Path(__file__).with_name("quality.json")
ROOT = Path(__file__).resolve().parent.parent  # the repository, when run from a checkout
GOLD_SETS = {  # name: (gold folder, raw folder or None for the gold folder), relative to ROOT
    "gold": ("tests/gold", None),
    "holdout": ("tests/holdout", None),
    "sample": ("tests/sample_gold", "raw"),
}


def load() -> dict[str, Any]:
    """The figures measured for this pipeline, or {} when none were (a build without the file)."""
    return json.loads(QUALITY.read_text(encoding="utf-8")) if QUALITY.is_file() else {}


def measure(root: Path = ROOT, aeb: Path | None = None) -> dict[str, Any]:
    """Score the gold sets under `root` (and AEB, when given and present), rounded to 3 digits."""
    from .evaluate import evaluate

    figures: dict[str, Any] = {"pipeline_version": PIPELINE_VERSION}
    for name, (gold, raw) in GOLD_SETS.items():
        report = evaluate(root / gold, root / raw if raw else None).as_dict()
        f1 = {"micro": report["micro"]["f1"], **{k: report["fields"][k]["f1"] for k in ("causes", "remedies")},
              "related": report["groups"]["related"]["f1"]}
        figures[name] = {"pages": report["pages"], **{k: round(v, 3) for k, v in f1.items()}}
    if aeb is not None and (aeb / "ground-truth.json").is_file():
        figures["aeb"] = measure_aeb(aeb)
    return figures


def measure_aeb(aeb: Path) -> dict[str, Any]:
    """Main-text F1 on the Article Extraction Benchmark, pagesift's and bare trafilatura's."""
    from .evaluate import evaluate_aeb

    scores = evaluate_aeb(aeb)
    return {"pages": scores["pagesift"]["pages"], **{f"{name}_f1": round(s["f1"], 3) for name, s in scores.items()}}


def main() -> None:
    """`make quality`: measure and write pagesift/quality.json (AEB from ../shared/corpora/aeb)."""
    figures = measure(ROOT, ROOT.parent / "shared" / "corpora" / "aeb")
    if "aeb" not in figures and "aeb" in load():
        sys.exit("../shared/corpora/aeb is absent: the AEB figures cannot be measured again here")
    QUALITY.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
