"""What a parsed feed holds (format-neutral), and how an item becomes an Article record.

Pure: the fetch time, the feed's settings and the language detector come in as arguments.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError

from streams.models import MAX_BODY_CHARS, MAX_TITLE_CHARS, Article, stable_article_id
from streams.sources.htmltext import html_to_text, tidy
from streams.sources.urls import canonical_url

FUTURE_SLACK = timedelta(days=1)  # a date further ahead than this is a feed's mistake: treated as missing


@dataclass(slots=True)
class FeedItem:
    guid: str | None
    link: str | None
    title: str
    body: str
    title_is_html: bool = False
    body_is_html: bool = True
    summary: str = ""
    published: datetime | None = None
    language: str | None = None


@dataclass(slots=True)
class ParsedFeed:
    format: str
    title: str | None = None
    link: str | None = None
    language: str | None = None
    items: list[FeedItem] = field(default_factory=list)
    error: str | None = None  # set when the document is no feed at all
    warning: str | None = None  # set when it is a broken one (its items up to the break are read)


@dataclass(slots=True)
class FeedInfo:
    """What an item needs to know about its feed."""

    name: str
    source: str | None = None  # default: the feed's title, then `name`
    language: str | None = None  # set by the operator: wins over detection
    tags: list[str] = field(default_factory=list)
    url: str | None = None  # the feed's address, to resolve relative links


@dataclass(slots=True)
class Produced:
    """An item as it goes to the raw topic: its key, its JSON, the keys that mark it as seen, and
    what the poller's metrics need (plain values: it travels back from a worker process)."""

    key: bytes
    value: bytes
    seen_keys: list[str]
    language: str | None
    published_at: datetime
    date_estimated: bool

    def record(self) -> dict[str, Any]:
        return dict(json.loads(self.value))


def _h(*parts: str) -> str:
    return hashlib.sha1("\n".join(parts).encode("utf-8")).hexdigest()[:24]


def seen_keys(feed_name: str, guid: str | None, url: str | None, title: str, body: str) -> list[str]:
    """The fingerprints that mark an item as seen: its guid (within its feed) and its canonical URL
    (across feeds); the content when it has neither. An item is new only if none is known."""
    keys = []
    if guid:
        keys.append("g:" + _h(feed_name, guid.strip()))
    if url:
        keys.append("u:" + _h(url))
    if not keys:
        keys.append("c:" + _h(feed_name, title, body[:2000]))
    return keys


def short_language(code: str | None) -> str | None:
    """'en-US' -> 'en'; None for nothing usable."""
    if not code:
        return None
    code = code.strip().lower().replace("_", "-").split("-")[0]
    return code if 2 <= len(code) <= 3 and code.isalpha() else None


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > limit // 2 else limit - 1] + "…"


def to_article(
    item: FeedItem,
    feed: FeedInfo,
    parsed: ParsedFeed,
    fetched_at: datetime,
    detect: Callable[[str, str], str | None] | None = None,
    seen: Callable[[list[str]], bool] | None = None,
) -> Produced | str | None:
    """The Article record of one item, the reason it cannot be one (no text, say), or None when
    `seen(keys)` says it was produced before (checked before the costly steps where it can be)."""
    url = canonical_url(item.link, feed.url or parsed.link)
    keys = seen_keys(feed.name, item.guid, url, "", "") if item.guid or url else None
    if keys is not None and seen is not None and seen(keys):
        return None
    title = _clip(html_to_text(item.title) if item.title_is_html else tidy(item.title), MAX_TITLE_CHARS)
    body = _clip(html_to_text(item.body) if item.body_is_html else tidy(item.body), MAX_BODY_CHARS)
    if not title and not body:
        return "item has neither title nor text"
    if keys is None:
        keys = seen_keys(feed.name, None, None, title, body)
        if seen is not None and seen(keys):
            return None
    source = feed.source or parsed.title or feed.name
    published, estimated = item.published, False
    if published is None or published > fetched_at + FUTURE_SLACK:
        published, estimated = fetched_at, True
    language = feed.language or (detect(title, body) if detect else None)
    language = language or short_language(item.language) or short_language(parsed.language)
    try:
        art = Article(
            id=stable_article_id(source, url, title, body),
            source=source[:200],
            url=url,  # pydantic validates the str into an HttpUrl
            title=title,
            body=body,
            published_at=published,
            language=language,
            ingested_at=fetched_at,
        )
    except (ValidationError, ValueError) as e:
        return f"not a valid article: {str(e).splitlines()[0]}"
    record = art.model_dump(mode="json", exclude_none=True)
    record["feed"] = feed.name
    if feed.tags:
        record["tags"] = list(feed.tags)
    if estimated:
        record["date_estimated"] = True  # the feed gave no usable date: published_at is the fetch time
    value = json.dumps(record, ensure_ascii=False).encode("utf-8")
    return Produced(art.id.encode("utf-8"), value, keys, art.language, art.published_at, estimated)
