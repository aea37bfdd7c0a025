"""MinHash signatures of main texts, computed per page where the page is extracted.

A signature stands for the text's set of shingles — runs of SHINGLE tokens, a token being a word or
one CJK character (so CJK text gets character shingles), after NFKC normalisation and case
folding — in NUM_PERM minimum hash values (datasketch's affine32 MinHash over `shingle_hash`),
followed by the number of shingles. Two signatures estimate how similar two texts are
(`similarity`); pagesift.dataset.neardup groups the pages of a run with them.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from functools import cache

import numpy as np

from pagesift.text import CJK_SCRIPT

NUM_PERM = 128
SEED = 1
SCHEME = "affine32"  # datasketch's default permutation scheme (uint32 hash values)
SHINGLE = 5  # tokens per shingle
#: A smaller text's share found in a larger one counts only when it is at least this part of it.
CONTAINED_SIZE = 0.5
#: A shingle's hash: its tokens' CRC-32s read as the digits of a number in this base, mod 2^32.
BASE = 0x9E3779B1
SIGNATURE_PARAMS = {
    "num_perm": NUM_PERM,
    "seed": SEED,
    "scheme": SCHEME,
    "shingle": SHINGLE,
    "sized": True,
    "hash": "crc32-base",  # a state stored with another shingle hash (SHA-1's, before) is recomputed
}

_TOKEN = re.compile(f"{CJK_SCRIPT.pattern}|[^\\W_]+")


def tokens(text: str) -> list[str]:
    """Words, and each CJK character on its own (Chinese and Japanese have no spaces to go by)."""
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(text: str) -> set[bytes]:
    """Every run of SHINGLE consecutive tokens (the whole text when it is shorter), as UTF-8: the
    set a signature stands for (`signature` hashes the runs from the tokens, without this set)."""
    words = [word.encode("utf-8") for word in tokens(text)]
    if len(words) <= SHINGLE:
        return {b" ".join(words)} if words else set()
    return set(map(b" ".join, zip(*(words[i:] for i in range(SHINGLE)))))


def shingle_hash(shingle: bytes) -> int:
    """A shingle's 32-bit hash: its tokens' CRC-32s as the digits of a number in base BASE, mod
    2^32 (Horner's rule). `signature` computes the same for every shingle of a text at once."""
    value = 0
    for token in shingle.split(b" "):
        value = (value * BASE + zlib.crc32(token)) & 0xFFFFFFFF
    return value


def _hash_values(words: list[str]) -> np.ndarray:
    """`shingle_hash` of each of the text's distinct shingles, from its tokens: each token's CRC-32
    once, then SHINGLE shifted slices multiplied and added (uint32 arithmetic wraps: mod 2^32), not
    a joined string and a SHA-1 digest a shingle (`signature` 1.67 → 1.09 CPU-ms a page on AEB,
    bench/ab.py). Equal values are one shingle but for a 32-bit collision."""
    crc = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint32, count=len(words))
    count = max(1, len(words) - SHINGLE + 1)  # a text of SHINGLE tokens or fewer is one shingle
    values = crc[:count].copy()
    base = np.uint32(BASE)
    for shift in range(1, min(SHINGLE, len(words))):
        values *= base
        values += crc[shift : shift + count]
    return np.unique(values)


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

    The values are datasketch's `MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32",
    hashfunc=shingle_hash)` after `update_batch(shingles(text))`, computed here with numpy alone
    from the tokens, without building the shingles (tests/test_neardup.py holds the two equal):
    importing datasketch imports its whole package, scipy and redis with it, 59 MiB and 0.6 s in
    every worker that only needs this arithmetic."""
    words = tokens(text)
    if not words:
        return None
    s1, m1, s2, m2, s3 = _FMIX32
    hv = _hash_values(words)
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
    return np.append(values, np.uint32(len(hv))).astype("<u4").tobytes()


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
