"""Validation of records against the published JSON Schemas (schemas/, `pagesift.schemas`).

The schemas are generated from the record model (pagesift.model, `make schemas`). Every record is
checked against the published article schema by jsonschema-rs's compiled Draft 2020-12 validator
(about 0.01 ms a record on this machine, against 0.86 ms for jsonschema's, which was 2–3% of a
page's extraction; bench/validation.py); a record it refuses gets its messages from jsonschema,
the package whose messages the rejections have always carried ("$.language: 'Chinese' does not
match …"). tests/test_model.py holds both validators, and the pydantic model, to the same answers.
"""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from pagesift.schemas import SCHEMA_ROOT

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A published schema by name: "article" or "tables/<table>"."""
    return json.loads((SCHEMA_ROOT / f"{name}.schema.json").read_text(encoding="utf-8"))


@cache
def _compiled() -> jsonschema_rs.Draft202012Validator:
    return jsonschema_rs.Draft202012Validator(load_schema("article"))


@cache
def _explainer() -> Draft202012Validator:
    """jsonschema's validator, imported by the first process that meets an invalid record (a worker
    that never does is spared its import and its memory)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema("article"))


def errors(record: Any) -> list[str]:
    """Every violation of article.schema.json as "JSON path: message", sorted; [] when valid."""
    if _compiled().is_valid(record):
        return []
    return sorted(f"{error.json_path}: {error.message}" for error in _explainer().iter_errors(record))
