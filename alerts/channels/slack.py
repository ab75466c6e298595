"""Slack channel: POST the formatted blocks to an incoming-webhook URL (a secret, from env)."""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import Field, SecretStr, model_validator

from alerts.channels._http import HttpChannel, check_literal_target, post
from alerts.channels.base import register_channel
from alerts.config_base import StrictModel, check_http_url, env_secret
from alerts.formatting import slack_payload


class SlackConfig(StrictModel):
    type: Literal["slack"] = "slack"
    webhook_url_env: str | None = None
    webhook_url: SecretStr | None = Field(default=None, exclude=True, repr=False)  # resolved from the env
    allow_private: bool = False
    timeout: float = Field(default=10.0, gt=0, le=300)
    connect_timeout: float = Field(default=5.0, gt=0, le=300)

    @model_validator(mode="after")
    def _resolve(self) -> SlackConfig:
        if self.webhook_url is None:
            if not self.webhook_url_env:
                raise ValueError("webhook_url_env is required (name of the env var holding the URL)")
            self.webhook_url = env_secret(self.webhook_url_env)
        check_http_url(self.webhook_url.get_secret_value(), "the Slack webhook URL")
        return self


@register_channel("slack")
class SlackChannel(HttpChannel):
    config: SlackConfig

    async def send(self, delivery: Any) -> None:
        session = await self.session()
        assert self.config.webhook_url is not None  # resolved by SlackConfig's validation
        url = self.config.webhook_url.get_secret_value()
        check_literal_target(url, self.config.allow_private)
        body = json.dumps(slack_payload(delivery.alert, self.subscription), ensure_ascii=False).encode()
        headers = {"content-type": "application/json; charset=utf-8", "user-agent": "newsalert-slack/1"}
        # messages name the subscription, never the URL (the URL is the secret)
        await post(session, url, body, headers, what=f"slack {self.name}")
