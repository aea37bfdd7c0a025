"""The `process-pages` flow: discover → plan → extract (in batches) → publish → report.

The recipe of a run whose steps and rules are plain Python in `pagesift.dataset.run`: this module
runs them as tasks, the batches on the local worker pool (or Dask), and adds progress, logs and
the Prefect artifacts. Per-page work happens inside a batch task, so a run makes one task run per
batch, not per page; each batch streams its outcomes to a shard file.

This module is `pagesift.flows.process_pages`; Prefect also loads it by path (prefect.yaml's
entrypoint), and `python flows/process_pages.py` runs the flow over raw/ into processed/ in-process.
Its imports are absolute for both.
"""

from __future__ import annotations

import pagesift.flows  # noqa: F401  (run as a script: Prefect's offline settings before Prefect is imported)

# isort: split
import hashlib
import os
import re
from pathlib import Path
from typing import Any, cast

from prefect import Flow, flow, get_run_logger, task, unmapped
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.states import Failed
from prefect.task_runners import ThreadPoolTaskRunner

from pagesift.dataset import neardup, run
from pagesift.dataset.card import breakdown, reject_summary
from pagesift.dataset.discover import Discovery, discover
from pagesift.dataset.location import is_remote, protocol
from pagesift.dataset.publish import ShardSummary
from pagesift.dataset.report import PAGE_COUNTS, PublishSummary, RunReport, write_report
from pagesift.dataset.store import Plan, RunRefused
from pagesift.flows import api, pool
from pagesift.flows.progress import current as progress
from pagesift.flows.progress import ticking
from pagesift.settings import DEFAULT_BATCH_SIZE, DEFAULT_NEAR_DUPLICATE_THRESHOLD

MAX_WORKERS = 64  # batches in flight at once; the local pool bounds the CPU work
TICK_S = 1.0  # how often extraction's progress is read (the reporters say it every 10 s, a bar at once)


_handed_over: dict[str, Discovery] = {}  # by raw location: see hand_over


def hand_over(raw: str, found: Discovery) -> None:
    """The pages found under `raw` before the flow started (by `pagesift run`, while the API
    started, to size its worker pool): the next run of the flow in this process plans them and
    does not discover them again. A page list is no flow parameter: Prefect would store it."""
    _handed_over[raw] = found


@task(name="discover", cache_policy=NO_CACHE)
def discover_pages(raw: str) -> Discovery:
    """The pages to process (archives expanded), and the inputs refused on sight (symlinks out of
    raw, FIFOs, non-HTML WARC records, ...): those handed over, else found now."""
    found = _handed_over.pop(raw, None)
    return discover(raw) if found is None else found


@task(name="plan", cache_policy=NO_CACHE)
def plan_pages(found: Discovery, space: run.Workspace, full: bool, near: neardup.Options) -> Plan:
    """New and changed pages to process; unchanged ones carried over (run.plan)."""
    return run.plan(found, space, full, near)


@task(name="extract-batch", cache_policy=NO_CACHE)
def extract_batch(paths: list[str], staging: str, index: int, processed_at: str, root: str | None) -> ShardSummary:
    """Decode, parse, extract and validate each page of a batch (by reference: a file, or a page
    of an archive read by its offset) into one shard file (in a local worker process when the run
    has them, else here: on a Dask worker, or in-process); no file outside the raw folder (or
    archive) `root` is read."""
    return pool.run_batch(paths, staging, index, processed_at, root)


@task(name="publish", cache_policy=NO_CACHE)
def publish_pages(
    space: run.Workspace,
    shards: list[ShardSummary],
    found: Discovery,
    plan: Plan,
    report: RunReport,
    near: neardup.Options,
) -> PublishSummary:
    """Publish the run as one commit, its report with it (run.publish_run)."""
    return run.publish_run(space, shards, found, plan, report, near)


def extract_batches(batches: list[list[str]], staging: str, processed_at: str, root: str | None) -> list[ShardSummary]:
    """The batches as mapped task runs, with progress every second (pages done by the workers, or
    by the batches that ended) and as each batch ends."""
    futures = extract_batch.map(
        batches,
        staging=unmapped(staging),
        index=range(len(batches)),
        processed_at=unmapped(processed_at),
        root=unmapped(root),
    )
    total, ended, before = sum(map(len, batches)), 0, pool.pages_done()
    progress().start(total)
    try:
        with ticking(lambda: min(total, max(ended, pool.pages_done() - before)), TICK_S):
            for future in as_completed(futures):
                ended += len(batches[future.result().index])
                progress().tick(ended)
    finally:
        progress().stop()
    return [future.result() for future in futures]


@flow(name="process-pages", task_runner=ThreadPoolTaskRunner(max_workers=MAX_WORKERS))  # type: ignore[arg-type]  # Prefect's generic runner types
def process_pages(
    raw: str = "raw",
    out: str = "processed",
    batch_size: int = DEFAULT_BATCH_SIZE,
    full: bool = False,
    workers: int | None = 0,
    drop_near_duplicates: bool = False,
    near_duplicate_threshold: float = DEFAULT_NEAR_DUPLICATE_THRESHOLD,
) -> RunReport:
    """Turn the raw pages under `raw` into validated datasets under `out` (only what changed,
    unless `full`), on `workers` local processes (None: one per core, as `pagesift run`; 0: in this
    process, where a page's time limit cannot stop C code, as a direct call makes it); near-
    duplicates (estimated similarity ≥ `near_duplicate_threshold`) grouped, or dropped but the first."""
    near = neardup.Options(near_duplicate_threshold, drop_near_duplicates)
    try:
        with pool.workers(min(default_workers() if workers is None else workers, MAX_WORKERS)) as lease:
            return _run(raw, out, batch_size, full, near, lease)
    except RunRefused as exc:
        # Another run holds OUT (a scheduled run while the last one is still going): one line in the
        # run's log, not Prefect's traceback. The run ends Failed with this message, and a caller of
        # the flow gets the RunRefused raised (Prefect raises a failed state's data).
        get_run_logger().error(str(exc))
        return cast(RunReport, Failed(message=str(exc), data=exc))


def default_workers() -> int:
    """`pagesift run`'s default: one local process per core."""
    return os.cpu_count() or 1


def _run(raw: str, out: str, batch_size: int, full: bool, near: neardup.Options, lease: pool.Lease) -> RunReport:
    """The recipe: the steps of pagesift.dataset.run, as tasks where Prefect should see them
    (`lease`: the worker pool's size, for the batches, and its release once they are done)."""
    report = RunReport(raw=raw, out=out)
    with run.workspace(out) as space:
        report.recovered = space.recovered
        found = discover_pages(raw)
        report.timings["discover"] = found.seconds  # where it ran: here, or in `pagesift run` (hand_over)
        with report.stage("plan"):
            plan = plan_pages(found, space, full, near)
        progress().stage(
            "planned",
            f"found {found.found} pages: {len(plan.new)} new, {len(plan.changed)} changed, "
            f"{len(plan.unchanged)} unchanged, {len(plan.deleted)} deleted",
        )
        with report.stage("extract"):
            shards = extract_batches(
                run.batches(plan.todo, batch_size, lease.size), space.staging, report.started_at, run.read_root(raw)
            )
            lease.release()
        with report.stage("publish"):
            if plan.settled:
                published = run.standing(space.out)
                progress().stage("settled", "nothing new, changed or deleted: the published files stand")
            else:
                api.before_publish()
                progress().stage("publishing", f"publishing {found.found} pages into {out} …")
                published = publish_pages(space, shards, found, plan, report, near)
                progress().stage("published", f"published {published.published} pages, rejected {published.rejected}")
        write_report(run.account(report, found, plan, shards, published, space.out), space.out)
        run.upload(space)
    progress().finished(report)
    if api.read_after_run():  # a temporary API's artifacts would cost 0.25 s and be read by nobody
        _artifacts(report, reject_summary(Path(space.out) / "rejected.jsonl"))
    return report


def artifact_key(out: str) -> str:
    """The Prefect artifact key of an output location (lower-case letters, digits, dashes): its
    folder name and a hash of its absolute path or URL, so runs into other folders keep their own."""
    where = out if is_remote(out) else str(Path(out).resolve())
    name = re.sub(r"[^a-z0-9]+", "-", where.rstrip("/").rsplit("/", 1)[-1].lower()).strip("-")[:40]
    return f"pagesift-{name or 'out'}-{hashlib.sha256(where.encode()).hexdigest()[:8]}"


def _artifacts(report: RunReport, rejects: list[dict[str, Any]]) -> None:
    """The report in the Prefect UI, keyed by output folder: a markdown summary, the counts with
    rows per table, the top reject codes with a sample page each, and a table of the section kinds
    and rejects by code with their shares."""
    key, where = artifact_key(report.out), f" ({report.out})"
    create_markdown_artifact(key=f"{key}-report", markdown=report.markdown(), description="pagesift run report" + where)
    rows = [{"measure": k, "value": getattr(report, k)} for k in PAGE_COUNTS]
    rows += [{"measure": f"rows: {table}", "value": n} for table, n in report.rows.items()]
    create_table_artifact(key=f"{key}-counts", table=rows, description="pagesift run counts and rows per table" + where)
    create_table_artifact(
        key=f"{key}-rejects",
        table=rejects or [{"code": "-", "pages": 0, "sample": "-", "reason": "-"}],
        description="pagesift: top codes of rejection, with a sample page and its reason each" + where,
    )
    create_markdown_artifact(
        key=f"{key}-breakdown",
        markdown=breakdown(report.kinds, rejects),
        description="pagesift: sections by kind and rejects by code, with their shares" + where,
    )


def choose_flow(
    workers: int | None, batches: int | None, dask_address: str | None, raw_url: str | None = None
) -> tuple[Flow[..., RunReport], int]:
    """The flow and its number of local worker processes: a Dask cluster (0), N processes, or in
    this process (0).

    Workers default to one per core, never more than there are batches (an idle process only
    costs its start-up; none for no batch), and never fewer than one otherwise: a page's time limit
    holds in C code only in a worker process, which can be killed (flows/pool.py).
    """
    if raw_url is not None and protocol(raw_url) == "memory":
        return process_pages, 0  # a memory:// filesystem lives in this process only
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return process_pages.with_options(task_runner=DaskTaskRunner(address=dask_address)), 0  # type: ignore[arg-type]
    if batches == 0:
        return process_pages, 0  # nothing to extract: no process to start
    workers = workers or default_workers()
    if batches is not None:
        workers = min(workers, batches)
    return process_pages, max(1, min(workers, MAX_WORKERS))


if __name__ == "__main__":
    process_pages()
