"""Replay of delivery dead letters (``newsalert alerts replay``).

:func:`replay_dead_letters` reads the delivery dead-letter topic from the beginning to its
current end with kafka-python (no consumer group, nothing committed), filters (subscription,
channel type, since, limit) and re-produces each Delivery to its delivery topic with the same
key, so the worker delivers it again with the same idempotency key (and skips it if it was
delivered meanwhile). Deliveries of subscriptions that no longer exist are skipped; when a
subscription changed its channel type, the delivery follows it.
"""

from __future__ import annotations

import time
from datetime import datetime

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from pydantic import BaseModel, Field, ValidationError

from alerts.subscriptions import SubscriptionConfig
from alerts.topics import DeliveryDeadLetter, broker_address, delivery_key, delivery_topic
from streams.settings import Settings


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
    report = ReplayReport()
    broker = broker_address(settings)
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
    producer: KafkaProducer | None,
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
