"""A run, step by step, in plain Python: recover → discover → plan → batches → publish → report.

These are the run's own rules: which pages it processes and which it carries over, when the
published files stand as they are (a settled run), and that every page found is published or
rejected. The process-pages flow (pagesift.flows.process_pages) is their recipe: it runs the steps
as tasks, the batches on its workers, and adds progress, logs and artifacts; the rules are tested
without Prefect (tests/test_run.py). Discovery is `discover.discover`.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pagesift.dataset import neardup
from pagesift.dataset.datapackage import Release
from pagesift.dataset.discover import Discovery, raw_root
from pagesift.dataset.location import is_remote, pull, push, work_folder
from pagesift.dataset.publish import CARRY_SHARD, REFUSED_SHARD, ShardSummary, carry_over, publish, write_shard
from pagesift.dataset.report import PublishSummary, RunReport, load_report, rejects_by_code, write_report
from pagesift.dataset.sources import split_ref
from pagesift.dataset.store import (
    Entry,
    OutputLock,
    Plan,
    discard_unused,
    has_retried,
    load_manifest,
    plan_run,
    recover,
)
from pagesift.errors import TIMED_OUT, fault
from pagesift.model import Outcome, Rejection
from pagesift.settings import dataset_licenses


class CountMismatch(RuntimeError):
    """Pages were lost or counted twice on the way: found ≠ published + rejected."""


@dataclass(frozen=True, slots=True)
class Workspace:
    """Where a run works: the output location it was given (`target`), the local folder it builds
    (`out`: the same folder, unless the output is remote), and its staging folder inside `out`."""

    target: str
    out: str
    staging: str
    recovered: str | None  # what became of a killed run's leftovers (store.recover), if any


@contextmanager
def workspace(out: str) -> Iterator[Workspace]:
    """The output folder locked for the run, a killed run's leftovers recovered first, a remote
    output's files fetched to build on, and a staging folder for the shards (removed at the end,
    whatever happens, and the folder with it if this run created it and published nothing)."""
    local = str(work_folder(out))
    created = not Path(local).exists()
    Path(local).mkdir(parents=True, exist_ok=True)
    with OutputLock(local):
        staging = tempfile.mkdtemp(prefix=".staging-", dir=local)
        try:
            recovered = recover(local, keep=staging)
            if is_remote(out):
                pull(out, Path(local))
            yield Workspace(out, local, staging, recovered)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            if created:  # a first run that failed before publishing leaves no folder holding only its lock
                discard_unused(local)


def upload(space: Workspace) -> None:
    """A remote output gets the files built for it (datapackage.json last); a local one has them."""
    if is_remote(space.target):
        push(Path(space.out), space.target)


def plan(found: Discovery, space: Workspace, full: bool, near: neardup.Options) -> Plan:
    """New and changed pages to process; the outcomes of unchanged ones carried over, and the
    inputs discover refused written as rejections, into the staging folder — unless the run is
    settled (nothing to process or delete, and the published files still stand: see `stands`).

    An unchanged page with no outcome to carry (a duplicate, or rejected for its time limit, is
    decided again) is processed again, still counted as unchanged. Refused inputs are counted as
    new or unchanged, so that found = new + changed + unchanged; they are never processed."""
    manifest = load_manifest(space.out)
    refused = [rejection.ref for rejection in found.rejections]
    planned = plan_run(found, manifest, full, refused, found.root)
    planned.settled = planned.settled and stands(found, manifest, space.out, near)
    if not planned.settled:
        write_shard((Outcome(rejection=r) for r in found.rejections), space.staging, REFUSED_SHARD)
        again = carry_over(space.out, set(planned.unchanged), space.staging)
        planned.todo = sorted(planned.todo + list(again))
    _count_refused(planned, refused, manifest, full)
    return planned


def _count_refused(planned: Plan, refused: list[str], manifest: Mapping[str, Entry], full: bool) -> None:
    """Inputs refused on sight are never processed, but counted as new or unchanged, so that
    found = new + changed + unchanged."""
    for path in refused:
        (planned.new if full or path not in manifest else planned.unchanged).append(path)


def stands(found: Discovery, manifest: Mapping[str, Entry], out: str, near: neardup.Options) -> bool:
    """Whether the files published in `out` still describe the pages found, for a run that found
    nothing new, changed or deleted: every input refused now was refused then, the last report
    counted as many pages, no page waits to be tried again (a time limit, a file that could not be read), and the
    near-duplicates were grouped with the same options."""
    last = load_report(out)
    return (
        {rejection.ref for rejection in found.rejections} <= set(manifest)
        and last is not None
        and last["published"] + last["rejected"] == found.found
        and not has_retried(out)
        and neardup.same_options(out, near)
    )


def sample(found: Discovery, limit: int) -> Discovery:
    """`--limit N`: N of the pages found, the same N every run and spread over the whole crawl (not
    its first folder): those whose reference (the path inside --raw, however --raw is spelt) hashes
    lowest. An input refused on sight counts as a page. The sample is the run's corpus: it is
    planned and published as if --raw held nothing else."""
    refs = [*found, *(rejection.ref for rejection in found.rejections)]
    if limit >= len(refs):
        return found

    def key(ref: str) -> str:
        return hashlib.sha256(ref.encode()).hexdigest()

    chosen = set(sorted(refs, key=key)[:limit])
    return Discovery(
        [p for p in found if p in chosen], [r for r in found.rejections if r.ref in chosen], found.seconds, found.root
    )


def outside(sampled: Discovery, found: Discovery, out: str | Path) -> list[str]:
    """Pages published in `out` that are still in the raw folder but not in the sample: a limited
    run into `out` would delete them from the published data."""
    kept = {*sampled, *(r.ref for r in sampled.rejections)}
    present = {*found, *(r.ref for r in found.rejections)}
    return sorted(p for p in load_manifest(out) if p in present and p not in kept)


def preview(found: Discovery, out: str | Path, full: bool) -> Plan:
    """`--dry-run`: the plan a run would make (new, changed, unchanged, deleted), from the
    manifest of `out` as it stands; nothing is written, no shard, no lock. Pages with no outcome to
    carry (rejected for their time limit, duplicates) are processed again by the run itself."""
    refused = [rejection.ref for rejection in found.rejections]
    manifest = load_manifest(out)
    planned = plan_run(found, manifest, full, refused, found.root)
    _count_refused(planned, refused, manifest, full)
    return planned


#: The smallest batch at the end of a run on several workers (a task run and a shard each).
TAIL_BATCH = 8


def batches(todo: list[str], size: int, workers: int = 1) -> list[list[str]]:
    """The pages to process, in order, in batches of `size`: each batch is one task run and one
    shard. On several workers the last batches shrink, each at most the pages left over twice the
    workers and at least TAIL_BATCH (guided self-scheduling), so the workers end together: with
    equal batches one worker may idle while another does a whole batch."""
    if size < 1:
        raise ValueError(f"a batch holds at least one page, not {size}")
    found: list[list[str]] = []
    start = 0
    while start < len(todo):
        left = len(todo) - start
        step = size if workers <= 1 else min(size, max(TAIL_BATCH, -(-left // (2 * workers))))
        found.append(todo[start : start + step])
        start += step
    return found


def extract(
    paths: list[str],
    staging: str,
    index: int,
    processed_at: str,
    root: str | None,
    watch: Callable[[str | None], None] | None = None,
    stopped: Mapping[str, float] | None = None,
) -> ShardSummary:
    """Decode, parse, extract and validate each page of a batch (found under `root`, the only
    folder, or archive, it may read) into shard `index` of the staging folder. A shard that cannot
    be written (a disk full, `ulimit -f`) fails the run (RunFault), as a fault met by a page does.

    `watch` is told each page as it starts (None when the batch is done): the worker pool's marks of
    which page a worker is on. `stopped` holds the pages of this batch whose worker was killed over
    their time limit (seconds): a rerun of the batch rejects them without processing them again."""
    from pagesift.dataset.ingest import process_file  # the extractor: imported where batches run, not by every run

    def outcomes() -> Iterator[Outcome]:
        for path in paths:
            if stopped and path in stopped:
                yield killed(path, stopped[path])
                continue
            if watch is not None:
                watch(path)
            yield process_file(path, processed_at, root=root)
        if watch is not None:
            watch(None)

    try:
        return write_shard(outcomes(), staging, index)
    except (OSError, MemoryError) as exc:
        raise fault(exc, f"batch {index}") from exc


def killed(ref: str, seconds: float) -> Outcome:
    """A page whose worker did not answer within its time limit (stuck in C code that no timer
    stops) and was killed: rejected like any page over its time limit, and tried again next run."""
    path, offset = split_ref(ref)
    reason = (
        f"{TIMED_OUT}={seconds:g} (seconds of CPU time; the worker stopped answering, in code no timer "
        "interrupts, and was killed); tried again on the next run"
    )
    return Outcome(rejection=Rejection(path, None, "extract", reason, offset))


def read_root(raw: str) -> str:
    """The raw location a batch reads its pages inside (their references name paths inside it),
    and the only folder (or archive) it may read."""
    return raw_root(raw)


def publish_run(
    space: Workspace,
    shards: list[ShardSummary],
    found: Discovery,
    planned: Plan,
    report: RunReport,
    near: neardup.Options,
) -> PublishSummary:
    """Publish the batches' shards, the carried-over outcomes and the refused inputs as one commit,
    the run's report committed with the data it describes (a run killed after the commit leaves a
    report that matches the published files, never the previous run's)."""

    def with_report(summary: PublishSummary, tmp: Path) -> None:
        write_report(account(report, found, planned, shards, summary, tmp), tmp)

    release = Release(raw=report.raw, created=report.started_at, licenses=dataset_licenses())
    ids = [CARRY_SHARD, REFUSED_SHARD, *(shard.index for shard in shards)]
    return publish(space.staging, space.out, ids, planned.stats, release, also=with_report, near=near)


def standing(out: str) -> PublishSummary:
    """What stands published in `out`, as its last run reported it: a settled run publishes nothing."""
    saved = load_report(out)
    assert saved is not None  # a run is settled only against a current report (`stands`)
    return PublishSummary.of_report(saved)


def account(
    report: RunReport,
    found: Discovery,
    planned: Plan,
    shards: list[ShardSummary],
    published: PublishSummary,
    folder: str | Path,
) -> RunReport:
    """The report's counts, from the plan, the batches and the publish (its rejections by code
    from `folder`'s rejected.jsonl), once every page found is known to be published or rejected."""
    if published.published + published.rejected != found.found:
        raise CountMismatch(
            f"{found.found} pages found but {published.published} published + {published.rejected} rejected"
        )
    report.found, report.new, report.changed = found.found, len(planned.new), len(planned.changed)
    report.unchanged, report.deleted, report.deleted_paths = (
        len(planned.unchanged),
        len(planned.deleted),
        planned.deleted,
    )
    report.unsafe_links_dropped = sum(shard.unsafe_links for shard in shards)
    report.published, report.rejected, report.duplicates = published.published, published.rejected, published.duplicates
    report.rows, report.kinds, report.languages = published.rows, published.kinds, published.languages
    report.near_duplicate_groups, report.near_duplicates = published.near_duplicate_groups, published.near_duplicates
    report.near_duplicates_dropped = published.near_duplicates_dropped
    report.rejects_by_code = rejects_by_code(Path(folder) / "rejected.jsonl")
    report.finish()
    return report
