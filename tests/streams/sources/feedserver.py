"""A real HTTP server on 127.0.0.1 that serves feed files the way real servers do (and misbehave).

Paths:
  /feeds/NAME             a fixture of fixtures/feeds here, with ETag and Last-Modified; answers 304
                          to a matching If-None-Match or If-Modified-Since
  /plain/NAME             the same fixture without validators (every poll gets 200 and the body)
  /doc/KEY                a document the test sets with `server.docs[KEY] = (bytes, content type)`
  /status/CODE            answers CODE (with Retry-After: N for /status/429?retry=N)
  /slow?delay=S           answers rss20.xml after S seconds
Every request's path and headers are kept in `server.requests`.
"""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "feeds"
LAST_MODIFIED = "Tue, 05 Mar 2024 12:00:00 GMT"
TYPES = {".xml": "application/rss+xml", ".rdf": "application/rdf+xml", ".json": "application/feed+json"}


def rss(items: list[dict[str, str]], title: str = "Generated") -> bytes:
    """An RSS 2.0 document with `items` (keys: title, link, guid, description, pubDate)."""
    parts = []
    for it in items:
        fields = "".join(f"<{k}>{v}</{k}>" for k, v in it.items())
        parts.append(f"<item>{fields}</item>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://gen.example.com/</link><description>d</description>"
        + "".join(parts)
        + "</channel></rss>"
    ).encode()


def numbered_items(n: int, prefix: str = "item", start: int = 0) -> list[dict[str, str]]:
    return [
        {
            "title": f"Council report {prefix} {i}: roads, schools and parks",
            "link": f"https://gen.example.com/{prefix}/{i}?utm_source=rss",
            "guid": f"{prefix}-{i}",
            "pubDate": f"Tue, 05 Mar 2024 {i % 24:02d}:{i % 60:02d}:00 +0000",
            "description": f"&lt;p&gt;The council met to discuss item {i} of the budget.&lt;/p&gt;",
        }
        for i in range(start, start + n)
    ]


@dataclass
class FeedServer:
    host: str = "127.0.0.1"
    port: int = 0
    docs: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    _runner: web.AppRunner | None = None

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def headers_of(self, path: str) -> list[dict[str, str]]:
        return [h for p, h in self.requests if p == path]

    async def start(self) -> FeedServer:
        app = web.Application()
        app.router.add_get("/feeds/{name}", self._fixture)
        app.router.add_get("/plain/{name}", self._plain)
        app.router.add_get("/doc/{key}", self._doc)
        app.router.add_get("/status/{code}", self._status)
        app.router.add_get("/slow", self._slow)
        app.middlewares.append(self._record)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @web.middleware
    async def _record(self, request: web.Request, handler: Any) -> web.StreamResponse:
        self.requests.append((request.path, dict(request.headers)))
        return await handler(request)

    @staticmethod
    def _file(name: str) -> tuple[bytes, str]:
        path = FIXTURES / name
        if not path.is_file():
            raise web.HTTPNotFound()
        return path.read_bytes(), TYPES.get(path.suffix, "application/octet-stream")

    async def _fixture(self, request: web.Request) -> web.Response:
        body, ctype = self._file(request.match_info["name"])
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if (
            request.headers.get("If-None-Match") == etag
            or request.headers.get("If-Modified-Since") == LAST_MODIFIED
        ):
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(
            body=body, content_type=ctype, headers={"ETag": etag, "Last-Modified": LAST_MODIFIED}
        )

    async def _plain(self, request: web.Request) -> web.Response:
        body, ctype = self._file(request.match_info["name"])
        return web.Response(body=body, content_type=ctype)

    async def _doc(self, request: web.Request) -> web.Response:
        key = request.match_info["key"]
        if key not in self.docs:
            raise web.HTTPNotFound()
        body, ctype = self.docs[key]
        return web.Response(body=body, content_type=ctype)

    async def _status(self, request: web.Request) -> web.Response:
        code = int(request.match_info["code"])
        headers = {}
        if "retry" in request.query:
            headers["Retry-After"] = request.query["retry"]
        return web.Response(status=code, text=f"status {code}", headers=headers)

    async def _slow(self, request: web.Request) -> web.Response:
        await asyncio.sleep(float(request.query.get("delay", "5")))
        body, ctype = self._file("rss20.xml")
        return web.Response(body=body, content_type=ctype)
