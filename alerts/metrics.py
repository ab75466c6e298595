"""Prometheus metrics of alert delivery (default registry).

Labels are bounded: ``channel`` is the channel TYPE (never a URL or subscription name),
``status`` is sent | failed | dead_lettered, ``reason`` is one of
alerts.channels.base.FAILURE_KINDS. ``failed`` counts failed attempts (each retry too);
``dead_lettered`` counts deliveries given up after the last attempt.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

NOTIFICATIONS = Counter(
    "newsalert_notifications_total",
    "Notification attempts by channel type and outcome (sent, failed attempt, dead_lettered).",
    ["channel", "status"],
)
FAILED = Counter(
    "newsalert_notifications_failed_total",
    "Failed notification attempts by channel type and bounded reason.",
    ["channel", "reason"],
)
LATENCY = Histogram(
    "newsalert_notification_latency_seconds",
    "Duration of one notification attempt (seconds).",
    ["channel"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
RETRIES = Counter(
    "newsalert_notification_retries_total",
    "Notification attempts after the first (retries).",
    ["channel"],
)
DEAD_LETTERED = Counter(
    "newsalert_notifications_dead_lettered_total",
    "Deliveries given up and sent to the delivery dead-letter topic.",
    ["channel"],
)
SKIPPED_DUPLICATE = Counter(
    "newsalert_notifications_skipped_duplicate_total",
    "Deliveries not sent because the delivered table already records them (after a restart).",
    ["channel"],
)
