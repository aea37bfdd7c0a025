"""MinHash signatures of main texts, computed per page where the page is extracted.

A signature stands for the text's set of shingles — runs of SHINGLE tokens, a token being a word or
one CJK character (so CJK text gets character shingles), after NFKC normalisation and case
folding — in NUM_PERM minimum hash values (datasketch's affine32 MinHash), followed by the number
of shingles. Two signatures estimate how similar two texts are (`similarity`);
pagesift.dataset.neardup groups the pages of a run with them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache
from typing import Any

import numpy as np

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


def _hash_values(found: set[bytes], sha1: Any = hashlib.sha1) -> np.ndarray:
    """datasketch's `sha1_hash32` of each shingle (the first 4 bytes of its SHA-1, little-endian):
    the digests' first bytes joined and read as one array, not an int made of each: a signature
    1.16 → 1.02 ms a page on AEB (753 shingles on average), the same values."""
    return np.frombuffer(b"".join([sha1(data).digest()[:4] for data in found]), dtype="<u4").astype(np.uint32)


#: MurmurHash3's 32-bit finalizer (shift, multiplier, shift, multiplier, shift): datasketch's
#: `_FMIX_CONSTANTS[32]`, which its affine32 scheme applies to each hash value before permuting it.
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))

_ROWS = 2048  # shingles permuted at a time: 1 MiB of products


@cache
def permutations() -> tuple[np.ndarray, np.ndarray]:
    """The NUM_PERM affine permutations h -> a*h + b (mod 2^32, `a` odd) of datasketch's affine32
    scheme, drawn as its `MinHash._init_permutations` draws them from `RandomState(SEED)`: once per
    process."""
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def signature(text: str) -> bytes | None:
    """The MinHash signature of the text's shingles (NUM_PERM uint32 values) followed by the number
    of shingles (one more uint32); None for a text without words.

    The values are datasketch's `MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32")` after
    `update_batch(shingles)`, computed here with numpy alone (tests/test_neardup.py holds the two
    equal): importing datasketch imports its whole package, scipy and redis with it, 59 MiB and
    0.6 s in every worker that only needs this arithmetic."""
    found = shingles(text)
    if not found:
        return None
    s1, m1, s2, m2, s3 = _FMIX32
    hv = _hash_values(found)
    hv ^= hv >> s1
    hv *= m1
    hv ^= hv >> s2
    hv *= m2
    hv ^= hv >> s3
    a, b = permutations()
    values = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)
    # The minimum of each permutation (uint32 arithmetic wraps: mod 2^32) over _ROWS shingles at a
    # time: a long text's shingles × NUM_PERM products are never held at once (a 2 MB text's
    # signature peaked at 258 MiB with datasketch's one array, 45 MiB so); the set's order does
    # not matter.
    for start in range(0, len(hv), _ROWS):
        permuted = hv[start : start + _ROWS, None] * a
        permuted += b
        np.minimum(values, permuted.min(axis=0), out=values)
    return np.append(values, np.uint32(len(found))).astype("<u4").tobytes()


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
