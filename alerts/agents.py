"""Faust wiring of alert delivery: ``register(app, settings, subscriptions_config)``, called
once before the app starts. The agents only move messages; the decisions are in
:mod:`alerts.routing`, :mod:`alerts.delivery` and :class:`alerts.worker.AlertsWorker`.

Data flow and choices (made without asking; change them here if needed):

* **Routing agent** ``alerts.route`` on ``settings.topics.alerts`` (value = Alert JSON,
  key = story_id). For each alert it calls the pure ``alerts.routing.route()`` and produces
  each Delivery (JSON) to ``newsalert.deliveries.<channel type>`` with key
  ``"<subscription>:<story_id>"`` (per-story order per subscription is kept). It waits for the
  broker to acknowledge those writes before it moves on, so the alert's offset is committed
  only after its deliveries are durably queued. Unparseable alerts are written to
  ``settings.topics.deliveries_dead_letter`` with reason ``invalid_alert``.
* **One delivery agent per channel type** (``alerts.deliver.<type>``), so a slow or dead
  channel type never delays the others. Each runs with ``concurrency =
  delivery.concurrency`` (subscriptions.yaml, default 8) actors sharing the topic's stream,
  so one hung receiver holds one actor and other subscriptions of the same type continue
  (caveat: a hung receiver with >= ``concurrency`` queued deliveries can hold all actors of
  its type, each for at most attempt timeout x attempts; raise ``concurrency`` or give such
  a receiver its own short ``timeout``);
  Faust commits offsets only up to the first unacknowledged message, so this stays
  at-least-once. Per message: if the ``delivered_<type>`` table already has the
  idempotency key, it is skipped (metric ``..._skipped_duplicate_total``); otherwise
  ``alerts.delivery.deliver()`` runs with retries; on success the table records the key; on
  final failure a DeliveryDeadLetter goes to ``settings.topics.deliveries_dead_letter``
  (awaited). The message is finished only after one of the two.
* **Tables**: one per channel type, ``delivered_<type>`` (not a single ``delivered``: a Faust
  table is sharded by the partition of the event that writes it, so it must be co-partitioned
  with exactly one source topic). Key = idempotency key ``story:version:subscription``,
  value = ``{"at": ISO time, "attempts": n}``. Partitions = ``delivery.partitions``. Entries
  are never deleted (small: one per delivered alert-version per subscription).
  Receivers still get duplicates in one case: a crash after the receiver accepted but before
  the table write is committed; the webhook ``webhook-id`` / e-mail ``Message-ID`` / Kafka
  ``idempotency-key`` header are stable so receivers can drop them.
* **Silences**: see :mod:`alerts.silences` (the CLI silences file is re-read without a restart).
* **Replay** of dead letters: see :mod:`alerts.replay`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from pydantic import ValidationError

from alerts import metrics
from alerts.delivery import DeliveryPolicy
from alerts.routing import Delivery
from alerts.subscriptions import SubscriptionConfig
from alerts.topics import (
    DeliveryDeadLetter,
    dead_letter_for,
    delivered_table,
    delivery_key,
    delivery_topic,
    parse_alert,
)
from alerts.worker import AlertsWorker
from streams.models import utcnow
from streams.settings import Settings

log = logging.getLogger(__name__)

SendDeadLetter = Callable[[DeliveryDeadLetter], Awaitable[None]]


def register(
    app: Any,
    settings: Settings,
    subscriptions_config: SubscriptionConfig,
    *,
    policy: DeliveryPolicy | None = None,
) -> AlertsWorker:
    """Declare the routing agent, one delivery agent + table per channel type, and the
    shutdown hook on the Faust `app`. Returns the AlertsWorker (callers may ignore it)."""
    worker = AlertsWorker(settings, subscriptions_config, policy)
    cfg = worker.config
    raw = {"key_type": bytes, "value_type": bytes, "key_serializer": "raw", "value_serializer": "raw"}
    alerts_topic = app.topic(settings.topics.alerts, **raw)
    dlq_topic = app.topic(settings.topics.deliveries_dead_letter, **raw)
    dtopics = {
        t: app.topic(delivery_topic(t, cfg.delivery.topic_prefix), partitions=cfg.delivery.partitions, **raw)
        for t in cfg.channel_types()
    }

    async def send_dead_letter(dl: DeliveryDeadLetter) -> None:
        key = (dl.idempotency_key or dl.reason).encode()
        fut = await dlq_topic.send(key=key, value=dl.model_dump_json().encode())
        await fut  # wait for the broker's ack before the source message is finished

    async def route_alerts(stream: Any) -> AsyncIterator[str]:
        async for event in stream.events():
            try:
                alert = parse_alert(event.value)
            except (ValueError, ValidationError) as e:
                log.error("invalid alert on %s: %s", settings.topics.alerts, e)
                await send_dead_letter(
                    DeliveryDeadLetter(
                        reason="invalid_alert", detail=str(e)[:2000], original=_original(event.value)
                    )
                )
                continue
            futures = []
            for d in worker.route(alert):
                futures.append(
                    await dtopics[d.channel].send(
                        key=delivery_key(d).encode(), value=d.model_dump_json().encode()
                    )
                )
            for fut in futures:
                await fut
            yield alert.alert_id

    app.agent(alerts_topic, name="alerts.route")(route_alerts)

    for ctype, topic in dtopics.items():
        table = app.Table(
            delivered_table(ctype),
            default=None,
            partitions=cfg.delivery.partitions,
            key_type=str,
            help=f"Acknowledged {ctype} deliveries by idempotency key",
        )
        app.agent(topic, name=f"alerts.deliver.{ctype}", concurrency=cfg.delivery.concurrency)(
            _make_delivery_agent(worker, ctype, table, send_dead_letter)
        )

    async def _on_shutdown(sender: Any = None, **kwargs: Any) -> None:
        await worker.stop()

    app.on_before_shutdown.connect(_on_shutdown)  # a strong reference (mode's default)
    return worker


def _original(value: Any) -> str:
    """A raw message that could not be parsed, as text for the dead letter (at most 100,000 chars)."""
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return text[:100_000]


def _make_delivery_agent(
    worker: AlertsWorker, ctype: str, table: Any, send_dead_letter: SendDeadLetter
) -> Callable[[Any], AsyncIterator[str]]:
    async def deliver_agent(stream: Any) -> AsyncIterator[str]:
        async for event in stream.events():
            try:
                d = Delivery.model_validate_json(event.value)
            except ValidationError as e:
                await send_dead_letter(
                    DeliveryDeadLetter(
                        reason="invalid_delivery",
                        detail=str(e)[:2000],
                        channel=ctype,
                        original=_original(event.value),
                    )
                )
                continue
            if table.get(d.idempotency_key) is not None:
                metrics.SKIPPED_DUPLICATE.labels(ctype).inc()
                log.info("delivery %s already acknowledged; not sent again", d.idempotency_key)
                continue
            result = await worker.deliver(d)
            if isinstance(result, DeliveryDeadLetter):
                await send_dead_letter(result)
            elif result.ok:
                table[d.idempotency_key] = {"at": utcnow().isoformat(), "attempts": result.attempts}
            else:
                await send_dead_letter(dead_letter_for(d, result))
            yield d.idempotency_key

    deliver_agent.__name__ = f"deliver_{ctype}"
    return deliver_agent
