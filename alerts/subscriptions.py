"""Subscriptions: who receives which alerts, over which channel.

`load_subscriptions(path)` reads ``config/subscriptions.yaml`` and validates it at start-up.
Any problem raises :class:`streams.settings.ConfigError` with a message that names the
subscription and the field, e.g.::

    config/subscriptions.yaml: subscription 'ops-hook' (#3), channel.secret_env:
    environment variable NEWSALERT_OPS_HOOK_SECRET is not set

The ``channel:`` of a subscription is the config model of its channel type, defined next to
the channel (``alerts/channels/<type>.py``). Secrets are never written in the YAML (see
:mod:`alerts.config_base`). Message templates (``template``, ``template_style``) are
described in :mod:`alerts.templates`; silences in :mod:`alerts.silences`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, ValidationError, field_validator, model_validator

from alerts.channels.configs import CHANNEL_TYPES, ChannelConfig
from alerts.channels.jsonl import JsonlConfig
from alerts.config_base import StrictModel, error_line
from alerts.delivery import DeliveryPolicy
from alerts.silences import Silence
from alerts.templates import check_template
from streams.models import Severity
from streams.settings import ConfigError, Settings

DEFAULT_JSONL = Path("out/alerts.jsonl")


class RateLimit(StrictModel):
    max: int = Field(ge=1)
    window_seconds: float = Field(gt=0)


class Subscription(StrictModel):
    name: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    channel: ChannelConfig
    enabled: bool = True
    categories: list[str] = Field(default_factory=list)  # empty = all
    min_severity: Severity = Severity.alert
    countries: list[str] = Field(default_factory=list)  # ISO 3166-1 alpha-2; empty = all
    keywords: list[str] = Field(default_factory=list)  # any-of, case-insensitive, in the title
    sources: list[str] = Field(default_factory=list)  # any report from one of these; empty = all
    updates: bool = True  # receive story updates (versions after the first)
    rate_limit: RateLimit | None = None  # flash bypasses
    cooldown_seconds: float = Field(default=0, ge=0)  # per story; flash bypasses
    template: str | None = None
    template_style: Literal["format", "dollar"] = "format"

    @field_validator("countries")
    @classmethod
    def _iso2(cls, v: list[str]) -> list[str]:
        out = []
        for c in v:
            if not re.fullmatch(r"[A-Za-z]{2}", c):
                raise ValueError(f"{c!r} is not an ISO 3166-1 alpha-2 country code")
            out.append(c.upper())
        return out

    @field_validator("keywords")
    @classmethod
    def _kw(cls, v: list[str]) -> list[str]:
        if any(not k.strip() for k in v):
            raise ValueError("empty keyword")
        return [k.strip().casefold() for k in v]

    @model_validator(mode="after")
    def _template_ok(self) -> Subscription:
        if self.template is not None:
            check_template(self.template, self.template_style)
        return self


class DeliveryConfig(StrictModel):
    topic_prefix: str = Field(default="newsalert.deliveries.", pattern=r"^[A-Za-z0-9._-]+$")  # + type
    partitions: int = Field(default=4, ge=1)  # of each newsalert.deliveries.<type> topic
    concurrency: int = Field(default=8, ge=1, le=256)  # concurrent sends per channel type
    retry: DeliveryPolicy = Field(default_factory=DeliveryPolicy)


class SubscriptionConfig(StrictModel):
    subscriptions: list[Subscription] = Field(default_factory=list)
    silences: list[Silence] = Field(default_factory=list)
    delivery: DeliveryConfig = Field(default_factory=DeliveryConfig)

    @model_validator(mode="after")
    def _unique(self) -> SubscriptionConfig:
        seen: set[str] = set()
        for s in self.subscriptions:
            if s.name in seen:
                raise ValueError(f"duplicate subscription name {s.name!r}")
            seen.add(s.name)
        return self

    def by_name(self, name: str) -> Subscription | None:
        for s in self.subscriptions:
            if s.name == name:
                return s
        return None

    def channel_types(self) -> list[str]:
        return sorted({s.channel.type for s in self.subscriptions if s.enabled})


# --------------------------------------------------------------------------- loading


def _describe(err: ValidationError, raw: Any) -> str:
    lines = []
    for e in err.errors():
        loc = list(e["loc"])
        where = ""
        if len(loc) >= 2 and loc[0] == "subscriptions" and isinstance(loc[1], int):
            idx = loc[1]
            name = None
            try:
                name = raw["subscriptions"][idx].get("name")
            except (KeyError, IndexError, TypeError, AttributeError):
                pass
            where = f"subscription {name!r} (#{idx + 1})" if name else f"subscription #{idx + 1}"
            loc = loc[2:]
            # drop the discriminator tag pydantic inserts (channel.webhook.url -> channel.url)
            if len(loc) >= 2 and loc[0] == "channel" and loc[1] in CHANNEL_TYPES:
                loc = [loc[0], *loc[2:]]
        elif len(loc) >= 2 and loc[0] == "silences" and isinstance(loc[1], int):
            where = f"silence #{loc[1] + 1}"
            loc = loc[2:]
        lines.append(error_line(loc, e["msg"], where))
    return "; ".join(lines)


def parse_subscriptions(data: Any, source: str = "subscriptions") -> SubscriptionConfig:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping at the top level")
    try:
        return SubscriptionConfig.model_validate(data)
    except ValidationError as e:
        raise ConfigError(f"{source}: {_describe(e, data)}") from None


def load_subscriptions(path: str | Path) -> SubscriptionConfig:
    """Read and validate a subscriptions YAML file; raises ConfigError on any problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise ConfigError(f"{path}: not valid YAML: {e}") from None
    return parse_subscriptions(data, str(path))


def apply_settings(config: SubscriptionConfig, settings: Settings) -> SubscriptionConfig:
    """settings.alerts_jsonl overrides the default jsonl path (returns a new config)."""
    if settings.alerts_jsonl is None:
        return config
    config = config.model_copy(deep=True)
    for sub in config.subscriptions:
        if isinstance(sub.channel, JsonlConfig) and sub.channel.path == DEFAULT_JSONL:
            sub.channel.path = Path(settings.alerts_jsonl)
    return config
