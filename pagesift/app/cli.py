"""The `pagesift` command: `run`, `report`, `serve` the flow; `eval` extraction quality.

A user's mistake is one line on stderr that says what to do, and an exit code; the traceback is
shown only with `pagesift --debug COMMAND`. What `run` can check before Prefect starts (the
folders, the output lock, the Prefect API) it checks first. Exit codes:

- 0: done; 1: the run failed (the message says why; e.g. the outputs could not be written);
- 2: a usage error: a bad option or value, a missing or unusable --raw/--out, a bad --cron;
- 3: the output folder is in use by another pagesift run;
- 4: the Prefect API cannot be reached (PREFECT_API_URL) or the temporary one did not start;
- 130: interrupted (Ctrl-C); 143: terminated (SIGTERM). Either stops everything the run started
  within a second, and says whether the published files changed (they are unchanged unless the
  run had already committed its new files).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
import traceback
from contextlib import suppress
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table
from typer.exceptions import TyperException

from pagesift.dataset.discover import discover
from pagesift.dataset.location import is_remote, local_path, work_folder
from pagesift.dataset.sources import archive_source
from pagesift.dataset.store import COMMITTED, TMP, OutputLock, RunRefused, discard_unused
from pagesift.settings import DEFAULT_BATCH_SIZE, DEFAULT_NEAR_DUPLICATE_THRESHOLD
from pagesift.text import counted

if TYPE_CHECKING:
    from rich.progress import Progress

    from pagesift.dataset.report import RunReport
    from pagesift.flows.api import TemporaryAPI

EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED, EXIT_API = 1, 2, 3, 4


def _process_start() -> float:
    """When this process started, on the monotonic clock: the summary's time is the command's wall
    time, Python's own start-up included (Linux: /proc; elsewhere, from this module's import)."""
    now = time.monotonic()
    try:
        with open("/proc/self/stat", "rb") as stat:
            ticks = int(stat.read().rsplit(b")", 1)[1].split()[19])  # field 22: start time since boot
        return now - (time.clock_gettime(time.CLOCK_BOOTTIME) - ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError, AttributeError):
        return now


_STARTED = _process_start()

app = typer.Typer(
    help="pagesift: raw health-article pages in, validated normalized datasets out.",
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()  # the summary, on stdout
err = Console(stderr=True, soft_wrap=True)  # what the command is doing, and errors, on stderr
_debug = False
_done = False  # set by a finished `run`: the process may end without the interpreter's teardown
_ending = threading.Lock()  # held while a run's end is printed: by the run, or by `_ServerDied`
_created: Path | None = None  # the output folder `run` created: removed at the end if it holds only its lock


def _discard_created() -> None:
    """A run that stops before it publishes (interrupted, failed) leaves no output folder it created."""
    if _created is not None:
        discard_unused(_created)


class CommandError(Exception):
    """A failure the command reports in one line, with its exit code (never a traceback)."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


@app.callback()
def _commands(
    debug: Annotated[bool, typer.Option("--debug", help="Show Prefect's log lines and the traceback of an error.")] = False,
) -> None:
    """pagesift: raw health-article pages in, validated normalized datasets out."""
    global _debug
    _debug = debug


RawOpt = Annotated[str, typer.Option(help="Folder (or fsspec URL: file://, memory://, s3://) of raw pages (.html, .htm, .html.gz, .txt, and archives: .warc, .warc.gz, .jsonl, .jsonl.gz of {url, html}), read recursively; or one archive file.")]
OutOpt = Annotated[str, typer.Option(help="Output folder (or fsspec URL), outside --raw: datasets, datapackage.json, rejected.jsonl, run_report.json.")]
BatchOpt = Annotated[int, typer.Option(min=1, help="Pages per Prefect task run.")]
WorkersOpt = Annotated[int | None, typer.Option(min=1, help="Local worker processes (default: one per core).")]
DropOpt = Annotated[bool, typer.Option("--drop-near-duplicates", help="Publish only the first article of each near-duplicate group; reject the others (stage dedup).")]
ThresholdOpt = Annotated[float, typer.Option(min=0.01, max=1.0, help="Estimated similarity of the main texts' shingles from which articles are near-duplicates.")]


def _check_locations(raw: str, out: str, probe_lock: bool = True) -> Path:
    """Refuse, before Prefect starts, the folders a run cannot use; the local folder it writes.

    --out must be a folder we can create and write, not the raw folder or inside it (the next run
    would read its own outputs), and (`probe_lock`) not in use by another run — that last check is
    made again, for good, by the flow's own lock.
    """
    raw_path = None if is_remote(raw) else Path(local_path(raw))
    if raw_path is not None and not raw_path.exists():
        raise CommandError(f"raw folder not found: {raw} (--raw names the folder of the raw pages)", EXIT_USAGE)
    if raw_path is not None and not raw_path.is_dir() and archive_source(str(raw_path)) is None:
        raise CommandError(f"--raw {raw} is a file, not a folder or an archive (.warc, .warc.gz, .jsonl, .jsonl.gz): "
                           "give the folder that holds the raw pages", EXIT_USAGE)
    work = work_folder(out)
    if not is_remote(out):
        if work.exists() and not work.is_dir():
            raise CommandError(f"--out {out} is a file, not a folder: give a folder for the outputs", EXIT_USAGE)
        if raw_path is not None and (work.resolve() == raw_path.resolve() or raw_path.resolve() in work.resolve().parents):
            raise CommandError(f"--out {out} is inside --raw {raw}: the next run would read its own outputs; "
                               f"choose an output folder outside {raw}", EXIT_USAGE)
    try:
        work.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CommandError(f"cannot create the output folder {out}: {exc.strerror or exc}", EXIT_USAGE) from None
    if not os.access(work, os.W_OK | os.X_OK):
        raise CommandError(f"cannot write into the output folder {out}: permission denied", EXIT_USAGE)
    if probe_lock:
        try:
            with OutputLock(work):
                pass
        except RunRefused as exc:
            raise CommandError(str(exc), EXIT_LOCKED) from None
    return work


def _api_check() -> str | None:
    """The user's PREFECT_API_URL, checked to answer (exit 4 if not); None for a temporary API."""
    from pagesift.flows.api import APIUnavailable, check_api

    url = os.environ.get("PREFECT_API_URL")
    if url:
        try:
            check_api(url)
        except APIUnavailable as exc:
            raise CommandError(str(exc), EXIT_API) from None
    return url


def _quiet_prefect(temporary_api: bool) -> None:
    """Before Prefect is imported: the terminal gets our lines, not Prefect's INFO log (unless
    --debug); a temporary API, which nobody reads after the run, gets no log lines at all."""
    if not _debug:
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
    if temporary_api:
        os.environ.setdefault("PREFECT_LOGGING_TO_API_ENABLED", "false")


def _hide_run_failures() -> None:
    """A failed run is reported by the CLI in one line; Prefect's ERROR records of that same
    failure (with their tracebacks) stay off the terminal unless --debug. Other ERRORs show."""
    import logging

    from prefect.logging.handlers import PrefectConsoleHandler

    def keep(record: logging.LogRecord) -> bool:
        return not (record.levelno >= logging.ERROR and record.name.startswith(("prefect.flow_runs", "prefect.task_runs")))

    if not _debug:
        for handler in logging.getLogger().handlers:
            if isinstance(handler, PrefectConsoleHandler):
                handler.addFilter(keep)


@app.command()
def run(
    raw: RawOpt = "raw",
    out: OutOpt = "processed",
    batch_size: BatchOpt = DEFAULT_BATCH_SIZE,
    workers: WorkersOpt = None,
    full: Annotated[bool, typer.Option("--full", help="Process every page again, not only new and changed ones.")] = False,
    dask_address: Annotated[str | None, typer.Option(help="Run the batches on an existing Dask cluster (tcp://HOST:PORT).")] = None,
    drop_near_duplicates: DropOpt = False,
    near_duplicate_threshold: ThresholdOpt = DEFAULT_NEAR_DUPLICATE_THRESHOLD,
) -> None:
    """Run the process-pages flow over RAW into OUT (only new and changed pages) and print a summary."""
    global _created
    _created = None if work_folder(out).exists() else work_folder(out)
    work = _check_locations(raw, out)
    api_url = _api_check()
    _quiet_prefect(temporary_api=api_url is None)
    err.print(f"starting: {raw} → {out}, " + (f"Prefect API at {api_url}" if api_url else "starting a temporary Prefect API")
              + " …", markup=False, highlight=False)
    from pagesift.flows.api import TemporaryAPI  # Prefect: only in the commands that run flows

    api = TemporaryAPI()  # starts now, while the imports below run
    reporter = _ConsoleProgress(live=err.is_terminal)
    api.on_death = _ServerDied(work, reporter, remote=is_remote(out))
    _Interrupt(api, work, reporter).install()
    try:
        report = _run_flow(api, reporter, raw, out, batch_size, workers, full, dask_address,
                           {"drop_near_duplicates": drop_near_duplicates,
                            "near_duplicate_threshold": near_duplicate_threshold})
    finally:
        api.stop()
    with _ending:
        console.print(_report_table(report.as_dict(), wall=time.monotonic() - _STARTED))
    global _done
    _done = True  # outputs closed, Prefect's queues flushed, the temporary server and the workers stopped


def _run_flow(api: TemporaryAPI, reporter: _ConsoleProgress, raw: str, out: str, batch_size: int,
              workers: int | None, full: bool, dask_address: str | None, near: dict[str, bool | float]) -> RunReport:
    """The flow run of `pagesift run`, its failures turned into one-line errors."""
    from pagesift.dataset.publish import PublishError
    from pagesift.errors import RunFault
    from pagesift.flows import pool, progress
    from pagesift.flows.api import APIUnavailable, preload
    from pagesift.flows.process_pages import choose_flow, hand_over

    _hide_run_failures()
    try:
        found = discover(raw)  # the run's one discovery, while the API starts: the flow plans these pages
    except FileNotFoundError:
        raise CommandError(f"raw folder not found: {raw} (--raw names the folder of the raw pages)", EXIT_USAGE) from None
    flow, workers = choose_flow(workers, -(-len(found) // batch_size), dask_address, raw)  # no more processes than batches
    hand_over(str(raw), found)
    pool.start(workers)  # the workers import the extractor while the API starts
    progress.use(reporter)
    preload()
    try:
        with api.serving():
            if api.url:
                reporter.stage("api", f"Prefect API ready after {time.monotonic() - _STARTED:.1f} s")
            return flow(raw=str(raw), out=str(out), batch_size=batch_size, full=full, workers=workers, **near)
    except APIUnavailable as exc:
        raise CommandError(str(exc), EXIT_API) from None
    except RunRefused as exc:
        raise CommandError(str(exc), EXIT_LOCKED) from None
    except (PublishError, RunFault) as exc:
        raise CommandError(str(exc), EXIT_FAILED) from None
    except Exception as exc:
        if reporter.report is None:
            raise
        # The run's files are final; only telling Prefect failed (its API went away after them).
        err.print(f"pagesift: warning: the Prefect API failed after the run's files were final "
                  f"({type(exc).__name__}: {exc}); the run's state in Prefect may be wrong", markup=False, highlight=False)
        return reporter.report
    finally:
        pool.stop()


class _ConsoleProgress:
    """`pagesift run`'s own feedback on stderr: a line per stage, and during extraction a bar with
    pages/s and ETA on a terminal (else a line every `every` seconds)."""

    def __init__(self, live: bool, every: float = 10.0) -> None:
        from pagesift.flows.progress import Rate

        self.live, self.every, self.rate, self.last = live, every, Rate(0), 0.0
        self.stage_name = "starting"
        self._bar: Progress | None = None
        self.report: RunReport | None = None  # set once the run's files are final

    def stage(self, name: str, message: str) -> None:
        self.stage_name = name
        err.print(message, markup=False, highlight=False)

    def start(self, total: int) -> None:
        from pagesift.flows.progress import Rate

        self.stage_name, self.rate, self.last = "extracting", Rate(total), time.monotonic()
        if self.live and total:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(
                TextColumn("extracting"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[rate]} pages/s"),
                TextColumn("ETA"), TimeRemainingColumn(), console=err, transient=True,
            )
            self._bar.start()
            self._bar.add_task("extract", total=total, rate="-")

    def advance(self, pages: int) -> None:
        self.rate.done += pages
        if self._bar is not None:
            task = self._bar.tasks[0]
            self._bar.advance(task.id, pages)
            self._bar.update(task.id, rate=f"{task.speed:.1f}" if task.speed else "-")
        elif time.monotonic() - self.last >= self.every:
            err.print(self.rate.line(), highlight=False)
            self.last = time.monotonic()

    def stop(self, summary: bool = True) -> None:
        """End the bar; `summary`: and print the extraction's last line (not when interrupted: the
        interrupt's own line is the last word)."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
        if summary and self.stage_name == "extracting" and self.rate.total:
            err.print(self.rate.line(), highlight=False)
            self.stage_name = "extracted"

    def finished(self, report: RunReport) -> None:
        self.report = report


def _outcome(work: Path, reporter: _ConsoleProgress) -> str:
    """What became of the published files when a run stops before its end."""
    if reporter.report is not None or reporter.stage_name == "published":
        return "the new files are published"
    if (work / TMP / COMMITTED).exists():
        return "the new files were complete and are being moved into place: the next run finishes that"
    return "the published files are unchanged"


def _kill_workers() -> None:
    kill = getattr(sys.modules.get("pagesift.flows.pool"), "kill", None)  # None: no pool started yet
    if kill is not None:
        kill()


class _ServerDied:
    """The temporary API server ended during `pagesift run` (a crash, the OOM killer): a run whose
    files are final is done (its summary, a warning, exit 0); any other run cannot go on without
    its API, so it stops at once, says what became of the published files, and exits 1 — instead
    of the Prefect client retrying a dead server for minutes."""

    def __init__(self, work: Path, reporter: _ConsoleProgress, remote: bool) -> None:
        self.work, self.reporter, self.remote = work, reporter, remote
        self.before = self._saved_start()

    def _saved_start(self) -> str | None:
        from pagesift.dataset.report import load_report

        with suppress(OSError, ValueError):
            return (load_report(str(self.work)) or {}).get("started_at")
        return None

    def final_report(self) -> dict | None:
        """The run's report if its files are final, else None. The report is committed with the
        data, so a report this run did not find at its start means this run's files are published
        (the server may die between the commit and the flow's next step)."""
        if self.reporter.report is not None:
            return self.reporter.report.as_dict()
        if self.remote:
            return None  # published in the work folder maybe, but not uploaded
        deadline = time.monotonic() + 10  # a commit under way only renames files: let it end
        while (self.work / TMP / COMMITTED).exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        if self.reporter.stage_name != "settled" and self._saved_start() == self.before:
            return None
        from pagesift.dataset.report import load_report

        with suppress(OSError, ValueError):
            return load_report(str(self.work))
        return None

    def __call__(self, returncode: int) -> None:
        _ending.acquire()  # the run's own ending, if it got there first, is not printed twice
        code = EXIT_FAILED
        try:
            with suppress(Exception):
                self.reporter.stop()
            _kill_workers()
            report = self.final_report()
            if report is not None:
                console.print(_report_table(report, wall=time.monotonic() - _STARTED))
                err.print(f"pagesift: warning: the temporary Prefect API server stopped (exit code {returncode}) "
                          "after the run's files were final; nothing is lost", markup=False, highlight=False)
                code = 0
            else:
                err.print(f"pagesift: failed: the temporary Prefect API server stopped during the run (exit code "
                          f"{returncode}); {_outcome(self.work, self.reporter)}; run again", markup=False, highlight=False)
                _discard_created()
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


class _Interrupt:
    """Ctrl-C (SIGINT) or SIGTERM during `pagesift run`: stop the worker processes and the
    temporary API server (its own process group, so the terminal's Ctrl-C reached only us), say
    what became of the published files, and exit at once (130 / 143). What a stopped run leaves in
    its output folder (a staging folder, an unfinished publish) the next run clears, as after a
    crash; its lock goes with the process."""

    def __init__(self, api: TemporaryAPI, work: Path, reporter: _ConsoleProgress) -> None:
        self.api, self.work, self.reporter = api, work, reporter

    def install(self) -> None:
        signal.signal(signal.SIGINT, self)
        signal.signal(signal.SIGTERM, self)

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C does not interrupt the stop
        what = "interrupted" if signum == signal.SIGINT else "terminated"
        try:
            with suppress(Exception):  # the terminal's bar is cosmetic; stopping the run is not
                self.reporter.stop(summary=False)
            _kill_workers()
            if self.api.process is None and "prefect.context" in sys.modules:  # the user's server
                from pagesift.flows.api import cancel_current_run

                cancel_current_run(f"{what} (pagesift run stopped by the user)")
            self.api.kill()
            err.print(f"{what}; {_outcome(self.work, self.reporter)}", markup=False, highlight=False)
            _discard_created()
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(128 + signum)


def _report_table(report: dict, wall: float | None = None) -> Table:
    table = Table(title=f"pagesift run: {report['raw']} → {report['out']}", show_header=False)
    table.add_row("pages found", str(report["found"]))
    table.add_row("new / changed / unchanged / deleted",
                  f"{report['new']} / {report['changed']} / {report['unchanged']} / {report['deleted']}")
    table.add_row("published", str(report["published"]))
    rejected = f"{report['rejected']}" + (f"  (see {report['out'].rstrip('/')}/rejected.jsonl)" if report["rejected"] else "")
    table.add_row("rejected", rejected)
    for code, n in list(report.get("rejects_by_code", {}).items())[:8]:
        table.add_row("", f"{n} × {code}")
    table.add_row("rows", ", ".join(f"{k} {v}" for k, v in report["rows"].items()))
    table.add_row("section kinds", ", ".join(f"{k} {v}" for k, v in report["kinds"].items()) or "-")
    table.add_row("languages", ", ".join(f"{k} {v}" for k, v in report.get("languages", {}).items()) or "-")
    dropped = report.get("near_duplicates_dropped", 0)
    groups, copies = report.get("near_duplicate_groups", 0), report.get("near_duplicates", 0)
    table.add_row("near-duplicates", f"{counted(groups, 'group')}, {counted(copies, 'article')} copying their group's first"
                  + (f", {dropped} of them dropped" if dropped else ""))
    table.add_row("stages", ", ".join(f"{k} {v:.2f} s" for k, v in report["timings"].items()))
    if wall is None:
        table.add_row("time", f"{report['seconds']:.2f} s (the flow)")
    else:
        table.add_row("time", f"{wall:.1f} s (the flow {report['seconds']:.1f} s, the rest start-up and Prefect)")
    return table


@app.command()
def report(out: OutOpt = "processed",
           as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False) -> None:
    """Print the report of the last run that published into OUT."""
    from pagesift.dataset.report import load_report

    data = load_report(out)
    if data is None:
        raise CommandError(f"no run report in {out} (run `pagesift run --out {out}` first)", EXIT_USAGE)
    if as_json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        console.print(_report_table(data))


@app.command()
def serve(
    cron: Annotated[str, typer.Option(help="Cron schedule of the deployment (five fields: minute hour day month weekday).")] = "0 * * * *",
    name: Annotated[str, typer.Option(help="Deployment name (process-pages/NAME).")] = "pagesift",
    raw: RawOpt = "raw",
    out: OutOpt = "processed",
    batch_size: BatchOpt = DEFAULT_BATCH_SIZE,
    workers: WorkersOpt = None,
    drop_near_duplicates: DropOpt = False,
    near_duplicate_threshold: ThresholdOpt = DEFAULT_NEAR_DUPLICATE_THRESHOLD,
) -> None:
    """Serve process-pages as a scheduled Prefect deployment (needs a Prefect server: `make server`)."""
    if not os.environ.get("PREFECT_API_URL"):
        raise CommandError("PREFECT_API_URL is not set: start a server (`make server`) and "
                           "export PREFECT_API_URL=http://127.0.0.1:4200/api", EXIT_USAGE)
    _check_locations(raw, out, probe_lock=False)
    from prefect.client.schemas.schedules import CronSchedule  # Prefect's own check, before serving
    from pydantic import ValidationError

    try:
        CronSchedule(cron=cron)
    except ValidationError:
        raise CommandError(f"--cron {cron!r} is not a valid cron expression: give five fields, minute hour day "
                           "month weekday (e.g. \"0 * * * *\" for hourly)", EXIT_USAGE) from None
    _api_check()
    from pagesift.flows.process_pages import choose_flow

    flow, workers = choose_flow(workers, None, None)

    def absolute(where: str) -> str:
        return where if is_remote(where) else str(Path(where).resolve())

    parameters = {"raw": absolute(raw), "out": absolute(out), "batch_size": batch_size, "workers": workers,
                  "drop_near_duplicates": drop_near_duplicates, "near_duplicate_threshold": near_duplicate_threshold}
    err.print(f"serving process-pages/{name} on '{cron}'; run it now with "
              f"`prefect deployment run process-pages/{name}`", markup=False, highlight=False)
    flow.serve(name=name, cron=cron, parameters=parameters)


@app.command("eval")
def eval_(
    gold: Annotated[Path | None, typer.Option(help="Folder of NAME.gold.json annotations (and raw pages, unless --raw).")] = None,
    raw: Annotated[Path | None, typer.Option(help="Folder of the raw pages NAME.* (default: the --gold folder).")] = None,
    aeb: Annotated[Path | None, typer.Option(help="Article Extraction Benchmark folder (ground-truth.json, html/): score the main text.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List the items missed and invented, page by page.")] = False,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the figures to this JSON file.")] = None,
    split: Annotated[bool, typer.Option("--split", help="Also score the two halves of the gold pages, split by site (A and B).")] = False,
    half: Annotated[str | None, typer.Option(help="Score only this half of the gold pages (A or B, split by site).")] = None,
) -> None:
    """Score extraction against gold annotations (precision, recall, F1 per field) and/or AEB."""
    from pagesift.app.evaluate import FIELDS, GROUPS, HALVES, evaluate, evaluate_aeb, half_of, summarise

    if gold is None and aeb is None:
        raise CommandError("give --gold DIR and/or --aeb DIR", EXIT_USAGE)
    figures: dict[str, object] = {}
    if half is not None and half.upper() not in HALVES:
        raise CommandError(f"--half must be A or B, not {half!r}", EXIT_USAGE)
    if gold is not None:
        if not gold.is_dir():
            raise CommandError(f"--gold {gold}: no such folder", EXIT_USAGE)
        report = evaluate(gold, raw, half.upper() if half else None)
        if not report.pages:
            raise CommandError(f"no raw page in {raw or gold} has a gold file in {gold}", EXIT_USAGE)
        halves = {h: summarise([p for p in report.pages if half_of(p.path) == h]) for h in HALVES} if split else {}
        for label, part in [*((f"half {h}", r) for h, r in halves.items()), ("all", report)]:
            name = f"half {half.upper()} of " if half else ("" if label == "all" else f"{label}: ")
            table = Table(title=f"pagesift eval: {name}{len(part.pages)} pages of {gold}")
            for column in ("field", "precision", "recall", "F1", "tp", "fp", "fn"):
                table.add_column(column, justify="left" if column == "field" else "right")
            rows = [(n, part.fields[n]) for n in FIELDS] + [(g, part.groups[g]) for g in GROUPS] + [("micro", part.micro)]
            for row_name, s in rows:
                table.add_row(row_name, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.tp), str(s.fp), str(s.fn))
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
        for h, part in halves.items():
            figures[f"gold_half_{h}"] = part.as_dict()
    if aeb is not None:
        if not (aeb / "ground-truth.json").is_file():
            console.print(f"[yellow]AEB folder {aeb} not found: main-text evaluation skipped[/yellow]")
        else:
            scores = evaluate_aeb(aeb)
            table = Table(title=f"main text on AEB ({scores['pagesift']['pages']} pages)")
            for column in ("extractor", "precision", "recall", "F1"):
                table.add_column(column)
            for name, score in scores.items():
                table.add_row(name, f"{score['precision']:.3f}", f"{score['recall']:.3f}", f"{score['f1']:.3f}")
            console.print(table)
            figures["aeb"] = scores
    if json_out is not None:
        json_out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """The console script: every failure is one line and an exit code (with --debug, the traceback)."""
    args = sys.argv[1:] if argv is None else argv
    try:
        code = app(args=args or ["--help"], prog_name="pagesift", standalone_mode=False)
    except TyperException as exc:  # a bad option or value (typer's click), before the command ran
        ctx = getattr(exc, "ctx", None)
        where = ctx.command_path if ctx is not None else "pagesift"
        err.print(f"{where}: {exc.format_message()} (see `{where} --help`)", markup=False, highlight=False)
        code = getattr(exc, "exit_code", EXIT_USAGE)
    except CommandError as exc:
        if _debug:
            traceback.print_exc()
        err.print(f"pagesift: {exc}", markup=False, highlight=False)
        code = exc.code
    except (KeyboardInterrupt, typer.Abort):
        err.print("interrupted", highlight=False)
        code = 130
    except Exception as exc:
        if _debug:
            traceback.print_exc()
        err.print(f"pagesift: failed: {type(exc).__name__}: {exc}" + ("" if _debug else " (run `pagesift --debug …` for the traceback)"),
                  markup=False, highlight=False)
        code = EXIT_FAILED
    _discard_created()
    if _done:
        # The interpreter's teardown after a run (native libraries' thread pools and memory) took
        # seconds on a busy machine after the summary was printed: the summary's time is the wall time.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code or 0)
    sys.exit(code or 0)
