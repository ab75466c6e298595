"""Prometheus metrics of alert delivery (default registry).

Labels are bounded: ``channel`` is the channel TYPE (never a URL or subscription name),
``status`` is sent | failed | dead_lettered, ``reason`` is ``none`` for ``sent`` and one of
alerts.channels.base.FAILURE_KINDS otherwise. ``failed`` counts failed attempts (each retry
too); ``dead_lettered`` counts deliveries given up after the last attempt. Series of channel
types that are no longer configured are removed at start-up (:func:`forget_channels`).
"""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client import Counter, Histogram

NOTIFICATIONS = Counter(
    "newsalert_notifications_total",
    "Notification outcomes by channel type, status (sent, failed attempt, dead_lettered) and reason "
    "(none, or the failure kind).",
    ["channel", "status", "reason"],
)
ATTEMPT_SECONDS = Histogram(
    "newsalert_notification_attempt_duration_seconds",
    "Duration of one notification attempt (one send to the channel, successful or not).",
    ["channel"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
DELIVERY_LATENCY = Histogram(
    "newsalert_delivery_latency_seconds",
    "Seconds from the alert's emission by the pipeline to its delivery being acknowledged by the "
    "channel: queueing, every attempt and the waits between them (sent deliveries only).",
    ["channel"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600),
)
RETRIES = Counter(
    "newsalert_notification_retries_total",
    "Notification attempts after the first (retries).",
    ["channel"],
)
SKIPPED_DUPLICATE = Counter(
    "newsalert_notifications_skipped_duplicate_total",
    "Deliveries not sent because the delivered table already records them (after a restart).",
    ["channel"],
)

BY_CHANNEL = (NOTIFICATIONS, ATTEMPT_SECONDS, DELIVERY_LATENCY, RETRIES, SKIPPED_DUPLICATE)


def forget_channels(configured: Iterable[str]) -> None:
    """Remove the series of channel types not in `configured` (a config change, a test's worker)."""
    keep = set(configured)
    for metric in BY_CHANNEL:
        names = metric._labelnames  # prometheus_client has no public accessor for them
        for labels in list(metric._metrics):
            if dict(zip(names, labels, strict=True))["channel"] not in keep:
                metric.remove(*labels)
