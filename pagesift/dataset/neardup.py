"""Near-duplicate articles: the pages of a run grouped once, before publish, by their MinHash
signatures (pagesift.extract.minhash, computed where each page was extracted).

Content farms copy each other's articles with small edits (a sentence changed, a paragraph added,
other chrome, another URL), so equal ids or bytes miss them. Publish groups all pages of the run at
once, the signatures of pages carried over coming from the state stored under the output folder
(`.neardup.jsonl`, written in the publish commit).

Grouping is leader-based and deterministic: pages are taken in a stable order — the run that
first saw the page, then its path — and each joins the group of the earliest group leader whose
estimated similarity (`minhash.similarity`: Jaccard, or the share of the shorter text found in
the longer) is at least the threshold (MinHashLSH's bands find the candidates), or leads a new group.
A group's id is its leader's article_id, so an incremental run keeps its groups: new pages join
old leaders, a deleted page leaves its group (a deleted leader hands it to the next member in the
order), and a changed page is placed again.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

import numpy as np
import orjson

from pagesift.extract.minhash import CONTAINED_SIZE, NUM_PERM, SIGNATURE_PARAMS, signature, similarity
from pagesift.model import page_ref
from pagesift.settings import DEFAULT_NEAR_DUPLICATE_THRESHOLD

STATE = ".neardup.jsonl"  # under the output folder, beside .manifest.jsonl


def candidate_threshold(threshold: float) -> float:
    """The Jaccard similarity LSH looks for candidates from: that of a text whose share found in
    a text twice its size is `threshold` (the lowest a match can have), less a tenth for the
    estimates' spread."""
    return 0.9 * threshold / (1 / CONTAINED_SIZE + 1 - threshold)


# --- signatures in the staging folder and in the stored state --------------------------------------


def shard_path(staging: str | Path, index: int) -> Path:
    return Path(staging) / f"{index:06d}.signatures.jsonl"


def signature_line(path: str, record: dict[str, Any], sig: bytes | None) -> bytes:
    """One page's line in its batch's signature shard; `path` is the page's reference (its file's
    path, or PATH#OFFSET for a page inside an archive)."""
    encoded = base64.b64encode(sig).decode("ascii") if sig is not None else None
    return (
        orjson.dumps({"path": path, "id": record["id"], "sha256": record["source"]["sha256"], "signature": encoded})
        + b"\n"
    )


@dataclass(frozen=True, slots=True)
class Options:
    """How a run groups near-duplicates (flow parameters)."""

    threshold: float = DEFAULT_NEAR_DUPLICATE_THRESHOLD
    drop: bool = False  # publish only each group's first member; reject the others at stage `dedup`

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"near-duplicate threshold must be in (0, 1], not {self.threshold}")


DEFAULT_OPTIONS = Options()


@dataclass(slots=True)
class State:
    """The signatures of the last published run, by path: (sha256, first_seen run, signature)."""

    run: int = 0
    options: dict[str, Any] = field(default_factory=dict)
    pages: dict[str, tuple[str, int, str | None]] = field(default_factory=dict)
    signed: bool = True  # its signatures were made as this version makes them (else none is kept)


def load_state(out: str | Path, signatures: bool = True) -> State:
    """The stored state, or an empty one when there is none; without its `signatures` (None in
    their place) for grouping, which reads only when each page was first seen: 737 bytes a page
    less held while publishing. A state whose signatures were made otherwise (another shingle
    hash, other permutations) keeps its run and when each page was first seen, so the groups keep
    their first members and ids, but none of its signatures: `carry` makes them again."""
    path = Path(out) / STATE
    if not path.exists():
        return State()
    with path.open("rb") as handle:
        header = orjson.loads(handle.readline() or b"{}")
        signed = header.get("signature") == SIGNATURE_PARAMS
        pages = {}
        for line in handle:
            item = orjson.loads(line)
            kept = item["signature"] if signatures and signed else None
            pages[item["path"]] = (item["sha256"], item["first_seen"], kept)
    return State(run=header.get("run", 0), options=header.get("options", {}), pages=pages, signed=signed)


def same_options(out: str | Path, options: Options) -> bool:
    """Did the last publish into `out` group with these options (else the run is not settled)?
    Reads the state's header line only."""
    path = Path(out) / STATE
    if not path.exists():
        return False
    with path.open("rb") as handle:
        header = orjson.loads(handle.readline() or b"{}")
    return header.get("signature") == SIGNATURE_PARAMS and (
        header.get("options") == {"threshold": options.threshold, "drop": options.drop}
    )


def carry(out: str | Path, staging: str | Path, carried_records: Path, index: int) -> int:
    """The signatures of the records carried over (in `carried_records`, a shard of records) into
    signature shard `index`: from the stored state, or computed from the record's text when the
    state has none (an output folder from before, other signature parameters). Returns how many
    were computed."""
    state = load_state(out)
    computed = 0
    with shard_path(staging, index).open("wb") as shard:
        if not carried_records.exists():
            return 0
        with carried_records.open("rb") as handle:
            for line in handle:
                record = orjson.loads(line)
                path = page_ref(record["source"]["path"], record["source"].get("offset"))
                stored = state.pages.get(path)
                if stored is not None and stored[0] == record["source"]["sha256"] and state.signed:
                    shard.write(
                        orjson.dumps({"path": path, "id": record["id"], "sha256": stored[0], "signature": stored[2]})
                        + b"\n"
                    )
                else:
                    shard.write(signature_line(path, record, signature(record["text"])))
                    computed += 1
    return computed


# --- grouping --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Member:
    article_id: str
    group_id: str  # the leader's article_id
    leader_path: str
    similarity: float  # estimated similarity to the leader (minhash.similarity; 1.0 for the leader)


@dataclass(slots=True)
class Grouping:
    """The run's near-duplicate groups: every grouped page (groups of two or more) by path, each
    group's leader first, groups in leader order."""

    members: dict[str, Member] = field(default_factory=dict)
    groups: int = 0

    def of(self, path: str) -> Member | None:
        return self.members.get(path)

    def copies(self) -> int:
        """Grouped pages that are not their group's first member."""
        return len(self.members) - self.groups

    def rows(self) -> Iterator[dict[str, Any]]:
        """The near_duplicates table, in order."""
        for member in self.members.values():
            yield {"article_id": member.article_id, "group_id": member.group_id, "similarity": member.similarity}


class _Page(NamedTuple):
    """Where a page's signature line is, and what ordering needs of it (a tuple: a large run holds
    one a page). The line's sha256 and signature (737 bytes of base64) are read again, one page at
    a time, when the page's turn comes (`_Lines`)."""

    path: str
    id: str
    shard: int
    offset: int  # of its line in the shard's signature file


def _shard_pages(staging: Path, shards: Iterable[int]) -> Iterator[_Page]:
    for index in shards:
        path = shard_path(staging, index)
        if path.exists():
            with path.open("rb") as handle:
                offset = 0
                for line in handle:
                    item = orjson.loads(line)
                    yield _Page(item["path"], item["id"], index, offset)
                    offset += len(line)


class _Lines:
    """The signature lines of pages, read by their place (each shard's file opened once: at most
    compact's FAN_IN at a time, when publishing)."""

    def __init__(self, staging: Path) -> None:
        self.staging = staging
        self.files = ExitStack()
        self.handles: dict[int, BinaryIO] = {}

    def __enter__(self) -> _Lines:
        return self

    def __exit__(self, *exc: object) -> None:
        self.files.close()

    def read(self, page: _Page) -> dict[str, Any]:
        handle = self.handles.get(page.shard)
        if handle is None:
            handle = self.handles[page.shard] = self.files.enter_context(
                shard_path(self.staging, page.shard).open("rb")
            )
        handle.seek(page.offset)
        item: dict[str, Any] = orjson.loads(handle.readline())
        return item


Leaders = dict[str, tuple[int, bytes, str]]  # path -> (rank, signature, article id), in rank order
Followers = dict[str, list[tuple[str, str, float]]]  # leader path -> [(path, article id, similarity)]


def bands_and_rows(threshold: float, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """MinHashLSH's bands and rows for a Jaccard threshold: of the ways to cut `num_perm` hash
    values into b bands of r rows, the first (by b, then r) whose chances of a false candidate
    below the threshold and of a missed one above it sum least, as datasketch chooses them (equal
    weights). datasketch integrates those chances with SciPy, whose import took 0.55 s of every
    run that published; they are polynomials of degree b·r ≤ num_perm, which Gauss–Legendre
    quadrature with more than num_perm / 2 nodes integrates exactly (a test holds the choice
    equal to datasketch's)."""
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 16)
    pairs = np.array([(b, r) for b in range(1, num_perm + 1) for r in range(1, num_perm // b + 1)], dtype=np.float64)
    b, r = pairs[:, :1], pairs[:, 1:]

    def integral(low: float, high: float, chance: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        half = (high - low) / 2
        return np.asarray(chance(half * nodes + (high + low) / 2) @ weights * half)

    false_positive = integral(0.0, threshold, lambda s: 1 - (1 - s**r) ** b)
    false_negative = integral(threshold, 1.0, lambda s: (1 - s**r) ** b)
    best = int(np.argmin(0.5 * false_positive + 0.5 * false_negative))  # the first of equals, as datasketch
    return int(pairs[best, 0]), int(pairs[best, 1])


class _Bands:
    """MinHashLSH's candidates, in a quarter of its memory: its bands and rows for the
    threshold (`bands_and_rows`), and for each band a bucket per value of the band's hash values (a slice of the
    signature's bytes, equal when they are) holding the leaders that have it, by their number.
    datasketch's index also keeps every band of every key for removals, which grouping never makes:
    12.7 against 3.2 KB a leader (tracemalloc); `bench/publish.py --distinct`, every page a group of
    its own, grew by 532 MiB for 30,000 pages with it, by 184 with this index."""

    def __init__(self, threshold: float) -> None:
        bands, rows = bands_and_rows(candidate_threshold(threshold))
        width = 4 * rows  # bytes of a band: `rows` uint32 hash values
        self._slices = [(band * width, (band + 1) * width) for band in range(bands)]
        self._buckets: list[dict[bytes, int | list[int]]] = [{} for _ in range(bands)]

    def query(self, sig: bytes) -> set[int]:
        """The leaders that share a band with the signature."""
        found: set[int] = set()
        for (start, end), bucket in zip(self._slices, self._buckets, strict=True):
            held = bucket.get(sig[start:end])
            if isinstance(held, list):
                found.update(held)
            elif held is not None:
                found.add(held)
        return found

    def insert(self, sig: bytes, leader: int) -> None:
        for (start, end), bucket in zip(self._slices, self._buckets, strict=True):
            key = sig[start:end]
            held = bucket.setdefault(key, leader)
            if isinstance(held, list):
                held.append(leader)
            elif held != leader:
                bucket[key] = [held, leader]


def _lead_and_follow(signed: Iterable[tuple[int, _Page, bytes]], options: Options) -> tuple[Leaders, Followers]:
    """Each signed page, in rank order, joins the earliest leader it is similar enough to, or leads."""
    bands: _Bands | None = None
    leaders: Leaders = {}
    leading: list[str] = []  # the leaders' paths, by their number in `bands`
    followers: Followers = {}
    for rank, page, sig in signed:
        if bands is None:
            bands = _Bands(options.threshold)  # once a page is signed
        best: tuple[float, int, str] | None = None
        for number in bands.query(sig):
            candidate = leading[number]
            lead_rank, lead_sig, _ = leaders[candidate]
            score = similarity(sig, lead_sig)
            if score >= options.threshold and (best is None or lead_rank < best[1]):
                best = (score, lead_rank, candidate)
        if best is None:
            leaders[page.path] = (rank, sig, page.id)
            bands.insert(sig, len(leading))
            leading.append(page.path)
        else:
            followers.setdefault(best[2], []).append((page.path, page.id, best[0]))
    return leaders, followers


def group(staging: str | Path, shards: Iterable[int], previous: State, options: Options, state_to: Path) -> Grouping:
    """Group every page with a signature in the shards (one page per article id: the first by
    path, as publish keeps it), leaders first in (first run seen, path) order, and write the
    state to store under the output folder into `state_to`. The pages read are let go before the
    members are made (one a grouped page), and each leader's followers once its members are."""
    leaders, followers = _lead(Path(staging), shards, previous, options, state_to)
    grouping = Grouping()
    for leader, (_, _, lead_id) in leaders.items():  # in order
        joined = followers.pop(leader, None)
        if not joined:
            continue
        grouping.groups += 1
        for path, article_id, score in [(leader, lead_id, 1.0), *joined]:
            grouping.members[path] = Member(article_id, lead_id, leader, round(score, 4))
    return grouping


def _lead(
    staging: Path, shards: Iterable[int], previous: State, options: Options, state_to: Path
) -> tuple[Leaders, Followers]:
    """The leaders and their followers among the pages of the shards, and the state written: each
    page's line read again in rank order, its state line written and its signature grouped."""
    pages: dict[str, _Page] = {}
    for page in _shard_pages(staging, shards):
        kept = pages.get(page.id)  # a repeated id is rejected at publish: not grouped
        if kept is None or page.path < kept.path:
            pages[page.id] = page
    # a generation that advances only with pages never seen before, so a re-run states the same
    run = previous.run + 1 if any(page.path not in previous.pages for page in pages.values()) else previous.run
    first_seen = {page.path: previous.pages.get(page.path, ("", run, None))[1] for page in pages.values()}
    order = sorted(pages.values(), key=lambda page: (first_seen[page.path], page.path))
    header = {
        "signature": SIGNATURE_PARAMS,
        "run": run,
        "options": {"threshold": options.threshold, "drop": options.drop},
    }
    with state_to.open("wb") as state, _Lines(staging) as lines:
        state.write(orjson.dumps(header) + b"\n")

        def signed() -> Iterator[tuple[int, _Page, bytes]]:
            for rank, page in enumerate(order):
                item = lines.read(page)
                sig = item["signature"]
                line = {
                    "path": page.path,
                    "sha256": item["sha256"],
                    "first_seen": first_seen[page.path],
                    "signature": sig,
                }
                state.write(orjson.dumps(line) + b"\n")
                if sig is not None:
                    yield rank, page, base64.b64decode(sig)

        return _lead_and_follow(signed(), options)
