"""E-mail channel over SMTP (stdlib smtplib in a thread), optional STARTTLS or implicit TLS,
a multipart/alternative message (plain text + HTML), stable Message-ID per delivery.

SMTP replies: 4xx transient, 5xx permanent; connection problems and timeouts transient;
TLS certificate errors and a server without STARTTLS permanent.
"""

from __future__ import annotations

import asyncio
import logging
import re
import smtplib
import ssl
from typing import Any, Literal

from pydantic import Field, SecretStr, field_validator, model_validator

from alerts.channels.base import Channel, PermanentDeliveryError, TransientDeliveryError, register_channel
from alerts.config_base import StrictModel, env_secret
from alerts.formatting import email_message

log = logging.getLogger(__name__)


class EmailConfig(StrictModel):
    type: Literal["email"] = "email"
    host: str
    port: int = Field(default=587, ge=1, le=65535)
    starttls: bool = True
    ssl: bool = False  # implicit TLS (port 465); exclusive with starttls
    from_: str = Field(alias="from")
    to: list[str] = Field(min_length=1)
    username_env: str | None = None
    password_env: str | None = None
    username: SecretStr | None = Field(default=None, exclude=True, repr=False)
    password: SecretStr | None = Field(default=None, exclude=True, repr=False)
    timeout: float = Field(default=20.0, gt=0, le=300)

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
    def _resolve(self) -> EmailConfig:
        if self.ssl and self.starttls:
            raise ValueError("choose either ssl (implicit TLS) or starttls, not both")
        if self.username is None and self.username_env:
            self.username = env_secret(self.username_env)
        if self.password is None and self.password_env:
            self.password = env_secret(self.password_env)
        if (self.username is None) != (self.password is None):
            raise ValueError("give both username_env and password_env, or neither")
        return self


def _smtp_error(e: smtplib.SMTPException) -> Exception:
    if isinstance(e, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in e.recipients.values()]
        if any(400 <= c < 500 for c in codes):
            return TransientDeliveryError(
                f"recipients refused temporarily ({sorted(set(codes))})", kind="other"
            )
        return PermanentDeliveryError(f"recipients refused ({sorted(set(codes))})", kind="other")
    if isinstance(e, smtplib.SMTPResponseException):
        msg = (
            e.smtp_error.decode("utf-8", "replace") if isinstance(e.smtp_error, bytes) else str(e.smtp_error)
        )
        text = f"SMTP {e.smtp_code}: {msg[:200]}"
        if 400 <= e.smtp_code < 500:
            return TransientDeliveryError(text, kind="other")
        return PermanentDeliveryError(text, kind="other")
    if isinstance(e, smtplib.SMTPServerDisconnected):
        return TransientDeliveryError("SMTP server disconnected", kind="connection")
    if isinstance(e, smtplib.SMTPNotSupportedError):
        return PermanentDeliveryError(f"SMTP: {e}", kind="other")
    return TransientDeliveryError(f"SMTP: {type(e).__name__}", kind="other")


@register_channel("email")
class EmailChannel(Channel):
    config: EmailConfig

    def __init__(
        self, name: str, config: Any, *, ssl_context: ssl.SSLContext | None = None, **kw: Any
    ) -> None:
        super().__init__(name, config, **kw)
        self.ssl_context = ssl_context

    def _context(self) -> ssl.SSLContext:
        return self.ssl_context or ssl.create_default_context()

    def _send_sync(self, msg: Any) -> dict[str, Any]:
        cfg = self.config
        if cfg.ssl:
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                cfg.host, cfg.port, timeout=cfg.timeout, context=self._context()
            )
        else:
            smtp = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
        with smtp:
            smtp.ehlo()
            if cfg.starttls:
                smtp.starttls(context=self._context())
                smtp.ehlo()
            if cfg.username is not None and cfg.password is not None:
                smtp.login(cfg.username.get_secret_value(), cfg.password.get_secret_value())
            return smtp.send_message(msg, from_addr=cfg.from_, to_addrs=cfg.to)

    async def send(self, delivery: Any) -> None:
        msg = email_message(
            delivery.alert, self.subscription, self.config.from_, self.config.to, delivery.idempotency_key
        )
        try:
            refused = await asyncio.to_thread(self._send_sync, msg)
        except smtplib.SMTPException as e:
            raise _smtp_error(e) from None
        except ssl.SSLCertVerificationError as e:
            raise PermanentDeliveryError(
                f"SMTP TLS certificate rejected: {e.verify_message}", kind="other"
            ) from None
        except TimeoutError:
            raise TransientDeliveryError("SMTP timed out", kind="timeout") from None
        except OSError as e:
            raise TransientDeliveryError(f"SMTP connection: {type(e).__name__}", kind="connection") from None
        if refused:  # some recipients accepted: do not retry (it would duplicate), just say so
            log.warning("e-mail %s: %d recipient(s) refused", delivery.idempotency_key, len(refused))
