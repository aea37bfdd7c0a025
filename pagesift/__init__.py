"""pagesift: raw health-article pages in, validated normalized datasets out.

The core modules are plain Python (no Prefect): decode, parse, strip noise, find sections and
related links, build and validate the record, publish the datasets. The `pagesift.flows`
subpackage orchestrates them with Prefect; no core module imports it. `read_dataset` reads a
published dataset back as pandas DataFrames.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # not `typing`'s: this package is the console script's first import, kept light
if TYPE_CHECKING:
    import pandas as pd

__version__ = "0.1.0"
#: What the records mean; a new value makes the next run process every page again (a record carried
#: over from before would not be what this version makes). "-2": ids from the url and the main text,
#: titles from the text (or null), limit rejections retried. "-3": `source` says which archive and
#: offset a page came from (`offset`, `url`), and a page's url falls back to its archive's.
#: "-4": language from the text (py3langid), declared_language, language_confidence and duplicate_group
#: in the record. "-5": sections, headlines and further reading read as on sites nobody studied
#: (issue 19: kinds by phrase, headings as a reader sees them, the headline as a section, JSON-LD);
#: an archive's url published without credentials. "-6": further reading named by more labels
#: (推荐新闻, "Must Reads", "… Related Articles"), ranking lists, a left menu's branches left out.
#: "-7": language and its confidence read from the main text's first 1,500 characters (3,000 before).
#: "-8": a short page's lines matched to its tree (an outline where it had none), "1)" and 方法一：
#: items, cards and WeChat-style previous/next read apart, a pager button naming no article no link.
#: "-9": shapes of sites nobody studied (class-named headings, infoboxes, table header rows, more
#: item markers and further-reading labels), and words' other senses that name no kind.
PIPELINE_VERSION = f"{__version__}-9"


def read_dataset(path: str | os.PathLike[str]) -> dict[str, pd.DataFrame]:
    """The published tables at `path` (a folder or any fsspec URL) as DataFrames with their schemas'
    dtypes, each checked against the dataset's datapackage.json (pagesift.dataset.read). pandas is
    imported on the first call only: every worker imports this package, and none needs it."""
    from pagesift.dataset.read import read_dataset as read

    return read(path)
