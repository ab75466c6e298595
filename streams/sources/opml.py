"""OPML 1.0/2.0 import and export of the feed list (what feed readers exchange).

Import reads every outline with an xmlUrl; the titles of the outlines around it (folders)
become its tags. Export writes one outline per feed, in folders by first tag.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from email.utils import format_datetime

from streams.models import utcnow
from streams.sources.config import FeedConfig


class OpmlError(ValueError):
    pass


def _slug(text: str) -> str:
    s = re.sub(r"[^A-Za-z0-9._-]+", "-", text.strip()).strip("-._").lower()
    return s[:80] or "feed"


def parse_opml(data: bytes, source: str = "OPML") -> list[FeedConfig]:
    """The feeds of an OPML document; names are made unique (slug of the title, then -2, -3...)."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        raise OpmlError(f"{source}: not valid XML: {e}") from None
    if root.tag != "opml" or root.find("body") is None:
        raise OpmlError(f"{source}: no <opml><body> found: not an OPML file")
    feeds: list[FeedConfig] = []
    names: set[str] = set()

    def walk(node: ET.Element, folders: list[str]) -> None:
        for o in node.findall("outline"):
            title = o.get("title") or o.get("text") or ""
            url = o.get("xmlUrl") or o.get("xmlurl")
            if url:
                if not url.lower().startswith(("http://", "https://")):
                    continue
                base = _slug(title or url.split("//", 1)[1].split("/")[0])
                name, n = base, 2
                while name in names:
                    name, n = f"{base[:76]}-{n}", n + 1
                names.add(name)
                cats = [
                    c.strip() for c in (o.get("category") or "").replace("/", ",").split(",") if c.strip()
                ]
                tags = list(dict.fromkeys(folders + cats))
                lang = o.get("language")
                feeds.append(
                    FeedConfig(name=name, url=url, source=title or None, tags=tags, language=lang or None)
                )
            else:
                walk(o, folders + ([title] if title else []))

    walk(root.find("body"), [])  # type: ignore[arg-type]  # checked above
    return feeds


def to_opml(feeds: Iterable[FeedConfig], title: str = "newsalert feeds") -> bytes:
    """An OPML 2.0 document of `feeds`, in folders by their first tag."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = format_datetime(utcnow())
    body = ET.SubElement(root, "body")
    folders: dict[str, ET.Element] = {}
    for f in feeds:
        parent = body
        if f.tags:
            if f.tags[0] not in folders:
                folders[f.tags[0]] = ET.SubElement(body, "outline", text=f.tags[0], title=f.tags[0])
            parent = folders[f.tags[0]]
        attrs = {"type": "rss", "text": f.source or f.name, "title": f.source or f.name, "xmlUrl": f.url}
        if len(f.tags) > 1:
            attrs["category"] = ",".join(f.tags[1:])
        if f.language:
            attrs["language"] = f.language
        ET.SubElement(parent, "outline", attrs)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"
