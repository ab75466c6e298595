"""Kafka channel: produce the alert JSON to an extra topic (key = story_id).

The pipeline already writes every alert to ``newsalert.alerts``; this is for other topics.
"""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError, KafkaTimeoutError
from pydantic import Field

from alerts.channels.base import Channel, PermanentDeliveryError, TransientDeliveryError, register_channel
from alerts.config_base import StrictModel


class KafkaConfig(StrictModel):
    type: Literal["kafka"] = "kafka"
    topic: str = Field(min_length=1, max_length=249, pattern=r"^[A-Za-z0-9._-]+$")
    bootstrap_servers: str | None = None  # default: Settings.kafka_broker
    timeout: float = Field(default=10.0, gt=0)


@register_channel("kafka")
class KafkaChannel(Channel):
    config: KafkaConfig

    def __init__(self, name: str, config: Any, *, bootstrap_servers: str | None = None, **kw: Any) -> None:
        super().__init__(name, config, **kw)
        self.bootstrap_servers = config.bootstrap_servers or bootstrap_servers or "127.0.0.1:9092"
        self._producer: AIOKafkaProducer | None = None

    async def start(self) -> None:
        if self._producer is not None:
            return
        producer = AIOKafkaProducer(
            bootstrap_servers=self.bootstrap_servers,
            acks="all",
            enable_idempotence=True,
            request_timeout_ms=int(self.config.timeout * 1000),
        )
        try:
            await producer.start()
        except KafkaError as e:
            await producer.stop()
            raise TransientDeliveryError(f"kafka connect: {e}", kind="connection") from None
        self._producer = producer

    async def send(self, delivery: Any) -> None:
        if self._producer is None:
            await self.start()
        assert self._producer is not None
        value = delivery.alert.model_dump_json().encode()
        headers = [("idempotency-key", delivery.idempotency_key.encode())]
        try:
            await asyncio.wait_for(
                self._producer.send_and_wait(
                    self.config.topic, value=value, key=delivery.alert.story_id.encode(), headers=headers
                ),
                timeout=self.config.timeout,
            )
        except (TimeoutError, KafkaTimeoutError):
            raise TransientDeliveryError(
                f"kafka produce to {self.config.topic} timed out", kind="timeout"
            ) from None
        except KafkaError as e:
            if getattr(e, "retriable", False):
                raise TransientDeliveryError(f"kafka: {e}", kind="connection") from None
            raise PermanentDeliveryError(f"kafka: {e}", kind="other") from None

    async def stop(self) -> None:
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None
