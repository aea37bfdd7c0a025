"""The published JSON Schemas: article.schema.json and tables/<table>.schema.json, generated from
the record model (`make schemas`, pagesift.model) and checked in at the repository's top level.

Installed as `pagesift.schemas` (a setuptools package-dir mapping, in the wheel and in the editable
install alike), so this module is the one place that says where they are, wherever pagesift runs.
"""

from __future__ import annotations

from pathlib import Path

SCHEMA_ROOT = Path(__file__).resolve().parent
