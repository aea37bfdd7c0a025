"""decode.py: bytes to text, checked on the decoded text itself (not only "no exception")."""

from __future__ import annotations

import codecs
import gzip
import zlib
from typing import Any

import pytest

from pagesift.errors import PageRejected
from pagesift.extract.decode import declared_charset, decode, gunzip
from pagesift.settings import Limits

ZH = (
    "胃胀怎么办？四个方法帮你缓解。想要缓解胃胀，首先要细嚼慢咽，每餐只吃七八分饱，少喝碳酸饮料，"
    "少吃豆类和油炸食品。饭后不要马上躺下，可以散步十五分钟，帮助胃肠蠕动。"
)
TW = (
    "胃脹怎麼辦？四個方法幫你緩解。想要緩解胃脹，首先要細嚼慢嚥，每餐只吃七八分飽，少喝碳酸飲料，"
    "少吃豆類和油炸食品。飯後不要馬上躺下，可以散步十五分鐘，幫助胃腸蠕動。"
)
JA = "胃の調子が悪いときは、よく噛んでゆっくり食べましょう。食後すぐに横にならず、十五分ほど散歩するのがおすすめです。"
FR = "Le café et la crème brûlée, déjà vu. Où est l'hôtel? Très bien, merci beaucoup. "
RU = "Изжога — это жжение в груди, которое поднимается к горлу, обычно после обильной еды."
PL = (
    "Zgaga to pieczenie w klatce piersiowej, które pojawia się zwykle po obfitym posiłku. Należy jeść mniejsze "
    "porcje, unikać tłustych potraw i nie kłaść się zaraz po jedzeniu."
)


def page(body: str, meta: str = "") -> str:
    return f"<html><head>{meta}<title>Heartburn</title></head><body><p>{body}</p></body></html>"


def rejected(data: bytes) -> PageRejected:
    with pytest.raises(PageRejected) as caught:
        decode(data)
    assert caught.value.stage == "decode"
    return caught.value


# --- byte-order marks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bom", "codec", "label"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    ],
)
def test_a_bom_decides_and_is_dropped(bom: bytes, codec: str, label: str) -> None:
    text = page(f"naïve — {ZH}", '<meta charset="gb2312">')  # the BOM beats the declaration
    decoded = decode(bom + text.encode(codec))
    assert decoded.text == text
    assert decoded.encoding == label


def test_invalid_bytes_after_a_bom_are_rejected() -> None:
    error = rejected(codecs.BOM_UTF8 + b"<p>caf\xe9</p>")
    assert error.reason.startswith("invalid utf-8 after its byte-order mark")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_recognised(codec: str) -> None:
    text = page(f"Heartburn: {ZH}")
    decoded = decode(text.encode(codec))
    assert (decoded.text, decoded.encoding) == (text, codec)


# --- UTF-8 first, declarations distrusted --------------------------------------------------------


def test_strict_utf8_wins_over_a_gb2312_declaration() -> None:
    text = page(ZH, '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    decoded = decode(text.encode("utf-8"))
    assert (decoded.text, decoded.encoding) == (text, "utf-8")


def test_ascii_declared_latin1_is_utf8() -> None:
    decoded = decode(page("plain", '<meta charset="iso-8859-1">').encode("ascii"))
    assert decoded.encoding == "utf-8" and "<p>plain</p>" in decoded.text


def test_real_gbk_with_its_declaration_is_read_as_gb18030() -> None:
    text = page(ZH, '<meta charset="gb2312">')
    decoded = decode(text.encode("gbk"))
    assert (decoded.text, decoded.encoding) == (text, "gb18030")


def test_gb2312_declared_is_widened_to_gb18030() -> None:
    text = page("镕 is GBK only, 𠀀 is GB18030 only", '<meta charset="gb2312">')
    decoded = decode(text.encode("gb18030"))
    assert decoded.text == text and decoded.encoding == "gb18030"


def test_real_gbk_without_a_declaration_is_detected() -> None:
    text = page(ZH)
    decoded = decode(text.encode("gbk"))
    assert (decoded.text, decoded.encoding) == (text, "gb18030")


def test_gbk_with_a_stray_byte_keeps_its_text() -> None:
    data = page(ZH * 3, '<meta charset="gbk">').encode("gbk").replace(b"</p>", b"\xff</p>")
    decoded = decode(data)
    assert decoded.encoding == "gb18030 (invalid bytes replaced)"
    assert ZH in decoded.text and "\ufffd" in decoded.text


@pytest.mark.parametrize("meta", ['<meta charset="big5">', ""])
def test_big5_with_and_without_declaration(meta: str) -> None:
    text = page(TW, meta)
    decoded = decode(text.encode("big5"))
    assert decoded.text == text and decoded.encoding == "big5hkscs"


def test_latin1_declared_is_read_as_cp1252() -> None:
    text = page("“Smart quotes” cost €5 — naïve café", '<meta charset="iso-8859-1">')
    decoded = decode(text.encode("cp1252"))
    assert (decoded.text, decoded.encoding) == (text, "cp1252")


def test_undeclared_latin1_french_is_cp1252_not_baltic() -> None:
    text = page(FR * 3)
    decoded = decode(text.encode("latin-1"))
    assert (decoded.text, decoded.encoding) == (text, "cp1252")


@pytest.mark.parametrize(
    ("codec", "body", "label"),
    [
        ("cp1251", RU, "cp1251"),
        ("cp1250", PL, "cp1250"),
        ("shift_jis", JA, "cp932"),
        ("euc_jp", JA * 3, "euc_jp"),
        ("iso2022_jp", JA, "iso2022_jp"),
    ],
)
def test_other_legacy_encodings_without_declaration(codec: str, body: str, label: str) -> None:
    text = page(body)
    decoded = decode(text.encode(codec))
    assert (decoded.text, decoded.encoding) == (text, label)


def test_claims_utf8_with_a_few_bad_bytes_keeps_the_text() -> None:
    data = page(FR * 5 + "Caf@!", '<meta charset="utf-8">').encode("utf-8").replace(b"@", b"\xe9\xff")
    decoded = decode(data)
    assert decoded.encoding == "utf-8 (invalid bytes replaced)"
    assert "Caf\ufffd\ufffd!</p>" in decoded.text and FR in decoded.text


def test_claims_utf8_but_is_latin1_throughout() -> None:
    text = page(FR * 6, '<meta charset="utf-8">')
    decoded = decode(text.encode("latin-1"))
    assert (decoded.text, decoded.encoding) == (text, "cp1252")


@pytest.mark.parametrize("charset", ["utf-7", "base64", "unicode_escape", "rot13", "idna", "cp037", "no-such"])
def test_a_declaration_never_picks_a_codec_outside_the_web(charset: str) -> None:
    text = page(FR * 3 + "Payload +ADw-script+AD4-alert(1)+ADw-/script+AD4- \\u0041", f'<meta charset="{charset}">')
    decoded = decode(text.encode("latin-1"))
    assert decoded.text == text
    assert decoded.encoding == "cp1252"


def test_utf16_declared_on_ascii_bytes_is_utf8() -> None:
    decoded = decode(page("plain", '<meta charset="utf-16">').encode("ascii"))
    assert decoded.encoding == "utf-8" and "<p>plain</p>" in decoded.text


def test_control_characters_are_removed_but_whitespace_kept() -> None:
    decoded = decode(f"<p>{FR}Heart\x01burn\x0b is\tcommon\x1b.\r\nYes\x7f\x0c\x85</p>".encode())
    assert decoded.text == f"<p>{FR}Heartburn is\tcommon.\r\nYes\n</p>"  # a form feed becomes a line break


def test_declared_charset_reads_meta_http_equiv_and_xml() -> None:
    assert declared_charset(b'<meta charset="GB2312">') == "gb2312"
    assert declared_charset(b"<meta http-equiv=Content-Type content='text/html; charset=Big5'>") == "big5"
    assert declared_charset(b'<?xml version="1.0" encoding="ISO-8859-1"?><html>') == "iso-8859-1"
    assert declared_charset(b"<p>charset=utf-8 in text</p>") is None


# --- empty and binary ----------------------------------------------------------------------------


def test_empty_and_blank() -> None:
    assert rejected(b"").reason == "empty file"
    assert rejected(b" \r\n\t ").reason == "file holds only whitespace"
    assert rejected(b"\x01\x02 \x03\n").reason.startswith("not a text page")  # all control bytes
    assert rejected(b" \x01\n\x02" + b" " * 200).reason == "file holds only whitespace and control characters"


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (b"GIF89a\x01\x00\x01\x00", "GIF image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"PK\x03\x04\x14\x00", "ZIP archive"),
        (gzip.compress(b"<p>hi</p>"), "gzip data (a .gz file without the .gz name, or compressed twice)"),
        (b"\x7fELF\x02\x01\x01", "ELF executable"),
    ],
)
def test_binary_files_are_named(data: bytes, what: str) -> None:
    assert rejected(data + b"<html>" * 10).reason == f"not a text page: {what}"


def test_a_nul_byte_anywhere_is_binary() -> None:
    data = b"<p>" + b"a" * 20_000 + b"\x00</p>"
    assert rejected(data).reason == "not a text page: binary data (NUL byte at offset 20003)"


def test_a_nul_character_in_utf16_is_rejected() -> None:
    error = rejected(codecs.BOM_UTF16_LE + "<p>a\x00b</p>".encode("utf-16-le"))
    assert error.reason == "not a text page: NUL character at position 4 of the utf-16-le text"


def test_utf8_after_a_bom_is_checked_like_any_utf8() -> None:
    """The checks on strict UTF-8 read its bytes, BOM and all: the NUL's position is still the text's."""
    error = rejected(codecs.BOM_UTF8 + "<p>é\x00</p>".encode())
    assert error.reason == "not a text page: NUL character at position 4 of the utf-8 text"
    decoded = decode(codecs.BOM_UTF8 + f"<p>{FR}a\x01b\x0cc\x85d</p>".encode())
    assert decoded.text == f"<p>{FR}ab\ncd</p>"


def test_control_bytes_are_binary() -> None:
    data = bytes(range(1, 9)) * 100 + b"<p>text</p>"
    assert rejected(data).reason == "not a text page: binary data (control bytes)"


# --- gzip ------------------------------------------------------------------------------------------

LIMITS = Limits(max_inflated_bytes=100_000)


def test_gunzip_reads_every_member_and_zero_padding() -> None:
    data = gzip.compress(b"<p>one</p>") + gzip.compress(b"<p>two</p>") + b"\x00" * 512
    assert gunzip(data, LIMITS) == b"<p>one</p><p>two</p>"


def test_gzip_bomb_stops_at_the_limit() -> None:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    bomb = b"".join([packer.compress(b"\x00" * 1_000_000) for _ in range(50)] + [packer.flush()])
    assert len(bomb) < 100_000  # 50 MB inflated
    with pytest.raises(PageRejected) as caught:
        gunzip(bomb, LIMITS)
    assert caught.value.stage == "decode"
    assert caught.value.reason == "gzip inflates past the limit of 100000 bytes (max_inflated_bytes=100000)"


def test_gzip_members_together_stop_at_the_limit() -> None:
    member = gzip.compress(b"a" * 60_000)
    with pytest.raises(PageRejected, match="max_inflated_bytes=100000"):
        gunzip(member + member, LIMITS)


def test_truncated_gzip() -> None:
    data = gzip.compress(page(FR * 50).encode())
    with pytest.raises(PageRejected) as caught:
        gunzip(data[: len(data) // 2], LIMITS)
    assert caught.value.reason == "truncated gzip data (stream ends early)"


def test_not_gzip_and_trailing_garbage() -> None:
    with pytest.raises(PageRejected, match=r"^decode: not valid gzip data \(.*incorrect header check\)"):
        gunzip(b"<html>not gzip</html>", LIMITS)
    with pytest.raises(PageRejected) as caught:
        gunzip(gzip.compress(b"<p>x</p>") + b"junk", LIMITS)
    assert caught.value.reason == "4 bytes of data that are not gzip after the gzip stream"


# --- issue 21, item 12: many members cost linear time, and are bounded ---------------------------------


class _CountedInflater:
    """zlib's decompressobj, adding up the bytes each member's inflater is handed and hands back unused."""

    def __init__(self, inflater: Any, handled: list[int]) -> None:
        self._inflater, self._handled = inflater, handled

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        out = self._inflater.decompress(data, max_length)
        self._handled.append(len(data) + len(self._inflater.unused_data))
        return out

    def __getattr__(self, name: str) -> object:
        return getattr(self._inflater, name)


def test_each_gzip_member_costs_work_of_its_own_size(monkeypatch: pytest.MonkeyPatch) -> None:
    # 838k empty members (a 16 MB .html.gz) took minutes: each member was handed, and copied, the
    # whole rest of the file. Here 2,000 of them: the bytes handled stay in proportion to the file.
    from pagesift.extract import decode as module

    data = gzip.compress(b"<p>one</p>") + gzip.compress(b"") * 2_000
    handled: list[int] = []
    real = zlib.decompressobj
    monkeypatch.setattr(module.zlib, "decompressobj", lambda *args: _CountedInflater(real(*args), handled))
    assert gunzip(data, Limits(max_gzip_members=10_000)) == b"<p>one</p>"
    monkeypatch.undo()
    assert len(handled) >= 2_001 and sum(handled) <= 32 * len(data), (len(data), sum(handled))


def test_gzip_members_are_bounded() -> None:
    data = gzip.compress(b"<p>one</p>") + gzip.compress(b"") * 1_000
    assert gunzip(data, Limits(max_gzip_members=1_001)) == b"<p>one</p>"
    with pytest.raises(PageRejected) as caught:
        gunzip(data + gzip.compress(b""), Limits(max_gzip_members=1_001))
    assert caught.value.stage == "decode"
    assert caught.value.reason == "gzip holds more than max_gzip_members=1001 members"
