"""Slack channel: POST the formatted blocks to an incoming-webhook URL (a secret, from env)."""

from __future__ import annotations

import json
from typing import Any

from alerts.channels._http import HttpChannel, check_literal_target, post
from alerts.channels.base import register_channel
from alerts.formatting import slack_payload


@register_channel("slack")
class SlackChannel(HttpChannel):
    async def send(self, delivery: Any) -> None:
        session = await self.session()
        url = self.config.webhook_url.get_secret_value()
        check_literal_target(url, self.config.allow_private)
        body = json.dumps(slack_payload(delivery.alert, self.subscription), ensure_ascii=False).encode()
        headers = {"content-type": "application/json; charset=utf-8", "user-agent": "newsalert-slack/1"}
        # messages name the subscription, never the URL (the URL is the secret)
        await post(session, url, body, headers, what=f"slack {self.name}")
