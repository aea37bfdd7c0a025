"""The `pagesift` command: `run` the flow over a raw folder, `eval` extraction quality."""

from __future__ import annotations

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
    table.add_row("published", str(summary.published))
    table.add_row("rejected", f"{summary.rejected}" + (f"  (see {out / 'rejected.jsonl'})" if summary.rejected else ""))
    table.add_row("rows", ", ".join(f"{k} {v}" for k, v in summary.rows.items()))
    table.add_row("section kinds", ", ".join(f"{k} {v}" for k, v in summary.kinds.items()) or "-")
    table.add_row("time", f"{summary.seconds:.2f} s")
    console.print(table)


def main() -> None:
    app()
