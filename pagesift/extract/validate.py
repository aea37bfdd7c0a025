"""Validation against the JSON Schemas in pagesift/schemas/: loaded and compiled once per process.

jsonschema is the source of truth and writes every error message; fastjsonschema, compiled from
the same schema, answers the common question "is this record valid?" about 20x faster.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator

SCHEMA_DIR = Path(os.environ.get("PAGESIFT_SCHEMAS", Path(__file__).resolve().parent.parent / "schemas"))


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A schema by name: "article" or "tables/<table>"."""
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


@cache
def validator(name: str) -> Draft202012Validator:
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@cache
def _fast(name: str) -> Callable[[Any], Any]:
    # Our schemas use only keywords that draft 7 shares with 2020-12, which fastjsonschema compiles.
    schema = {**load_schema(name), "$schema": "http://json-schema.org/draft-07/schema#"}
    return fastjsonschema.compile(schema)


def errors(instance: Any, name: str = "article") -> list[str]:
    """Every violation as "JSON path: message", sorted for stable output; [] when valid."""
    try:
        _fast(name)(instance)
        return []
    except fastjsonschema.JsonSchemaException:
        found = validator(name).iter_errors(instance)
        return sorted(f"{e.json_path}: {e.message}" for e in found)
