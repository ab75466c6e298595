"""Subscriptions: who receives which alerts, over which channel.

`load_subscriptions(path)` reads ``config/subscriptions.yaml`` and validates it at start-up.
Any problem raises :class:`streams.settings.ConfigError` with a message that names the
subscription and the field, e.g.::

    config/subscriptions.yaml: subscription 'ops-hook' (#3), channel.secret_env:
    environment variable NEWSALERT_OPS_HOOK_SECRET is not set

Secrets are never written in the YAML (see :mod:`alerts.config_base`). Message templates
(``template``, ``template_style``) are described in :mod:`alerts.templates`; silences in
:mod:`alerts.silences`.
"""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator

from alerts.config_base import StrictModel, check_http_url, env_secret, error_line
from alerts.delivery import DeliveryPolicy
from alerts.silences import Silence
from alerts.templates import check_template
from streams.models import Severity
from streams.settings import ConfigError

# --------------------------------------------------------------------------- helpers


def decode_whsec(secret: str) -> bytes:
    """The HMAC key of a Standard Webhooks secret ``whsec_<base64>``."""
    if not secret.startswith("whsec_"):
        raise ValueError("webhook secrets must look like whsec_<base64>")
    try:
        key = base64.b64decode(secret[len("whsec_") :], validate=True)
    except (binascii.Error, ValueError) as e:
        raise ValueError("webhook secret is not valid base64 after whsec_") from e
    if len(key) < 16:
        raise ValueError("webhook secret is too short (need >= 16 bytes of key)")
    return key


# --------------------------------------------------------------------------- channels


class ConsoleChannel(StrictModel):
    type: Literal["console"] = "console"
    details: bool = True  # print the indented detail lines under the headline


class JsonlChannel(StrictModel):
    type: Literal["jsonl"] = "jsonl"
    path: Path
    fsync: bool = True


class KafkaChannel(StrictModel):
    type: Literal["kafka"] = "kafka"
    topic: str = Field(min_length=1, max_length=249, pattern=r"^[A-Za-z0-9._-]+$")
    bootstrap_servers: str | None = None  # default: Settings.kafka_broker
    timeout: float = Field(10.0, gt=0)


class WebhookChannel(StrictModel):
    """Standard Webhooks POST. Secrets: ``secret_env`` (one or more env var names, each
    holding one ``whsec_...`` secret or several separated by spaces) and/or ``secrets_file``
    (a file holding whitespace-separated ``whsec_...`` secrets). Several secrets = several
    signatures (key rotation)."""

    type: Literal["webhook"] = "webhook"
    url: str
    secret_env: list[str] = Field(default_factory=list)
    secrets_file: Path | None = None
    secrets: list[SecretStr] = Field(default_factory=list, exclude=True, repr=False)
    allow_unsigned: bool = False
    allow_private: bool = False
    timeout: float = Field(10.0, gt=0, le=300)
    connect_timeout: float = Field(5.0, gt=0, le=300)
    headers: dict[str, str] = Field(default_factory=dict)  # extra non-secret headers

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        return check_http_url(v, "url")

    @field_validator("secret_env", mode="before")
    @classmethod
    def _one_or_many(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else v

    @model_validator(mode="after")
    def _resolve_secrets(self) -> WebhookChannel:
        if not self.secrets:
            found: list[SecretStr] = []
            for var in self.secret_env:
                found.extend(SecretStr(s) for s in env_secret(var).get_secret_value().split())
            if self.secrets_file is not None:
                try:
                    text = self.secrets_file.read_text(encoding="utf-8")
                except OSError as e:
                    raise ValueError(f"secrets_file {self.secrets_file}: {e.strerror}") from None
                found.extend(SecretStr(s) for s in text.split())
            self.secrets = found
        for s in self.secrets:
            decode_whsec(s.get_secret_value())
        if not self.secrets and not self.allow_unsigned:
            raise ValueError("no signing secret: set secret_env or secrets_file (or allow_unsigned: true)")
        return self


class SlackChannel(StrictModel):
    type: Literal["slack"] = "slack"
    webhook_url_env: str | None = None
    webhook_url: SecretStr | None = Field(None, exclude=True, repr=False)  # resolved from the env
    allow_private: bool = False
    timeout: float = Field(10.0, gt=0, le=300)
    connect_timeout: float = Field(5.0, gt=0, le=300)

    @model_validator(mode="after")
    def _resolve(self) -> SlackChannel:
        if self.webhook_url is None:
            if not self.webhook_url_env:
                raise ValueError("webhook_url_env is required (name of the env var holding the URL)")
            self.webhook_url = env_secret(self.webhook_url_env)
        check_http_url(self.webhook_url.get_secret_value(), "the Slack webhook URL")
        return self


class EmailChannel(StrictModel):
    type: Literal["email"] = "email"
    host: str
    port: int = Field(587, ge=1, le=65535)
    starttls: bool = True
    ssl: bool = False  # implicit TLS (port 465); exclusive with starttls
    from_: str = Field(alias="from")
    to: list[str] = Field(min_length=1)
    username_env: str | None = None
    password_env: str | None = None
    username: SecretStr | None = Field(None, exclude=True, repr=False)
    password: SecretStr | None = Field(None, exclude=True, repr=False)
    timeout: float = Field(20.0, gt=0, le=300)

    @field_validator("to", mode="before")
    @classmethod
    def _to_list(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else v

    @field_validator("to")
    @classmethod
    def _addresses(cls, v: list[str]) -> list[str]:
        for a in v:
            if not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+", a):
                raise ValueError(f"not an e-mail address: {a!r}")
        return v

    @model_validator(mode="after")
    def _resolve(self) -> EmailChannel:
        if self.ssl and self.starttls:
            raise ValueError("choose either ssl (implicit TLS) or starttls, not both")
        if self.username is None and self.username_env:
            self.username = env_secret(self.username_env)
        if self.password is None and self.password_env:
            self.password = env_secret(self.password_env)
        if (self.username is None) != (self.password is None):
            raise ValueError("give both username_env and password_env, or neither")
        return self


ChannelConfig = Annotated[
    ConsoleChannel | JsonlChannel | KafkaChannel | WebhookChannel | SlackChannel | EmailChannel,
    Field(discriminator="type"),
]
CHANNEL_TYPES = ("console", "jsonl", "kafka", "webhook", "slack", "email")

# --------------------------------------------------------------------------- subscriptions


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
    cooldown_seconds: float = Field(0, ge=0)  # per story; flash bypasses
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
    topic_prefix: str = Field("newsalert.deliveries.", pattern=r"^[A-Za-z0-9._-]+$")  # + channel type
    partitions: int = Field(4, ge=1)  # of each newsalert.deliveries.<type> topic
    concurrency: int = Field(8, ge=1, le=256)  # concurrent sends per channel type
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
