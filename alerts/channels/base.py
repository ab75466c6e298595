"""The channel interface and registry.

A channel type is one module ``alerts/channels/<type>.py`` holding its config model (the
``channel:`` section of a subscription, listed in ``alerts/channels/configs.py``) and a
``Channel`` subclass decorated with ``@register_channel("<type>")``. Loading subscriptions
imports every channel module, so :func:`build_channel` finds every type registered.

``send()`` raises :class:`TransientDeliveryError` (retry later, maybe after ``retry_after``
seconds) or :class:`PermanentDeliveryError` (give up, dead-letter). Each carries ``kind``, a
bounded label for metrics: timeout | connection | http_4xx | http_5xx | http_429 |
refused_target | other.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, ClassVar

FAILURE_KINDS = ("timeout", "connection", "http_4xx", "http_5xx", "http_429", "refused_target", "other")


class DeliveryError(Exception):
    transient: ClassVar[bool] = False

    def __init__(self, reason: str, *, kind: str = "other", retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind = kind if kind in FAILURE_KINDS else "other"
        self.retry_after = retry_after

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.reason!r}, kind={self.kind!r}, retry_after={self.retry_after!r})"


class TransientDeliveryError(DeliveryError):
    """Worth retrying: network error, timeout, 5xx, 429."""

    transient = True

    def __init__(self, reason: str, retry_after: float | None = None, *, kind: str = "other") -> None:
        super().__init__(reason, kind=kind, retry_after=retry_after)


class PermanentDeliveryError(DeliveryError):
    """Not worth retrying: 4xx other than 429, refused target, bad config."""

    def __init__(self, reason: str, *, kind: str = "other") -> None:
        super().__init__(reason, kind=kind)


def http_status_error(status: int, retry_after: float | None = None, detail: str = "") -> DeliveryError:
    """Map an HTTP status (non-2xx) to a delivery error (Standard Webhooks / Alertmanager rules)."""
    text = f"HTTP {status}" + (f": {detail[:200]}" if detail else "")
    if status == 429:
        return TransientDeliveryError(text, retry_after, kind="http_429")
    if status >= 500:
        return TransientDeliveryError(text, retry_after, kind="http_5xx")
    if status == 408:  # request timeout: the receiver asks us to retry
        return TransientDeliveryError(text, retry_after, kind="timeout")
    if 400 <= status < 500:
        return PermanentDeliveryError(text, kind="http_4xx")
    return PermanentDeliveryError(text + " (unexpected status; redirects are not followed)", kind="other")


class Channel(ABC):
    """One configured destination (one subscription). Safe to call send() concurrently."""

    type: ClassVar[str] = ""

    def __init__(self, name: str, config: Any, *, subscription: Any = None, **options: Any) -> None:
        self.name = name  # the subscription name
        self.config = config
        self.subscription = subscription  # for templates; may be None

    async def start(self) -> None:  # noqa: B027 - optional hook
        """Open connections; called once before the first send()."""

    @abstractmethod
    async def send(self, delivery: Any) -> None:
        """Deliver one Delivery; return on acknowledgement, raise a DeliveryError otherwise."""

    async def stop(self) -> None:  # noqa: B027 - optional hook
        """Close connections."""

    async def __aenter__(self) -> Channel:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def __repr__(self) -> str:  # never the config: it may hold secrets or secret URLs
        return f"<{type(self).__name__} {self.name!r}>"


_REGISTRY: dict[str, type[Channel]] = {}


def register_channel(type_name: str) -> Callable[[type[Channel]], type[Channel]]:
    def deco(cls: type[Channel]) -> type[Channel]:
        cls.type = type_name
        _REGISTRY[type_name] = cls
        return cls

    return deco


def build_channel(sub: Any, **options: Any) -> Channel:
    """A channel for a Subscription. ``options`` go to the channel's constructor; those it
    does not use are ignored (e.g. ``bootstrap_servers`` is for the kafka channel)."""
    cls = _REGISTRY[sub.channel.type]
    return cls(sub.name, sub.channel, subscription=sub, **options)
