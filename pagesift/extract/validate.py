"""Validation of records against the published JSON Schemas (schemas/, `pagesift.schemas`).

The schemas are generated from the record model (pagesift.model, `make schemas`); a record is
checked against the published article schema by jsonschema, the one validator on the hot path
(its compiled Draft 2020-12 validator, built once per process: about 2 ms a record on this
machine, some 3% of a page's extraction; bench/validation.py). Validating what consumers are
promised, with the package the project chose for it, is worth that; tests/test_model.py holds the
pydantic model to the same answers.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

from pagesift.schemas import SCHEMA_ROOT


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A published schema by name: "article" or "tables/<table>"."""
    return json.loads((SCHEMA_ROOT / f"{name}.schema.json").read_text(encoding="utf-8"))


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(load_schema("article"))


def errors(record: Any) -> list[str]:
    """Every violation of article.schema.json as "JSON path: message", sorted; [] when valid."""
    return sorted(f"{error.json_path}: {error.message}" for error in _validator().iter_errors(record))
