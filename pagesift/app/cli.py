"""The `pagesift` command: `run`, `report`, `serve` the flow; `eval` extraction quality.

A user's mistake is one line on stderr that says what to do, and an exit code; the traceback is
shown only with `pagesift --debug COMMAND`. What `run` can check before Prefect starts (the
folders, the output lock, the Prefect API) it checks first. Exit codes:

- 0: done; 1: the run failed (the message says why; e.g. the outputs could not be written);
- 2: a usage error: a bad option or value, a missing or unusable --raw/--out, a bad --cron;
- 3: the output folder is in use by another pagesift run;
- 4: the Prefect API cannot be reached (PREFECT_API_URL) or the temporary one did not start, or
  the Dask scheduler (--dask-address) cannot be reached or has no worker;
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
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from typer.exceptions import TyperException

from pagesift.app.voice import DEBUG, FORMATS, NORMAL, QUIET, VERBOSE, JSONFormatter, Voice
from pagesift.dataset.discover import Discovery, discover
from pagesift.dataset.location import is_remote, local_path, work_folder
from pagesift.dataset.sources import archive_source, suffixes
from pagesift.dataset.store import COMMITTED, TMP, OutputLock, RunRefused, discard_unused
from pagesift.settings import DEFAULT_BATCH_SIZE, DEFAULT_NEAR_DUPLICATE_THRESHOLD
from pagesift.text import counted, printable

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
    rich_markup_mode=None,  # click's plain help: fits 80 columns and never cuts an option's name
    context_settings={"help_option_names": ["-h", "--help"]},
)
console = Console()  # the summary, on stdout
voice = Voice()  # what the command is doing, and errors, on stderr (-q/-v, --log-format)
_done = False  # set by a finished `run`: the process may end without the interpreter's teardown
_ending = threading.Lock()  # held while a run's end is printed: by the run, or by `_ServerDied`
_CLOSE_WAIT_S = 0.2  # how long a Ctrl-C waits for the progress line being printed before it says its own
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


def _version(show: bool) -> None:
    if show:
        from pagesift import PIPELINE_VERSION, __version__

        print(f"pagesift {__version__} (pipeline {PIPELINE_VERSION})")
        raise typer.Exit()


@app.callback()
def _commands(
    version: Annotated[
        bool, typer.Option("--version", is_eager=True, callback=_version, help="Print pagesift's version and exit.")
    ] = False,
    verbose: Annotated[
        int,
        typer.Option(
            "--verbose",
            "-v",
            count=True,
            show_default=False,
            help="Say more: -v Prefect's log lines, -vv debug lines and tracebacks.",
        ),
    ] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only warnings, errors and the summary.")] = False,
    log_format: Annotated[
        str,
        typer.Option(
            metavar="text|json", help="text, or json: one JSON object a line on stderr, the summary as JSON on stdout."
        ),
    ] = "text",
    debug: Annotated[
        bool, typer.Option("--debug", help="Same as -vv: Prefect's debug lines, the traceback of an error.")
    ] = False,
) -> None:
    """pagesift: raw health-article pages in, validated normalized datasets out."""
    if log_format not in FORMATS:
        raise typer.BadParameter(f"{log_format!r} is not one of {', '.join(FORMATS)}", param_hint="'--log-format'")
    voice.format = log_format
    voice.level = DEBUG if debug else QUIET if quiet else min(NORMAL + verbose, DEBUG)


def _debug() -> bool:
    return voice.level >= DEBUG


RawOpt = Annotated[
    str,
    typer.Option(
        help=f"Folder (or fsspec URL: file://, memory://, s3://) of raw pages ({suffixes(archive=False)}, and archives: {suffixes(archive=True)}), read recursively; or one archive file."
    ),
]
OutOpt = Annotated[
    str,
    typer.Option(
        help="Output folder (or fsspec URL), outside --raw: datasets, datapackage.json, rejected.jsonl, run_report.json."
    ),
]
BatchOpt = Annotated[int, typer.Option(min=1, help="Pages per Prefect task run.")]
WorkersOpt = Annotated[int | None, typer.Option(min=1, help="Local worker processes (default: one per core).")]
DropOpt = Annotated[
    bool,
    typer.Option(
        "--drop-near-duplicates",
        help="Publish only the first article of each near-duplicate group; reject the others (stage dedup).",
    ),
]
ThresholdOpt = Annotated[
    float,
    typer.Option(
        min=0.01,
        max=1.0,
        help="Estimated similarity of the main texts' shingles from which articles are near-duplicates.",
    ),
]


def _check_locations(raw: str, out: str, probe_lock: bool = True, write: bool = True) -> Path:
    """Refuse, before Prefect starts, the folders a run cannot use; the local folder it writes.

    --out must be a folder we can create and write (`write`; a dry run only reads it), not the raw
    folder or inside it (the next run would read its own outputs), and (`probe_lock`) not in use by
    another run — that last check is made again, for good, by the flow's own lock.
    """
    raw_path = None if is_remote(raw) else Path(local_path(raw))
    if raw_path is not None and not raw_path.exists():
        raise CommandError(f"raw folder not found: {raw} (--raw names the folder of the raw pages)", EXIT_USAGE)
    if raw_path is not None and not raw_path.is_dir() and archive_source(str(raw_path)) is None:
        raise CommandError(
            f"--raw {raw} is a file, not a folder or an archive ({suffixes(archive=True)}): "
            "give the folder that holds the raw pages",
            EXIT_USAGE,
        )
    work = work_folder(out)
    if not is_remote(out):
        if work.exists() and not work.is_dir():
            raise CommandError(f"--out {out} is a file, not a folder: give a folder for the outputs", EXIT_USAGE)
        if raw_path is not None and (
            work.resolve() == raw_path.resolve() or raw_path.resolve() in work.resolve().parents
        ):
            raise CommandError(
                f"--out {out} is inside --raw {raw}: the next run would read its own outputs; "
                f"choose an output folder outside {raw}",
                EXIT_USAGE,
            )
    if not write:
        return work
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


def _discover(raw: str) -> Discovery:
    try:
        return discover(raw)
    except FileNotFoundError:
        raise CommandError(
            f"raw folder not found: {raw} (--raw names the folder of the raw pages)", EXIT_USAGE
        ) from None


def _sample(found: Discovery, limit: int, raw: str, out: str) -> Discovery:
    """`--limit N`: the sample, said (its first pages; all of them with -v or in JSON), refused
    when it would delete pages OUT published from outside it."""
    from pagesift.dataset import run

    sampled = run.sample(found, limit)
    dropped = run.outside(sampled, found, work_folder(out))
    if dropped:
        raise CommandError(
            f"--limit {limit} would delete {counted(len(dropped), 'page')} that {out} published from outside "
            f"the sample (first: {printable(dropped[0])}); give a new --out for a sample",
            EXIT_USAGE,
        )
    refs = sorted([*sampled, *(r.ref for r in sampled.rejections)])
    shown = refs if voice.level >= VERBOSE else refs[:5]
    more = "" if len(shown) == len(refs) else f", … ({len(refs) - len(shown)} more: -v lists them)"
    voice.say(
        f"--limit {limit}: a sample of {len(refs)} of {found.found} pages, the same each run (those whose paths "
        f"hash lowest): {', '.join(map(printable, shown))}{more}",
        event="sample",
        pages=refs,
    )
    return sampled


def _dry_run(raw: str, out: str, full: bool, limit: int | None) -> None:
    """`run --dry-run`: the plan against OUT's manifest as it stands, on stdout (the dry run's
    result, as the summary is a run's); nothing written."""
    from pagesift.dataset import run

    work = _check_locations(raw, out, probe_lock=False, write=False)
    found = _discover(raw)
    if limit is not None:
        found = _sample(found, limit, raw, out)
    plan = run.preview(found, work, full)
    if voice.json:
        print(
            json.dumps(
                {
                    "dry_run": True,
                    "found": found.found,
                    "new": plan.new,
                    "changed": plan.changed,
                    "unchanged": len(plan.unchanged),
                    "deleted": plan.deleted,
                },
                ensure_ascii=False,
            )
        )
        return
    print(
        f"dry run: found {found.found} pages: {len(plan.new)} new, {len(plan.changed)} changed, "
        f"{len(plan.unchanged)} unchanged, {len(plan.deleted)} deleted; a run would process {len(plan.todo)}, "
        f"carry over {len(plan.unchanged)} and delete {len(plan.deleted)} from {out}; nothing was written"
    )
    for what, refs in (("new", plan.new), ("changed", plan.changed), ("deleted", plan.deleted)):
        shown = refs if voice.level >= VERBOSE else refs[:20]
        print("".join(f"  {what}: {printable(ref)}\n" for ref in shown), end="")
        if len(shown) < len(refs):
            print(f"  … and {len(refs) - len(shown)} more {what} (-v lists them)")


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
    """Before Prefect is imported: the terminal gets our lines, not Prefect's INFO log (unless -v);
    a temporary API, which nobody reads after the run, gets no log lines at all."""
    level = {VERBOSE: "INFO", DEBUG: "DEBUG"}.get(voice.level, "WARNING")
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", level)
    if level == "DEBUG":
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", level)
    if temporary_api:
        os.environ.setdefault("PREFECT_LOGGING_TO_API_ENABLED", "false")


def _terminal_logging() -> None:
    """A failed run is reported by the CLI in one line; Prefect's ERROR records of that same
    failure (with their tracebacks) stay off the terminal unless --debug, and so do its lines about
    each event it could not deliver to an API that went away (a screenful per event, every few
    seconds; the run says in one line that its API is gone). Other ERRORs show, as JSON lines with
    --log-format json."""
    import logging

    from prefect.logging.handlers import PrefectConsoleHandler

    def keep(record: logging.LogRecord) -> bool:
        if record.name == "prefect.events.clients" or (
            record.name == "prefect._internal.concurrency" and "'EventsWorker'" in record.getMessage()
        ):
            return False
        return not (
            record.levelno >= logging.ERROR and record.name.startswith(("prefect.flow_runs", "prefect.task_runs"))
        )

    for handler in logging.getLogger().handlers:
        if isinstance(handler, PrefectConsoleHandler):
            if not _debug():
                handler.addFilter(keep)
            if voice.json:
                handler.setFormatter(JSONFormatter())
    if not _debug():  # Prefect's internals log to stderr through a handler of their own
        for handler in logging.getLogger("prefect._internal").handlers:
            handler.addFilter(keep)


@app.command(short_help="Process the raw pages into datasets (new and changed ones).")
def run(
    raw: RawOpt = "raw",
    out: OutOpt = "processed",
    batch_size: BatchOpt = DEFAULT_BATCH_SIZE,
    workers: WorkersOpt = None,
    full: Annotated[
        bool, typer.Option("--full", help="Process every page again, not only new and changed ones.")
    ] = False,
    dask_address: Annotated[
        str | None, typer.Option(help="Run the batches on an existing Dask cluster (tcp://HOST:PORT).")
    ] = None,
    drop_near_duplicates: DropOpt = False,
    near_duplicate_threshold: ThresholdOpt = DEFAULT_NEAR_DUPLICATE_THRESHOLD,
    limit: Annotated[
        int | None,
        typer.Option(
            min=1,
            metavar="N",
            help="Only a sample of N pages, the same N each time, spread over RAW (those whose paths hash lowest); it says which. OUT then holds the sample only.",
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Say which pages a run would process, carry over and delete; write nothing, start no Prefect.",
        ),
    ] = False,
) -> None:
    """Run the process-pages flow over RAW into OUT (only new and changed pages) and print a summary."""
    if dry_run:
        _dry_run(raw, out, full, limit)
        return
    global _created
    _created = None if work_folder(out).exists() else work_folder(out)
    work = _check_locations(raw, out)
    # From here a Ctrl-C stops the run at once, never as a KeyboardInterrupt raised inside the
    # imports below: one taken in the middle of an import left a module lock held and a run hung
    # for good, and the window lasted the first second of every run.
    interrupt = _Interrupt(work)
    interrupt.install()
    api_url = _api_check()
    _quiet_prefect(temporary_api=api_url is None)
    voice.say(
        f"starting: {raw} → {out}, "
        + (f"Prefect API at {api_url}" if api_url else "starting a temporary Prefect API")
        + " …",
        event="starting",
    )
    from pagesift.flows.api import TemporaryAPI, take_early  # Prefect: only in the commands that run flows

    # Started by the console script before this module's imports, or now, while the imports below run.
    interrupt.api = api = take_early() or TemporaryAPI()
    interrupt.reporter = reporter = _ConsoleProgress(live=voice.live)
    api.on_death = _ServerDied(work, reporter, remote=is_remote(out))
    try:
        report = _run_flow(
            api,
            reporter,
            raw,
            out,
            batch_size,
            workers,
            full,
            dask_address,
            {"drop_near_duplicates": drop_near_duplicates, "near_duplicate_threshold": near_duplicate_threshold},
            limit,
        )
    finally:
        api.kill()
    with _ending:
        _summary(report.as_dict())
    global _done
    _done = True  # outputs closed, Prefect's queues flushed, the temporary server and the workers stopped


def _run_flow(
    api: TemporaryAPI,
    reporter: _ConsoleProgress,
    raw: str,
    out: str,
    batch_size: int,
    workers: int | None,
    full: bool,
    dask_address: str | None,
    near: dict[str, bool | float],
    limit: int | None,
) -> RunReport:
    """The flow run of `pagesift run`, its failures turned into one-line errors."""
    from pagesift.dataset.publish import PublishError
    from pagesift.errors import RunFault
    from pagesift.flows import pool, progress
    from pagesift.flows.api import APIUnavailable, preload
    from pagesift.flows.process_pages import choose_flow, hand_over

    _terminal_logging()
    found = _discover(raw)  # the run's one discovery, while the API starts: the flow plans these pages
    if limit is not None:
        found = _sample(found, limit, raw, out)
    flow, workers = choose_flow(
        workers, -(-len(found) // batch_size), dask_address, raw
    )  # no more processes than batches
    if dask_address:
        from pagesift.flows.cluster import ClusterUnavailable, wait_for_workers

        try:
            wait_for_workers(dask_address, say=lambda message: voice.say(message, event="dask"))
        except ClusterUnavailable as exc:
            raise CommandError(str(exc), EXIT_API) from None
    hand_over(str(raw), found)
    pool.start(workers, for_next_run=True)  # the workers import the extractor while the API starts
    # Against the user's server the run's stages, progress and summary go to its Prefect logs too
    # (the UI shows them, as for a served run); a temporary API is read by nobody after the run.
    progress.use(reporter if api.url else progress.Tee(reporter, progress.LogReporter()))
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
        voice.say(
            f"pagesift: warning: the Prefect API failed after the run's files were final "
            f"({type(exc).__name__}: {exc}); the run's state in Prefect may be wrong",
            event="api",
            level="warning",
        )
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
        self._closed = False  # True once the run is stopped: the stopper's line is the last
        self._closing = threading.RLock()  # reentrant: a signal handler on the printing thread

    def stage(self, name: str, message: str) -> None:
        self.stage_name = name
        self._say(message, event=name)

    def _say(self, message: str, **fields: Any) -> None:
        with self._closing:
            if not self._closed:
                voice.say(message, **fields)

    def start(self, total: int) -> None:
        from pagesift.flows.progress import Rate

        self.stage_name, self.rate, self.last = "extracting", Rate(total), time.monotonic()
        with self._closing:  # not drawn once another thread closed the reporter, nor while it does
            if not (self.live and total) or self._closed:
                return
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(
                TextColumn("extracting"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]} pages/s"),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=voice.err,
                transient=True,
            )
            self._bar.start()
            self._bar.add_task("extract", total=total, rate="-")

    def tick(self, done: int) -> None:
        """The pages done so far: the bar moves at once; without one, a line every `every` s."""
        self.rate.done = max(self.rate.done, done)
        if self._bar is not None:
            task = self._bar.tasks[0]
            self._bar.update(task.id, completed=self.rate.done)
            self._bar.update(task.id, rate=f"{task.speed:.1f}" if task.speed else "-")
        elif time.monotonic() - self.last >= self.every:
            self._line()
            self.last = time.monotonic()

    def stop(self, summary: bool = True) -> None:
        """End the bar; `summary`: and print the extraction's last line (not when interrupted: the
        interrupt's own line is the last word)."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
        if summary and self.stage_name == "extracting" and self.rate.total:
            self._line()
            self.stage_name = "extracted"

    def close(self, summary: bool = True, wait: float = -1) -> None:
        """`stop`, then print nothing more: the run is being stopped from another thread (its API
        died) or a signal handler, whose line must be the last, not a stage line the flow's thread
        prints a moment later. `wait`: at most so long for a line being printed (a signal handler
        may have interrupted the bar's own lock while another thread closes); past it, silenced
        without ending the bar."""
        if not self._closing.acquire(timeout=wait):
            self._closed = True
            return
        try:
            self.stop(summary)
            self._closed = True
        finally:
            self._closing.release()

    def _line(self) -> None:
        self._say(self.rate.line(), event="progress", done=self.rate.done, total=self.rate.total)

    def finished(self, report: RunReport) -> None:
        self.report = report


def _outcome(work: Path, reporter: _ConsoleProgress | None) -> str:
    """What became of the published files when a run stops before its end."""
    if reporter is None:  # stopped before it began
        return "the published files are unchanged"
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
    """The run's API is gone during `pagesift run` (the temporary server ended: a crash, the OOM
    killer; the user's server stopped answering): a run whose files are final is done (its
    summary, a warning, exit 0); any other run cannot go on without its API, so it stops at once,
    says what became of the published files, and exits 1 (4 for the user's server) — instead of
    the Prefect client retrying a dead server for minutes."""

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

    def __call__(self, what: str, temporary: bool) -> None:
        _ending.acquire()  # the run's own ending, if it got there first, is not printed twice
        code = EXIT_FAILED if temporary else EXIT_API
        try:
            with suppress(Exception):
                self.reporter.close()
            _kill_workers()
            report = self.final_report()
            if report is not None:
                _summary(report)
                voice.say(
                    f"pagesift: warning: {what} after the run's files were final; nothing is lost",
                    event="api",
                    level="warning",
                )
                code = 0
            else:
                voice.say(
                    f"pagesift: failed: {what} during the run; {_outcome(self.work, self.reporter)}; run again",
                    event="error",
                    level="error",
                    exit=code,
                )
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
    crash; its lock goes with the process. Installed before the API and the reporter exist, which
    it stops once they do."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.api: TemporaryAPI | None = None
        self.reporter: _ConsoleProgress | None = None

    def install(self) -> None:
        """In place of the console script's first handler; a signal the run's caller ignores (a
        background job of a shell without job control) stays ignored."""
        for signum in (signal.SIGINT, signal.SIGTERM):
            if signal.getsignal(signum) is not signal.SIG_IGN:
                signal.signal(signum, self)

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C does not interrupt the stop
        what = "interrupted" if signum == signal.SIGINT else "terminated"
        try:
            with suppress(Exception):  # the terminal's bar is cosmetic; stopping the run is not
                if self.reporter is not None:
                    self.reporter.close(summary=False, wait=_CLOSE_WAIT_S)
            _kill_workers()
            if self.api is None:  # not taken yet: the server the console script started, if any
                stop_early = getattr(sys.modules.get("pagesift.flows.api"), "stop_early", None)
                if stop_early is not None:
                    stop_early()
            else:
                if self.api.process is None and "prefect.context" in sys.modules:  # the user's server
                    from pagesift.flows.api import cancel_current_run

                    cancel_current_run(f"{what} (pagesift run stopped by the user)")
                self.api.kill()
            voice.say(
                f"{what}; {_outcome(self.work, self.reporter)}",
                event=what,
                level="warning",
                at_once=True,
                exit=128 + signum,
            )
            _discard_created()
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(128 + signum)


def _summary(report: dict) -> None:
    """The run's summary on stdout: a table, or (--log-format json) the report as one JSON object
    with the command's wall time."""
    wall = time.monotonic() - _STARTED
    if voice.json:
        print(json.dumps({**report, "wall_seconds": round(wall, 3)}, ensure_ascii=False), flush=True)
    else:
        console.print(_report_table(report, wall=wall))


def _report_table(report: dict, wall: float | None = None) -> Table:
    table = Table(title=f"pagesift run: {report['raw']} → {report['out']}", show_header=False)
    table.add_row("pages found", str(report["found"]))
    table.add_row(
        "new / changed / unchanged / deleted",
        f"{report['new']} / {report['changed']} / {report['unchanged']} / {report['deleted']}",
    )
    table.add_row("published", str(report["published"]))
    rejected = f"{report['rejected']}" + (
        f"  (see {report['out'].rstrip('/')}/rejected.jsonl)" if report["rejected"] else ""
    )
    table.add_row("rejected", rejected)
    for code, n in list(report.get("rejects_by_code", {}).items())[:8]:
        table.add_row("", f"{n} × {code}")
    table.add_row("rows", ", ".join(f"{k} {v}" for k, v in report["rows"].items()))
    table.add_row("section kinds", ", ".join(f"{k} {v}" for k, v in report["kinds"].items()) or "-")
    table.add_row("languages", ", ".join(f"{k} {v}" for k, v in report.get("languages", {}).items()) or "-")
    dropped = report.get("near_duplicates_dropped", 0)
    groups, copies = report.get("near_duplicate_groups", 0), report.get("near_duplicates", 0)
    table.add_row(
        "near-duplicates",
        f"{counted(groups, 'group')}, {counted(copies, 'article')} copying their group's first"
        + (f", {dropped} of them dropped" if dropped else ""),
    )
    table.add_row("stages", ", ".join(f"{k} {v:.2f} s" for k, v in report["timings"].items()))
    if wall is None:
        table.add_row("time", f"{report['seconds']:.2f} s (the flow)")
    else:
        table.add_row("time", f"{wall:.1f} s (the flow {report['seconds']:.1f} s, the rest start-up and Prefect)")
    return table


@app.command(short_help="Print the last run's report.")
def report(
    out: OutOpt = "processed",
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the report as JSON (so does --log-format json).")
    ] = False,
) -> None:
    """Print the report of the last run that published into OUT."""
    from pagesift.dataset.report import load_report

    data = load_report(out)
    if data is None:
        raise CommandError(f"no run report in {out} (run `pagesift run --out {out}` first)", EXIT_USAGE)
    if as_json or voice.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        console.print(_report_table(data))


@app.command(short_help="Serve the flow as a scheduled Prefect deployment.")
def serve(
    cron: Annotated[
        str, typer.Option(help="Cron schedule of the deployment (five fields: minute hour day month weekday).")
    ] = "0 * * * *",
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
        raise CommandError(
            "PREFECT_API_URL is not set: start a server (`make server`) and "
            "export PREFECT_API_URL=http://127.0.0.1:4200/api",
            EXIT_USAGE,
        )
    _check_locations(raw, out, probe_lock=False)
    from prefect.client.schemas.schedules import CronSchedule  # Prefect's own check, before serving
    from pydantic import ValidationError

    try:
        CronSchedule(cron=cron)
    except ValidationError:
        raise CommandError(
            f"--cron {cron!r} is not a valid cron expression: give five fields, minute hour day "
            'month weekday (e.g. "0 * * * *" for hourly)',
            EXIT_USAGE,
        ) from None
    _api_check()
    from pagesift.flows.process_pages import choose_flow

    flow, workers = choose_flow(workers, None, None)

    def absolute(where: str) -> str:
        return where if is_remote(where) else str(Path(where).resolve())

    parameters = {
        "raw": absolute(raw),
        "out": absolute(out),
        "batch_size": batch_size,
        "workers": workers,
        "drop_near_duplicates": drop_near_duplicates,
        "near_duplicate_threshold": near_duplicate_threshold,
    }
    voice.say(
        f"serving process-pages/{name} on '{cron}'; run it now with `prefect deployment run process-pages/{name}`",
        event="serving",
    )
    flow.serve(name=name, cron=cron, parameters=parameters)


@app.command("eval", short_help="Score extraction against gold pages and/or AEB.")
def eval_(
    gold: Annotated[
        Path | None, typer.Option(help="Folder of NAME.gold.json annotations (and raw pages, unless --raw).")
    ] = None,
    raw: Annotated[
        Path | None, typer.Option(help="Folder of the raw pages NAME.* (default: the --gold folder).")
    ] = None,
    aeb: Annotated[
        Path | None,
        typer.Option(help="Article Extraction Benchmark folder (ground-truth.json, html/): score the main text."),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List the items missed and invented, page by page.")
    ] = False,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the figures to this JSON file.")] = None,
    split: Annotated[
        bool, typer.Option("--split", help="Also score the two halves of the gold pages, split by site (A and B).")
    ] = False,
    half: Annotated[
        str | None, typer.Option(help="Score only this half of the gold pages (A or B, split by site).")
    ] = None,
) -> None:
    """Score extraction against gold annotations (precision, recall, F1 per field) and/or AEB."""
    from pagesift.app.evaluate import HALVES, evaluate, evaluate_aeb, half_of, summarise

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
            rows = [*part.fields.items(), *part.groups.items(), ("micro", part.micro)]
            for row_name, s in rows:
                table.add_row(
                    row_name, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.tp), str(s.fp), str(s.fn)
                )
            console.print(table)
        if verbose:
            for page in report.pages:
                if page.missed or page.invented or page.rejected:
                    console.print(
                        f"[bold]{page.path}[/bold]" + (f"  rejected: {page.rejected}" if page.rejected else "")
                    )
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
        code = getattr(exc, "exit_code", EXIT_USAGE)
        voice.say(f"{where}: {exc.format_message()} (see `{where} --help`)", event="error", level="error", exit=code)
    except CommandError as exc:
        if _debug():
            traceback.print_exc()
        voice.say(f"pagesift: {exc}", event="error", level="error", exit=exc.code)
        code = exc.code
    except (KeyboardInterrupt, typer.Abort):
        voice.say("interrupted", event="interrupted", level="warning", at_once=True, exit=130)
        code = 130
    except Exception as exc:
        if _debug():
            traceback.print_exc()
        voice.say(
            f"pagesift: failed: {type(exc).__name__}: {exc}"
            + ("" if _debug() else " (run `pagesift --debug …` for the traceback)"),
            event="error",
            level="error",
            exit=EXIT_FAILED,
        )
        code = EXIT_FAILED
    _discard_created()
    if _done:
        # The interpreter's teardown after a run (native libraries' thread pools and memory) took
        # seconds on a busy machine after the summary was printed: the summary's time is the wall time.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code or 0)
    sys.exit(code or 0)
