"""One polite HTTP fetch of a feed: conditional GET, a User-Agent that names the project, a time
limit, a size limit, and errors sorted into a few kinds (the `kind` label of the error metric).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, version

import aiohttp

PROJECT_URL = "https://github.com/newsalert/newsalert"
ERROR_KINDS = (
    "timeout",
    "connection",
    "http_4xx",
    "http_5xx",
    "rate_limited",
    "too_large",
    "not_a_feed",
    "malformed",
    "produce",
    "internal",
)


def user_agent(override: str | None = None) -> str:
    if override:
        return override
    try:
        v = version("newsalert")
    except PackageNotFoundError:
        v = "dev"
    return f"newsalert/{v} (news-alert feed poller; +{PROJECT_URL})"


@dataclass(slots=True)
class FetchResult:
    url: str
    status: int | None = None  # HTTP status; None when no answer came
    body: bytes | None = None  # set on 200
    etag: str | None = None
    last_modified: str | None = None
    retry_after: float | None = None  # seconds, from a Retry-After header
    error_kind: str | None = None  # one of ERROR_KINDS
    error: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error_kind is None


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    h = {}
    if etag:
        h["If-None-Match"] = etag
    if last_modified:
        h["If-Modified-Since"] = last_modified
    return h


async def fetch(
    session: aiohttp.ClientSession,
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    timeout: float = 20.0,
    max_bytes: int = 5_000_000,
    accept: str = "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5",
) -> FetchResult:
    """GET `url` once. Never raises for network or HTTP trouble: the result says what went wrong."""
    start = time.monotonic()
    res = FetchResult(url=url)
    headers = {"Accept": accept, **conditional_headers(etag, last_modified)}
    try:
        async with session.get(
            url, headers=headers, timeout=aiohttp.ClientTimeout(total=timeout), allow_redirects=True
        ) as resp:
            res.status = resp.status
            res.url = str(resp.url)  # after redirects: relative links resolve against it
            res.headers = {k: v for k, v in resp.headers.items()}
            res.etag = resp.headers.get("ETag")
            res.last_modified = resp.headers.get("Last-Modified")
            if resp.status == 304:
                return res
            if resp.status == 429 or (resp.status == 503 and "Retry-After" in resp.headers):
                res.retry_after = parse_retry_after(resp.headers.get("Retry-After"))
                res.error_kind = "rate_limited"
                res.error = f"HTTP {resp.status}, Retry-After {resp.headers.get('Retry-After')}"
                return res
            if resp.status >= 400:
                res.error_kind = "http_5xx" if resp.status >= 500 else "http_4xx"
                res.error = f"HTTP {resp.status} {resp.reason or ''}".strip()
                res.retry_after = parse_retry_after(resp.headers.get("Retry-After"))
                return res
            declared = resp.content_length
            if declared is not None and declared > max_bytes:
                res.error_kind, res.error = (
                    "too_large",
                    f"{declared} bytes declared; the limit is {max_bytes}",
                )
                return res
            chunks: list[bytes] = []
            size = 0
            async for chunk in resp.content.iter_chunked(65_536):  # decompressed: a gzip bomb stops too
                size += len(chunk)
                if size > max_bytes:
                    res.error_kind, res.error = "too_large", f"over {max_bytes} bytes; the limit"
                    return res
                chunks.append(chunk)
            res.body = b"".join(chunks)
            return res
    except TimeoutError:
        res.error_kind, res.error = "timeout", f"no complete answer within {timeout:g} s"
    except aiohttp.ClientResponseError as e:
        res.error_kind, res.error = "connection", f"bad response: {e.message}"
    except (aiohttp.ClientError, OSError) as e:
        res.error_kind, res.error = "connection", f"{type(e).__name__}: {e}"
    finally:
        res.seconds = time.monotonic() - start
    return res


def read_file_or_fetch(target: str, timeout: float = 20.0, max_bytes: int = 5_000_000) -> FetchResult:
    """For `newsalert feeds read`: a local file, or one fetch of a URL."""
    if not target.lower().startswith(("http://", "https://")):
        with open(target, "rb") as fh:
            data = fh.read(max_bytes + 1)
        if len(data) > max_bytes:
            return FetchResult(target, error_kind="too_large", error=f"over {max_bytes} bytes")
        return FetchResult(target, status=200, body=data)

    async def once() -> FetchResult:
        async with aiohttp.ClientSession(headers={"User-Agent": user_agent()}) as s:
            return await fetch(s, target, timeout=timeout, max_bytes=max_bytes)

    return asyncio.run(once())
