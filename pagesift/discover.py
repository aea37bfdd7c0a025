"""Find the raw files of a run: every file under the raw folder, in a stable order."""

from __future__ import annotations

import os
from pathlib import Path


def discover(raw: str | Path) -> list[str]:
    """Every file below `raw` (hidden files and folders skipped), sorted, as paths.

    Unsupported file types are returned too: they end as rejections, never as silent drops.
    """
    root = Path(raw)
    if not root.is_dir():
        raise FileNotFoundError(f"raw folder not found: {root}")
    found: list[str] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(os.path.join(folder, name) for name in files if not name.startswith("."))
    return sorted(found)
