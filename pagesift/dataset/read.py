"""A published dataset read back for analysis: its tables as pandas DataFrames (`pagesift.read_dataset`).

Consumers should not have to know the dtypes each reader guesses (ids read as numbers, empty text
as NaN, timestamps as strings), so the dtypes come from the dataset's own table schemas
(`schemas/tables/`, the version it was published with): ids and text as strings, integers and
numbers nullable where the schema allows null, an enum (section kinds, link relations, formats)
and the language columns as categories, date-times as UTC timestamps. Each table is read from its
Parquet file, checked first against `datapackage.json` (bytes, sha256, rows, columns), so a file
that changed since it was published is refused rather than analysed. pandas is imported here
only: the extraction and publishing path never needs it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
from fsspec.core import url_to_fs

from pagesift.model import column_type

#: String columns with few distinct values that are not an enum in the schema: categories too.
CATEGORICAL = ("language", "declared_language")


class DatasetMismatch(ValueError):
    """A published file does not match what `datapackage.json` says of it."""


def read_dataset(path: str | os.PathLike[str]) -> dict[str, pd.DataFrame]:
    """The tables of the dataset published at `path` (a folder or any fsspec URL), by name, in the
    data package's order."""
    fs, root = url_to_fs(os.fspath(path))
    root = root.rstrip("/")
    package = json.loads(fs.cat_file(f"{root}/datapackage.json"))
    files = {resource["path"]: resource for resource in package["resources"]}
    frames = {}
    for table in (resource for resource in package["resources"] if resource.get("type") == "table"):
        name = table["name"]
        parquet = files[f"tables/{name}.parquet"]
        data = fs.cat_file(f"{root}/{parquet['path']}")
        _check(parquet, data)
        # the JSON Schema that the data package names for the table's JSON Lines file: the columns' types
        properties = json.loads(fs.cat_file(f"{root}/{files[f'tables/{name}.jsonl']['jsonSchema']}"))["properties"]
        frame = pq.read_table(io.BytesIO(data)).to_pandas()
        columns = [f["name"] for f in table["schema"]["fields"] if f["name"] in properties]  # not csv_truncated
        if list(frame.columns) != columns or len(frame) != table["rows"]:
            raise DatasetMismatch(
                f"{parquet['path']}: {len(frame)} rows, columns {list(frame.columns)}; "
                f"datapackage.json says {table['rows']} rows, columns {columns}"
            )
        frames[name] = _typed(frame, properties)
    return frames


def _check(resource: dict[str, Any], data: bytes) -> None:
    digest = f"sha256:{hashlib.sha256(data).hexdigest()}"
    if len(data) != resource["bytes"] or digest != resource["hash"]:
        raise DatasetMismatch(
            f"{resource['path']}: {len(data)} bytes, {digest}; datapackage.json says "
            f"{resource['bytes']} bytes, {resource['hash']}"
        )


def _typed(frame: pd.DataFrame, properties: dict[str, Any]) -> pd.DataFrame:
    """`frame` with each column in the dtype its JSON Schema property gives."""
    return pd.DataFrame(
        {column: _column(frame[column], spec) for column, spec in properties.items()}, index=frame.index
    )


def _column(values: pd.Series, spec: dict[str, Any]) -> pd.Series:
    """A column in its dtype: nullable where the schema allows null, a category for an enum (its
    values in the schema's order) or a language, a UTC timestamp for a date-time."""
    kind, nullable = column_type(spec)
    if "enum" in spec:
        return values.astype(pd.CategoricalDtype([value for value in spec["enum"] if value is not None]))
    if values.name in CATEGORICAL:
        return values.astype("category")
    if kind == "datetime":
        return pd.to_datetime(values, utc=True, format="ISO8601")
    return values.astype(
        {
            "integer": "Int64" if nullable else "int64",
            "number": "Float64" if nullable else "float64",
            "boolean": "boolean" if nullable else "bool",
        }.get(kind, "string")
    )
