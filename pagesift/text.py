"""Text helpers every layer shares: white space, comparison keys and CJK script classes.

One place for them, at the bottom of the package, so the extraction core, the evaluation and the
dataset machinery agree on what a CJK character or a "same line" is.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable

#: One CJK ideograph (a Chinese character; kanji; hanja).
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
#: One character of a CJK script: ideographs, kana and hangul (each counts as a word).
CJK_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
#: A word token for scoring: one CJK ideograph, or a run of letters and digits.
TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\W_]+")

_NON_WORD = re.compile(r"\W+")


#: Control characters (C0, DEL, C1): an ESC sequence in a page's bytes could rewrite an operator's screen.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text shown to an operator (a terminal, a report, a dataset card): control characters written
    as escapes (ESC as ``\\x1b``), so a page's bytes never act on the screen that shows them."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def clean(text: str) -> str:
    """Fold runs of white space (ideographic spaces too) into one space. A text with nothing to
    fold (single spaces only, none of _OTHER_SPACES: most labels, links and tails) is only
    stripped. Another is folded by str.replace as the regex ``[ \t\r\f\v\u00a0\u3000]+`` → " "
    folded it: each of _OTHER_SPACES made a space, then each pair of spaces one until none is left
    (a pass halves every run), in C, where the regex tried a match at every character (0.37 ->
    0.22 ms a page on AEB, ~54 such texts a page)."""
    if (
        "  " in text
        or "\t" in text
        or "\r" in text
        or "\f" in text
        or "\v" in text
        or "\xa0" in text
        or "\u3000" in text
    ):
        for space in _OTHER_SPACES:
            if space in text:
                text = text.replace(space, " ")
        while "  " in text:
            text = text.replace("  ", " ")
    return text.strip()


_OTHER_SPACES = "\t\r\f\v\xa0\u3000"  # the white space clean folds, but the space itself


def fold(text: str) -> str:
    """Text for comparing lines: word characters only, case-folded ("Title!" == "title"). An ASCII
    text (nine in ten) is folded by one bytes.translate, which drops its non-word characters and
    lowers the rest: the same characters as the regex and casefold (a test holds every ASCII
    one), without a regex call that cuts a piece at each run of white space (a menu item's text
    2.4 -> 0.8 µs; maintext._container 1.89 -> 1.49 ms a page on AEB)."""
    if text.isascii():
        return text.encode().translate(_ASCII_LOWER, _ASCII_NON_WORD).decode()
    return _NON_WORD.sub("", text).casefold()


#: ASCII's non-word characters (what \W matches of them: all but letters, digits and "_"), and its
#: letters' lower case (all casefold changes of an ASCII text).
_ASCII_NON_WORD = bytes(c for c in range(128) if not (chr(c).isalnum() or chr(c) == "_"))
_ASCII_LOWER = bytes.maketrans(string.ascii_uppercase.encode(), string.ascii_lowercase.encode())


#: Characters of a comparison key.
KEY_LENGTH = 60


def key(text: str) -> str:
    """A short comparison key: the first KEY_LENGTH folded characters."""
    return fold(text)[:KEY_LENGTH]


def is_cjk(text: str) -> bool:
    """Whether a text is written mostly in CJK ideographs (judged on its first 200 characters)."""
    return len(CJK.findall(text[:200])) * 3 >= min(len(text), 200)


def listed(words: Iterable[str], last: str = "and") -> str:
    """ "a, b and c": words as a sentence lists them, for text made from the model's names."""
    *head, tail = list(words) or [""]
    return f"{', '.join(head)} {last} {tail}" if head else tail


def counted(n: int, noun: str) -> str:
    """ "1 group", "2 groups": a count with its noun (a regular plural) for reports."""
    return f"{n} {noun}{'' if n == 1 else 's'}"
