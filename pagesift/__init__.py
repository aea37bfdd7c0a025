"""pagesift: raw health-article pages in, validated normalized datasets out.

The core modules are plain Python (no Prefect): decode, parse, strip noise, find sections and
related links, build and validate the record, publish the datasets. The `pagesift.flows`
subpackage orchestrates them with Prefect; no core module imports it.
"""

__version__ = "0.1.0"
PIPELINE_VERSION = __version__
