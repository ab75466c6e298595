"""Subscriptions: who receives which alerts, over which channel.

`load_subscriptions(path)` reads ``config/subscriptions.yaml`` and validates it at start-up.
Any problem raises :class:`streams.settings.ConfigError` with a message that names the
subscription and the field, e.g.::

    config/subscriptions.yaml: subscription 'ops-hook' (#3), channel.secret_env:
    environment variable NEWSALERT_OPS_HOOK_SECRET is not set

Secrets (webhook signing secrets, the Slack webhook URL, SMTP credentials) are never written
in the YAML: the YAML names environment variables (``*_env``) or a secrets file, and the
resolved values are kept as :class:`pydantic.SecretStr` (masked in repr/str/logs, excluded
from ``model_dump``).

Message templates (``template``, ``template_style``): fields and syntax in :mod:`alerts.templates`.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import uuid
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from alerts.delivery import DeliveryPolicy
from alerts.templates import check_template
from streams.models import Severity
from streams.settings import ConfigError

# --------------------------------------------------------------------------- helpers


def _env_secret(var: str) -> SecretStr:
    value = os.environ.get(var)
    if value is None or not value.strip():
        raise ValueError(f"environment variable {var} is not set")
    return SecretStr(value.strip())


def _check_http_url(url: str, what: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{what} must be an http(s) URL with a host")
    return url


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


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# --------------------------------------------------------------------------- channels


class ConsoleChannel(_Strict):
    type: Literal["console"] = "console"
    details: bool = True  # print the indented detail lines under the headline


class JsonlChannel(_Strict):
    type: Literal["jsonl"] = "jsonl"
    path: Path
    fsync: bool = True


class KafkaChannel(_Strict):
    type: Literal["kafka"] = "kafka"
    topic: str = Field(min_length=1, max_length=249, pattern=r"^[A-Za-z0-9._-]+$")
    bootstrap_servers: str | None = None  # default: Settings.kafka_broker
    timeout: float = Field(10.0, gt=0)


class WebhookChannel(_Strict):
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
        return _check_http_url(v, "url")

    @field_validator("secret_env", mode="before")
    @classmethod
    def _one_or_many(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else v

    @model_validator(mode="after")
    def _resolve_secrets(self) -> WebhookChannel:
        if not self.secrets:
            found: list[SecretStr] = []
            for var in self.secret_env:
                found.extend(SecretStr(s) for s in _env_secret(var).get_secret_value().split())
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


class SlackChannel(_Strict):
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
            self.webhook_url = _env_secret(self.webhook_url_env)
        _check_http_url(self.webhook_url.get_secret_value(), "the Slack webhook URL")
        return self


class EmailChannel(_Strict):
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
            self.username = _env_secret(self.username_env)
        if self.password is None and self.password_env:
            self.password = _env_secret(self.password_env)
        if (self.username is None) != (self.password is None):
            raise ValueError("give both username_env and password_env, or neither")
        return self


ChannelConfig = Annotated[
    ConsoleChannel | JsonlChannel | KafkaChannel | WebhookChannel | SlackChannel | EmailChannel,
    Field(discriminator="type"),
]
CHANNEL_TYPES = ("console", "jsonl", "kafka", "webhook", "slack", "email")

# --------------------------------------------------------------------------- subscriptions


class RateLimit(_Strict):
    max: int = Field(ge=1)
    window_seconds: float = Field(gt=0)


class Subscription(_Strict):
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


class SilenceMatcher(_Strict):
    """All the given fields must match (AND); at least one is required."""

    category: str | None = None
    country: str | None = None
    keyword: str | None = None  # case-insensitive substring of the title
    story_id: str | None = None
    subscription: str | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> SilenceMatcher:
        if not any(v is not None for v in self.model_dump().values()):
            raise ValueError("a silence needs at least one matcher field")
        if self.country:
            self.country = self.country.upper()
        return self


class Silence(_Strict):
    id: str = Field(default_factory=lambda: "s-" + uuid.uuid4().hex[:10])
    matcher: SilenceMatcher
    expires_at: AwareDatetime
    created_at: AwareDatetime | None = None
    comment: str = ""

    def active(self, now: datetime) -> bool:
        return now < self.expires_at


class DeliveryConfig(_Strict):
    topic_prefix: str = Field("newsalert.deliveries.", pattern=r"^[A-Za-z0-9._-]+$")  # + channel type
    partitions: int = Field(4, ge=1)  # of each newsalert.deliveries.<type> topic
    concurrency: int = Field(8, ge=1, le=256)  # concurrent sends per channel type
    retry: DeliveryPolicy = Field(default_factory=DeliveryPolicy)


class SubscriptionConfig(_Strict):
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
        field = ".".join(str(p) for p in loc) or "(whole entry)"
        msg = e["msg"].removeprefix("Value error, ")
        lines.append(f"{where + ', ' if where else ''}{field}: {msg}")
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


# --------------------------------------------------------------------------- silences file


def load_silences_file(path: str | Path) -> list[Silence]:
    """Silences managed by the CLI (``newsalert silence add|list|expire``); [] if absent."""
    path = Path(path)
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        raise ConfigError(f"{path}: not valid YAML: {e}") from None
    items = data.get("silences", []) if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ConfigError(f"{path}: expected 'silences: [...]'")
    out = []
    for i, item in enumerate(items):
        try:
            out.append(Silence.model_validate(item))
        except ValidationError as e:
            raise ConfigError(f"{path}: silence #{i + 1}: {_describe(e, {})}") from None
    return out


def save_silences_file(path: str | Path, silences: list[Silence]) -> None:
    """Atomically rewrite the silences file (write to a temp file, then rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"silences": [s.model_dump(mode="json", exclude_none=True) for s in silences]}
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(
        "# Managed by `newsalert silence add|list|expire`; hand edits are fine.\n"
        + yaml.safe_dump(data, sort_keys=False),
        encoding="utf-8",
    )
    os.replace(tmp, path)
