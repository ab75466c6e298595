"""`POST /v1/articles`: scrapers and other services push articles over HTTP.

The body is one article (a JSON object), a JSON array of them, or NDJSON (Content-Type
application/x-ndjson, one article a line). Every item is checked against the article schema
with the worker's own validator (streams/validate.py), so a rejected item gets the same reason a
dead letter would. Good items get `language` when they lack one and go to the raw topic; the
answer waits for the broker's acknowledgement.

Answers: 202 with per-item results when at least one item was accepted; 400 when none was (the
results say why); 401 without the right bearer token; 413 over the size or item limit; 415 for
another content type; 429 over the rate limit (with Retry-After); 503 when the broker fails.
The same app serves GET /healthz and, unless turned off, GET /metrics.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

from streams.models import Article, DeadLetter
from streams.sources import metrics as m
from streams.sources.language import detect_article_language
from streams.sources.sink import Record, Sink
from streams.validate import parse_article

NDJSON_TYPES = ("application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines")
JSON_TYPES = ("application/json", "text/json", "")


class TokenBucket:
    """`rate` requests a second on average, bursts of up to `burst`."""

    def __init__(self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate, self.burst, self.clock = rate, burst, clock
        self.tokens = burst
        self.at = clock()

    def take(self) -> float:
        """0 if a request may go now (and count it), else the seconds until one may."""
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


def _error(status: int, reason: str, detail: str, headers: dict[str, str] | None = None) -> web.Response:
    m.INGEST_REQUESTS.labels(str(status)).inc()
    return web.json_response({"error": reason, "detail": detail}, status=status, headers=headers)


def split_items(body: bytes, content_type: str) -> list[bytes] | str:
    """The raw items of a request body, or why it cannot be read."""
    if content_type in NDJSON_TYPES:
        return [line for line in body.split(b"\n") if line.strip()]
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        return f"body is not JSON ({e}); send an object, an array, or NDJSON as application/x-ndjson"
    items = data if isinstance(data, list) else [data]
    return [json.dumps(x, ensure_ascii=False).encode("utf-8") for x in items]


def check_items(
    raws: list[bytes], detect: Callable[[str, str], str | None] | None
) -> tuple[list[dict[str, Any]], list[Record]]:
    """Validate each item: (per-item results, records to produce). Pure but for the clock."""
    results: list[dict[str, Any]] = []
    records: list[Record] = []
    for i, raw in enumerate(raws):
        r = parse_article(raw, topic="http")
        if isinstance(r, DeadLetter):
            results.append({"index": i, "status": 400, "reason": r.reason, "detail": r.detail})
            continue
        art: Article = r
        if art.language is None and detect is not None:
            art.language = detect(art.title, art.body)
        m.count_language(art.language)
        records.append((art.id.encode("utf-8"), art.model_dump_json(exclude_none=True).encode("utf-8")))
        results.append({"index": i, "status": 202, "id": art.id})
    return results, records


def make_app(
    sink: Sink,
    token: str,
    *,
    max_body: int = 1_000_000,
    max_items: int = 1_000,
    rate: float = 20.0,
    burst: float = 40.0,
    detect: Callable[[str, str], str | None] | None = detect_article_language,
    serve_metrics: bool = True,
) -> web.Application:
    """The ingest app. `token`: the bearer token clients must send (from the environment)."""
    if not token:
        raise ValueError("the ingest endpoint needs a bearer token")
    expected = f"Bearer {token}".encode()
    bucket = TokenBucket(rate, max(burst, 1.0))

    async def post_articles(request: web.Request) -> web.Response:
        given = request.headers.get("Authorization", "").encode()
        if not hmac.compare_digest(given, expected):
            return _error(
                401, "unauthorized", "send 'Authorization: Bearer <token>'", {"WWW-Authenticate": "Bearer"}
            )
        wait = bucket.take()
        if wait:
            return _error(
                429, "rate_limited", f"over {rate:g} requests/s", {"Retry-After": str(int(wait) + 1)}
            )
        if request.content_length is not None and request.content_length > max_body:
            return _error(
                413, "too_large", f"body is {request.content_length} bytes; the limit is {max_body}"
            )
        ctype = request.content_type if request.headers.get("Content-Type") else ""
        if ctype not in NDJSON_TYPES and ctype not in JSON_TYPES:
            return _error(415, "unsupported_media_type", "send application/json or application/x-ndjson")
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return _error(413, "too_large", f"body is over the limit of {max_body} bytes")
        raws = split_items(body, ctype)
        if isinstance(raws, str):
            return _error(400, "not_json", raws)
        if not raws:
            return _error(400, "no_items", "the body holds no article")
        if len(raws) > max_items:
            return _error(413, "too_many_items", f"{len(raws)} items; the limit is {max_items} a request")
        results, records = await asyncio.to_thread(check_items, raws, detect)
        try:
            await sink.send(records)
        except Exception as e:
            return _error(
                503, "unavailable", f"the raw topic did not take the articles: {e}", {"Retry-After": "5"}
            )
        accepted = len(records)
        for r in results:
            m.INGEST_ITEMS.labels(
                *(("accepted", "") if r["status"] == 202 else ("rejected", r["reason"]))
            ).inc()
        status = 202 if accepted else 400
        m.INGEST_REQUESTS.labels(str(status)).inc()
        body_out = {"accepted": accepted, "rejected": len(results) - accepted, "results": results}
        return web.json_response(body_out, status=status)

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    async def metrics(request: web.Request) -> web.Response:
        return web.Response(body=generate_latest(REGISTRY), headers={"Content-Type": CONTENT_TYPE_LATEST})

    # the app's own limit is a little above ours, so that our 413 (with its JSON reason) answers first
    app = web.Application(client_max_size=max_body + 1)
    app.router.add_post("/v1/articles", post_articles)
    app.router.add_get("/healthz", healthz)
    if serve_metrics:
        app.router.add_get("/metrics", metrics)
    return app
