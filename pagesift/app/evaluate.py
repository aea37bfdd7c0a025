"""Extraction quality as numbers: field-level precision/recall/F1 against gold annotations,
and main-text F1 on the Article Extraction Benchmark (AEB) with the benchmark's own metric.

Matching rule (gold set): texts are normalised (case-folded; word tokens, each CJK character a
token of its own) and a predicted item matches a gold item when their token F1 is at least 0.6;
list fields are matched greedily in page order, each item at most once.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pagesift.dataset.ingest import process_file
from pagesift.extract.page import file_format
from pagesift.model import item_kinds
from pagesift.settings import FORMATS
from pagesift.text import TOKEN

HALVES = ("A", "B")
RELATIONS = ("previous", "next", "recommended")
MATCH_F1 = 0.6


def fields() -> tuple[str, ...]:
    """The gold fields scored: title, summary, the items of each item kind (model.item_kinds, so a
    new kind is scored once its gold is annotated) and the related links by relation."""
    return ("title", "summary", *item_kinds(), *RELATIONS)


def scored() -> tuple[str, ...]:
    """The fields micro F1 sums: every field but the summary, which the real pages' gold leaves open
    (CONVENTIONS.md: "a missing summary may be written "" or null; the scorer does not score summaries")."""
    return tuple(name for name in fields() if name != "summary")


def groups() -> dict[str, tuple[str, ...]]:
    """Fields also scored together: the related links, and the items ("causes+remedies")."""
    return {"related": RELATIONS, "+".join(item_kinds()): item_kinds()}


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.casefold())


def token_f1(a: str, b: str) -> float:
    ta, tb = Counter(tokens(a)), Counter(tokens(b))
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    p, r = common / sum(ta.values()), common / sum(tb.values())
    return 2 * p * r / (p + r)


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Score) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class PageResult:
    path: str
    scores: dict[str, Score]
    missed: dict[str, list[str]] = field(default_factory=dict)
    invented: dict[str, list[str]] = field(default_factory=dict)
    rejected: str | None = None


@dataclass(slots=True)
class Report:
    pages: list[PageResult]
    fields: dict[str, Score]
    groups: dict[str, Score]
    micro: Score

    def as_dict(self) -> dict[str, Any]:
        def row(s: Score) -> dict[str, float | int]:
            return {
                "precision": round(s.precision, 4),
                "recall": round(s.recall, 4),
                "f1": round(s.f1, 4),
                "tp": s.tp,
                "fp": s.fp,
                "fn": s.fn,
            }

        return {
            "pages": len(self.pages),
            "fields": {k: row(v) for k, v in self.fields.items()},
            "groups": {k: row(v) for k, v in self.groups.items()},
            "micro": row(self.micro),
        }


def predictions(record: dict[str, Any] | None) -> dict[str, Any]:
    """The gold-shaped view of a record (all empty for a rejected page)."""
    if record is None:
        return {
            "title": None,
            "summary": None,
            **{kind: [] for kind in item_kinds()},
            "previous": None,
            "next": None,
            "recommended": [],
        }
    links = record["related_links"]

    def first(relation: str) -> str | None:
        return next((link["title"] for link in links if link["relation"] == relation), None)

    return {
        "title": record["title"],
        "summary": record["summary"],
        **{kind: [item["title"] for item in record[kind]] for kind in item_kinds()},
        "previous": first("previous"),
        "next": first("next"),
        "recommended": [link["title"] for link in links if link["relation"] == "recommended"],
    }


def _match(gold: Iterable[str], predicted: Iterable[str]) -> tuple[Score, list[str], list[str]]:
    gold, predicted = [g for g in gold if g], [p for p in predicted if p]
    used: set[int] = set()
    missed: list[str] = []
    for g in gold:
        best = max(((token_f1(g, p), i) for i, p in enumerate(predicted) if i not in used), default=(0.0, -1))
        if best[0] >= MATCH_F1:
            used.add(best[1])
        else:
            missed.append(g)
    invented = [p for i, p in enumerate(predicted) if i not in used]
    return Score(len(gold) - len(missed), len(invented), len(missed)), missed, invented


def score_page(path: str, gold: dict[str, Any], record: dict[str, Any] | None) -> PageResult:
    predicted = predictions(record)
    result = PageResult(path=path, scores={})
    for name in fields():
        g, p = gold.get(name), predicted[name]

        def as_list(v):
            return v if isinstance(v, list) else [v] if v else []

        score, missed, invented = _match(as_list(g), as_list(p))
        result.scores[name] = score
        if missed:
            result.missed[name] = missed
        if invented:
            result.invented[name] = invented
    return result


def gold_pages(gold_dir: Path, raw_dir: Path | None = None) -> list[tuple[Path, Path]]:
    """(raw page, gold file) pairs: every supported raw file named like a gold file."""
    raw_dir = raw_dir or gold_dir
    raw_files = [p for p in sorted(raw_dir.iterdir()) if p.is_file() and file_format(p.name)]
    pairs = []
    for gold in sorted(gold_dir.glob("*.gold.json")):
        stem = gold.name.removesuffix(".gold.json")
        pairs += [(raw, gold) for raw in raw_files if _stem(raw.name) == stem]
    return pairs


def _stem(name: str) -> str:
    """The name without the suffix of a page file (settings.FORMATS, the files source's suffixes)."""
    return next((name[: -len(ending)] for ending in FORMATS if name.lower().endswith(ending)), name)


def site_of(path: str | Path) -> str:
    """The site a gold page comes from: the second part of its name (`en_SITE_what.html`), or
    the name itself when it has no such part."""
    parts = Path(path).name.split("_")
    return parts[1] if len(parts) > 2 else Path(path).name


def half_of(path: str | Path) -> str:
    """ "A" or "B": a fixed split of the gold pages by site (a hash of the site's name), so that
    every page of a site is on one side and rules built on one half can be confirmed on the other."""
    return HALVES[hashlib.sha256(f"pagesift{site_of(path)}".encode()).digest()[0] % 2]


def evaluate(gold_dir: Path, raw_dir: Path | None = None, half: str | None = None) -> Report:
    """Score every gold page of `gold_dir` (only those of `half`, "A" or "B", when given)."""
    results: list[PageResult] = []
    for raw, gold_path in gold_pages(gold_dir, raw_dir):
        if half is not None and half_of(raw) != half:
            continue
        outcome = process_file(raw, "1970-01-01T00:00:00Z")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        result = score_page(str(raw), gold, outcome.record)
        if outcome.rejection:
            result.rejected = f"{outcome.rejection.stage}: {outcome.rejection.error}"
        results.append(result)
    return summarise(results)


def summarise(pages: list[PageResult]) -> Report:
    """The figures of a set of scored pages: per field, per group, and micro over `scored()`."""
    by_field = {name: Score() for name in fields()}
    for page in pages:
        for name, score in page.scores.items():
            by_field[name].add(score)
    by_group = {g: Score() for g in groups()}
    for g, members in groups().items():
        for name in members:
            by_group[g].add(by_field[name])
    micro = Score()
    for name in scored():
        micro.add(by_field[name])
    return Report(pages, by_field, by_group, micro)


# --- main text on the Article Extraction Benchmark --------------------------------------------


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    words = re.findall(r"\w+", text or "")
    return Counter(tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1)) if words[i : i + n])


def aeb_page_counts(predicted: str, truth: str) -> tuple[float, float, float]:
    """(tp, fp, fn) of 4-word shingles, normalised to sum 1 (the benchmark's evaluate.py)."""
    p_sh, t_sh = _shingles(predicted), _shingles(truth)
    counts = [sum((p_sh & t_sh).values()), sum((p_sh - t_sh).values()), sum((t_sh - p_sh).values())]
    total = sum(counts)
    tp, fp, fn = (c / total for c in counts) if total else (0.0, 0.0, 0.0)
    return tp, fp, fn


def aeb_score(pairs: Iterable[tuple[str, str]]) -> dict[str, float]:
    """F1 of the page-averaged precision and recall, as the benchmark reports it."""
    counts = [aeb_page_counts(p, t) for p, t in pairs]
    precisions = [1.0 if fp == fn == 0 else tp / (tp + fp) for tp, fp, fn in counts if tp + fp > 0]
    recalls = [1.0 if fp == fn == 0 else tp / (tp + fn) for tp, fp, fn in counts if tp + fn > 0]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"pages": len(counts), "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def aeb_pages(aeb_dir: Path) -> list[tuple[Path, str]]:
    truth = json.loads((aeb_dir / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        (aeb_dir / "html" / f"{key}.html.gz", value["articleBody"])
        for key, value in sorted(truth.items())
        if (aeb_dir / "html" / f"{key}.html.gz").exists()
    ]


def evaluate_aeb(aeb_dir: Path, baseline: bool = True) -> dict[str, dict[str, float]]:
    """pagesift's `text` (and bare trafilatura's, as the baseline) scored on AEB."""
    pages = aeb_pages(aeb_dir)
    ours = []
    for path, truth in pages:
        outcome = process_file(path, "1970-01-01T00:00:00Z")
        ours.append((outcome.record["text"] if outcome.record else "", truth))
    result = {"pagesift": aeb_score(ours)}
    if baseline:
        import trafilatura

        bare = [
            (trafilatura.extract(gzip.decompress(path.read_bytes()), include_comments=False) or "", truth)
            for path, truth in pages
        ]
        result["trafilatura"] = aeb_score(bare)
    return result
