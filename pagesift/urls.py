"""URLs as the outputs promise them: absolute http(s), with a lower-case scheme and host."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit, urlunsplit

SAFE_SCHEMES = ("http", "https")
_INSIDE = re.compile(r"[\t\n\r]")  # browsers drop these anywhere in a URL ("java\tscript:")
_EDGES = "".join(chr(c) for c in range(0x21)) + "\x7f"


def scheme_of(href: str) -> str:
    """The scheme a browser would see in an href, lower-cased ("" for a relative one)."""
    href = _INSIDE.sub("", href.strip(_EDGES))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", href)
    return match.group(1).lower() if match else ""


def http_url(href: str, base: str | None = None) -> str | None:
    """`href` made absolute against `base` and normalised, or None when it is not an http(s)
    URL with a host (or does not parse: "http://[::1")."""
    href = _INSIDE.sub("", (href or "").strip(_EDGES))
    if not href:
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
    if port is None:
        netloc = netloc.lower()
    else:
        netloc = netloc.rsplit(":", 1)[0].lower() + f":{port}"
    if " " in parts.path:
        return None
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, parts.fragment))
