"""The runtime behind the delivery agents (one per app): routing memory, channels, silences.

Not Faust-specific: :mod:`alerts.agents` wires it to topics. The rate-limit/cooldown memory
of routing is held in memory: a restart forgets it (at worst a few extra deliveries after a
restart; flash alerts bypass both anyway). Channels are started on first use; a channel that
fails to start is retried through ``alerts.delivery.deliver()`` (its send() fails).
``settings.alerts_jsonl``, when set, replaces the path of every jsonl subscription whose path
is the default ``out/alerts.jsonl`` (``alerts.subscriptions.apply_settings``).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from alerts import metrics
from alerts.channels.base import Channel, build_channel
from alerts.delivery import DeliveryOutcome, DeliveryPolicy, deliver
from alerts.routing import Delivery, RoutingState, route
from alerts.silences import SilencesFile, silences_path
from alerts.subscriptions import SubscriptionConfig, apply_settings
from alerts.topics import DeliveryDeadLetter, broker_address
from streams.models import Alert, utcnow
from streams.settings import Settings

log = logging.getLogger(__name__)


class AlertsWorker:
    """The routing state, channels and silences behind the agents (one per app)."""

    def __init__(
        self,
        settings: Settings,
        config: SubscriptionConfig,
        policy: DeliveryPolicy | None = None,
        channel_options: dict[str, Any] | None = None,
    ) -> None:
        self.settings = settings
        self.config = apply_settings(config, settings)
        self.policy = policy or self.config.delivery.retry
        self.state = RoutingState()
        self.channels: dict[str, Channel] = {}
        self._started: set[str] = set()
        self._start_locks: dict[str, asyncio.Lock] = {}
        opts = {"bootstrap_servers": broker_address(settings)} | (channel_options or {})
        for sub in self.config.subscriptions:
            if sub.enabled:
                self.channels[sub.name] = build_channel(sub, **opts)
        self.silences_file = SilencesFile(silences_path(settings))
        metrics.forget_channels(self.config.channel_types())

    # routing --------------------------------------------------------------
    def route(self, alert: Alert) -> list[Delivery]:
        deliveries, self.state, reasons = route(
            alert, self.config, self.state, utcnow(), extra_silences=self.silences_file.current()
        )
        for r in reasons:
            log.debug("alert %s v%d: %s", alert.story_id, alert.version, r)
        return deliveries

    # channels -------------------------------------------------------------
    async def channel(self, subscription: str) -> Channel | None:
        ch = self.channels.get(subscription)
        if ch is None:
            return None
        if subscription not in self._started:
            lock = self._start_locks.setdefault(subscription, asyncio.Lock())
            async with lock:
                if subscription not in self._started:
                    await ch.start()  # errors surface through deliver() on send
                    self._started.add(subscription)
        return ch

    async def deliver(self, d: Delivery) -> DeliveryOutcome | DeliveryDeadLetter:
        try:
            ch = await self.channel(d.subscription)
        except Exception as e:  # start() failed: let deliver() retry through send()
            log.warning("channel %s failed to start: %s", d.subscription, e)
            ch = self.channels[d.subscription]
        if ch is None:
            return DeliveryDeadLetter(
                reason="unknown_subscription",
                detail=f"subscription {d.subscription!r} is not configured (or disabled)",
                subscription=d.subscription,
                channel=d.channel,
                idempotency_key=d.idempotency_key,
                delivery=d,
            )
        return await deliver(ch, d, self.policy)

    async def stop(self) -> None:
        for name in list(self._started):
            try:
                await self.channels[name].stop()
            except Exception as e:  # noqa: BLE001
                log.warning("stopping channel %s: %s", name, e)
        self._started.clear()
