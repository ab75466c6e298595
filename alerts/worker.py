"""Faust wiring of alert delivery, and the operations behind the CLI.

Call ``register(app, settings, subscriptions_config)`` once, before the app starts.

Data flow and choices (made without asking; change them here if needed):

* **Routing agent** ``alerts.route`` on ``settings.topics.alerts`` (value = Alert JSON,
  key = story_id). For each alert it calls the pure ``alerts.routing.route()`` and produces
  each Delivery (JSON) to ``newsalert.deliveries.<channel type>`` with key
  ``"<subscription>:<story_id>"`` (per-story order per subscription is kept). It waits for the
  broker to acknowledge those writes before it moves on, so the alert's offset is committed
  only after its deliveries are durably queued. Unparseable alerts are written to
  ``settings.topics.deliveries_dead_letter`` with reason ``invalid_alert``.
  The rate-limit/cooldown memory of routing is held in memory: a restart forgets it (at
  worst a few extra deliveries after a restart; flash alerts bypass both anyway).
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
* **Replay** (``replay_dead_letters``): reads the delivery dead-letter topic from the
  beginning to its current end with kafka-python (no consumer group, nothing committed),
  filters (subscription, channel type, since, limit) and re-produces each Delivery to its
  delivery topic with the same key, so the worker delivers it again with the same
  idempotency key (and skips it if it was delivered meanwhile). Deliveries of subscriptions
  that no longer exist are skipped.
* ``settings.alerts_jsonl``, when set, replaces the path of every jsonl subscription whose
  path is the default ``out/alerts.jsonl``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from alerts import metrics
from alerts.channels.base import Channel, build_channel
from alerts.channels.jsonl import JsonlConfig
from alerts.delivery import DeliveryOutcome, DeliveryPolicy, deliver
from alerts.routing import Delivery, RoutingState, route
from alerts.silences import SilencesFile, silences_path
from alerts.subscriptions import SubscriptionConfig
from streams.models import Alert, utcnow
from streams.settings import Settings

log = logging.getLogger(__name__)

DELIVERY_TOPIC_PREFIX = "newsalert.deliveries."
DEFAULT_JSONL = Path("out/alerts.jsonl")


class DeliveryDeadLetter(BaseModel):
    """A delivery given up: the message on ``settings.topics.deliveries_dead_letter``."""

    reason: str  # "delivery_failed" | "invalid_alert" | "invalid_delivery" | "unknown_subscription"
    detail: str
    kind: str | None = None  # bounded failure kind (timeout, http_4xx, ...)
    attempts: int = 0
    subscription: str | None = None
    channel: str | None = None
    idempotency_key: str | None = None
    delivery: Delivery | None = None
    original: str | None = None  # raw message when it could not be parsed
    failed_at: datetime = Field(default_factory=utcnow)


# --------------------------------------------------------------------------- names


def delivery_topic(channel_type: str, prefix: str = DELIVERY_TOPIC_PREFIX) -> str:
    return f"{prefix}{channel_type}"


def delivery_key(d: Delivery) -> str:
    return f"{d.subscription}:{d.alert.story_id}"


def delivery_topics(settings: Settings, config: SubscriptionConfig) -> list[tuple[str, int]]:
    """Topics the lead must create: (name, partitions), incl. the delivery dead-letter topic."""
    topics = [
        (delivery_topic(t, config.delivery.topic_prefix), config.delivery.partitions)
        for t in config.channel_types()
    ]
    topics.append((settings.topics.deliveries_dead_letter, 1))
    return topics


def _broker(settings: Settings) -> str:
    return settings.kafka_broker.removeprefix("kafka://")


def apply_settings(config: SubscriptionConfig, settings: Settings) -> SubscriptionConfig:
    """settings.alerts_jsonl overrides the default jsonl path (returns a new config)."""
    if settings.alerts_jsonl is None:
        return config
    config = config.model_copy(deep=True)
    for sub in config.subscriptions:
        if isinstance(sub.channel, JsonlConfig) and sub.channel.path == DEFAULT_JSONL:
            sub.channel.path = Path(settings.alerts_jsonl)
    return config


def parse_alert(raw: bytes | str | Any) -> Alert:
    """Alert from the topic value (JSON bytes; tolerates a JSON string holding the JSON)."""
    if isinstance(raw, bytes | bytearray):
        raw = raw.decode("utf-8")
    if isinstance(raw, str):
        data = json.loads(raw)
        if isinstance(data, str):
            data = json.loads(data)
    else:
        data = raw
    return Alert.model_validate(data)


# --------------------------------------------------------------------------- runtime


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
        opts = {"bootstrap_servers": _broker(settings)} | (channel_options or {})
        for sub in self.config.subscriptions:
            if sub.enabled:
                self.channels[sub.name] = build_channel(sub, **opts)
        self.silences_file = SilencesFile(silences_path(settings))

    # routing --------------------------------------------------------------
    def route(self, alert: Alert) -> list[Delivery]:
        deliveries, self.state, reasons = route(
            alert, self.config, self.state, utcnow(), extra_silences=self.silences_file.current()
        )
        for r in reasons:
            log.info("alert %s v%d: %s", alert.story_id, alert.version, r)
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


def dead_letter_for(d: Delivery, outcome: DeliveryOutcome) -> DeliveryDeadLetter:
    return DeliveryDeadLetter(
        reason="delivery_failed",
        detail=outcome.reason or "",
        kind=outcome.kind,
        attempts=outcome.attempts,
        subscription=d.subscription,
        channel=d.channel,
        idempotency_key=d.idempotency_key,
        delivery=d,
    )


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

    async def route_alerts(stream: Any) -> Any:
        async for event in stream.events():
            try:
                alert = parse_alert(event.value)
            except (ValueError, ValidationError) as e:
                value = event.value
                original = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
                log.error("invalid alert on %s: %s", settings.topics.alerts, e)
                await send_dead_letter(
                    DeliveryDeadLetter(
                        reason="invalid_alert", detail=str(e)[:2000], original=original[:100_000]
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
            f"delivered_{ctype}",
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

    app.on_before_shutdown.connect(_on_shutdown)
    worker._shutdown_hook = _on_shutdown  # keep a strong reference (signals may hold weak ones)
    app.alerts_worker = worker  # type: ignore[attr-defined]
    return worker


def _make_delivery_agent(worker: AlertsWorker, ctype: str, table: Any, send_dead_letter: Any) -> Any:
    async def deliver_agent(stream: Any) -> Any:
        async for event in stream.events():
            try:
                d = Delivery.model_validate_json(event.value)
            except ValidationError as e:
                value = event.value
                original = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
                await send_dead_letter(
                    DeliveryDeadLetter(
                        reason="invalid_delivery",
                        detail=str(e)[:2000],
                        channel=ctype,
                        original=original[:100_000],
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


# --------------------------------------------------------------------------- replay


class ReplayReport(BaseModel):
    scanned: int = 0
    replayed: int = 0
    skipped: int = 0
    by_reason: dict[str, int] = Field(default_factory=dict)
    replayed_keys: list[str] = Field(default_factory=list)


def replay_dead_letters(
    settings: Settings,
    config: SubscriptionConfig,
    *,
    subscription: str | None = None,
    channel: str | None = None,
    since: datetime | None = None,
    limit: int | None = None,
    dry_run: bool = False,
    timeout: float = 10.0,
) -> ReplayReport:
    """Re-produce dead-lettered deliveries to their delivery topics (see module docstring)."""
    from kafka import KafkaConsumer, KafkaProducer, TopicPartition

    report = ReplayReport()
    broker = _broker(settings)
    topic = settings.topics.deliveries_dead_letter
    consumer = KafkaConsumer(
        bootstrap_servers=broker,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        consumer_timeout_ms=int(timeout * 1000),
        request_timeout_ms=int(max(timeout, 5) * 1000) + 1000,
    )
    producer = None if dry_run else KafkaProducer(bootstrap_servers=broker, acks="all")
    try:
        parts = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in sorted(parts)]
        if not tps:
            return report
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        end = consumer.end_offsets(tps)
        remaining = {tp for tp in tps if end[tp] > consumer.position(tp)}
        deadline = time.monotonic() + max(timeout, 1) * 10
        while remaining and time.monotonic() < deadline:
            batch = consumer.poll(timeout_ms=int(timeout * 1000))
            for tp, records in batch.items():
                for rec in records:
                    if rec.offset >= end[tp]:
                        remaining.discard(tp)
                        continue
                    if rec.offset >= end[tp] - 1:
                        remaining.discard(tp)
                    report.scanned += 1
                    why = _replay_one(rec.value, config, subscription, channel, since, producer, report)
                    if why:
                        report.skipped += 1
                        report.by_reason[why] = report.by_reason.get(why, 0) + 1
                    if limit is not None and report.replayed >= limit:
                        remaining.clear()
                        break
            for tp in list(remaining):
                if consumer.position(tp) >= end[tp]:
                    remaining.discard(tp)
        if producer is not None:
            producer.flush(timeout=timeout)
    finally:
        consumer.close()
        if producer is not None:
            producer.close(timeout=timeout)
    return report


def _replay_one(
    value: bytes,
    config: SubscriptionConfig,
    subscription: str | None,
    channel: str | None,
    since: datetime | None,
    producer: Any,
    report: ReplayReport,
) -> str | None:
    try:
        dl = DeliveryDeadLetter.model_validate_json(value)
    except ValidationError:
        return "unparseable"
    d = dl.delivery
    if d is None:
        return f"not_a_delivery:{dl.reason}"
    if subscription and d.subscription != subscription:
        return "filtered"
    if channel and d.channel != channel:
        return "filtered"
    if since and dl.failed_at < since:
        return "filtered"
    sub = config.by_name(d.subscription)
    if sub is None or not sub.enabled:
        return "unknown_subscription"
    if sub.channel.type != d.channel:  # the subscription changed channel type: follow it
        d = d.model_copy(update={"channel": sub.channel.type})
    if producer is not None:
        producer.send(
            delivery_topic(d.channel, config.delivery.topic_prefix),
            key=delivery_key(d).encode(),
            value=d.model_dump_json().encode(),
        )
    report.replayed += 1
    report.replayed_keys.append(d.idempotency_key)
    return None
