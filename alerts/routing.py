"""Routing: which subscriptions get an alert (pure; no I/O, no clock, no globals).

    deliveries, state, reasons = route(alert, config, state, now)

For every enabled subscription, in order: filters (severity, category, country, keywords,
sources, updates), then silences, then cooldown per story, then the rate limit. Flash alerts
bypass cooldown and rate limit (not filters or silences). ``reasons`` has one line per
subscription saying why it was or was not chosen (explainability; the worker logs them).

The state (rate-limit windows and per-story cooldowns) is an immutable value: route()
returns a new one. Entries older than the longest window/cooldown are pruned as they expire.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from alerts.silences import Silence, active_silence
from alerts.subscriptions import Subscription, SubscriptionConfig
from streams.models import Alert, Severity, utcnow


class Delivery(BaseModel):
    """One alert for one subscription: the message on ``newsalert.deliveries.<channel>``."""

    subscription: str
    channel: str  # channel type (console | jsonl | kafka | webhook | slack | email)
    idempotency_key: str  # f"{story_id}:{version}:{subscription}", stable across retries
    alert: Alert
    routed_at: datetime = Field(default_factory=utcnow)

    @classmethod
    def for_alert(cls, alert: Alert, sub: Subscription, now: datetime | None = None) -> Delivery:
        return cls(
            subscription=sub.name,
            channel=sub.channel.type,
            idempotency_key=idempotency_key(alert, sub.name),
            alert=alert,
            routed_at=now or utcnow(),
        )


def idempotency_key(alert: Alert, subscription: str) -> str:
    return f"{alert.story_id}:{alert.version}:{subscription}"


class RoutingState(BaseModel):
    """Immutable routing memory. ``sent``: subscription -> send times (unix s) inside the
    rate-limit window. ``last_story``: "subscription\\x00story_id" -> last send time."""

    model_config = ConfigDict(frozen=True)

    sent: dict[str, tuple[float, ...]] = Field(default_factory=dict)
    last_story: dict[str, float] = Field(default_factory=dict)


def _is_update(alert: Alert) -> bool:
    return alert.update_reason != "new" or alert.version > 1


def filter_reason(alert: Alert, sub: Subscription) -> str | None:
    """Why `sub` does not want `alert` by its filters, or None if it does."""
    if not sub.enabled:
        return "disabled"
    if not alert.severity >= sub.min_severity:
        return f"severity {alert.severity.value} < min_severity {sub.min_severity.value}"
    if sub.categories and alert.category not in sub.categories:
        return f"category {alert.category} not in {sub.categories}"
    if sub.countries:
        country = (alert.location.country or "").upper()
        if country not in sub.countries:
            return f"country {country or '?'} not in {sub.countries}"
    if sub.keywords:
        title = alert.title.casefold()
        if not any(k in title for k in sub.keywords):
            return "no keyword in title"
    if sub.sources:
        if not {r.source for r in alert.reports} & set(sub.sources):
            return "no report from the listed sources"
    if not sub.updates and _is_update(alert):
        return f"update ({alert.update_reason}, v{alert.version}) and updates: false"
    return None


def route(
    alert: Alert,
    config: SubscriptionConfig,
    state: RoutingState,
    now: datetime,
    *,
    extra_silences: Iterable[Silence] = (),
) -> tuple[list[Delivery], RoutingState, list[str]]:
    """Decide the deliveries of one alert. Pure: same inputs, same outputs."""
    silences = [*config.silences, *extra_silences]
    t = now.timestamp()
    sent = dict(state.sent)
    last_story = dict(state.last_story)
    deliveries: list[Delivery] = []
    reasons: list[str] = []
    flash = alert.severity == Severity.flash

    for sub in config.subscriptions:
        why = filter_reason(alert, sub)
        if why is not None:
            reasons.append(f"{sub.name}: skipped: {why}")
            continue
        sil = active_silence(silences, alert, sub.name, now)
        if sil is not None:
            reasons.append(f"{sub.name}: silenced by {sil.id} until {sil.expires_at.isoformat()}")
            continue

        story_key = f"{sub.name}\x00{alert.story_id}"
        window = sub.rate_limit.window_seconds if sub.rate_limit else 0.0
        times = tuple(x for x in sent.get(sub.name, ()) if t - x < window)
        if not flash:
            last = last_story.get(story_key)
            if sub.cooldown_seconds and last is not None and t - last < sub.cooldown_seconds:
                reasons.append(
                    f"{sub.name}: skipped: cooldown ({t - last:.0f}s since the last alert "
                    f"of this story < {sub.cooldown_seconds:g}s)"
                )
                continue
            if sub.rate_limit and len(times) >= sub.rate_limit.max:
                reasons.append(
                    f"{sub.name}: skipped: rate limit ({sub.rate_limit.max} per "
                    f"{sub.rate_limit.window_seconds:g}s reached)"
                )
                continue

        deliveries.append(Delivery.for_alert(alert, sub, now))
        reasons.append(f"{sub.name}: routed to {sub.channel.type}" + (" (flash bypass)" if flash else ""))
        if sub.rate_limit:
            sent[sub.name] = (*times, t)
        if sub.cooldown_seconds:
            last_story[story_key] = t

    # prune expired cooldowns and empty windows, bounded by the longest configured horizon
    horizon = max(
        [s.cooldown_seconds for s in config.subscriptions]
        + [s.rate_limit.window_seconds for s in config.subscriptions if s.rate_limit]
        + [0.0]
    )
    last_story = {k: v for k, v in last_story.items() if t - v < horizon}
    sent = {k: v for k, v in sent.items() if v and t - v[-1] < horizon}
    return deliveries, RoutingState(sent=sent, last_story=last_story), reasons
