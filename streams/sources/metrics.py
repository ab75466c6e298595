"""Prometheus metrics of the sources: per-feed health of the poller, and the ingest endpoint.

`feed` is a name from config/feeds.yaml (a bounded set the operator writes); `kind` is one of
streams.sources.fetch.ERROR_KINDS; `result` and `reason` are fixed sets.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

from streams.sources.language import LANGUAGES

FEED_POLLS = Counter(
    "newsalert_feed_polls_total", "Feed fetches, by outcome (ok, not_modified, error)", ["feed", "result"]
)
FEED_ITEMS = Counter("newsalert_feed_items_total", "New feed items produced to the raw topic", ["feed"])
FEED_ITEMS_SKIPPED = Counter(
    "newsalert_feed_items_skipped_total", "Feed items that could not become an article", ["feed"]
)
FEED_ITEMS_UNDATED = Counter(
    "newsalert_feed_items_undated_total",
    "New feed items without a usable date (published_at set to the fetch time, date_estimated: true)",
    ["feed"],
)
FEED_ERRORS = Counter("newsalert_feed_errors_total", "Feed polls that failed, by kind", ["feed", "kind"])
FEED_LAST_SUCCESS = Gauge(
    "newsalert_feed_last_success_timestamp_seconds", "Unix time of the feed's last good poll", ["feed"]
)
FEED_HTTP_STATUS = Gauge("newsalert_feed_http_status", "HTTP status of the feed's last answer", ["feed"])
FEED_LAG = Gauge(
    "newsalert_feed_lag_seconds",
    "Seconds from the newest new item's published_at to its production (last poll with new dated items)",
    ["feed"],
)
FEED_FAILURES = Gauge("newsalert_feed_consecutive_failures", "Failed polls in a row (backoff)", ["feed"])
FEED_FETCH_SECONDS = Histogram(
    "newsalert_feed_fetch_seconds",
    "Duration of one feed fetch",
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0),
)
ARTICLES_BY_LANGUAGE = Counter(
    "newsalert_source_articles_language_total",
    "Articles produced by the poller and the endpoint, by language (a detectable one, other, unknown)",
    ["language"],
)
INGEST_REQUESTS = Counter(
    "newsalert_ingest_requests_total", "Requests to POST /v1/articles, by HTTP status", ["status"]
)
INGEST_ITEMS = Counter(
    "newsalert_ingest_items_total",
    "Items posted to /v1/articles: accepted, or rejected with the validation reason",
    ["result", "reason"],
)


def count_language(language: str | None) -> None:
    """Count one article's language: a code the detector knows, 'other' or 'unknown'."""
    label = "unknown" if not language else language if language in LANGUAGES else "other"
    ARTICLES_BY_LANGUAGE.labels(label).inc()
