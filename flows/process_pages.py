"""The `process-pages` flow: discover → plan → extract (in batches) → publish → report.

Per-page work (decode, parse, sections, links, validation) happens inside a batch task, so a run
makes one task run per batch, not per page; each batch streams its outcomes to a shard file.
Unchanged pages are carried over from the last run; the output folder is locked for the run.

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
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from prefect import Flow, flow, task, unmapped
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner

from pagesift.dataset import neardup
from pagesift.dataset.card import bar, reject_summary
from pagesift.dataset.datapackage import Release
from pagesift.dataset.discover import Discovery, discover
from pagesift.dataset.location import is_remote, local_path, protocol, pull, push, work_folder
from pagesift.dataset.publish import (
    CARRY_SHARD,
    REFUSED_SHARD,
    ShardSummary,
    carry_over,
    publish,
    write_shard,
)
from pagesift.dataset.report import PublishSummary, RunReport, load_report, rejects_by_reason, write_report
from pagesift.dataset.store import OutputLock, Plan, has_timeouts, load_manifest, plan_run, recover
from pagesift.flows import pool
from pagesift.flows.progress import current as progress
from pagesift.model import Outcome
from pagesift.settings import DEFAULT_BATCH_SIZE, DEFAULT_NEAR_DUPLICATE_THRESHOLD, dataset_licenses

MAX_WORKERS = 64  # batches in flight at once; the local pool bounds the CPU work


@task(name="discover", cache_policy=NO_CACHE)
def discover_pages(raw: str) -> Discovery:
    """The pages to process (archives expanded), and the inputs refused on sight (symlinks out of
    raw, FIFOs, non-HTML WARC records, ...)."""
    return discover(raw)


@task(name="plan", cache_policy=NO_CACHE)
def plan_pages(found: Discovery, out: str, staging: str, full: bool, near: neardup.Options) -> Plan:
    """New and changed pages to process; unchanged ones carried over, and the inputs discover
    refused written as rejections, into the staging folder."""
    refused = [r.ref for r in found.rejections]
    manifest = load_manifest(out)
    plan = plan_run(found, manifest, full, refused)
    last = load_report(out)
    current = last is not None and last["published"] + last["rejected"] == found.found  # not a stale report
    if plan.settled and set(refused) <= set(manifest) and current and not has_timeouts(out) and (
            neardup.same_options(out, near)):
        return _counted(plan, refused, manifest, full)  # nothing to do: the published files stand
    plan.settled = False
    write_shard((Outcome(rejection=r) for r in found.rejections), staging, REFUSED_SHARD)
    again = carry_over(out, set(plan.unchanged), staging)
    if again:  # no outcome to carry (a duplicate or a time-limit rejection is decided again): process it
        plan.todo = sorted(plan.todo + list(again))  # still counted as unchanged files
    return _counted(plan, refused, manifest, full)


def _counted(plan: Plan, refused: list[str], manifest: Mapping[str, object], full: bool) -> Plan:
    """Count the inputs discover refused as new or unchanged (by the last manifest), so that
    found = new + changed + unchanged in the report; they are never processed."""
    for path in refused:
        (plan.new if full or path not in manifest else plan.unchanged).append(path)
    return plan


@task(name="extract-batch", cache_policy=NO_CACHE)
def extract_batch(paths: list[str], staging: str, index: int, processed_at: str, root: str | None) -> ShardSummary:
    """Decode, parse, extract and validate each page of a batch (by reference: a file, or a page
    of an archive read by its offset) into one shard file (in a local worker process when the run
    has them, else here: on a Dask worker, or in-process); no file outside the raw folder (or
    archive) `root` is read."""
    return pool.run_batch(paths, staging, index, processed_at, root)


@task(name="publish", cache_policy=NO_CACHE)
def publish_run(staging: str, out: str, shards: list[int], plan: Plan, found: Discovery,
                report: RunReport, release: Release, near: neardup.Options) -> PublishSummary:
    """Publish the run, its report committed with the data it describes (a run killed after the
    commit leaves a report that matches the published files, never the previous run's)."""

    def with_report(summary: PublishSummary, tmp: Path) -> None:
        _fill(report, found, plan, summary, str(tmp))
        write_report(report, tmp)

    return publish(staging, out, shards, plan.stats, release, also=with_report, near=near)


@contextmanager
def staging_folder(out: str) -> Iterator[str]:
    staging = tempfile.mkdtemp(prefix=".staging-", dir=out)
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def extract_batches(todo: list[str], staging: str, batch_size: int, processed_at: str,
                    root: str | None) -> list[ShardSummary]:
    batches = [todo[i:i + batch_size] for i in range(0, len(todo), batch_size)]
    futures = extract_batch.map(batches, staging=unmapped(staging), index=range(len(batches)),
                                processed_at=unmapped(processed_at), root=unmapped(root))
    progress().start(len(todo))
    try:
        for future in as_completed(futures):
            progress().advance(len(batches[future.result().index]))
    finally:
        progress().stop()
    return [future.result() for future in futures]


@flow(name="process-pages", task_runner=ThreadPoolTaskRunner(max_workers=MAX_WORKERS))  # type: ignore[arg-type]  # Prefect's generic runner types
def process_pages(
    raw: str = "raw", out: str = "processed", batch_size: int = DEFAULT_BATCH_SIZE, full: bool = False,
    workers: int | None = 1, drop_near_duplicates: bool = False,
    near_duplicate_threshold: float = DEFAULT_NEAR_DUPLICATE_THRESHOLD,
) -> RunReport:
    """Turn the raw pages under `raw` into validated datasets under `out` (only what changed,
    unless `full`), on `workers` local processes (None: one per core, as `pagesift run`); near-
    duplicates (estimated similarity ≥ `near_duplicate_threshold`) grouped, or dropped but the first."""
    near = neardup.Options(near_duplicate_threshold, drop_near_duplicates)
    with pool.workers(min(workers or default_workers(), MAX_WORKERS)):
        return _run(raw, out, batch_size, full, near)


def default_workers() -> int:
    """`pagesift run`'s default: one local process per core."""
    return os.cpu_count() or 1


def _run(raw: str, out: str, batch_size: int, full: bool, near: neardup.Options) -> RunReport:
    report = RunReport(raw=raw, out=out)
    target, out = out, str(work_folder(out))  # a remote output is built locally, then uploaded
    Path(out).mkdir(parents=True, exist_ok=True)
    with OutputLock(out), staging_folder(out) as staging:
        report.recovered = recover(out, keep=staging)
        if is_remote(target):
            pull(target, Path(out))
        with report.stage("discover"):
            paths = discover_pages(raw)
        with report.stage("plan"):
            plan = plan_pages(paths, out, staging, full, near)
        progress().stage("planned", f"found {paths.found} pages: {len(plan.new)} new, {len(plan.changed)} changed, "
                                    f"{len(plan.unchanged)} unchanged, {len(plan.deleted)} deleted")
        with report.stage("extract"):
            root = None if is_remote(raw) else local_path(raw)
            shards = extract_batches(plan.todo, staging, batch_size, report.started_at, root)
        report.unsafe_links_dropped = sum(shard.unsafe_links for shard in shards)
        with report.stage("publish"):
            if plan.settled:
                saved = load_report(out)
                assert saved is not None  # a run is settled only against a current report
                published = PublishSummary.of_report(saved)
                progress().stage("settled", "nothing new, changed or deleted: the published files stand")
            else:
                progress().stage("publishing", f"publishing {paths.found} pages into {target} …")
                shard_ids = [CARRY_SHARD, REFUSED_SHARD, *(s.index for s in shards)]
                release = Release(raw=raw, created=report.started_at, licenses=dataset_licenses())
                published = publish_run(staging, out, shard_ids, plan, paths, report, release, near)
                progress().stage("published", f"published {published.published} pages, rejected {published.rejected}")
        _fill(report, paths, plan, published, out)
        write_report(report, out)
        if is_remote(target):
            push(Path(out), target)
    progress().finished(report)
    _artifacts(report, reject_summary(Path(out) / "rejected.jsonl"))
    return report


def _fill(report: RunReport, paths: Discovery, plan: Plan, published: PublishSummary, out: str) -> None:
    if published.published + published.rejected != paths.found:
        raise RuntimeError(
            f"{paths.found} pages found but {published.published} published + {published.rejected} rejected"
        )
    report.found, report.new, report.changed = paths.found, len(plan.new), len(plan.changed)
    report.unchanged, report.deleted, report.deleted_paths = len(plan.unchanged), len(plan.deleted), plan.deleted
    report.published, report.rejected, report.duplicates = published.published, published.rejected, published.duplicates
    report.rows, report.kinds, report.languages = published.rows, published.kinds, published.languages
    report.near_duplicate_groups, report.near_duplicates = published.near_duplicate_groups, published.near_duplicates
    report.near_duplicates_dropped = published.near_duplicates_dropped
    report.rejects_by_reason = rejects_by_reason(Path(out) / "rejected.jsonl")
    report.finish()


def artifact_key(out: str) -> str:
    """The Prefect artifact key of an output location (lower-case letters, digits, dashes): its
    folder name and a hash of its absolute path or URL, so runs into other folders keep their own."""
    where = out if is_remote(out) else str(Path(out).resolve())
    name = re.sub(r"[^a-z0-9]+", "-", where.rstrip("/").rsplit("/", 1)[-1].lower()).strip("-")[:40]
    return f"pagesift-{name or 'out'}-{hashlib.sha256(where.encode()).hexdigest()[:8]}"


def _artifacts(report: RunReport, rejects: list[dict[str, Any]]) -> None:
    """The report in the Prefect UI, keyed by output folder: a markdown summary, the counts with
    rows per table, the top reject reasons with a sample path each, and a chart of section kinds
    and rejects."""
    key, where = artifact_key(report.out), f" ({report.out})"
    create_markdown_artifact(key=f"{key}-report", markdown=report.markdown(), description="pagesift run report" + where)
    rows = [{"measure": k, "value": getattr(report, k)} for k in
            ("found", "new", "changed", "unchanged", "deleted", "published", "rejected", "duplicates",
             "near_duplicate_groups", "near_duplicates")]
    rows += [{"measure": f"rows: {table}", "value": n} for table, n in report.rows.items()]
    create_table_artifact(key=f"{key}-counts", table=rows, description="pagesift run counts and rows per table" + where)
    create_table_artifact(key=f"{key}-rejects", table=rejects or [{"reason": "-", "pages": 0, "sample": "-"}],
                          description="pagesift: top reasons for rejection, with a sample path each" + where)
    chart = [("section", kind, n) for kind, n in report.kinds.items()]
    chart += [("rejected", r["reason"], r["pages"]) for r in rejects]
    most = max((n for _, _, n in chart), default=0)
    create_table_artifact(key=f"{key}-chart", description="pagesift: sections by kind and rejects by reason" + where,
                          table=[{"what": what, "name": name, "count": n, "chart": bar(n, most)}
                                 for what, name, n in chart] or [{"what": "-", "name": "-", "count": 0, "chart": ""}])


def choose_flow(workers: int | None, batches: int | None, dask_address: str | None,
                raw_url: str | None = None) -> tuple[Flow[..., RunReport], int]:
    """The flow and its number of local workers: a Dask cluster, N processes, or in-process.

    Workers default to one per core, never more than there are batches (an idle process only
    costs its start-up); one worker runs the batches in-process.
    """
    if raw_url is not None and protocol(raw_url) == "memory":
        return process_pages, 1  # a memory:// filesystem lives in this process only
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return process_pages.with_options(task_runner=DaskTaskRunner(address=dask_address)), 1  # type: ignore[arg-type]
    workers = workers or default_workers()
    if batches is not None:
        workers = min(workers, max(batches, 1))
    return process_pages, max(1, min(workers, MAX_WORKERS))


if __name__ == "__main__":
    process_pages()
