"""Bytes to text: bounded gunzip, binary sniffing, and charset detection that distrusts declarations.

Order of evidence: a BOM; UTF-16 without a BOM (every other byte NUL); strict UTF-8 (pages that
declare gb2312 are often UTF-8); the declared charset (``<meta charset>``, ``http-equiv``, XML
declaration), widened to the superset real pages use under that name (gb2312 → gb18030, latin-1
→ cp1252, as browsers do); charset-normalizer's detection; and cp1252 as the last resort that never
fails. Only the encodings of the web are ever used: a page cannot make us decode it as UTF-7,
base64 or ``unicode_escape``.

Binary files (images, PDFs, archives, anything holding a NUL byte) are rejected, and C0/C1 control
characters (other than tab, line feed, carriage return and form feed) are removed from the text.
"""

from __future__ import annotations

import codecs
import re
import zlib
from dataclasses import dataclass

from charset_normalizer import from_bytes

from pagesift.errors import PageRejected
from pagesift.settings import Limits

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
    (b"\x1f\x8b", "gzip data (a .gz file without the .gz name, or compressed twice)"),
    (b"RIFF", "RIFF media"),
    (b"\x7fELF", "ELF executable"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
)

_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""",
    re.IGNORECASE,
)

#: Declared charsets widened to the superset that real pages (and browsers) use under that name.
_WIDEN = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "gb_2312": "gb18030",
    "big5": "big5hkscs",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "shift_jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
}

#: The encodings of the web (the WHATWG Encoding Standard), by Python codec name. Nothing else is
#: used, whatever a page declares or a detector guesses (no UTF-7, no EBCDIC, no Python-only codecs);
#: UTF-16 and UTF-32 are read only from their byte-order mark or byte pattern, never from a declaration.
_WEB_CODECS = frozenset(
    {
        "utf-8",
        "cp866",
        "iso8859-2",
        "iso8859-3",
        "iso8859-4",
        "iso8859-5",
        "iso8859-6",
        "iso8859-7",
        "iso8859-8",
        "iso8859-10",
        "iso8859-13",
        "iso8859-14",
        "iso8859-15",
        "iso8859-16",
        "koi8-r",
        "koi8-u",
        "mac-roman",
        "mac-cyrillic",
        "cp874",
        "cp1250",
        "cp1251",
        "cp1252",
        "cp1253",
        "cp1254",
        "cp1255",
        "cp1256",
        "cp1257",
        "cp1258",
        "gb18030",
        "big5hkscs",
        "euc_jp",
        "iso2022_jp",
        "cp932",
        "cp949",
    }
)
_MULTIBYTE = frozenset({"utf-8", "gb18030", "big5hkscs", "euc_jp", "iso2022_jp", "cp932", "cp949"})

#: Control characters that are never text: C0 but tab, LF, FF and CR; DEL; C1.
_CONTROLS = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f-\x9f]+")
#: _CONTROLS in the text's UTF-8: the C0 controls and DEL are their own bytes (never part of a
#: longer sequence), the C1 controls U+0080–U+009F the pairs C2 80–C2 9F.
_NOT_C0 = bytes(b for b in range(256) if not (0x01 <= b <= 0x08 or b == 0x0B or 0x0E <= b <= 0x1F or b == 0x7F))
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
_SNIFF = 8192
_ISO2022JP = re.compile(rb"\x1b\$[@B]")


_CHAR_REF = re.compile(r"&#(?:[xX]0*([0-9a-fA-F]{1,6})|0*([0-9]{1,7}));?")  # libxml2 needs no ";" either


def _control_ref(match: re.Match[str]) -> str:
    code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
    if 0x80 <= code <= 0x9F:  # as browsers read them: the windows-1252 character of that byte
        return bytes([code]).decode("cp1252", errors="ignore") or ""
    if code == 0x0C:
        return "\n"
    if 0 < code <= 0x9F and _CONTROLS.fullmatch(chr(code)):  # (&#0; is U+FFFD, as in browsers)
        return ""
    return match.group(0)


def without_control_refs(html: str) -> str:
    """HTML with its character references to control characters (``&#1;``, ``&#x1F;``) removed,
    as the raw control characters are (a form feed is a line break; ``&#150;`` is cp1252's dash,
    as browsers read it): expanded by the parser, they would end in the text, and no XML (so no
    trafilatura) can hold them."""
    return _CHAR_REF.sub(_control_ref, html) if "&#" in html else html


def holds_char_ref(utf8: bytes) -> bool:
    """b"&#" in utf8 (where a character reference starts): each "#" found by memchr and the byte
    before it read, up to _HASHES_READ of them, then the two-byte search on what is left. That
    search reads a byte at a time (0.13 ms a page on AEB), memchr skips to the page's few dozen
    "#"s (48 on AEB's median page; 134 pages in 181 hold no "&#")."""
    at = utf8.find(b"#", 1)
    for _ in range(_HASHES_READ):
        if at < 0:
            return False
        if utf8[at - 1] == 0x26:  # "&"
            return True
        at = utf8.find(b"#", at + 1)
    return at >= 0 and utf8.find(b"&#", at - 1) >= 0


_HASHES_READ = 128


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # the codec that decoded the bytes
    #: The text's own UTF-8 when the bytes are it (strict UTF-8 without a byte-order mark, nothing
    #: replaced nor removed), else None: later steps search and parse it instead of the text.
    utf8: bytes | None = None


def gunzip(data: bytes, limits: Limits) -> bytes:
    """Inflate gzip bytes (every member of a multi-member file), refusing to inflate past
    ``limits.max_inflated_bytes`` (gzip bombs; at most that many bytes are ever produced) or to
    read more than ``limits.max_gzip_members`` members. Each member is handed its input in pieces
    that grow from 256 bytes, so what zlib copies back unused is of the member's own size: time
    stays linear in the file however many members it holds."""
    budget = limits.max_inflated_bytes
    out: list[bytes] = []
    view, pos, members = memoryview(data), 0, 0
    while True:
        members += 1
        if members > limits.max_gzip_members:
            raise PageRejected("decode", f"gzip holds more than max_gzip_members={limits.max_gzip_members} members")
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        piece = _FIRST_PIECE
        while not inflater.eof and pos < len(data):
            given = view[pos : pos + piece]
            try:
                chunk = inflater.decompress(given, budget + 1)
            except zlib.error as exc:
                raise PageRejected("decode", f"not valid gzip data ({exc})") from exc
            budget -= len(chunk)
            if budget < 0 or inflater.unconsumed_tail:
                raise PageRejected(
                    "decode",
                    f"gzip inflates past the limit of {limits.max_inflated_bytes} bytes "
                    f"(max_inflated_bytes={limits.max_inflated_bytes})",
                )
            out.append(chunk)
            pos += len(given) - len(inflater.unused_data)
            piece = min(2 * piece, _LAST_PIECE)
        if not inflater.eof:
            raise PageRejected("decode", "truncated gzip data (stream ends early)")
        if data.startswith(b"\x1f\x8b", pos):
            continue
        if not data[pos:].strip(b"\x00"):  # the end, or the zero padding some tools add
            return b"".join(out)
        raise PageRejected("decode", f"{len(data) - pos} bytes of data that are not gzip after the gzip stream")


_FIRST_PIECE, _LAST_PIECE = 256, 1 << 20  # bytes of a member handed to zlib at once: first, and at most


def _utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le" / "utf-16-be" when every other byte of the start is NUL (ASCII markup in
    UTF-16 without a byte-order mark), else None."""
    head = data[: _SNIFF & ~1]
    pairs = len(head) // 2
    if pairs < 4:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd >= 0.3 * pairs and even == 0:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd == 0:
        return "utf-16-be"
    return None


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or b > 13)


def _sniff_binary(data: bytes) -> str | None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    nul = data.find(b"\x00")
    if nul >= 0:
        return f"binary data (NUL byte at offset {nul})"
    head = data[:_SNIFF]
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
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
    """The Python codec for a charset name, if it is one of the web's encodings; else None."""
    name = name.strip().lower()
    name = _WIDEN.get(name, name)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    codec = {
        "iso8859-1": "cp1252",
        "ascii": "cp1252",
        "gbk": "gb18030",
        "gb2312": "gb18030",
        "big5": "big5hkscs",
        "shift_jis": "cp932",
        "shift_jis_2004": "cp932",
        "shift_jisx0213": "cp932",
        "euc_jis_2004": "euc_jp",
        "euc_jisx0213": "euc_jp",
        "cp950": "big5hkscs",
        "euc_kr": "cp949",
        "iso8859-9": "cp1254",
        "iso8859-11": "cp874",
        "tis-620": "cp874",
    }.get(codec, codec)
    return codec if codec in _WEB_CODECS else None


def _few_errors(text: str) -> bool:
    return text.count("\ufffd") <= max(16, len(text) // 100)


def _lenient(data: bytes, codec: str, note: str) -> Decoded | None:
    """Strict decoding, else decoding with U+FFFD for bad bytes when they are few; else None."""
    try:
        return Decoded(data.decode(codec), codec)
    except UnicodeDecodeError:
        pass
    text = data.decode(codec, errors="replace")
    return Decoded(text, f"{codec} ({note})") if _few_errors(text) else None


def _detect(data: bytes) -> str | None:
    """charset-normalizer's guess among the web's encodings. Between single-byte codecs its
    guess is weak on short texts (French as Baltic cp1257), so windows-1252, the web's legacy
    default, wins a near tie: when its text is about as orderly and as coherent as the best."""
    matches = list(from_bytes(data[:65536]))
    if not matches:
        return None
    best = matches[0]
    codec = _codec(best.encoding)
    if codec is None or codec in _MULTIBYTE:
        return codec
    for match in matches:
        if "cp1252" in (match.encoding, *match.could_be_from_charset) and (
            match.chaos <= best.chaos + 0.1 and match.coherence >= best.coherence - 0.01
        ):
            return "cp1252"
    return codec


def _nearly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few bad bytes (a page cut short mid-character, one corrupted byte): its bad
    bytes become U+FFFD rather than the whole page being read as another encoding. It is UTF-8
    when its valid multi-byte characters far outnumber its invalid sequences (text in a legacy
    encoding read as UTF-8 is mostly invalid sequences: GBK pairs and cp1252 accents rarely form
    valid UTF-8)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", errors="ignore")) - bad  # valid non-ASCII characters
    if good >= _UTF8_MAJORITY * bad and _few_errors(text):
        return Decoded(text, "utf-8 (invalid bytes replaced)")
    return None


_UTF8_MAJORITY = 20  # valid non-ASCII characters per invalid sequence, at least


def _to_text(data: bytes) -> Decoded:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(codec), codec)
            except UnicodeDecodeError as exc:
                raise PageRejected("decode", f"invalid {codec} after its byte-order mark ({exc.reason})") from exc
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return Decoded(data.decode(utf16), utf16)
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: binary
    if _found_at_byte(data[:65536], b"\x1b", _ISO2022JP):  # 7-bit, so it would pass for UTF-8: its escapes decide
        try:
            return Decoded(data.decode("iso2022_jp"), "iso2022_jp")
        except UnicodeDecodeError:
            pass
    binary = _sniff_binary(data)
    if binary:
        raise PageRejected("decode", f"not a text page: {binary}")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    nearly = _nearly_utf8(data)
    if nearly is not None:
        return nearly
    declared = declared_charset(data)
    claimed = _codec(declared) if declared else None
    if claimed:
        # a page that claims UTF-8 (or GBK, ...) and almost is: keep it, U+FFFD for the bad bytes
        decoded = _lenient(data, claimed, "invalid bytes replaced")
        if decoded:
            return decoded
    detected = _detect(data)
    if detected and detected != claimed:
        decoded = _lenient(data, detected, "invalid bytes replaced")
        if decoded:
            return decoded
    # Every byte is a cp1252 (or latin-1) character: this never fails, and keeps the text visible.
    return Decoded(data.decode("cp1252", errors="replace"), "cp1252")


def _has_controls(data: bytes) -> bool:
    """Whether _CONTROLS matches a text, decided on its UTF-8 bytes: deleting every other byte and
    one search for a literal byte run five times faster than the pattern's character class over a
    page's text (which nearly always holds some non-ASCII character)."""
    return bool(data.translate(None, _NOT_C0)) or _found_at_byte(data, b"\xc2", _C1_UTF8)


def _found_at_byte(data: bytes, byte: bytes, pattern: re.Pattern[bytes]) -> bool:
    """pattern.search(data) is not None, for a pattern whose every match starts with `byte`: the
    pattern tried at each `byte` memchr finds, up to _BYTES_TRIED of them, then searched for in
    what is left. The regex's own search tests a byte at a time: 0.07 ms a page on AEB for the
    C1 controls' first byte C2, which most pages hold a few times (a no-break space, a "©")."""
    at = data.find(byte)
    for _ in range(_BYTES_TRIED):
        if at < 0:
            return False
        if pattern.match(data, at):
            return True
        at = data.find(byte, at + 1)
    return at >= 0 and pattern.search(data, at) is not None


_BYTES_TRIED = 64


def decode(data: bytes) -> Decoded:
    """Decode page bytes to text; raise PageRejected for empty or binary input."""
    if not data.strip():
        raise PageRejected("decode", "empty file" if not data else "file holds only whitespace")
    decoded = _to_text(data)
    text = decoded.text
    # Strict UTF-8 (nearly every page): the bytes are the text's own UTF-8, so the searches below run
    # on them, not on the text (a page with one non-Latin-1 character is a string of 2 or 4 bytes a
    # character) nor on the text encoded again: 0.73 → 0.35 ms a page on AEB.
    utf8 = data if decoded.encoding == "utf-8" else None
    if (b"\x00" in utf8) if utf8 is not None else ("\x00" in text):
        nul = text.find("\x00")
        raise PageRejected("decode", f"not a text page: NUL character at position {nul} of the {decoded.encoding} text")
    if (b"\x0c" in utf8) if utf8 is not None else ("\x0c" in text):
        text = text.replace("\x0c", "\n")  # a form feed is a line break to a reader, and not XML text to trafilatura
    if _has_controls(utf8 if utf8 is not None else text.encode("utf-8", "surrogatepass")):
        text = _CONTROLS.sub("", text)
    if not text.strip():
        raise PageRejected("decode", "file holds only whitespace and control characters")
    own = utf8 is not None and text is decoded.text and not data.startswith(codecs.BOM_UTF8)
    return Decoded(text, decoded.encoding, data if own else None)
