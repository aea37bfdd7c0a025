"""Make `pagesift.extract.rules.variants.VARIANTS_TEXT`: the Traditional forms of every character
the Chinese tables (rules/zh.py) and the markers (rules/markers.py) are written in, from zhconv's
tables (zh-tw, zh-hk, zh-hant). A developer's tool: zhconv is no dependency of pagesift.

    pip install zhconv && .venv/bin/python bench/zh_variants.py     # prints the table's text
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

RULES = Path(__file__).resolve().parent.parent / "pagesift" / "extract" / "rules"


def main() -> int:
    try:
        import zhconv
    except ImportError:
        print("this needs zhconv: pip install zhconv", file=sys.stderr)
        return 1
    source = "".join((RULES / name).read_text(encoding="utf-8") for name in ("zh.py", "markers.py"))
    traditional = set("".join(entry[1:] for entry in _current().split()))
    entries = []
    for char in sorted(set(re.findall(r"[\u4e00-\u9fff]", source)) - traditional):
        forms = {zhconv.convert(char, locale) for locale in ("zh-tw", "zh-hk", "zh-hant")} - {char}
        forms = {form for form in forms if len(form) == 1}
        if forms:
            entries.append(char + "".join(sorted(forms)))
    print(" ".join(entries))
    return 0


def _current() -> str:
    """The table as it stands (its Traditional forms are no Simplified characters to look up)."""
    text = (RULES / "variants.py").read_text(encoding="utf-8")
    return " ".join(re.findall(r'"([^"]*)"', text[text.index("VARIANTS_TEXT") : text.index("VARIANTS:")]))


if __name__ == "__main__":
    raise SystemExit(main())
