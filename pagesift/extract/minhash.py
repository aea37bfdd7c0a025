"""MinHash signatures of main texts, computed per page where the page is extracted.

A signature stands for the text's set of shingles — runs of SHINGLE tokens, a token being a word or
one CJK character (so CJK text gets character shingles), after NFKC normalisation and case
folding — in NUM_PERM minimum hash values (datasketch), followed by the number of shingles. Two
signatures estimate how similar two texts are (`similarity`); pagesift.dataset.neardup groups the
pages of a run with them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from datasketch import LeanMinHash, MinHash

from pagesift.text import CJK_SCRIPT

NUM_PERM = 128
SEED = 1
SCHEME = "affine32"  # datasketch's default permutation scheme (uint32 hash values)
SHINGLE = 5  # tokens per shingle
#: A smaller text's share found in a larger one counts only when it is at least this part of it.
CONTAINED_SIZE = 0.5
SIGNATURE_PARAMS = {"num_perm": NUM_PERM, "seed": SEED, "scheme": SCHEME, "shingle": SHINGLE, "sized": True}

_TOKEN = re.compile(f"{CJK_SCRIPT.pattern}|[^\\W_]+")


def tokens(text: str) -> list[str]:
    """Words, and each CJK character on its own (Chinese and Japanese have no spaces to go by)."""
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(text: str) -> set[bytes]:
    """Every run of SHINGLE consecutive tokens (the whole text when it is shorter), as UTF-8: each
    token encoded once, the runs read off SHINGLE shifted copies of the list (0.76 → 0.48 ms a
    page on AEB, against a slice, join and encode per run)."""
    words = [word.encode("utf-8") for word in tokens(text)]
    if len(words) <= SHINGLE:
        return {b" ".join(words)} if words else set()
    return set(map(b" ".join, zip(*(words[i:] for i in range(SHINGLE)))))


def _sha1_32(data: bytes, sha1: Any = hashlib.sha1) -> int:
    """datasketch's `sha1_hash32` (the first 4 bytes of SHA-1, little-endian) without its
    `struct.unpack`: the same values, a quarter of a signature's time less."""
    return int.from_bytes(sha1(data).digest()[:4], "little")


@cache
def _empty() -> MinHash:
    """An empty MinHash, for its permutations: drawn once per process, and only in a process that
    computes signatures (datasketch imports scipy, a second of start-up that the main process of a
    run with nothing to sign never pays)."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)


def signature(text: str) -> bytes | None:
    """The MinHash signature of the text's shingles (NUM_PERM uint32 values) followed by the number
    of shingles (one more uint32); None for a text without words."""
    found = shingles(text)
    if not found:
        return None
    from datasketch import MinHash

    empty = _empty()
    minhash = MinHash(
        seed=SEED, scheme=SCHEME, hashvalues=empty.hashvalues, permutations=empty.permutations, hashfunc=_sha1_32
    )
    minhash.update_batch(found)  # the minimum of each permutation: the set's order does not matter
    return np.append(minhash.hashvalues, len(found)).astype("<u4").tobytes()


def lean(sig: bytes) -> LeanMinHash:
    from datasketch import LeanMinHash

    return LeanMinHash(seed=SEED, hashvalues=np.frombuffer(sig, dtype="<u4")[:NUM_PERM], scheme=SCHEME)


def similarity(a: bytes, b: bytes) -> float:
    """Estimated similarity of two texts from their signatures: the Jaccard similarity of their
    shingle sets or, when higher, the share of the smaller set found in the larger (a copy with a
    paragraph added keeps all of the original), counted only for sets of comparable size (the
    smaller at least CONTAINED_SIZE of the larger, so a short text is not a copy of every page
    that quotes it)."""
    va, vb = np.frombuffer(a, dtype="<u4"), np.frombuffer(b, dtype="<u4")
    jaccard = float(np.mean(va[:NUM_PERM] == vb[:NUM_PERM]))
    small, large = sorted((int(va[NUM_PERM]), int(vb[NUM_PERM])))
    if small < CONTAINED_SIZE * large:
        return jaccard
    shared = jaccard * (small + large) / (1 + jaccard)  # |A ∩ B| from J = |A ∩ B| / |A ∪ B|
    return max(jaccard, min(1.0, shared / small))
