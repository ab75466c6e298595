"""Replay of delivery dead letters (``newsalert deadletters replay``) and reading the alerts topic
(``newsalert alerts tail``).

:func:`replay_dead_letters` reads the delivery dead-letter topic from the beginning to its
current end with kafka-python (no consumer group, nothing committed), filters (subscription,
channel type, since, limit) and re-produces each Delivery to its delivery topic with the same
key, so the worker delivers it again with the same idempotency key (and skips it if it was
delivered meanwhile). Deliveries of subscriptions that no longer exist are skipped; when a
subscription changed its channel type, the delivery follows it. Deliveries are re-sent in
(story, version) order, so a receiver sees v1 before v2; ``latest_only`` re-sends only the
newest version of each story per subscription. ``limit`` applies after the ordering.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from pydantic import BaseModel, Field, ValidationError

from alerts.routing import Delivery
from alerts.subscriptions import SubscriptionConfig
from alerts.topics import DeliveryDeadLetter, broker_address, delivery_key, delivery_topic, parse_alert
from streams.models import Alert
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
    story_id: str | None = None,
    kind: str | None = None,
    latest_only: bool = False,
    limit: int | None = None,
    dry_run: bool = False,
    timeout: float = 10.0,
) -> ReplayReport:
    """Re-produce dead-lettered deliveries to their delivery topics (see module docstring), in
    (story, version) order; with `latest_only`, only the newest version of each story per
    subscription (older ones are skipped as ``superseded``)."""
    report = ReplayReport()
    broker = broker_address(settings)
    filters = Filters(subscription, channel, since, story_id, kind)
    values = _read_all(broker, settings.topics.deliveries_dead_letter, timeout)
    todo: list[Delivery] = []
    for value in values:
        report.scanned += 1
        d_or_why = _candidate(value, config, filters)
        if isinstance(d_or_why, str):
            _skip(report, d_or_why)
        else:
            todo.append(d_or_why)
    todo.sort(key=lambda d: (d.alert.story_id, d.alert.version, d.subscription))
    if latest_only:
        newest: dict[tuple[str, str], int] = {}
        for d in todo:
            key = (d.alert.story_id, d.subscription)
            newest[key] = max(newest.get(key, 0), d.alert.version)
        kept = [d for d in todo if d.alert.version == newest[(d.alert.story_id, d.subscription)]]
        for _ in range(len(todo) - len(kept)):
            _skip(report, "superseded")
        todo = kept
    if limit is not None and len(todo) > limit:
        for _ in todo[limit:]:
            _skip(report, "over_limit")
        todo = todo[:limit]
    if todo and not dry_run:
        producer = KafkaProducer(bootstrap_servers=broker, acks="all")
        try:
            for d in todo:
                producer.send(
                    delivery_topic(d.channel, config.delivery.topic_prefix),
                    key=delivery_key(d).encode(),
                    value=d.model_dump_json().encode(),
                )
            producer.flush(timeout=timeout)
        finally:
            producer.close(timeout=timeout)
    report.replayed = len(todo)
    report.replayed_keys = [d.idempotency_key for d in todo]
    return report


def _skip(report: ReplayReport, why: str) -> None:
    report.skipped += 1
    report.by_reason[why] = report.by_reason.get(why, 0) + 1


def _read_all(broker: str, topic: str, timeout: float) -> list[bytes]:
    """Every value on `topic`, from its beginning to its end at the time of the call."""
    consumer = KafkaConsumer(
        bootstrap_servers=broker,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        consumer_timeout_ms=int(timeout * 1000),
        request_timeout_ms=int(max(timeout, 5) * 1000) + 1000,
    )
    values: list[bytes] = []
    try:
        parts = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in sorted(parts)]
        if not tps:
            return values
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        end = consumer.end_offsets(tps)
        remaining = {tp for tp in tps if end[tp] > consumer.position(tp)}
        deadline = time.monotonic() + max(timeout, 1) * 10
        while remaining and time.monotonic() < deadline:
            batch = consumer.poll(timeout_ms=int(timeout * 1000))
            for tp, records in batch.items():
                for rec in records:
                    if rec.offset < end[tp]:
                        values.append(rec.value)
            for tp in list(remaining):
                if consumer.position(tp) >= end[tp]:
                    remaining.discard(tp)
    finally:
        consumer.close()
    return values


@dataclass(frozen=True)
class Filters:
    subscription: str | None = None
    channel: str | None = None
    since: datetime | None = None
    story_id: str | None = None
    kind: str | None = None


def _candidate(value: bytes, config: SubscriptionConfig, f: Filters) -> Delivery | str:
    """The delivery to replay, or why not."""
    try:
        dl = DeliveryDeadLetter.model_validate_json(value)
    except ValidationError:
        return "unparseable"
    d = dl.delivery
    if d is None:
        return f"not_a_delivery:{dl.reason}"
    if (
        (f.subscription and d.subscription != f.subscription)
        or (f.channel and d.channel != f.channel)
        or (f.since and dl.failed_at < f.since)
        or (f.story_id and d.alert.story_id != f.story_id)
        or (f.kind and dl.kind != f.kind)
    ):
        return "filtered"
    sub = config.by_name(d.subscription)
    if sub is None or not sub.enabled:
        return "unknown_subscription"
    if sub.channel.type != d.channel:  # the subscription changed channel type: follow it
        d = d.model_copy(update={"channel": sub.channel.type})
    return d


def tail_alerts(settings: Settings, *, follow: bool = False, timeout: float = 2.0) -> Iterator[Alert]:
    """The alerts on the alerts topic from its beginning (no consumer group, nothing committed);
    with `follow`, keep waiting for new ones. Unparseable records are skipped."""
    consumer = KafkaConsumer(
        settings.topics.alerts,
        bootstrap_servers=broker_address(settings),
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        consumer_timeout_ms=-1 if follow else int(timeout * 1000),
    )
    try:
        for rec in consumer:
            try:
                yield parse_alert(rec.value)
            except (ValueError, ValidationError):
                continue
    finally:
        consumer.close()
