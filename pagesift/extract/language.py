"""The language of a page: what its text is (py3langid's model), and what the page says it is.

py3langid ships its naive Bayes model inside the package (4.5 MB, xz-compressed numpy arrays), so
nothing is downloaded at run time; it loads in about 1.4 s into about 100 MiB and reads a page
in a few milliseconds (lingua's full models took 15 s and 1 GiB; its low-accuracy mode misread
short Spanish; see README). The model's labels are ISO 639-1 codes but for a few ISO 639-3 ones:
varieties are folded into their macrolanguage (Wu and Cantonese into `zh`), languages without a
639-1 code are left out, so that `language` is always a 639-1 code.

When the model is unsure (its probability below MIN_CONFIDENCE: short pages, titles), the page's
own claim (`<html lang>`) is kept if the model does not rule it out; `language_confidence` is
always the model's probability of the language published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
from lxml.html import HtmlElement

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
    """The model, loaded once per process, restricted to labels that map to ISO 639-1. The
    identifier is built on the restricted columns alone: set_languages would keep the whole table
    beside them (27 MiB more in every worker, for labels never published)."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
    from py3langid.modelio import load_model

    ptc, pc, classes, nextmove, row, output = load_model(MODEL_DIR / MODEL_FILE)
    kept = [i for i, label in enumerate(classes) if len(label) == 2 or label in FOLDED]
    # Row-major: a page's score gathers the rows of its features, which the column selection
    # leaves scattered (Fortran order): half the scoring time, the same numbers. float32, not the
    # package's float16: the score's product casts the gathered rows to float32 anyway (exactly),
    # so the scores are the same to the bit, in half the time again (0.22 → 0.11 ms a page on
    # AEB), for 24 MiB more a worker.
    table = np.ascontiguousarray(ptc[:, kept], dtype=np.float32)
    return LanguageIdentifier(
        table, pc[kept], [classes[i] for i in kept], nextmove, output, norm_probs=True, tk_row=row
    )


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
