"""The ``channel:`` section of a subscription: a union of the channel modules' config models,
told apart by ``type``. A new channel type adds its config model here."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from alerts.channels.console import ConsoleConfig
from alerts.channels.email import EmailConfig
from alerts.channels.jsonl import JsonlConfig
from alerts.channels.kafka import KafkaConfig
from alerts.channels.slack import SlackConfig
from alerts.channels.webhook import WebhookConfig

CHANNEL_CONFIGS = (ConsoleConfig, JsonlConfig, KafkaConfig, WebhookConfig, SlackConfig, EmailConfig)
CHANNEL_TYPES: tuple[str, ...] = tuple(c.model_fields["type"].default for c in CHANNEL_CONFIGS)

ChannelConfig = Annotated[
    ConsoleConfig | JsonlConfig | KafkaConfig | WebhookConfig | SlackConfig | EmailConfig,
    Field(discriminator="type"),
]
