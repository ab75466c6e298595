"""E-mail channel over SMTP (stdlib smtplib in a thread), optional STARTTLS or implicit TLS,
a multipart/alternative message (plain text + HTML), stable Message-ID per delivery.

SMTP replies: 4xx transient, 5xx permanent; connection problems and timeouts transient;
TLS certificate errors and a server without STARTTLS permanent.
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from typing import Any

from alerts.channels.base import Channel, PermanentDeliveryError, TransientDeliveryError, register_channel
from alerts.formatting import email_message


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
            import logging

            logging.getLogger(__name__).warning(
                "e-mail %s: %d recipient(s) refused", delivery.idempotency_key, len(refused)
            )
