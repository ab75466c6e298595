"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), which feedparser 6 does not read.

The format is plain JSON with a fixed set of fields, so the standard library reads it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from streams.sources.items import FeedItem, ParsedFeed

VERSION_PREFIX = "https://jsonfeed.org/version/"


def looks_like_json_feed(data: bytes) -> bool:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and b"jsonfeed.org/version" in data[:4096]


def _date(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        d = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return d if d.tzinfo else d.replace(tzinfo=UTC)  # RFC 3339 demands an offset; UTC if it lacks one


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def parse_json_feed(data: bytes) -> ParsedFeed:
    """The items of a JSON Feed; a document that is not one gives a ParsedFeed with `error` set."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        return ParsedFeed(format="json", error=f"not valid JSON: {e}")
    if not isinstance(doc, dict) or not str(doc.get("version", "")).startswith(VERSION_PREFIX):
        return ParsedFeed(format="json", error="JSON without a jsonfeed.org version: not a JSON Feed")
    items = []
    raw_items = doc.get("items")
    for it in raw_items if isinstance(raw_items, list) else []:
        if not isinstance(it, dict):
            continue
        html = _str(it.get("content_html"))
        text = _str(it.get("content_text"))
        summary = _str(it.get("summary"))
        items.append(
            FeedItem(
                guid=str(it["id"]) if it.get("id") not in (None, "") else None,
                link=_str(it.get("url")) or _str(it.get("external_url")),
                title=_str(it.get("title")) or "",
                title_is_html=False,
                body=html or text or summary or "",
                body_is_html=html is not None,
                summary=summary or "",
                published=_date(it.get("date_published")) or _date(it.get("date_modified")),
                language=_str(it.get("language")),
            )
        )
    version = str(doc["version"]).removeprefix(VERSION_PREFIX)
    return ParsedFeed(
        format=f"jsonfeed{version.replace('.', '')}",
        title=_str(doc.get("title")),
        link=_str(doc.get("home_page_url")),
        language=_str(doc.get("language")),
        items=items,
    )
