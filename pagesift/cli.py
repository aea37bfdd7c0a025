"""The `pagesift` command: `run` the flow over a raw folder, `eval` extraction quality."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from .discover import discover
from .settings import DEFAULT_BATCH_SIZE

app = typer.Typer(
    help="pagesift: raw health-article pages in, validated normalized datasets out.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()


@app.callback()
def _commands() -> None:
    """pagesift: raw health-article pages in, validated normalized datasets out."""


@app.command()
def run(
    raw: Annotated[Path, typer.Option(help="Folder of raw pages (.html, .htm, .html.gz, .txt), read recursively.")] = Path("raw"),
    out: Annotated[Path, typer.Option(help="Output folder for the datasets, datapackage.json and rejected.jsonl.")] = Path("processed"),
    batch_size: Annotated[int, typer.Option(min=1, help="Pages per Prefect task run.")] = DEFAULT_BATCH_SIZE,
    workers: Annotated[Optional[int], typer.Option(min=1, help="Local worker processes (default: one per core).")] = None,
) -> None:
    """Run the process-pages Prefect flow over RAW and publish into OUT; print a summary."""
    from flows.process_pages import default_workers, with_workers  # Prefect is imported only here

    if not raw.is_dir():
        console.print(f"[red]raw folder not found: {raw}[/red]")
        raise typer.Exit(2)
    batches = -(-len(discover(raw)) // batch_size)  # more processes than batches only cost start-up
    workers = max(1, min(workers or default_workers(), batches))
    summary = with_workers(workers)(raw=str(raw), out=str(out), batch_size=batch_size)
    table = Table(title=f"pagesift run: {raw} → {out}", show_header=False)
    table.add_row("pages found", str(summary.found))
    table.add_row("new / changed / unchanged / deleted",
                  f"{summary.new} / {summary.changed} / {summary.unchanged} / {summary.deleted}")
    table.add_row("published", str(summary.published))
    table.add_row("rejected", f"{summary.rejected}" + (f"  (see {out / 'rejected.jsonl'})" if summary.rejected else ""))
    table.add_row("rows", ", ".join(f"{k} {v}" for k, v in summary.rows.items()))
    table.add_row("section kinds", ", ".join(f"{k} {v}" for k, v in summary.kinds.items()) or "-")
    table.add_row("time", f"{summary.seconds:.2f} s")
    console.print(table)


@app.command("eval")
def eval_(
    gold: Annotated[Optional[Path], typer.Option(help="Folder of NAME.gold.json annotations (and raw pages, unless --raw).")] = None,
    raw: Annotated[Optional[Path], typer.Option(help="Folder of the raw pages NAME.* (default: the --gold folder).")] = None,
    aeb: Annotated[Optional[Path], typer.Option(help="Article Extraction Benchmark folder (ground-truth.json, html/): score the main text.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List the items missed and invented, page by page.")] = False,
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Also write the figures to this JSON file.")] = None,
) -> None:
    """Score extraction against gold annotations (precision, recall, F1 per field) and/or AEB."""
    from .evaluate import FIELDS, GROUPS, evaluate, evaluate_aeb

    if gold is None and aeb is None:
        console.print("[red]give --gold DIR and/or --aeb DIR[/red]")
        raise typer.Exit(2)
    figures: dict[str, object] = {}
    if gold is not None:
        report = evaluate(gold, raw)
        if not report.pages:
            console.print(f"[red]no raw page in {raw or gold} has a gold file in {gold}[/red]")
            raise typer.Exit(2)
        table = Table(title=f"pagesift eval: {len(report.pages)} pages of {gold}")
        for column in ("field", "precision", "recall", "F1", "tp", "fp", "fn"):
            table.add_column(column, justify="left" if column == "field" else "right")
        rows = [(n, report.fields[n]) for n in FIELDS] + [(g, report.groups[g]) for g in GROUPS] + [("micro", report.micro)]
        for name, s in rows:
            table.add_row(name, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.tp), str(s.fp), str(s.fn))
        console.print(table)
        if verbose:
            for page in report.pages:
                if page.missed or page.invented or page.rejected:
                    console.print(f"[bold]{page.path}[/bold]" + (f"  rejected: {page.rejected}" if page.rejected else ""))
                    for name, items in page.missed.items():
                        console.print(f"  missed   {name}: {items}", markup=False)
                    for name, items in page.invented.items():
                        console.print(f"  invented {name}: {items}", markup=False)
        figures["gold"] = report.as_dict()
    if aeb is not None:
        if not (aeb / "ground-truth.json").is_file():
            console.print(f"[yellow]AEB folder {aeb} not found: main-text evaluation skipped[/yellow]")
        else:
            scores = evaluate_aeb(aeb)
            table = Table(title=f"main text on AEB ({scores['pagesift']['pages']} pages)")
            for column in ("extractor", "precision", "recall", "F1"):
                table.add_column(column)
            for name, s in scores.items():
                table.add_row(name, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}")
            console.print(table)
            figures["aeb"] = scores
    if json_out is not None:
        json_out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    app()
