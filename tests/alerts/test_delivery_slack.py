"""Slack incoming-webhook delivery to a real local Slack-shaped receiver."""

import logging

import pytest

from alerts.channels.base import build_channel
from alerts.delivery import DeliveryPolicy, deliver
from alerts.routing import Delivery
from alerts.subscriptions import parse_subscriptions
from alerts.testing import WebhookReceiver, sample_alert

FAST = DeliveryPolicy(initial=0.05, exp_base=2, jitter=0, max_attempts=4, max_elapsed=30, attempt_timeout=10)
PATH = "/services/T000/B000/TOPSECRETTOKEN"


def slack_sub(monkeypatch, url, template=None):
    monkeypatch.setenv("NA_TEST_SLACK_URL", url)
    sub = {
        "name": "newsroom",
        "channel": {
            "type": "slack",
            "webhook_url_env": "NA_TEST_SLACK_URL",
            "allow_private": True,
            "timeout": 5,
        },
    }
    if template:
        sub["template"] = template
    return parse_subscriptions({"subscriptions": [sub]}).subscriptions[0]


async def test_slack_blocks_received(monkeypatch):
    async with WebhookReceiver(path=PATH, script=[503, 200]) as rx:
        sub = slack_sub(monkeypatch, rx.url, template="{SEVERITY}: {title} ({location})")
        async with build_channel(sub) as ch:
            out = await deliver(ch, Delivery.for_alert(sample_alert(), sub), FAST)
    assert out.ok and out.attempts == 2
    body = next(iter(rx.bodies.values()))
    assert body["text"] == "FLASH: Gunmen fire on minister's convoy in Baghdad (Iraq (Baghdad))"
    assert body["blocks"][0]["type"] == "header"
    assert rx.attempts[-1].headers["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("status", [400, 403, 404, 410])
async def test_slack_4xx_permanent_and_url_never_logged(monkeypatch, caplog, status):
    async with WebhookReceiver(path=PATH, default=status) as rx:
        sub = slack_sub(monkeypatch, rx.url)
        with caplog.at_level(logging.DEBUG):
            async with build_channel(sub) as ch:
                out = await deliver(ch, Delivery.for_alert(sample_alert(), sub), FAST)
    assert out.status == "dead_lettered" and out.attempts == 1
    for text in (caplog.text, out.model_dump_json(), repr(sub), repr(ch)):
        assert "TOPSECRETTOKEN" not in text


async def test_slack_private_target_refused(monkeypatch):
    async with WebhookReceiver(path=PATH) as rx:
        sub = slack_sub(monkeypatch, rx.url)
        sub = sub.model_copy(update={"channel": sub.channel.model_copy(update={"allow_private": False})})
        async with build_channel(sub) as ch:
            out = await deliver(ch, Delivery.for_alert(sample_alert(), sub), FAST)
    assert out.kind == "refused_target" and rx.attempts == []
