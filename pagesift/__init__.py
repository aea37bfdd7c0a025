"""pagesift: raw health-article pages in, validated normalized datasets out.

The core package is plain Python (no Prefect): decode, parse, strip noise, find sections and
related links, build and validate the record, publish the datasets. `flows/` orchestrates it.
"""

__version__ = "0.1.0"
PIPELINE_VERSION = __version__
