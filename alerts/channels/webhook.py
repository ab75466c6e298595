"""Webhook channel: a JSON POST signed per the Standard Webhooks spec.

Headers: ``webhook-id`` (the delivery's idempotency key, the same on every retry),
``webhook-timestamp`` (unix seconds of this attempt) and ``webhook-signature``:
``v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")>``, one per configured secret,
space-separated (key rotation). A secret is ``whsec_<base64 key>``.

Body: ``{"type": "alert.created" | "alert.updated", "timestamp": ..., "data": {...alert,
"subscription": ..., "message": ...}}``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any

from alerts.channels._http import HttpChannel, check_literal_target, post
from alerts.channels.base import register_channel
from alerts.formatting import message_text
from alerts.subscriptions import decode_whsec


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
