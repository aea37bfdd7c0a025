"""The `pagesift` command: `run`, `report`, `serve` the flow; `eval` extraction quality."""

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


RawOpt = Annotated[str, typer.Option(help="Folder (or fsspec URL: file://, memory://, s3://) of raw pages (.html, .htm, .html.gz, .txt), read recursively.")]
OutOpt = Annotated[str, typer.Option(help="Output folder (or fsspec URL): datasets, datapackage.json, rejected.jsonl, run_report.json.")]
BatchOpt = Annotated[int, typer.Option(min=1, help="Pages per Prefect task run.")]
WorkersOpt = Annotated[Optional[int], typer.Option(min=1, help="Local worker processes (default: one per core).")]


@app.command()
def run(
    raw: RawOpt = "raw",
    out: OutOpt = "processed",
    batch_size: BatchOpt = DEFAULT_BATCH_SIZE,
    workers: WorkersOpt = None,
    full: Annotated[bool, typer.Option("--full", help="Process every page again, not only new and changed ones.")] = False,
    dask_address: Annotated[Optional[str], typer.Option(help="Run the batches on an existing Dask cluster (tcp://HOST:PORT).")] = None,
) -> None:
    """Run the process-pages flow over RAW into OUT (only new and changed pages) and print a summary."""
    from .flows.api import TemporaryAPI  # Prefect is imported only by the commands that run flows

    api = TemporaryAPI()  # starts now, while the imports below run
    from .flows import pool, progress
    from .flows.process_pages import choose_flow
    from pagesift.store import RunRefused

    try:
        found = discover(raw)
    except FileNotFoundError:
        api.stop()
        console.print(f"[red]raw folder not found: {raw}[/red]")
        raise typer.Exit(2) from None
    batches = -(-len(found) // batch_size)  # more processes than batches only cost start-up
    flow, workers = choose_flow(workers, batches, dask_address, raw)
    pool.start(workers)  # the workers import the extractor while the API starts
    if console.is_terminal:
        progress.use(_TerminalProgress())
    try:
        with api.serving():
            report = flow(raw=str(raw), out=str(out), batch_size=batch_size, full=full, workers=workers)
    except RunRefused as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(3) from None
    finally:
        pool.stop()
    console.print(_report_table(report.as_dict()))


class _TerminalProgress:
    """A progress bar with pages/s and ETA for runs started from a terminal."""

    def __init__(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._bar = Progress(
            TextColumn("extracting"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} pages/s"),
            TextColumn("ETA"), TimeRemainingColumn(), console=console, transient=True,
        )
        self._task = None

    def start(self, total: int) -> None:
        self._bar.start()
        self._task = self._bar.add_task("extract", total=total, rate="-")

    def advance(self, pages: int) -> None:
        self._bar.advance(self._task, pages)
        speed = self._bar.tasks[0].speed
        self._bar.update(self._task, rate=f"{speed:.1f}" if speed else "-")

    def stop(self) -> None:
        self._bar.stop()


def _report_table(report: dict) -> Table:
    table = Table(title=f"pagesift run: {report['raw']} → {report['out']}", show_header=False)
    table.add_row("pages found", str(report["found"]))
    table.add_row("new / changed / unchanged / deleted",
                  f"{report['new']} / {report['changed']} / {report['unchanged']} / {report['deleted']}")
    table.add_row("published", str(report["published"]))
    rejected = f"{report['rejected']}" + (f"  (see {report['out'].rstrip('/')}/rejected.jsonl)" if report["rejected"] else "")
    table.add_row("rejected", rejected)
    for reason, n in list(report["rejects_by_reason"].items())[:8]:
        table.add_row("", f"{n} × {reason}")
    table.add_row("rows", ", ".join(f"{k} {v}" for k, v in report["rows"].items()))
    table.add_row("section kinds", ", ".join(f"{k} {v}" for k, v in report["kinds"].items()) or "-")
    table.add_row("stages", ", ".join(f"{k} {v:.2f} s" for k, v in report["timings"].items()))
    table.add_row("time", f"{report['seconds']:.2f} s")
    return table


@app.command()
def report(out: OutOpt = "processed",
           as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False) -> None:
    """Print the report of the last run that published into OUT."""
    from .report import load_report

    data = load_report(out)
    if data is None:
        console.print(f"[red]no run report in {out} (run `pagesift run --out {out}` first)[/red]")
        raise typer.Exit(2)
    if as_json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        console.print(_report_table(data))


@app.command()
def serve(
    cron: Annotated[str, typer.Option(help="Cron schedule of the deployment.")] = "0 * * * *",
    name: Annotated[str, typer.Option(help="Deployment name (process-pages/NAME).")] = "pagesift",
    raw: RawOpt = "raw",
    out: OutOpt = "processed",
    batch_size: BatchOpt = DEFAULT_BATCH_SIZE,
    workers: WorkersOpt = None,
) -> None:
    """Serve process-pages as a scheduled Prefect deployment (needs a Prefect server: `make server`)."""
    import os

    if not os.environ.get("PREFECT_API_URL"):
        console.print("[red]PREFECT_API_URL is not set: start a server (`make server`) and "
                      "export PREFECT_API_URL=http://127.0.0.1:4200/api[/red]")
        raise typer.Exit(2)
    from .flows.process_pages import choose_flow

    flow, workers = choose_flow(workers, None, None)
    from .location import is_remote

    def absolute(where: str) -> str:
        return where if is_remote(where) else str(Path(where).resolve())

    parameters = {"raw": absolute(raw), "out": absolute(out), "batch_size": batch_size, "workers": workers}
    console.print(f"serving process-pages/{name} on '{cron}'; run it now with "
                  f"`prefect deployment run process-pages/{name}`")
    flow.serve(name=name, cron=cron, parameters=parameters)


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
