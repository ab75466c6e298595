"""Slack channel: POST the formatted blocks to an incoming-webhook URL (a secret, from env)."""

from __future__ import annotations

import json
from typing import Any

import aiohttp

from alerts.channels._http import check_literal_target, make_session, post
from alerts.channels.base import Channel, register_channel
from alerts.formatting import slack_payload


@register_channel("slack")
class SlackChannel(Channel):
    def __init__(self, name: str, config: Any, **kw: Any) -> None:
        super().__init__(name, config, **kw)
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        if self._session is None:
            self._session = make_session(
                timeout=self.config.timeout,
                connect_timeout=self.config.connect_timeout,
                allow_private=self.config.allow_private,
            )

    async def send(self, delivery: Any) -> None:
        if self._session is None:
            await self.start()
        assert self._session is not None
        url = self.config.webhook_url.get_secret_value()
        check_literal_target(url, self.config.allow_private)
        body = json.dumps(slack_payload(delivery.alert, self.subscription), ensure_ascii=False).encode()
        headers = {"content-type": "application/json; charset=utf-8", "user-agent": "newsalert-slack/1"}
        # messages name the subscription, never the URL (the URL is the secret)
        await post(self._session, url, body, headers, what=f"slack {self.name}")

    async def stop(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
