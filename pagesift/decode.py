"""Bytes to text: bounded gunzip, binary sniffing, and charset detection that distrusts declarations.

Order of evidence: a BOM; strict UTF-8 (pages that declare gb2312 are often UTF-8); the declared
charset (``<meta charset>``, ``http-equiv``, XML declaration), widened to its superset (gb2312 →
gb18030); charset-normalizer's detection; and cp1252 as the last resort that never fails.
"""

from __future__ import annotations

import codecs
import re
import zlib
from dataclasses import dataclass

from charset_normalizer import from_bytes

from .errors import PageRejected
from .settings import Limits

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "PNG image"),
    (b"%PDF", "PDF document"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip data inside a file not named .gz"),
    (b"RIFF", "RIFF media"),
    (b"\x7fELF", "ELF executable"),
)

_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""",
    re.IGNORECASE,
)

#: Declared charsets widened to the superset that real pages use under that name.
_WIDEN = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
          "big5": "big5hkscs", "iso-8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252",
          "us-ascii": "cp1252", "shift_jis": "cp932", "euc-kr": "cp949"}


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # the codec that decoded the bytes


def gunzip(data: bytes, limits: Limits) -> bytes:
    """Inflate gzip bytes, refusing to inflate past ``limits.max_inflated_bytes`` (gzip bombs)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limits.max_inflated_bytes + 1)
    except zlib.error as exc:
        raise PageRejected("decode", f"not valid gzip data ({exc})") from exc
    if len(out) > limits.max_inflated_bytes or inflater.unconsumed_tail:
        raise PageRejected(
            "decode", f"gzip inflates past the limit of {limits.max_inflated_bytes} bytes (max_inflated_bytes)"
        )
    if not inflater.eof:
        raise PageRejected("decode", "truncated gzip data (stream ends early)")
    return out


def _sniff_binary(data: bytes) -> str | None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    head = data[:8192]
    if b"\x00" in head:
        return "binary data (NUL bytes)"
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if head and controls / len(head) > 0.05:
        return "binary data (control bytes)"
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KiB, lowercased, or None."""
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    name = (match.group(1) or match.group(2)).decode("ascii").lower()
    return name


def _codec(name: str) -> str | None:
    name = _WIDEN.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(data: bytes) -> Decoded:
    """Decode page bytes to text; raise PageRejected for empty or binary input."""
    if not data.strip():
        raise PageRejected("decode", "empty file" if not data else "file holds only whitespace")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(codec), codec)
            except UnicodeDecodeError as exc:
                raise PageRejected("decode", f"invalid {codec} after its byte-order mark ({exc.reason})") from exc
    binary = _sniff_binary(data)
    if binary:
        raise PageRejected("decode", f"not a text page: {binary}")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    codec = _codec(declared) if declared else None
    if codec == "utf-8":
        # A page that claims UTF-8 and is almost UTF-8: keep it, with U+FFFD for the bad bytes.
        text = data.decode("utf-8", errors="replace")
        if text.count("\ufffd") <= max(16, len(text) // 100):
            return Decoded(text, "utf-8 (invalid bytes replaced)")
        codec = None
    if codec:
        try:
            return Decoded(data.decode(codec), codec)
        except UnicodeDecodeError:
            pass
    best = from_bytes(data[:65536]).best()
    if best is not None and best.encoding:
        codec = _codec(best.encoding) or best.encoding
        try:
            return Decoded(data.decode(codec), codec)
        except UnicodeDecodeError:
            pass
    # Every byte is a cp1252 (or latin-1) character: this never fails, and keeps the text visible.
    return Decoded(data.decode("cp1252", errors="replace"), "cp1252")
