"""Delivery channels: one module per channel type (its config model and its Channel class)."""
