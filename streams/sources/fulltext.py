"""Optional full text for feeds that carry only a teaser (`fulltext: true` on a feed).

The linked page is fetched with the poller's own limits (User-Agent, its own time and size caps,
`polling.fulltext_timeout` and `polling.fulltext_max_bytes`) and trafilatura extracts the
article's text. It is an optional dependency (`pip install 'newsalert[fulltext]'`), imported only
when a feed asks for it, and off by default: one more request per item, to the publisher's site.
A page that fails or yields less than the teaser leaves the teaser in place.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import json
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

import aiohttp

from streams.models import MAX_BODY_CHARS
from streams.sources.config import Polling
from streams.sources.fetch import fetch
from streams.sources.items import Produced

TEASER_CHARS = 1_000  # a body longer than this is taken as the whole article: no fetch


def available() -> bool:
    return importlib.util.find_spec("trafilatura") is not None


def extract(page: bytes, url: str | None = None) -> str | None:
    """The main text of an HTML page, or None."""
    import trafilatura  # optional and heavy: only a feed with fulltext: true needs it

    text = trafilatura.extract(
        page.decode("utf-8", errors="replace"), url=url, include_comments=False, include_tables=False
    )
    return text[:MAX_BODY_CHARS] if text else None


async def full_text(
    session: aiohttp.ClientSession, url: str, *, teaser: str, timeout: float, max_bytes: int
) -> str | None:
    """The article text behind `url` when it is longer than `teaser`; else None."""
    if len(teaser) > TEASER_CHARS:
        return None
    res = await fetch(session, url, timeout=timeout, max_bytes=max_bytes, accept="text/html,*/*;q=0.5")
    if not res.ok or not res.body:
        return None
    text = await asyncio.to_thread(extract, res.body, url)
    return text if text and len(text) > len(teaser) else None


async def fill_in_full_text(
    items: list[Produced],
    session: aiohttp.ClientSession,
    slots: Callable[[str], AbstractAsyncContextManager[object]] = lambda url: contextlib.nullcontext(),
    polling: Polling | None = None,
) -> None:
    """Replace each item's teaser by its linked page's text, where that works (`slots(url)`: the
    poller's per-host and global limits)."""
    polling = polling or Polling()

    async def one(p: Produced) -> None:
        record = p.record()
        url = record.get("url")
        if not url:
            return
        async with slots(url):
            text = await full_text(
                session,
                url,
                teaser=record.get("body", ""),
                timeout=polling.fulltext_timeout,
                max_bytes=polling.fulltext_max_bytes,
            )
        if text:
            record["body"] = text
            record["fulltext"] = True  # the body is the linked page's text, not the feed's teaser
            p.value = json.dumps(record, ensure_ascii=False).encode("utf-8")

    await asyncio.gather(*(one(p) for p in items))
