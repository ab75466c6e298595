"""Feed bytes -> format-neutral items: RSS 0.9x/1.0/2.0 and Atom with feedparser, JSON Feed with
the standard library (streams/sources/jsonfeed.py).

feedparser runs with HTML sanitising off: the HTML is reduced to plain text afterwards anyway
(streams/sources/htmltext.py), and sanitising would double the parse time.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import feedparser

from streams.sources.items import FeedInfo, FeedItem, ParsedFeed, Produced, to_article
from streams.sources.jsonfeed import looks_like_json_feed, parse_json_feed
from streams.sources.language import detect_article_language


def _when(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if isinstance(t, time.struct_time):  # feedparser gives UTC, whatever offset the feed used
            try:
                return datetime(*t[:6], tzinfo=UTC)
            except ValueError:
                continue
    return None


def _is_html(detail: Any) -> bool:
    return "html" in str((detail or {}).get("type", "text/html"))


def _item(entry: Any) -> FeedItem:
    summary = entry.get("summary") or ""
    body, body_html = summary, _is_html(entry.get("summary_detail"))
    for c in entry.get("content") or ():
        value = c.get("value") or ""
        if len(value) > len(body):
            body, body_html = value, _is_html(c)
    return FeedItem(
        guid=entry.get("id") or None,
        link=entry.get("link") or None,
        title=entry.get("title") or "",
        title_is_html="html" in str((entry.get("title_detail") or {}).get("type", "")),
        body=body,
        body_is_html=body_html,
        summary=summary,
        published=_when(entry),
        language=(entry.get("title_detail") or {}).get("language"),
    )


def parse_feed(data: bytes, headers: Mapping[str, str] | None = None) -> ParsedFeed:
    """The items of a feed document. A document that is no feed gives `error` and no items; a broken
    one yields the items read before the break."""
    if looks_like_json_feed(data):
        return parse_json_feed(data)
    d = feedparser.parse(
        data,
        response_headers=dict(headers or {}),
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    if not d.get("version") and not d.entries:
        exc = d.get("bozo_exception")
        return ParsedFeed(format="unknown", error=f"not a feed: {exc or 'no RSS, Atom or JSON Feed found'}")
    f = d.get("feed", {})
    exc = d.get("bozo_exception") if d.get("bozo") else None
    benign = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    return ParsedFeed(
        warning=None if exc is None or isinstance(exc, benign) else f"malformed: {exc}",
        format=d.get("version") or "unknown",
        title=f.get("title") or None,
        link=f.get("link") or None,
        language=f.get("language") or None,
        items=[_item(e) for e in d.entries],
    )


def feed_articles(
    data: bytes,
    feed: FeedInfo,
    fetched_at: datetime,
    detect: Callable[[str, str], str | None] | None = None,
    headers: Mapping[str, str] | None = None,
    seen: Callable[[list[str]], bool] | None = None,
) -> tuple[ParsedFeed, list[Produced], list[str]]:
    """Parse a feed and turn every new item into an Article record: (feed, records, reasons items
    were skipped). `seen(keys)` tells which items are old (they are left out before the costly
    steps)."""
    parsed = parse_feed(data, headers)
    out: list[Produced] = []
    skipped: list[str] = []
    for item in parsed.items:
        r = to_article(item, feed, parsed, fetched_at, detect, seen)
        if r is None:
            continue
        if isinstance(r, str):
            skipped.append(r)
        else:
            out.append(r)
    return parsed, out, skipped


def convert_feed(
    data: bytes,
    feed: FeedInfo,
    fetched_at: datetime,
    detect: bool,
    headers: Mapping[str, str] | None,
    known: frozenset[str],
) -> tuple[ParsedFeed, list[Produced], list[str], list[str]]:
    """`feed_articles` for a worker process: items whose keys are in `known` (the keys of this
    feed's last document) are left out before the costly steps; also returns their keys."""
    matched: list[str] = []

    def seen(keys: list[str]) -> bool:
        if any(k in known for k in keys):
            matched.extend(keys)
            return True
        return False

    parsed, produced, skipped = feed_articles(
        data, feed, fetched_at, detect_article_language if detect else None, headers, seen
    )
    parsed.items = []  # not needed by the caller: a smaller answer to send back
    return parsed, produced, skipped, matched
