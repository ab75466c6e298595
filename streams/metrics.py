"""Prometheus metrics of the pipeline (delivery metrics live in alerts/metrics.py).

Names follow Prometheus conventions: `newsalert_` prefix, `_total` counters,
`_seconds` base units, and labels with a bounded set of values only
(reason, category, severity, channel, status, stage, topic, partition); no label has a
constant value.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram, start_http_server

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)

ARTICLES_CONSUMED = Counter("newsalert_articles_consumed_total", "Raw messages consumed from the raw topic")
ARTICLES_INVALID = Counter(
    "newsalert_articles_invalid_total", "Raw messages sent to the dead-letter topic, by reason", ["reason"]
)
ARTICLES_CLASSIFIED = Counter(
    "newsalert_articles_classified_total",
    "Articles classified, by category and severity",
    ["category", "severity"],
)
ARTICLES_UNSUPPORTED_LANGUAGE = Counter(
    "newsalert_articles_unsupported_language_total",
    "Articles in a language no rule pack covers (category null, reason unsupported_language), by language",
    ["language"],
)
DUPLICATES_SUPPRESSED = Counter(
    "newsalert_duplicates_suppressed_total",
    "Reports that joined an existing story without a material change (no alert sent)",
)
STORY_DECISIONS = Counter(
    "newsalert_story_decisions_total", "Dedup decisions, by how the report matched", ["match"]
)
ALERTS_EMITTED = Counter(
    "newsalert_alerts_emitted_total",
    "Alerts and alert updates written to the alerts topic, by status (sent, failed) and severity",
    ["status", "severity"],
)
ALERT_LATENCY = Histogram(
    "newsalert_alert_latency_seconds",
    "Seconds from an article's ingested_at to the alert it caused being emitted",
    buckets=LATENCY_BUCKETS,
)
STAGE_SECONDS = Histogram(
    "newsalert_stage_seconds",
    "Processing time per message and stage (validate+classify, dedup)",
    ["stage"],
    buckets=(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5),
)
STORIES_IN_STATE = Gauge("newsalert_stories_in_state", "Stories held in the dedup state of this worker")
CONSUMER_LAG = Gauge(
    "newsalert_consumer_lag",
    "Messages of the partitions this worker owns not yet committed (end offset minus committed "
    "offset); summed over the workers it is the group's lag",
    ["topic", "partition"],
)

ALERTS_NOT_REPEATED = Counter(
    "newsalert_alerts_not_repeated_total",
    "Alert versions found on the alerts topic already (written before a crash) and not written again",
)
ID_CONFLICTS = Counter(
    "newsalert_id_conflicts_total",
    "Articles whose id a story holds with other content (dead-lettered as id_conflict)",
)
BROKER_UP = Gauge("newsalert_broker_up", "1 while this worker reaches the Kafka broker, 0 while it does not")
BROKER_OUTAGES = Counter("newsalert_broker_outages_total", "Times this worker lost the Kafka broker")


STORIES_OPENED = Counter("newsalert_stories_opened_total", "Stories opened by the story stage")
STORY_ALERT_VERSIONS = Histogram(
    "newsalert_story_alert_versions",
    "Version of each alert emitted (1 = a story's first alert): how many alerts stories give",
    buckets=(1, 2, 3, 5, 8, 13, 21),
)
STORIES_PENDING = Gauge(
    "newsalert_stories_pending", "Stories held back: no place, no country, no burst yet (docs/stories.md)"
)
REPORTS_HELD_BACK = Counter(
    "newsalert_reports_held_back_total", "Reports that went into a pending story (no alert yet)"
)
STORY_MERGES = Counter(
    "newsalert_story_merges_total",
    "Late merges: stories found to be one event with another and merged into it",
)


def observe_story(opened: bool, pending: bool, alert_version: int | None, pending_stories: int) -> None:
    """The story stage's outcome for one report: a story opened, held back, an alert version."""
    if opened:
        STORIES_OPENED.inc()
    if pending:
        REPORTS_HELD_BACK.inc()
    if alert_version is not None:
        STORY_ALERT_VERSIONS.observe(alert_version)
    STORIES_PENDING.set(pending_stories)


def serve(port: int, host: str = "127.0.0.1") -> None:
    """Expose /metrics on `host`:`port` (0 = do not serve); OSError if the port is taken."""
    if port:
        start_http_server(port, addr=host)
