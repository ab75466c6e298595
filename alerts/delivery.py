"""deliver(): one Delivery through one Channel, with retries (tenacity) and metrics.

Policy (Alertmanager-like): exponential backoff from ``initial`` (0.5 s) times ``exp_base``
(1.5) per attempt, capped at ``max_wait`` (60 s), plus up to ``jitter`` seconds of random
jitter; at most ``max_attempts`` attempts and no attempt starts after ``max_elapsed``.
Only transient errors are retried (network errors, timeouts, 5xx, 429); a Retry-After makes
the next wait ``max(backoff, retry_after)`` (retry_after capped at ``max_retry_after``).
Permanent errors (other 4xx, refused target) stop at once. Each attempt is also bounded by
``attempt_timeout`` so a channel that forgets its own timeout cannot hang the worker.

deliver() never raises for delivery failures: it returns a DeliveryOutcome whose status is
``sent`` or ``dead_lettered`` (with the reason). Cancellation propagates.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    stop_before_delay,
    wait_exponential_jitter,
)

from alerts import metrics
from alerts.channels.base import Channel, DeliveryError, PermanentDeliveryError, TransientDeliveryError
from streams.models import utcnow

log = logging.getLogger(__name__)
_WEJ_PARAMS = inspect.signature(wait_exponential_jitter.__init__).parameters


class DeliveryPolicy(BaseModel):
    """Retry policy (Alertmanager-like defaults); also the `delivery.retry` section of subscriptions.yaml."""

    model_config = ConfigDict(extra="forbid")

    initial: float = Field(default=0.5, gt=0)
    exp_base: float = Field(default=1.5, ge=1)
    max_wait: float = Field(default=60.0, gt=0)
    jitter: float = Field(default=0.5, ge=0)
    max_attempts: int = Field(default=8, ge=1)
    max_elapsed: float = Field(default=600.0, gt=0)
    attempt_timeout: float = Field(default=60.0, gt=0)
    max_retry_after: float = Field(default=600.0, gt=0)


class AttemptRecord(BaseModel):
    attempt: int
    started: float  # time.monotonic()
    duration: float
    error: str | None = None
    kind: str | None = None


class DeliveryOutcome(BaseModel):
    idempotency_key: str
    subscription: str
    channel: str
    status: Literal["sent", "dead_lettered"]
    attempts: int
    reason: str | None = None  # last error, for dead letters
    kind: str | None = None  # bounded failure kind
    elapsed: float = 0.0
    history: list[AttemptRecord] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "sent"


def _classify(exc: BaseException) -> DeliveryError:
    """Any exception from a channel as a DeliveryError (unknown bugs are permanent)."""
    if isinstance(exc, DeliveryError):
        return exc
    if isinstance(exc, asyncio.TimeoutError | TimeoutError):
        return TransientDeliveryError("attempt timed out", kind="timeout")
    if isinstance(exc, ConnectionError | OSError):
        return TransientDeliveryError(f"{type(exc).__name__}: {exc}", kind="connection")
    return PermanentDeliveryError(f"{type(exc).__name__}: {exc}", kind="other")


def _make_wait(policy: DeliveryPolicy) -> Callable[[RetryCallState], float]:
    # tenacity >= 9.2 renamed `initial` to `multiplier` (and warns on `initial`)
    first = "multiplier" if "multiplier" in _WEJ_PARAMS else "initial"
    backoff = wait_exponential_jitter(
        **{first: policy.initial}, exp_base=policy.exp_base, max=policy.max_wait, jitter=policy.jitter
    )

    def wait(rs: RetryCallState) -> float:
        w = backoff(rs)
        exc = rs.outcome.exception() if rs.outcome else None
        ra = getattr(exc, "retry_after", None)
        if ra is not None:
            w = max(w, min(float(ra), policy.max_retry_after))
        return w

    return wait


async def deliver(
    channel: Channel,
    delivery: Any,
    policy: DeliveryPolicy | None = None,
    *,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> DeliveryOutcome:
    policy = policy or DeliveryPolicy()
    ctype = channel.type or delivery.channel
    history: list[AttemptRecord] = []
    t0 = time.monotonic()

    async def attempt() -> None:
        n = len(history) + 1
        if n > 1:
            metrics.RETRIES.labels(ctype).inc()
        start = time.monotonic()
        try:
            await asyncio.wait_for(channel.send(delivery), timeout=policy.attempt_timeout)
        except asyncio.CancelledError:
            raise
        except BaseException as e:  # noqa: BLE001 - classified below
            if not isinstance(e, Exception):
                raise
            err = _classify(e)
            dur = time.monotonic() - start
            history.append(
                AttemptRecord(attempt=n, started=start, duration=dur, error=err.reason, kind=err.kind)
            )
            metrics.ATTEMPT_SECONDS.labels(ctype).observe(dur)
            metrics.NOTIFICATIONS.labels(ctype, "failed", err.kind).inc()
            log.info(
                "delivery %s via %s attempt %d failed (%s): %s",
                delivery.idempotency_key,
                channel.name,
                n,
                err.kind,
                err.reason,
            )
            raise err from None
        dur = time.monotonic() - start
        history.append(AttemptRecord(attempt=n, started=start, duration=dur))
        metrics.ATTEMPT_SECONDS.labels(ctype).observe(dur)

    retrying = AsyncRetrying(
        stop=stop_after_attempt(policy.max_attempts) | stop_before_delay(policy.max_elapsed),
        wait=_make_wait(policy),
        retry=retry_if_exception(lambda e: isinstance(e, TransientDeliveryError)),
        sleep=sleep,
        reraise=True,
    )
    try:
        await retrying(attempt)
    except DeliveryError as err:
        metrics.NOTIFICATIONS.labels(ctype, "dead_lettered", err.kind).inc()
        why = "permanent" if not err.transient else f"gave up after {len(history)} attempts"
        log.warning(
            "delivery %s via %s dead-lettered (%s): %s",
            delivery.idempotency_key,
            channel.name,
            why,
            err.reason,
        )
        return DeliveryOutcome(
            idempotency_key=delivery.idempotency_key,
            subscription=delivery.subscription,
            channel=ctype,
            status="dead_lettered",
            attempts=len(history),
            reason=f"{why}: {err.reason}",
            kind=err.kind,
            elapsed=time.monotonic() - t0,
            history=history,
        )
    metrics.NOTIFICATIONS.labels(ctype, "sent", "none").inc()
    emitted = getattr(getattr(delivery, "alert", None), "emitted_at", None)
    if isinstance(emitted, datetime) and emitted.tzinfo is not None:
        metrics.DELIVERY_LATENCY.labels(ctype).observe(max(0.0, (utcnow() - emitted).total_seconds()))
    return DeliveryOutcome(
        idempotency_key=delivery.idempotency_key,
        subscription=delivery.subscription,
        channel=ctype,
        status="sent",
        attempts=len(history),
        elapsed=time.monotonic() - t0,
        history=history,
    )
