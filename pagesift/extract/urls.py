"""URLs as the outputs promise them: absolute http(s), with a lower-case scheme and host."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit, urlunsplit

import idna

SAFE_SCHEMES = ("http", "https")
_INSIDE = re.compile(r"[\t\n\r]")  # browsers drop these anywhere in a URL ("java\tscript:")
_EDGES = "".join(chr(c) for c in range(0x21)) + "\x7f"


def scheme_of(href: str) -> str:
    """The scheme a browser would see in an href, lower-cased ("" for a relative one)."""
    href = _INSIDE.sub("", href.strip(_EDGES))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", href)
    return match.group(1).lower() if match else ""


_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")


def as_browser(href: str, base: str | None = None) -> str:
    """`href` spelled as a browser reads an http(s) URL (the WHATWG URL Standard), in the forms
    Python's urllib reads otherwise: a backslash before the query is a slash
    (``http://evil.example\\@good.example/`` is on evil.example), and a run of two or more
    slashes opens the host (``///evil.example/x``, ``/\\evil.example/x``, ``http:///evil.example/``).
    ``http:x`` and ``http:/x`` are relative on a page of the same scheme, and otherwise left to
    fail (a browser would take "x" for a host: no url is safer than a guess)."""
    cut = min((i for i in (href.find("?"), href.find("#")) if i >= 0), default=len(href))
    head, tail = href[:cut].replace("\\", "/"), href[cut:]
    match = _SCHEME.match(head)
    if match and match.group(1).lower() in SAFE_SCHEMES:
        scheme, rest = match.group(1).lower(), head[match.end() :]
        slashes = len(rest) - len(rest.lstrip("/"))
        if slashes >= 2:
            head = f"{scheme}://{rest.lstrip('/')}"
        elif base is not None and urlsplit(base).scheme.lower() == scheme:
            head = rest  # "http:x" on an http page is relative
    elif not match and head.startswith("//"):
        head = "//" + head.lstrip("/")
    return head + tail


def ascii_hostname(host: str) -> str | None:
    """The ASCII (punycode, ``xn--``) form of an internationalised host name, as a browser sends it
    (UTS #46, non-transitional: ``straße.de`` stays distinct from ``strasse.de``; fullwidth letters
    and dots folded); IDNA 2003 for a label that IDNA 2008 refuses (``a_b``); None when neither
    can write it."""
    try:
        return idna.encode(host, uts46=True, transitional=False).decode("ascii")
    except idna.IDNAError:
        pass
    try:
        return host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None


def http_url(href: str, base: str | None = None) -> str | None:
    """`href` made absolute against `base` and normalised, or None when it is not an http(s)
    URL with a host (or does not parse: "http://[::1"). It names the host a browser would go to."""
    href = _INSIDE.sub("", (href or "").strip(_EDGES))
    if not href:
        return None
    try:
        href = as_browser(href, base)
    except ValueError:
        return None
    try:
        parts = urlsplit(urljoin(base, href) if base else href)
        host = parts.hostname  # raises ValueError on a malformed host or port
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not host:
        return None
    netloc = parts.netloc.rsplit("@", 1)[-1]
    netloc = netloc.lower() if port is None else netloc.rsplit(":", 1)[0].lower() + f":{port}"
    if not host.isascii():  # an internationalised host: published as browsers send it, in ASCII
        ascii_host = ascii_hostname(host)
        if ascii_host is None:
            return None
        netloc = ascii_host if port is None else f"{ascii_host}:{port}"
    if " " in parts.path:
        return None
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, parts.fragment))
