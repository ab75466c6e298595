"""Console channel: a readable block on stdout."""

from __future__ import annotations

import sys
from typing import Any, Literal

from alerts.channels.base import Channel, PermanentDeliveryError, register_channel
from alerts.config_base import StrictModel
from alerts.formatting import console_text


class ConsoleConfig(StrictModel):
    type: Literal["console"] = "console"
    details: bool = True  # print the indented detail lines under the headline


@register_channel("console")
class ConsoleChannel(Channel):
    config: ConsoleConfig

    def __init__(self, name: str, config: Any, *, stream: Any = None, **kw: Any) -> None:
        super().__init__(name, config, **kw)
        self.stream = stream

    async def send(self, delivery: Any) -> None:
        out = self.stream or sys.stdout
        try:
            out.write(console_text(delivery.alert, self.subscription, details=self.config.details) + "\n")
            out.flush()
        except (OSError, ValueError) as e:  # closed/broken stdout
            raise PermanentDeliveryError(f"cannot write to stdout: {e}") from None
