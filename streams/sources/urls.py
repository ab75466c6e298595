"""Canonical article URLs: one story, one URL, whatever feed or campaign it came through.

courlan (maintained by the trafilatura authors) lowercases scheme and host, drops default ports,
sorts the query and removes tracking parameters (utm_*, fbclid, gclid, mc_*, ref, ...); the
fragment is dropped as well, since it never names another page.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urljoin, urlsplit, urlunsplit

from courlan import normalize_url


@lru_cache(maxsize=65_536)
def canonical_url(url: str | None, base: str | None = None) -> str | None:
    """The canonical form of `url` (made absolute against `base`), or None if it is no http(s) URL."""
    if not url:
        return None
    url = url.strip()
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    try:
        clean = normalize_url(url, strict=False)
    except ValueError:
        return None
    p = urlsplit(clean)
    return urlunsplit((p.scheme, p.netloc, p.path or "/", p.query, ""))
