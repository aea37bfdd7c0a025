"""Causes and remedies a page states as schema.org data (JSON-LD), beside what its markup shows.

A page that marks up a `MedicalCondition` names its causes (`cause`, `riskFactor`) and treatments
(`possibleTreatment`, `primaryPrevention` is prevention and left out); a `HowTo` whose name names
remedies ("How to ease a tension headache") lists its steps, which are a how-to page's remedies. Where the markup gives no items of a kind, these fill it in:
the markup is preferred because it carries each item's text. JSON-LD is read with the standard
library's `json` (it is JSON); graphs (`@graph`), lists and nested types are walked.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from pagesift.extract.sections import Item, Outline, Section, classify
from pagesift.text import clean

#: schema.org properties, by the kind of item they give.
PROPERTIES: dict[str, tuple[str, ...]] = {
    "causes": ("cause", "riskFactor"),
    "remedies": ("possibleTreatment", "drug"),
}
_MAX_SCRIPT = 1_000_000  # characters of one JSON-LD script: more is not metadata


def json_ld(scripts: list[str]) -> list[Any]:
    """The parsed JSON-LD scripts of a page; a script that is not valid JSON is passed over."""
    found: list[Any] = []
    for text in scripts:
        if len(text) > _MAX_SCRIPT:
            continue
        try:
            found.append(json.loads(text))
        except (ValueError, RecursionError):  # not JSON, or nested past the parser's depth
            continue
    return found


def _nodes(data: Any) -> Iterator[dict[str, Any]]:
    """Every object in a JSON-LD document, depth first (a @graph or a list holds several)."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            yield node
            stack.extend(reversed([v for v in node.values() if isinstance(v, list | dict)]))


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    names = kind if isinstance(kind, list) else [kind]
    return {str(name).rsplit("/", 1)[-1] for name in names if name}


def _name(value: Any) -> str:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return clean(str(value.get("name") or value.get("text") or ""))
    return ""


def _values(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _steps(node: dict[str, Any]) -> list[Item]:
    """A HowTo's steps in order (HowToSection's steps inside it); the step's name, or the first
    sentence of its text, is the item's title."""
    items: list[Item] = []
    pending = list(reversed(_values(node.get("step") or [])))  # a stack, not recursion: sections nest
    while pending:
        step = pending.pop()
        if isinstance(step, dict) and "HowToSection" in _types(step):
            pending.extend(reversed(_values(step.get("itemListElement") or [])))
            continue
        if isinstance(step, dict):
            title, text = clean(str(step.get("name") or "")), clean(str(step.get("text") or ""))
        else:
            title, text = _name(step), ""
        if not title and text:
            title, _, text = text.partition(". ")
        if title:
            items.append(Item(title.rstrip("."), text if text != title else ""))
    return items


def structured_sections(documents: list[Any]) -> list[Section]:
    """Sections of causes and remedies the page's JSON-LD states (none when it states none)."""
    sections: list[Section] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()  # a condition stated twice (@graph and mainEntity)
    for node in (n for document in documents for n in _nodes(document)):
        types = _types(node)
        if "MedicalCondition" in types:
            name = _name(node.get("name"))
            for kind, properties in PROPERTIES.items():
                items = [Item(title) for p in properties for v in _values(node.get(p) or []) if (title := _name(v))]
                key = (kind, tuple(item.title for item in items))
                if items and key not in seen:
                    seen.add(key)
                    sections.append(Section(heading=name, kind=kind, items=items))
        elif "HowTo" in types:
            name = _name(node.get("name"))
            items = _steps(node)
            if items and (not name or classify(name) == "remedies"):  # not "How to prepare for a colonoscopy"
                sections.append(Section(heading=name, kind="remedies", items=items))
    return sections


def fill_in(outline: Outline, sections: list[Section]) -> Outline:
    """The outline with the structured sections of each kind its markup gave no items of."""
    missing = [s for s in sections if not outline.items_of(s.kind)]
    if missing:
        outline.sections.extend(missing)
    return outline
