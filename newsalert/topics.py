"""Every topic of the project: the pipeline's (streams.topics) and the delivery topics of the
configured channels (alerts)."""

from __future__ import annotations

from alerts.subscriptions import SubscriptionConfig, load_subscriptions
from alerts.topics import delivery_table_topics, delivery_topics
from streams.settings import ConfigError, Settings
from streams.topics import GroupLag, ensure_topics, stream_table_topics, stream_topics


def subscriptions_for(settings: Settings) -> SubscriptionConfig:
    """The configured subscriptions; in a namespace, its delivery topics carry its name too."""
    config = load_subscriptions(settings.subscriptions_file)
    if settings.namespace:
        prefix = f"{settings.namespace}.{config.delivery.topic_prefix}"
        config = config.model_copy(
            update={"delivery": config.delivery.model_copy(update={"topic_prefix": prefix})}
        )
    return config


def project_topics(settings: Settings) -> list[tuple[str, int, dict[str, str]]]:
    """(name, partitions, configs) of every topic the app reads or writes, its tables' changelogs
    included."""
    out = stream_topics(settings) + stream_table_topics(settings)
    try:
        cfg = subscriptions_for(settings)
    except (FileNotFoundError, ConfigError):
        return out  # the worker reports the subscriptions error at start-up; the core topics still exist
    out.extend((name, parts, {}) for name, parts in delivery_topics(settings, cfg))
    out.extend(delivery_table_topics(settings, cfg))
    return out


def consumed_topics(settings: Settings) -> list[tuple[str, int]]:
    """(name, partitions) of the topics the app's consumer group reads (dead letters are only written)."""
    t = settings.topics
    skip = {t.dead_letter, t.deliveries_dead_letter}
    return [(n, k) for n, k, _ in project_topics(settings) if n not in skip and not n.endswith("-changelog")]


def ensure_project_topics(settings: Settings, extra: list[tuple[str, int]] | None = None) -> list[str]:
    """Create the project's missing topics (and `extra` ones); return the names created."""
    return ensure_topics(settings, project_topics(settings) + [(n, k, {}) for n, k in (extra or [])])


def group_lag(settings: Settings) -> GroupLag:
    """The consumer group's lag over the topics the app consumes."""
    return GroupLag(settings, consumed_topics(settings))
