"""What alert delivery reads and writes on Kafka (pure: names, keys and record formats).

* alerts: ``settings.topics.alerts``, value = Alert JSON (:func:`parse_alert`), key = story_id;
* deliveries: ``<delivery.topic_prefix><channel type>`` (:func:`delivery_topic`), value =
  Delivery JSON, key ``"<subscription>:<story_id>"`` (:func:`delivery_key`: per-story order
  per subscription is kept);
* dead letters: ``settings.topics.deliveries_dead_letter``, value = :class:`DeliveryDeadLetter`.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from alerts.delivery import DeliveryOutcome
from alerts.routing import Delivery
from alerts.subscriptions import SubscriptionConfig
from streams.models import Alert, utcnow
from streams.settings import Settings
from streams.topics import CHANGELOG_CONFIG, changelog_topic


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


def delivery_topic(channel_type: str, prefix: str) -> str:
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


def delivered_table(channel_type: str) -> str:
    """The name of the table of a channel type's acknowledged deliveries."""
    return f"delivered_{channel_type}"


def delivery_table_topics(
    settings: Settings, config: SubscriptionConfig
) -> list[tuple[str, int, dict[str, str]]]:
    """The changelog topics of the delivery tables, made before a worker starts (as
    streams.topics.stream_table_topics)."""
    return [
        (changelog_topic(settings, delivered_table(t)), config.delivery.partitions, CHANGELOG_CONFIG)
        for t in config.channel_types()
    ]


def broker_address(settings: Settings) -> str:
    """``settings.kafka_broker`` for kafka clients (without Faust's ``kafka://``)."""
    return settings.kafka_broker.removeprefix("kafka://")


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
