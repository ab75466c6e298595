"""Webhook channel: a JSON POST signed per the Standard Webhooks spec.

Headers: ``webhook-id`` (the delivery's idempotency key, the same on every retry),
``webhook-timestamp`` (unix seconds of this attempt) and ``webhook-signature``:
``v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")>``, one per configured secret,
space-separated (key rotation). A secret is ``whsec_<base64 key>``.

Body: ``{"type": "alert.created" | "alert.updated", "timestamp": ..., "data": {...alert,
"subscription": ..., "message": ...}}``.

Config (:class:`WebhookConfig`): secrets come from ``secret_env`` (one or more env var names,
each holding one ``whsec_...`` secret or several separated by spaces) and/or ``secrets_file``
(a file holding whitespace-separated ``whsec_...`` secrets); several secrets = several
signatures (key rotation). Without a secret the config is refused unless ``allow_unsigned``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, field_validator, model_validator

from alerts.channels._http import HttpChannel, check_literal_target, post
from alerts.channels.base import register_channel
from alerts.config_base import StrictModel, check_http_url, env_secret
from alerts.formatting import message_text


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


class WebhookConfig(StrictModel):
    """A webhook subscription's ``channel:`` (see the module docstring for the secrets)."""

    type: Literal["webhook"] = "webhook"
    url: str
    secret_env: list[str] = Field(default_factory=list)
    secrets_file: Path | None = None
    secrets: list[SecretStr] = Field(default_factory=list, exclude=True, repr=False)
    allow_unsigned: bool = False
    allow_private: bool = False
    timeout: float = Field(default=10.0, gt=0, le=300)
    connect_timeout: float = Field(default=5.0, gt=0, le=300)
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
    def _resolve_secrets(self) -> WebhookConfig:
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


def sign(secrets: list[str], msg_id: str, timestamp: int, body: bytes) -> str:
    to_sign = f"{msg_id}.{timestamp}.".encode() + body
    return " ".join(
        "v1," + base64.b64encode(hmac.new(decode_whsec(s), to_sign, hashlib.sha256).digest()).decode()
        for s in secrets
    )


def verify(
    secret: str, headers: Mapping[str, str], body: bytes, *, tolerance: float = 300, now: float | None = None
) -> bool:
    """Receiver side: True if any v1 signature in the headers matches `secret` and the
    timestamp is within `tolerance` seconds."""
    msg_id = headers.get("webhook-id")
    ts = headers.get("webhook-timestamp")
    sigs = headers.get("webhook-signature", "")
    if not msg_id or not ts or not ts.isdigit():
        return False
    if abs((now if now is not None else time.time()) - int(ts)) > tolerance:
        return False
    expected = sign([secret], msg_id, int(ts), body).split(",", 1)[1]
    for part in sigs.split():
        version, _, sig = part.partition(",")
        if version == "v1" and hmac.compare_digest(sig, expected):
            return True
    return False


def webhook_body(delivery: Any, subscription: Any = None) -> bytes:
    alert = delivery.alert
    data = json.loads(alert.model_dump_json())
    data["subscription"] = delivery.subscription
    data["message"] = message_text(alert, subscription)
    payload = {
        "type": "alert.created" if alert.update_reason == "new" else "alert.updated",
        "timestamp": alert.emitted_at.isoformat(),
        "data": data,
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


@register_channel("webhook")
class WebhookChannel(HttpChannel):
    config: WebhookConfig

    async def send(self, delivery: Any) -> None:
        session = await self.session()
        check_literal_target(self.config.url, self.config.allow_private)
        body = webhook_body(delivery, self.subscription)
        ts = int(time.time())
        headers = {
            "content-type": "application/json",
            "user-agent": "newsalert-webhook/1",
            **self.config.headers,
            "webhook-id": delivery.idempotency_key,
            "webhook-timestamp": str(ts),
        }
        secrets = [s.get_secret_value() for s in self.config.secrets]
        if secrets:
            headers["webhook-signature"] = sign(secrets, delivery.idempotency_key, ts, body)
        await post(session, self.config.url, body, headers, what=f"webhook {self.name}")
