"""The dataset card (`README.md` of a published folder) and the run summaries built from it.

The card tells a consumer what the data is, where it came from, what each table holds, how good
the extraction is and what it cannot do; every figure in it is counted from the published files
or read from the pipeline's measured quality (pagesift/quality.json).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import orjson

from pagesift import PIPELINE_VERSION
from pagesift.dataset.datapackage import CSV_CELL_MAX, CSV_TRUNCATED, SCHEMAS, Release, table_schema
from pagesift.dataset.report import PublishSummary, code_of
from pagesift.extract.rules import language_names
from pagesift.model import KINDS, SCHEMA_VERSION, TABLES, article_parts, item_kinds
from pagesift.settings import DEFAULT_LIMITS
from pagesift.text import counted, listed, printable

QUALITY = Path(__file__).resolve().parent.parent / "quality.json"  # written by `make quality`


def load_quality() -> dict[str, Any]:
    """The figures measured for this pipeline, or {} when none were (a build without the file)."""
    return orjson.loads(QUALITY.read_bytes()) if QUALITY.is_file() else {}


#: Reading examples, run from the folder that holds the card (tests/test_card.py runs them).
READING = '''```python
import pagesift  # pip install pagesift: every table as a DataFrame in its schema's dtypes, checked against datapackage.json
tables = pagesift.read_dataset(".")
articles, causes = tables["articles"], tables["causes"]
print(causes.merge(articles[["article_id", "language"]], on="article_id").groupby("language", observed=True).size())

import pandas as pd  # without pagesift: the Parquet files keep the text exact and the columns typed
sections = pd.read_parquet("tables/sections.parquet")

import duckdb
print(duckdb.sql("""
    select a.language, s.kind, count(*) as sections
    from 'tables/sections.parquet' s join 'tables/articles.parquet' a using (article_id)
    group by all order by all
"""))
print(duckdb.sql("select kind, count(*) from read_csv('tables/sections.csv') group by kind"))
```'''


def reject_summary(rejected_jsonl: Path, top: int = 10) -> list[dict[str, Any]]:
    """The most frequent codes of rejection, each with its count and the first page rejected for it:
    its path and its reason, whole but cut to a line, and printable (they reach the summary, the
    Prefect UI and the dataset card)."""
    counts: Counter[str] = Counter()
    sample: dict[str, tuple[str, str]] = {}
    if rejected_jsonl.exists():
        with rejected_jsonl.open("rb") as handle:
            for line in handle:
                item = orjson.loads(line)
                code = code_of(item)
                counts[code] += 1
                sample.setdefault(code, (printable(item["path"]), printable(_line(item["error"]))))
    return [{"code": c, "pages": n, "sample": sample[c][0], "reason": sample[c][1]} for c, n in counts.most_common(top)]


def _line(text: str, most: int = 160) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def _cell(text: str) -> str:
    """Text that keeps its markdown table cell (and code span) whole."""
    return text.replace("|", "\\|").replace("`", "'")


def breakdown(kinds: dict[str, int], rejects: list[dict[str, Any]]) -> str:
    """The sections by kind and the rejections by code as one markdown table, each row with its
    share of its group: the Prefect UI renders it as it is, offline (no chart library, no bars of
    block characters to read by eye)."""
    lines = ["| what | name | count | share |", "|---|---|---:|---:|"]
    for what, counts in (("section", kinds), ("rejected", {r["code"]: r["pages"] for r in rejects})):
        total = sum(counts.values())
        for name, n in counts.items():
            cell = printable(name).replace("|", "\\|")
            lines.append(f"| {what} | {cell} | {n} | {100 * n / total:.0f}% |")
    return "\n".join(lines) + "\n" if len(lines) > 2 else "No sections and no rejections in this run.\n"


def _share(part: int, whole: int) -> str:
    return f"{part} ({100 * part / whole:.0f}%)" if whole else str(part)


def dataset_card(
    summary: PublishSummary, languages: dict[str, int], rejects: list[dict[str, Any]], release: Release
) -> str:
    """The card of one publish: `summary` of the run, articles by language, rejections by code
    (`reject_summary`: each with a sample page and its reason)."""
    found = summary.published + summary.rejected
    licence = (
        "; ".join(
            " — ".join(x for x in (lic.get("name"), lic.get("title"), lic.get("path")) if x) for lic in release.licenses
        )
        or "not stated"
    )
    lines = [
        "# Health articles extracted by pagesift",
        "",
        f"Health and wellness articles taken from raw web pages by pagesift {PIPELINE_VERSION}: each article's title, summary, clean main text, its numbered sections with their kind "
        f"({', '.join(KINDS)}), the items of its {listed(item_kinds())} sections, "
        "and its related links (previous, next, recommended). Every record and row is valid against the JSON Schemas "
        f"in `{SCHEMAS}/` (version {SCHEMA_VERSION}, which every record states); `datapackage.json` describes every file (Frictionless Data Package).",
        "",
        "## Where it came from",
        "",
        "| | |",
        "|---|---|",
        f"| raw pages | `{release.raw}` |",
        f"| pages found | {found} |",
        f"| published | {_share(summary.published, found)} |",
        f"| rejected | {_share(summary.rejected, found)}, of which {summary.duplicates} duplicates (`rejected.jsonl`) |",
        f"| languages | {', '.join(f'{k} {v}' for k, v in languages.items()) or '-'} (of the main text, by "
        "py3langid's model; `declared_language` holds what the page says) |",
        f"| near-duplicates | {counted(summary.near_duplicate_groups, 'group')}, "
        f"{counted(summary.near_duplicates, 'article')} nearly copying their group's first (`near_duplicates`)"
        + (
            f"; {summary.near_duplicates_dropped} of them not published (stage `dedup` in `rejected.jsonl`)"
            if summary.near_duplicates_dropped
            else ""
        )
        + " |",
        f"| pipeline | pagesift {PIPELINE_VERSION} |",
        f"| run at | {release.created} (`processed_at` of the records it processed; records carried over "
        "unchanged from earlier runs keep theirs) |",
        f"| licence | {licence} |",
    ]
    if rejects:
        lines += [
            "",
            "| rejected (code: see pagesift's docs/output.md) | pages | for example |",
            "|---|---:|---|",
            *(f"| `{r['code']}` | {r['pages']} | `{_cell(r['sample'])}`: {_cell(r['reason'])} |" for r in rejects),
        ]
    lines += [
        "",
        "## Tables",
        "",
        f"Each table is published three times, same rows: `tables/NAME.csv` (for spreadsheets: UTF-8 with a "
        "byte-order mark; text a spreadsheet would run as a formula — starting with `=`, `+`, `-`, `@`, tab or "
        f"CR — gets a leading `'`; a cell longer than {CSV_CELL_MAX:,} characters is cut, and the column "
        f"`{CSV_TRUNCATED}` names the cut columns of the row), `tables/NAME.jsonl` and `tables/NAME.parquet` "
        "(exact text). `articles.jsonl` holds one nested record per article "
        f"(`{SCHEMAS}/article.schema.json`).",
        "",
    ]
    for name, table in TABLES.items():
        keys = ", ".join(table.primary_key)
        lines += [
            f"### {name} ({summary.rows.get(name, 0)} rows, key {keys})",
            "",
            table.schema["description"],
            "",
            "| column | type | description |",
            "|---|---|---|",
        ]
        for column in table_schema(name)["fields"][:-1]:  # the CSV-only column is described above
            values = column.get("constraints", {}).get("enum")
            about = column.get("description", "") + (f" (one of {', '.join(values)})" if values else "")
            lines.append(f"| `{column['name']}` | {column['type']} | {about.strip()} |")
        lines.append("")
    lines += _quality(summary, found)
    lines += [
        "## Reading it",
        "",
        "From this folder:",
        "",
        READING,
        "",
        "Check every file against its description: `pip install frictionless`, then "
        "`frictionless validate datapackage.json`.",
        "",
    ]
    lines += _limits()
    return "\n".join(lines) + "\n"


def _quality(summary: PublishSummary, found: int) -> list[str]:
    n = summary.published
    sections = summary.rows.get("sections", 0)
    parts = ", ".join(f"{summary.rows.get(name, 0)} {name.replace('_', ' ')}" for name in article_parts())
    lines = [
        "## Quality",
        "",
        "Of this data:",
        "",
        f"- {parts} for {n} articles ({sections / n:.1f} sections per article)."
        if n
        else "- No article was published.",
        "- Sections by kind: " + (", ".join(f"{k} {v}" for k, v in summary.kinds.items()) or "none") + ".",
        f"- Rejected: {_share(summary.rejected, found)} of the pages found.",
        "- CSV rows with a cell cut to fit a spreadsheet: "
        + (", ".join(f"{k} {v}" for k, v in summary.csv_cut.items() if v) or "none")
        + ".",
        "",
    ]
    figures = load_quality()
    if figures.get("pipeline_version") == PIPELINE_VERSION:
        lines += [
            f"Of the pipeline (pagesift {PIPELINE_VERSION}, `pagesift eval`; F1 of the extracted items "
            "against hand-made annotations, token F1 ≥ 0.6 counts as a match):",
            "",
            f"| set | pages | micro F1 | {' | '.join(item_kinds())} | related links |",
            "|---|---:|---:|" + "---:|" * len(item_kinds()) + "---:|",
        ]
        names = {
            "real": "real pages from public health sites",
            "gold": "gold set (the rules were developed on it)",
            "holdout": "held-out layouts",
            "sample": "sample corpus",
        }
        for key, label in names.items():
            if key in figures:
                f = figures[key]
                kinds = " | ".join(f"{f[kind]:.3f}" if kind in f else "-" for kind in item_kinds())
                lines.append(f"| {label} | {f['pages']} | {f['micro']:.3f} | {kinds} | {f['related']:.3f} |")
        if "aeb" in figures:
            aeb = figures["aeb"]
            lines += [
                "",
                f"Main text on the Article Extraction Benchmark ({aeb['pages']} real pages): F1 "
                f"{aeb['pagesift_f1']:.3f} (bare trafilatura {aeb.get('trafilatura_f1', float('nan')):.3f}).",
            ]
        lines.append("")
    else:
        lines += ["No extraction quality was measured for this pipeline version.", ""]
    return lines


def _limits() -> list[str]:
    limits = DEFAULT_LIMITS
    return [
        "## Known limits",
        "",
        f"- Sections, kinds, {listed(item_kinds())} come from rules for {listed(language_names())} "
        "pages: pages in other "
        "languages, or layouts unlike the ones the rules were written for, get fewer sections and more of kind "
        "`other` (see the held-out figures above).",
        f"- An item is one of the {listed(item_kinds(), 'or')} because its section's heading says so; the item texts "
        "are the page's own "
        "words, not checked medical facts. Nothing here is medical advice.",
        "- `url` is null when the page names no canonical url (the id then comes from the page's bytes); related-link "
        "urls are only http(s), and null when the page gives no base to resolve them.",
        "- A page published under the same id (same url, or same bytes without a url) is kept once; the others are "
        "in `rejected.jsonl` at stage `publish`.",
        "- Near-duplicates are found by MinHash estimates of the Jaccard similarity of the main texts' shingles (five "
        "words, or five CJK characters): a rewrite in other words, or a translation, is not found; two texts whose "
        "true similarity is close to the threshold may fall either side of it.",
        "- `language` is one language per article: a bilingual page gets the language with more text (by the model's "
        "own measure, in which a Chinese character weighs more than a letter); very short texts get low "
        "`language_confidence`, and then the page's declared language when the model does not rule it out.",
        f"- Pages over {limits.max_page_bytes // 2**20} MiB, deeper than {limits.max_dom_depth} elements, with more "
        f"than {limits.max_dom_nodes:,} elements or with fewer than {limits.min_prose_words} words of prose are "
        "rejected, never cut short.",
        f"- In the CSV files, cells are cut at {CSV_CELL_MAX:,} characters and may start with an added `'`; use the "
        "JSON Lines or Parquet files for exact text.",
        "",
    ]
