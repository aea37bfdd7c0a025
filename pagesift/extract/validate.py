"""Validation of records, and the published JSON Schemas in pagesift/schemas/.

A record is validated by the record model itself (pagesift.model, pydantic in strict mode), the
one validator on the hot path: about 60 us a record, against 150-190 us for the fastjsonschema
check it replaces and about 2 ms for jsonschema on the published schema (bench/validation.py). The published schemas are generated from the same model,
and pydantic is never more lenient than them (strict types; its patterns end at `$` exactly);
tests/test_model.py holds the two to the same answers, with jsonschema reading the files.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pagesift.model import Article

SCHEMA_DIR = Path(os.environ.get("PAGESIFT_SCHEMAS", Path(__file__).resolve().parent.parent / "schemas"))


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A published schema by name: "article" or "tables/<table>"."""
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def _path(loc: tuple[int | str, ...]) -> str:
    """pydantic's location as a JSON path, as jsonschema writes it: $.sections[0].kind"""
    return "$" + "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in loc)


def errors(record: Any) -> list[str]:
    """Every violation of the article record model as "JSON path: message", sorted; [] when valid."""
    try:
        Article.model_validate(record)
    except ValidationError as exc:
        return sorted(f"{_path(e['loc'])}: {e['msg']}" for e in exc.errors(include_url=False))
    return []
