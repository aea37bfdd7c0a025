"""The first gold pages as text, for tests that hold a fast path equal to the general one on
every element of real markup."""

from __future__ import annotations

import gzip
from pathlib import Path


def gold_texts(count: int = 10) -> list[str]:
    """The first `count` pages of tests/gold (by name), decompressed and decoded."""
    texts = []
    for path in sorted(Path(__file__).parent.joinpath("gold").glob("*.html*"))[:count]:
        data = path.read_bytes()
        texts.append((gzip.decompress(data) if path.name.endswith(".gz") else data).decode("utf-8", "replace"))
    return texts
