"""Webhook delivery against a real local aiohttp receiver (no transport mocks)."""

import asyncio
import base64
import logging
import time

import pytest
from prometheus_client import REGISTRY
from pydantic import SecretStr

from alerts.channels._http import forbidden_address, parse_retry_after
from alerts.channels.base import Channel, build_channel
from alerts.channels.webhook import WebhookConfig, sign, verify
from alerts.delivery import DeliveryPolicy, deliver
from alerts.routing import Delivery
from alerts.subscriptions import Subscription
from alerts.testing import WebhookReceiver, sample_alert

OLD = "whsec_" + base64.b64encode(b"old-key-old-key-old-key-old-key!").decode()
NEW = "whsec_" + base64.b64encode(b"new-key-new-key-new-key-new-key!").decode()
OTHER = "whsec_" + base64.b64encode(b"someone-elses-key-someone-elses!").decode()

FAST = DeliveryPolicy(
    initial=0.05, exp_base=2, jitter=0, max_wait=1, max_attempts=6, max_elapsed=30, attempt_timeout=10
)


def _sub(url, name, secrets, allow_private, timeout):
    ch = WebhookConfig(
        url=url,
        secrets=[SecretStr(s) for s in secrets],
        allow_private=allow_private,
        timeout=timeout,
        connect_timeout=min(timeout, 2),
    )
    return Subscription(name=name, channel=ch)


def delivery_for(sub, alert=None):
    return Delivery.for_alert(alert or sample_alert(), sub)


def metric(name, **labels):
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_500_three_times_then_200_one_acceptance_and_backoff_timing():
    async with WebhookReceiver(secrets=[NEW], script=[500, 500, 500, 200]) as rx:
        sub = _sub(rx.url, "hook", [NEW], True, 5)
        d = delivery_for(sub)
        retries0 = metric("newsalert_notification_retries_total", channel="webhook")
        sent0 = metric("newsalert_notifications_total", channel="webhook", status="sent", reason="none")
        f5xx0 = metric("newsalert_notifications_total", channel="webhook", status="failed", reason="http_5xx")
        async with build_channel(sub) as ch:
            out = await deliver(ch, d, FAST)
        assert out.status == "sent" and out.attempts == 4
        assert [a.status for a in rx.attempts] == [500, 500, 500, 200]
        assert {a.webhook_id for a in rx.attempts} == {d.idempotency_key} == {"st-1:1:hook"}
        assert all(a.signature_ok for a in rx.attempts)
        assert rx.accepted == {d.idempotency_key: 1}
        gaps = [b.at - a.at for a, b in zip(rx.attempts, rx.attempts[1:], strict=False)]
        for gap, floor in zip(gaps, [0.05, 0.1, 0.2], strict=True):
            assert floor * 0.95 <= gap < floor + 2.0, gaps
        body = rx.bodies[d.idempotency_key]
        assert body["type"] == "alert.created" and body["data"]["story_id"] == "st-1"
        assert body["data"]["subscription"] == "hook" and body["data"]["message"].startswith("[FLASH]")
    assert metric("newsalert_notification_retries_total", channel="webhook") - retries0 == 3
    assert (
        metric("newsalert_notifications_total", channel="webhook", status="sent", reason="none") - sent0 == 1
    )
    failed = metric("newsalert_notifications_total", channel="webhook", status="failed", reason="http_5xx")
    assert failed - f5xx0 == 3


async def test_exactly_one_per_version_per_subscription():
    async with WebhookReceiver(secrets=[NEW], script=[502, 200, 503]) as rx:
        subs = [_sub(rx.url, n, [NEW], True, 5) for n in ("a", "b")]
        chans = [build_channel(s) for s in subs]
        for c in chans:
            await c.start()
        try:
            outs = []
            for v in (1, 2):
                for s, c in zip(subs, chans, strict=True):
                    outs.append(await deliver(c, delivery_for(s, sample_alert(version=v)), FAST))
        finally:
            for c in chans:
                await c.stop()
    assert all(o.ok for o in outs)
    assert dict(rx.accepted) == {"st-1:1:a": 1, "st-1:1:b": 1, "st-1:2:a": 1, "st-1:2:b": 1}
    assert len(rx.attempts) == 6  # two retried


async def test_429_retry_after_is_honoured():
    async with WebhookReceiver(secrets=[NEW], script=[(429, {"Retry-After": "1"}), 200]) as rx:
        sub = _sub(rx.url, "hook", [NEW], True, 5)
        async with build_channel(sub) as ch:
            out = await deliver(ch, delivery_for(sub), FAST)
    assert out.ok and out.attempts == 2
    gap = rx.attempts[1].at - rx.attempts[0].at
    assert 0.95 <= gap < 4, gap
    assert out.history[0].kind == "http_429"


@pytest.mark.parametrize("status", [400, 404, 410, 422])
async def test_4xx_stops_at_once_and_dead_letters(status):
    async with WebhookReceiver(secrets=[NEW], default=status) as rx:
        sub = _sub(rx.url, "hook", [NEW], True, 5)
        dl0 = metric(
            "newsalert_notifications_total", channel="webhook", status="dead_lettered", reason="http_4xx"
        )
        async with build_channel(sub) as ch:
            out = await deliver(ch, delivery_for(sub), FAST)
    assert len(rx.attempts) == 1
    assert out.status == "dead_lettered" and out.attempts == 1 and out.kind == "http_4xx"
    assert f"HTTP {status}" in out.reason and out.reason.startswith("permanent")
    dead = metric(
        "newsalert_notifications_total", channel="webhook", status="dead_lettered", reason="http_4xx"
    )
    assert dead - dl0 == 1


async def test_5xx_forever_gives_up_after_max_attempts():
    async with WebhookReceiver(secrets=[NEW], default=503) as rx:
        sub = _sub(rx.url, "hook", [NEW], True, 5)
        policy = FAST.model_copy(update={"max_attempts": 3})
        async with build_channel(sub) as ch:
            out = await deliver(ch, delivery_for(sub), policy)
    assert len(rx.attempts) == 3 and out.status == "dead_lettered" and out.kind == "http_5xx"
    assert "gave up after 3 attempts" in out.reason


async def test_connection_refused_is_transient():
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    sub = _sub(f"http://127.0.0.1:{port}/hook", "hook", [NEW], True, 2)
    async with build_channel(sub) as ch:
        out = await deliver(ch, delivery_for(sub), FAST.model_copy(update={"max_attempts": 2}))
    assert out.status == "dead_lettered" and out.attempts == 2 and out.kind == "connection"


async def test_hung_receiver_does_not_delay_the_other():
    async with WebhookReceiver(secrets=[NEW], default="hang") as slow, WebhookReceiver(secrets=[NEW]) as fast:
        s_slow = _sub(slow.url, "slow", [NEW], True, 2.0)
        s_fast = _sub(fast.url, "fast", [NEW], True, 2.0)
        policy = FAST.model_copy(update={"max_attempts": 1})
        async with build_channel(s_slow) as c_slow, build_channel(s_fast) as c_fast:
            t0 = time.monotonic()
            done = {}

            async def run(name, ch, sub):
                out = await deliver(ch, delivery_for(sub), policy)
                done[name] = time.monotonic() - t0
                return out

            o_slow, o_fast = await asyncio.gather(run("slow", c_slow, s_slow), run("fast", c_fast, s_fast))
    assert o_fast.ok and o_slow.status == "dead_lettered" and o_slow.kind == "timeout"
    assert done["fast"] < 1.0 and done["slow"] >= 1.9
    assert done["fast"] < done["slow"] / 2


async def test_attempt_timeout_bounds_a_channel_without_its_own():
    class Stuck(Channel):
        type = "stuck"

        async def send(self, delivery):
            await asyncio.sleep(60)

    policy = FAST.model_copy(update={"max_attempts": 2, "attempt_timeout": 0.2})
    t0 = time.monotonic()
    out = await deliver(Stuck("s", None), delivery_for(_sub("https://e.org/", "s", [NEW], True, 5)), policy)
    assert out.status == "dead_lettered" and out.kind == "timeout" and out.attempts == 2
    assert time.monotonic() - t0 < 3


async def test_signature_rotation_and_wrong_secret():
    # sender signs with old+new during rotation; receivers knowing either accept
    for receiver_secret in (OLD, NEW):
        async with WebhookReceiver(secrets=[receiver_secret]) as rx:
            sub = _sub(rx.url, "hook", [OLD, NEW], True, 5)
            async with build_channel(sub) as ch:
                out = await deliver(ch, delivery_for(sub), FAST)
            assert out.ok and rx.attempts[0].signature_ok
            assert len(rx.attempts[0].headers["webhook-signature"].split(" ")) == 2
    async with WebhookReceiver(secrets=[OTHER]) as rx:
        sub = _sub(rx.url, "hook", [NEW], True, 5)
        async with build_channel(sub) as ch:
            out = await deliver(ch, delivery_for(sub), FAST)
        assert rx.attempts[0].signature_ok is False
        assert out.status == "dead_lettered" and out.attempts == 1 and "HTTP 401" in out.reason


def test_sign_and_verify_vectors():
    body = b'{"a":1}'
    ts = int(time.time())
    header = sign([NEW], "msg_1", ts, body)
    assert header.startswith("v1,")
    h = {"webhook-id": "msg_1", "webhook-timestamp": str(ts), "webhook-signature": header}
    assert verify(NEW, h, body)
    assert not verify(NEW, h, b'{"a":2}')
    assert not verify(OLD, h, body)
    assert not verify(NEW, {**h, "webhook-id": "msg_2"}, body)
    assert not verify(NEW, {**h, "webhook-timestamp": str(ts - 3600)}, body)
    # known vector from the Standard Webhooks reference implementation
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    hv = {
        "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "webhook-timestamp": "1614265330",
        "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    }
    assert verify(secret, hv, b'{"test": 2432232314}', now=1614265330)


@pytest.mark.parametrize(
    "addr, bad",
    [
        ("127.0.0.1", True),
        ("10.1.2.3", True),
        ("192.168.0.1", True),
        ("172.16.5.4", True),
        ("169.254.169.254", True),
        ("100.64.0.1", True),
        ("0.0.0.0", True),
        ("::1", True),
        ("::ffff:127.0.0.1", True),
        ("fc00::1", True),
        ("fe80::1", True),
        ("224.0.0.1", True),
        ("8.8.8.8", False),
        ("2606:4700:4700::1111", False),
    ],
)
def test_forbidden_addresses(addr, bad):
    assert forbidden_address(addr) is bad


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]"])
async def test_private_target_refused(host):
    async with WebhookReceiver(secrets=[NEW]) as rx:
        url = rx.url.replace("127.0.0.1", host)
        sub = _sub(url, "hook", [NEW], False, 5)
        async with build_channel(sub) as ch:
            out = await deliver(ch, delivery_for(sub), FAST)
    assert out.status == "dead_lettered" and out.kind == "refused_target" and out.attempts == 1
    assert rx.attempts == []


def test_retry_after_parsing():
    from datetime import UTC, datetime

    now = datetime(2025, 3, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Sat, 01 Mar 2025 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Sat, 01 Mar 2025 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


async def test_secrets_never_logged_or_in_repr(caplog):
    async with WebhookReceiver(secrets=[OTHER], default=500) as rx:
        sub = _sub(rx.url, "hook", [NEW], True, 5)
        with caplog.at_level(logging.DEBUG):
            async with build_channel(sub) as ch:
                logging.getLogger("t").debug("channel %r sub %r cfg %s", ch, sub, sub.channel)
                out = await deliver(ch, delivery_for(sub), FAST.model_copy(update={"max_attempts": 2}))
    secret_b64 = NEW.removeprefix("whsec_")
    for text in (caplog.text, repr(sub), str(sub), out.model_dump_json(), repr(ch)):
        assert NEW not in text and secret_b64 not in text
    for metric_ in REGISTRY.collect():
        for s in metric_.samples:
            assert all(secret_b64 not in str(v) and rx.url not in str(v) for v in s.labels.values())
