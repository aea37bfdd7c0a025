"""Near-duplicate benchmark (issue 13): do edited copies land in their original's group, do
distinct articles stay apart, and what does it cost?

    make bench-neardup            (also part of `make bench`)
    .venv/bin/python bench/neardup.py [--shared DIR] [--workers N] [--results FILE]

Pages (generated into bench/work/neardup/raw, never into git): the 181 AEB pages
(../shared/corpora/aeb/html) and the real health pages (../shared/corpora/health-real), as they
are, and three edited copies of each AEB page, each under another name and another canonical url:
- `sentence`: one sentence of the page's longest paragraph replaced by another;
- `paragraph+chrome`: a paragraph added after the longest one, and the page's <nav>, <header>
  and <footer> replaced by another site's;
- `all`: the sentence changed, the paragraph added and the chrome replaced.

`pagesift run` (default workers) publishes them; from its articles table:
- recall: copies whose group is their original's (both published), over such copies;
- precision: pairs of published pages in one group that are an original and its copy (or two
  copies of one original), over all pairs in one group; "distinct articles sharing a group" counts
  the groups holding pages of two or more different originals (AEB or health-real).
The cost: the signatures' time (`minhash.signature` on every published text, one process) against
the whole extraction's CPU time per page (`ingest.process_file`, same pages, same process), and the
grouping's time (`neardup.group` over the run's signatures) against the run's wall time (no run
imports datasketch since `neardup.bands_and_rows`). Without ../shared it says so and exits 0.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import itertools
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import lxml.html

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / "work" / "neardup"
SHARED = ROOT.parent / "shared"
BIN = Path(sys.executable).parent

NEW_SENTENCE = (
    "The copying site rewrote this sentence in its own words so that a search for the original "
    "wording would not find it."
)
NEW_PARAGRAPH = (
    "Editor's note: this article is provided for general information only and does not replace "
    "the advice of a qualified professional. Readers who have questions about their own situation "
    "should speak with someone they trust before they make any decision based on it."
)
CHROME = {
    "header": "<header><a href='/'>Daily Wellness Digest</a> Home · Health · Diet · Fitness · Contact us</header>",
    "nav": "<nav><a href='/health'>Health</a> <a href='/diet'>Diet</a> <a href='/fitness'>Fitness</a></nav>",
    "footer": "<footer>© 2026 Daily Wellness Digest. All rights reserved. Privacy · Terms · Advertise</footer>",
}
EDITS = {
    "sentence": {"sentence"},
    "paragraph+chrome": {"paragraph", "chrome"},
    "all": {"sentence", "paragraph", "chrome"},
}


def _longest_paragraph(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The longest <p> of eight words or more; on pages without one, the element whose own text
    (before its first child) is longest (a <div> or <td> of text and <br>s)."""
    paragraphs = [p for p in tree.iter("p") if len(p.text_content().split()) >= 8]
    if paragraphs:
        return max(paragraphs, key=lambda p: len(p.text_content()))
    body = tree.find("body")
    blocks = [
        e
        for e in (body if body is not None else tree).iter()
        if isinstance(e.tag, str) and e.tag not in ("script", "style") and len((e.text or "").split()) >= 8
    ]
    return max(blocks, key=lambda e: len(e.text or ""), default=None)


def _change_sentence(paragraph: lxml.html.HtmlElement) -> bool:
    """Replace the middle sentence of the paragraph's longest run of text (its own text or a
    child's tail: the markup stays as it was) by NEW_SENTENCE."""
    slots = [(paragraph, "text")] + [(child, "tail") for child in paragraph]
    element, attr = max(slots, key=lambda slot: len(getattr(slot[0], slot[1]) or ""))
    text = getattr(element, attr) or ""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 4]
    if not sentences:
        return False
    setattr(element, attr, text.replace(sentences[len(sentences) // 2], NEW_SENTENCE, 1))
    return True


def _site_chrome(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The site's <header>, <nav> and <footer>: not inside the article (<article>, <main>), and
    holding neither the headline nor a paragraph of it."""
    found = []
    for element in tree.iter("header", "nav", "footer"):
        if any(a.tag in ("article", "main") for a in element.iterancestors()):
            continue
        if element.find(".//h1") is not None or any(len(p.text_content().split()) >= 8 for p in element.iter("p")):
            continue
        if not any(element in f.iterdescendants() for f in found):
            found.append(element)
    return found


def edited_copy(html: bytes, name: str, edits: set[str]) -> tuple[bytes, set[str]]:
    """The page with `edits` applied and a url of its own; and the edits that could be applied."""
    tree = lxml.html.document_fromstring(html.decode("utf-8", errors="replace"))  # the AEB pages are UTF-8
    done: set[str] = set()
    paragraph = _longest_paragraph(tree)
    if paragraph is not None and "sentence" in edits and _change_sentence(paragraph):
        done.add("sentence")
    if paragraph is not None and "paragraph" in edits:
        paragraph.addnext(lxml.html.fragment_fromstring(f"<p>{NEW_PARAGRAPH}</p>"))
        done.add("paragraph")
    body = tree.find("body")
    if "chrome" in edits and body is not None:
        for old in _site_chrome(tree):
            old.drop_tree()
        body.insert(0, lxml.html.fragment_fromstring(CHROME["nav"]))
        body.insert(0, lxml.html.fragment_fromstring(CHROME["header"]))
        body.append(lxml.html.fragment_fromstring(CHROME["footer"]))
        done.add("chrome")
    head = tree.find("head")
    if head is None:
        head = lxml.html.fragment_fromstring("<head></head>")
        tree.insert(0, head)
    for link in list(tree.iter("link")):
        if "canonical" in (link.get("rel") or "").lower():
            link.drop_tree()
    for meta in list(tree.iter("meta")):
        if (meta.get("property") or meta.get("name")) == "og:url":
            meta.drop_tree()
    url = f"https://copies.example/{hashlib.sha256(name.encode()).hexdigest()[:12]}.html"
    head.append(lxml.html.fragment_fromstring(f"<link rel='canonical' href='{url}'>"))
    return lxml.html.tostring(tree, encoding="utf-8", doctype="<!DOCTYPE html>"), done


def build(shared: Path) -> tuple[Path, dict[str, str], Counter[str]]:
    """The raw folder, each page's original ("aeb:ID" or "real:NAME"), and edits not applicable."""
    raw = WORK / "raw"
    shutil.rmtree(raw, ignore_errors=True)
    raw.mkdir(parents=True)
    origin: dict[str, str] = {}
    missed: Counter[str] = Counter()
    for path in sorted((shared / "corpora" / "aeb" / "html").glob("*.html.gz")):
        page_id = path.name.split(".")[0]
        html = gzip.decompress(path.read_bytes())
        (raw / f"aeb-{page_id}.html").write_bytes(html)
        origin[f"aeb-{page_id}.html"] = f"aeb:{page_id}"  # keyed as published: the path inside --raw
        for label, edits in EDITS.items():
            name = f"copy-{label}-{page_id}.html"
            data, done = edited_copy(html, name, edits)
            missed.update(edits - done)
            (raw / name).write_bytes(data)
            origin[name] = f"aeb:{page_id}"
    for path in sorted((shared / "corpora" / "health-real").glob("*.html")):
        shutil.copyfile(path, raw / f"real-{path.name}")
        origin[f"real-{path.name}"] = f"real:{path.stem}"
    return raw, origin, missed


def run(raw: Path, out: Path, workers: int | None) -> tuple[float, dict[str, Any]]:
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "PREFECT_HOME": str(WORK / "prefect-home")}
    env.pop("PREFECT_API_URL", None)
    cmd = [str(BIN / "pagesift"), "run", "--raw", str(raw), "--out", str(out)]
    if workers:
        cmd += ["--workers", str(workers)]
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=3600)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"pagesift run failed ({done.returncode}): {done.stderr[-2000:]}")
    return wall, json.loads((out / "run_report.json").read_text())


def score(out: Path, origin: dict[str, str]) -> dict[str, Any]:
    articles = [json.loads(line) for line in (out / "tables" / "articles.jsonl").read_text().splitlines()]
    group_of = {a["source_path"]: a["duplicate_group"] or a["article_id"] for a in articles}
    by_origin: dict[str, list[str]] = defaultdict(list)
    for path in group_of:
        by_origin[origin[path]].append(path)
    copies_found = copies = 0
    missed: list[str] = []
    for _key, paths in by_origin.items():
        originals = [p for p in paths if not Path(p).name.startswith("copy-")]
        for original, copy in itertools.product(originals, [p for p in paths if Path(p).name.startswith("copy-")]):
            copies += 1
            if group_of[copy] == group_of[original]:
                copies_found += 1
            else:
                missed.append(Path(copy).name)
    members: dict[str, list[str]] = defaultdict(list)
    for path, gid in group_of.items():
        members[gid].append(path)
    pairs = true_pairs = 0
    mixed: list[list[str]] = []
    for paths in members.values():
        for a, b in itertools.combinations(paths, 2):
            pairs += 1
            true_pairs += origin[a] == origin[b]
        if len({origin[p] for p in paths}) > 1:
            mixed.append(sorted(Path(p).name for p in paths))
    distinct = {origin[p] for p in group_of}
    return {
        "published": len(articles),
        "copies": copies,
        "copies_in_original_group": copies_found,
        "recall": copies_found / copies if copies else None,
        "pairs_grouped": pairs,
        "true_pairs": true_pairs,
        "precision": true_pairs / pairs if pairs else None,
        "distinct_articles": len(distinct),
        "groups_mixing_distinct_articles": len(mixed),
        "mixed_groups": mixed[:10],
        "missed_copies": missed[:20],
    }


def sweep(out: Path, origin: dict[str, str]) -> dict[str, Any]:
    """From the stored signatures: each copy's estimated similarity to its original, and the
    highest between two distinct articles; recall at other thresholds, and by the original's size."""
    from pagesift.dataset import neardup

    signatures = {}
    for line in (out / neardup.STATE).read_bytes().splitlines()[1:]:
        item = json.loads(line)
        if item["signature"]:
            signatures[item["path"]] = base64.b64decode(item["signature"])
    originals = {origin[p]: p for p in signatures if not Path(p).name.startswith("copy-")}
    copies = [
        (p, originals[origin[p]]) for p in signatures if Path(p).name.startswith("copy-") and origin[p] in originals
    ]
    scores = [(neardup.similarity(signatures[c], signatures[o]), signatures[o][-4:]) for c, o in copies]
    texts = {
        row["source_path"]: row["text"]
        for row in map(json.loads, (out / "tables" / "articles.jsonl").read_text().splitlines())
    }
    errors = [s - exact_similarity(texts[c], texts[o]) for (s, _), (c, o) in zip(scores, copies, strict=True)]
    sizes = [int.from_bytes(size, "little") for _, size in scores]
    distinct = sorted(
        neardup.similarity(signatures[a], signatures[b])
        for a, b in itertools.combinations(sorted(originals.values()), 2)
    )
    result: dict[str, Any] = {
        "highest_between_distinct": distinct[-1] if distinct else None,
        "estimate_error_of_copies": {
            "mean": statistics.fmean(errors),
            "rmse": math.sqrt(statistics.fmean(e * e for e in errors)),
            "max_abs": max(map(abs, errors)),
        },
        "thresholds": {},
    }
    for t in (0.5, 0.6, 0.7, 0.8, 0.9):
        result["thresholds"][str(t)] = {
            "copies_at_or_above": sum(s >= t for s, _ in scores) / len(scores),
            "distinct_pairs_at_or_above": sum(d >= t for d in distinct),
        }
    small = [s for (s, _), n in zip(scores, sizes) if n < 200]
    result["copies_of_originals_under_200_shingles"] = len(small)
    result["of_which_at_or_above_0.8"] = sum(s >= 0.8 for s in small)
    result["copies_of_originals_of_200_shingles_or_more_at_or_above_0.8"] = (
        sum(s >= 0.8 for (s, _), n in zip(scores, sizes) if n >= 200),
        sum(n >= 200 for n in sizes),
    )
    return result


def exact_similarity(a: str, b: str) -> float:
    """What `neardup.similarity` estimates, from the shingle sets themselves: the Jaccard
    similarity or, for sets of comparable size, the share of the smaller found in the larger."""
    from pagesift.extract.minhash import CONTAINED_SIZE, shingles

    first, second = shingles(a), shingles(b)
    shared, union = len(first & second), len(first | second)
    jaccard = shared / union if union else 1.0
    small, large = sorted((len(first), len(second)))
    return jaccard if not small or small < CONTAINED_SIZE * large else max(jaccard, shared / small)


def cost(out: Path, raw: Path) -> dict[str, Any]:
    """Signatures and grouping timed in this process, against extraction on the same pages."""
    from pagesift.dataset import neardup
    from pagesift.dataset.ingest import process_file
    from pagesift.extract.language import identify, load
    from pagesift.extract.minhash import signature

    load()
    texts = [json.loads(line)["text"] for line in (out / "tables" / "articles.jsonl").read_text().splitlines()]
    t0 = time.process_time()
    for text in texts:
        signature(text)
    signature_s = time.process_time() - t0
    t0 = time.process_time()
    for text in texts:
        identify(text)
    language_s = time.process_time() - t0
    pages = sorted(raw.iterdir())
    t0 = time.process_time()
    for path in pages:
        process_file(path, "2026-01-01T00:00:00Z")
    process_s = time.process_time() - t0
    staging = WORK / "staging"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    state = (out / neardup.STATE).read_bytes().splitlines()
    with neardup.shard_path(staging, 0).open("wb") as shard:
        for line in state[1:]:
            item = json.loads(line)
            shard.write(
                json.dumps(
                    {
                        "path": item["path"],
                        "id": hashlib.sha256(item["path"].encode()).hexdigest()[:16],
                        "sha256": item["sha256"],
                        "signature": item["signature"],
                    }
                ).encode()
                + b"\n"
            )
    t0 = time.process_time()
    neardup.group(staging, [0], neardup.State(), neardup.Options(), staging / "state.jsonl")
    group_s = time.process_time() - t0
    shutil.rmtree(staging, ignore_errors=True)
    return {
        "texts": len(texts),
        "pages": len(pages),
        "signature_cpu_ms_per_page": 1000 * signature_s / len(texts),
        "language_cpu_ms_per_page": 1000 * language_s / len(texts),
        "process_cpu_ms_per_page": 1000 * process_s / len(pages),
        "group_cpu_s": group_s,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--workers", type=int)
    parser.add_argument("--results", type=Path, default=BENCH / "results-neardup.json")
    args = parser.parse_args(argv)
    if not (args.shared / "corpora" / "aeb" / "html").is_dir():
        print(f"skipped: {args.shared}/corpora/aeb is absent (the near-duplicate benchmark needs the AEB pages)")
        return 0
    raw, origin, missed_edits = build(args.shared)
    print(f"{len(origin)} pages in {raw} (edits not applicable: {dict(missed_edits) or 'none'})", flush=True)
    wall, report = run(raw, WORK / "out", args.workers)
    figures = score(WORK / "out", origin)
    figures["sweep"] = sweep(WORK / "out", origin)
    spent = cost(WORK / "out", raw)
    workers = args.workers or os.cpu_count() or 1
    # the signatures run in the workers, beside the extraction they add to; the grouping in the main process
    share = spent["signature_cpu_ms_per_page"] / spent["process_cpu_ms_per_page"]
    extract_s = report["timings"].get("extract", 0.0)
    estimate = share * extract_s + spent["group_cpu_s"]
    results = {
        "pages": len(origin),
        "wall_s": round(wall, 2),
        "report_seconds": report["seconds"],
        "timings": report["timings"],
        "workers": workers,
        "edits_not_applicable": dict(missed_edits),
        "groups": report.get("near_duplicate_groups"),
        "copies_grouped": report.get("near_duplicates"),
        **figures,
        **spent,
        "signature_share_of_page_cpu": share,
        "cost_s_estimate": estimate,
        "cost_pct_of_wall": 100 * estimate / wall,
        "load_average": os.getloadavg(),
    }
    args.results.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps({k: v for k, v in results.items() if k not in ("mixed_groups", "missed_copies")}, indent=2))
    if figures["missed_copies"]:
        print("copies missed:", ", ".join(figures["missed_copies"]))
    if figures["mixed_groups"]:
        print("groups mixing distinct articles:", figures["mixed_groups"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
