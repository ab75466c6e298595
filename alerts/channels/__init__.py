"""Delivery channels: one file per channel type, registered with @register_channel."""

from alerts.channels.base import (
    Channel,
    DeliveryError,
    PermanentDeliveryError,
    TransientDeliveryError,
    build_channel,
    register_channel,
)

__all__ = [
    "Channel",
    "DeliveryError",
    "PermanentDeliveryError",
    "TransientDeliveryError",
    "build_channel",
    "register_channel",
]
