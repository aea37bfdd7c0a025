"""The language of a page: what its text is (py3langid's model), and what the page says it is.

py3langid ships its naive Bayes model inside the package (4.5 MB, xz-compressed numpy arrays), so
nothing is downloaded at run time; it loads in about 1 s into about 100 MiB (prepared once a
machine and mapped from pagesift's cache after that: `_model`) and reads a page in under a
millisecond (lingua's full models took 15 s and 1 GiB; its low-accuracy mode misread
short Spanish; see README). The model's labels are ISO 639-1 codes but for a few ISO 639-3 ones:
varieties are folded into their macrolanguage (Wu and Cantonese into `zh`), languages without a
639-1 code are left out, so that `language` is always a 639-1 code.

When the model is unsure (its probability below MIN_CONFIDENCE: short pages, titles), the page's
own claim (`<html lang>`) is kept if the model does not rule it out; `language_confidence` is
always the model's probability of the language published.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from lxml.html import HtmlElement

from pagesift.settings import cache_dir

#: Below this probability the model is unsure and the page's declared language may decide.
MIN_CONFIDENCE = 0.5
#: A declared language the model gives at least this probability is not ruled out.
PLAUSIBLE = 0.05
#: Characters of the text the model reads (the start of a page; longer pages cost no more). 1,500
#: name every AEB and real page's language as 3,000 did (bench/language.py: accuracy 1.0 on both
#: sets, no page unsure, and 1,000 too), in 60% of the time (1.9 against 3.3 CPU-ms a page).
SAMPLE_CHARS = 1_500
#: ISO 639-3 labels of the model folded into their ISO 639-1 macrolanguage.
FOLDED = {"wuu": "zh", "yue": "zh", "arz": "ar", "ary": "ar", "uzs": "uz"}

_LETTER = re.compile(r"[^\W\d_]")
_PRIMARY = re.compile(r"[a-z]{2,3}")


@dataclass(frozen=True, slots=True)
class Identified:
    language: str | None  # ISO 639-1, None when the text has no letters to go by
    confidence: float | None  # the model's probability of `language`, 0..1


@cache
def _identifier() -> Any:  # py3langid's LanguageIdentifier (the package has no type hints)
    """The model, loaded once per process, restricted to labels that map to ISO 639-1, from its
    prepared copy in pagesift's cache (`_model`), its tokenizer walked by numpy (`_Tokenizer`)."""
    from py3langid.langid import LanguageIdentifier

    model = _model()
    tokenizer = _Tokenizer(
        np.asarray(model["nextmove"]),
        model["row"].astype(np.intp) << 8,
        model["output"],
        int(model["depth"][0]),
    )

    class Identifier(LanguageIdentifier):
        __slots__ = ()

        def _raw_score(self, text: bytes) -> np.ndarray:
            """py3langid's scores of a text's UTF-8 bytes (its `_raw_score`: `_sparse_score` of the
            features' counts, summed in the order the features are first seen)."""
            found = tokenizer.counts(text)
            if found is None:  # no feature: every label alike, as py3langid scores it under norm_probs
                return np.zeros(len(self.nb_classes), dtype=np.float32)
            features, counts = found
            return np.log1p(counts) @ self.nb_ptc[features] + self.nb_pc

    return Identifier(
        np.asarray(model["table"]),  # a plain array over the mapped file, not a np.memmap
        model["pc"],
        model["classes"].tolist(),
        None,  # py3langid's own walk over the bytes is never taken (_raw_score): no tables for it
        None,
        norm_probs=True,
        tk_row=(),
    )


@dataclass(frozen=True, slots=True)
class _Tokenizer:
    """py3langid's tokenizer: an Aho–Corasick automaton over a text's UTF-8 bytes, whose state after
    a byte is the longest prefix of a feature that ends there, and which counts that state's feature.
    That state depends on the last `depth` bytes alone (no feature is longer), so the states after
    every byte are found together: numpy walks all the windows of `depth` bytes at once, `depth`
    steps of gathers, where py3langid's `visit_counts` took a Python step a byte: identify 1.07 ->
    0.84 CPU-ms a page on AEB (bench/ab.py, 5 rounds; 1.29 -> 0.95 on a busier machine), the same
    scores to the bit (tests/test_language.py, tests/test_properties.py)."""

    moves: np.ndarray  # the next state: moves[rows[state] + byte]
    rows: np.ndarray  # each state's row of moves, times 256
    features: np.ndarray  # each state's feature, or -1
    depth: int  # the most steps from the start to any state: the longest feature, in bytes

    def counts(self, data: bytes) -> tuple[np.ndarray, np.ndarray] | None:
        """The features seen in `data` in the order first seen, and how often each (float32), as
        py3langid's `visit_counts` Counter holds them; None when there is none."""
        text = np.frombuffer(data, dtype=np.uint8)
        n = len(text)
        states = np.zeros(n, dtype=np.intp)  # the start
        for back in range(min(self.depth, n) - 1, -1, -1):  # each window's bytes, its first one first
            states[back:] = self.moves[self.rows[states[back:]] + text[: n - back]]
        found = self.features[states]
        found = found[found >= 0]
        if not len(found):
            return None
        order = np.argsort(found, kind="stable")  # a feature's places in the text, in order
        ranked = found[order]
        starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])
        first_seen = np.argsort(order[starts])
        counts = np.diff(np.r_[starts, len(ranked)])
        return ranked[starts][first_seen], counts[first_seen].astype(np.float32)


def _depth(moves: np.ndarray, rows: np.ndarray) -> int:
    """The most steps the automaton takes from its start to any of its states (breadth first, each
    row of moves read once a step: about 0.1 s, once a preparation)."""
    table = moves.reshape(-1, 256)
    seen = np.zeros(len(rows), dtype=bool)
    seen[0] = True
    frontier, steps = np.zeros(1, dtype=np.intp), 0
    while True:
        reached = table[np.unique(rows[frontier])].ravel()
        reached = np.unique(reached[~seen[reached]])
        if not len(reached):
            return steps
        seen[reached] = True
        frontier, steps = reached, steps + 1


#: The prepared model's arrays: the restricted table, its priors and labels, and the tokenizer's
#: automaton (transitions, row of each state, feature of each state or -1, its depth: `_depth`).
_ARRAYS = ("table", "pc", "classes", "nextmove", "row", "output", "depth")
#: The arrays mapped from the cache rather than read: 48 and 39 MB, each page touches few of their rows.
_MAPPED = ("table", "nextmove")
_LAYOUT = 3  # raised when _prepare changes what it makes
_KEY = re.compile(r"[0-9a-f]{16}")  # a preparation's folder name; `.KEY-…`: one being written, or discarded
_ABANDONED_S = 600  # a preparation takes a second or two: a folder written aside this long ago was abandoned
_UNUSED_S = 30 * 86_400  # another key's preparation unused for a month (an older py3langid's) is removed


def _model() -> dict[str, np.ndarray]:
    """The prepared model, mapped from pagesift's cache (`language/KEY`), else prepared now and
    kept there. py3langid decompresses its 4.5 MB of xz and converts its table in every process
    that loads it, 0.7–1.2 s of CPU in each worker's start; mapped from the cache it loads in
    15–19 ms in a fresh process (the key's 6 ms included), and the workers share its pages instead of holding 90 MB each. The key is the
    model file's content, the package's version and this preparation's layout; a kept model that
    is not whole is prepared again; an unwritable or unreadable cache leaves the model in memory."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    source = MODEL_DIR / MODEL_FILE
    try:
        folder = cache_dir() / "language" / _key(source)
    except RuntimeError:  # no home folder to hold a cache (HOME unset, no passwd entry)
        return _prepare(source)
    if folder.is_dir():
        try:
            model = _read(folder)
        except (FileNotFoundError, ValueError, EOFError):
            _discard(folder)  # not whole (kept folders are whole when renamed in): prepared again
        except OSError:
            return _prepare(source)  # the cache cannot be read now (EMFILE, ENOMEM): leave it be
        else:
            _tidy(folder)
            return model
    model = _prepare(source)
    try:
        _keep(model, folder)
        return _read(folder)  # mapped, so that its pages are shared with the other processes
    except (OSError, ValueError, EOFError):
        return model  # a cache that cannot be written: the model stays in this process's memory


def _key(source: Path) -> str:
    """The preparation's name: its layout, py3langid's version and the model file's content
    (6 ms), not its path, so that every install of the same model shares one preparation."""
    import py3langid

    with source.open("rb") as handle:
        content = hashlib.file_digest(handle, "sha256").hexdigest()
    about = (_LAYOUT, py3langid.__version__, content, sorted(FOLDED.items()))
    return hashlib.sha256(repr(about).encode()).hexdigest()[:16]


def _prepare(source: Path) -> dict[str, np.ndarray]:
    """py3langid's model restricted to the labels that map to ISO 639-1. The identifier is built
    on the restricted columns alone: set_languages would keep the whole table beside them (27 MiB
    more in every worker, for labels never published)."""
    from py3langid.modelio import load_model

    ptc, pc, classes, nextmove, row, output = load_model(source)
    kept = [i for i, label in enumerate(classes) if len(label) == 2 or label in FOLDED]
    # Row-major: a page's score gathers the rows of its features, which the column selection
    # leaves scattered (Fortran order): half the scoring time, the same numbers. float32, not the
    # package's float16: the score's product casts the gathered rows to float32 anyway (exactly),
    # so the scores are the same to the bit, in half the time again (0.22 → 0.11 ms a page on AEB).
    moves = np.frombuffer(nextmove, dtype=np.dtype(nextmove.typecode))  # uint16 or uint32, as saved
    rows = np.frombuffer(row, dtype=np.dtype(row.typecode))
    return {
        "table": np.ascontiguousarray(ptc[:, kept], dtype=np.float32),
        "pc": np.asarray(pc[kept]),
        "classes": np.array([classes[i] for i in kept]),
        "nextmove": moves,
        "row": rows,
        "output": np.array(output, dtype=np.int32),
        "depth": np.array([_depth(moves, rows)]),
    }


def _read(folder: Path) -> dict[str, np.ndarray]:
    """The prepared model kept in `folder`; ValueError, EOFError or OSError if it is not whole."""
    model = {name: np.load(folder / f"{name}.npy", mmap_mode="r" if name in _MAPPED else None) for name in _ARRAYS}
    states, labels, depth = len(model["row"]), len(model["classes"]), model["depth"]
    if (
        model["table"].shape[1:] != (labels,)
        or model["pc"].shape != (labels,)
        or model["output"].shape != (states,)
        # a wrong depth would read every text wrong, not fail: the walk trusts it (_Tokenizer)
        or depth.shape != (1,)
        or depth.dtype.kind not in "iu"
        or not 1 <= depth[0] < states
    ):
        raise ValueError(f"{folder}: the prepared language model is not whole")
    return model


def _keep(model: dict[str, np.ndarray], folder: Path) -> None:
    """Write the prepared model into `folder` whole or not at all: written aside, synced and
    renamed in (a process that kept it first wins); the folder written aside is removed whatever
    stops the writing (a full disk, a Ctrl-C)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    aside = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        for name in _ARRAYS:
            with (aside / f"{name}.npy").open("wb") as handle:
                np.save(handle, model[name], allow_pickle=False)
                handle.flush()
                os.fsync(handle.fileno())
        aside.rename(folder)
    except BaseException as exc:
        shutil.rmtree(aside, ignore_errors=True)
        if isinstance(exc, OSError) and folder.is_dir():
            return  # another process kept it first
        raise


def _discard(folder: Path) -> None:
    """Remove a kept model that is not whole: renamed aside first, so that a process keeping a
    new one meanwhile is not removed with it (only one process renames it)."""
    gone = folder.with_name(f".{folder.name}-broken-{os.getpid()}")
    try:
        folder.rename(gone)
    except OSError:
        return  # another process discarded it already
    shutil.rmtree(gone, ignore_errors=True)


def _tidy(used: Path) -> None:
    """Mark `used` as used, and remove what is left beside it: a folder written aside by a
    process killed while it wrote, and another key's preparation unused for a month. Only names
    this module makes are touched (the cache folder may be shared with other things)."""
    now = time.time()
    try:
        os.utime(used)
        entries = list(used.parent.iterdir())
    except OSError:
        return  # a read-only cache: nothing to mark or remove
    for entry in entries:
        name = entry.name
        aside = name.startswith(".") and _KEY.fullmatch(name[1:17]) is not None and name[17:18] == "-"
        if entry == used or not (aside or _KEY.fullmatch(name)):
            continue
        try:
            unused = now - entry.stat().st_mtime
        except OSError:
            continue
        if unused > (_ABANDONED_S if aside else _UNUSED_S):
            shutil.rmtree(entry, ignore_errors=True)  # a process still mapping its files keeps their pages


def load() -> None:
    """Load the model now (a worker does this while it warms up, not on its first page)."""
    _identifier()


def probabilities(text: str) -> dict[str, float]:
    """The model's probability of each ISO 639-1 language for `text`, highest first."""
    folded: dict[str, float] = {}
    for label, p in _identifier().rank(text[:SAMPLE_CHARS]):
        code = FOLDED.get(label, label)
        folded[code] = folded.get(code, 0.0) + p
    return dict(sorted(folded.items(), key=lambda kv: (-kv[1], kv[0])))


def identify(text: str, declared: str | None = None) -> Identified:
    """The language of `text`: the model's best guess; when it is unsure, the declared language
    if the model gives it at least PLAUSIBLE; None for text without letters."""
    if not _LETTER.search(text[:SAMPLE_CHARS]):
        return Identified(None, None)
    ranked = probabilities(text)
    best, p = next(iter(ranked.items()))
    if p < MIN_CONFIDENCE and declared and declared != best and ranked.get(declared, 0.0) >= PLAUSIBLE:
        best, p = declared, ranked[declared]
    return Identified(best, round(min(p, 1.0), 4))


def declared_language(tree: HtmlElement | None) -> str | None:
    """What the page says its language is: `<html lang>` or `xml:lang`, else the
    Content-Language meta; its primary subtag ("zh-CN" → "zh"), None when there is none."""
    if tree is None:
        return None
    claim = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or tree.get("xml:lang")
    if not claim:
        for meta in tree.iter("meta"):
            if (meta.get("http-equiv") or meta.get("name") or "").lower() == "content-language":
                claim = meta.get("content")
                break
    primary = re.split(r"[-_,;\s]", (claim or "").strip().lower())[0]
    return primary if _PRIMARY.fullmatch(primary) else None
