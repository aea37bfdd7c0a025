"""Validation against the JSON Schemas in schemas/: loaded and compiled once per process."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

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


def errors(instance: Any, name: str = "article") -> list[str]:
    """Every violation as "JSON path: message", sorted for stable output; [] when valid."""
    found = validator(name).iter_errors(instance)
    return sorted(f"{e.json_path}: {e.message}" for e in found)
