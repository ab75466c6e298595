"""Shared HTTP plumbing for the webhook and Slack channels (not a channel type itself).

* explicit aiohttp timeouts (total / connect / read), no proxies from the environment,
  redirects not followed;
* SSRF guard: unless ``allow_private``, the target must resolve only to global addresses.
  IP-literal hosts are checked before the request; host names are checked by a resolver
  wrapper at connection time (so a DNS answer that changes between check and connect is
  still checked);
* status mapping: 2xx ok; 429/5xx/408/network errors transient (Retry-After honoured, in
  seconds or as an HTTP date); other 4xx (incl. 410) and 3xx permanent.
"""

from __future__ import annotations

import ipaddress
import socket
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver
from aiohttp.resolver import DefaultResolver

from alerts.channels.base import Channel, PermanentDeliveryError, TransientDeliveryError, http_status_error


class RefusedTargetError(Exception):
    """The target resolves to a private/loopback/link-local/reserved address."""


def forbidden_address(addr: str) -> bool:
    """True for anything that is not a global unicast address (private, loopback,
    link-local, unspecified, reserved, shared CGNAT, multicast; IPv4-mapped IPv6 too)."""
    ip = ipaddress.ip_address(addr.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (not ip.is_global) or ip.is_multicast


class GuardedResolver(AbstractResolver):
    def __init__(self) -> None:
        self._inner = DefaultResolver()

    async def resolve(self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET) -> Any:
        infos = await self._inner.resolve(host, port, family)
        bad = [i["host"] for i in infos if forbidden_address(i["host"])]
        if bad:
            raise RefusedTargetError(f"{host} resolves to a non-public address ({bad[0]})")
        return infos

    async def close(self) -> None:
        await self._inner.close()


def check_literal_target(url: str, allow_private: bool) -> None:
    if allow_private:
        return
    host = urlsplit(url).hostname or ""
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return  # a name: checked by GuardedResolver at connect time
    if forbidden_address(host):
        raise PermanentDeliveryError(
            "target is a non-public address (allow_private is false)", kind="refused_target"
        )


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def make_session(
    *, timeout: float, connect_timeout: float, allow_private: bool, limit: int = 100
) -> aiohttp.ClientSession:
    connector = aiohttp.TCPConnector(
        limit=limit, resolver=None if allow_private else GuardedResolver(), ttl_dns_cache=60
    )
    return aiohttp.ClientSession(
        connector=connector,
        timeout=aiohttp.ClientTimeout(
            total=timeout, connect=connect_timeout, sock_connect=connect_timeout, sock_read=timeout
        ),
        trust_env=False,
        raise_for_status=False,
    )


async def post(
    session: aiohttp.ClientSession, url: str, body: bytes, headers: dict[str, str], *, what: str = "POST"
) -> None:
    """POST and map the result; `what` is a safe label for messages (never the secret URL)."""
    try:
        async with session.post(url, data=body, headers=headers, allow_redirects=False) as resp:
            if 200 <= resp.status < 300:
                await resp.read()
                return
            detail = ""
            try:
                detail = (await resp.text(errors="replace"))[:200]
            except (TimeoutError, aiohttp.ClientError):
                pass
            raise http_status_error(resp.status, parse_retry_after(resp.headers.get("Retry-After")), detail)
    except RefusedTargetError as e:
        raise PermanentDeliveryError(f"{what}: {e} (allow_private is false)", kind="refused_target") from None
    except (TimeoutError, aiohttp.ServerTimeoutError):
        raise TransientDeliveryError(f"{what}: timed out", kind="timeout") from None
    except aiohttp.InvalidURL:
        raise PermanentDeliveryError(f"{what}: invalid URL", kind="other") from None
    except aiohttp.ClientConnectorError as e:
        raise TransientDeliveryError(
            f"{what}: cannot connect ({e.os_error.__class__.__name__})", kind="connection"
        ) from None
    except aiohttp.ClientError as e:
        raise TransientDeliveryError(f"{what}: {type(e).__name__}", kind="connection") from None


class HttpChannel(Channel):
    """A channel that POSTs over one aiohttp session with explicit timeouts and the SSRF guard."""

    def __init__(self, name: str, config: Any, **kw: Any) -> None:
        super().__init__(name, config, **kw)
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        if self._session is None:
            self._session = make_session(
                timeout=self.config.timeout,
                connect_timeout=self.config.connect_timeout,
                allow_private=self.config.allow_private,
            )

    async def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            await self.start()
        assert self._session is not None
        return self._session

    async def stop(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
