"""Building blocks of the YAML config models of alert delivery (subscriptions, channels, silences).

Secrets (webhook signing secrets, the Slack webhook URL, SMTP credentials) are never written
in the YAML: the YAML names environment variables (``*_env``) or a secrets file, and the
resolved values are kept as :class:`pydantic.SecretStr` (masked in repr/str/logs, excluded
from ``model_dump``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, SecretStr, ValidationError


class StrictModel(BaseModel):
    """Unknown keys are an error; aliased fields (``from``) also accept their Python name."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


def env_secret(var: str) -> SecretStr:
    value = os.environ.get(var)
    if value is None or not value.strip():
        raise ValueError(f"environment variable {var} is not set")
    return SecretStr(value.strip())


def check_http_url(url: str, what: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{what} must be an http(s) URL with a host")
    return url


def error_line(loc: Sequence[int | str], msg: str, where: str = "") -> str:
    """``[<where>, ]<dotted.field>: <message>`` for one pydantic error."""
    field = ".".join(str(p) for p in loc) or "(whole entry)"
    return f"{where + ', ' if where else ''}{field}: {msg.removeprefix('Value error, ')}"


def describe_errors(err: ValidationError) -> str:
    """All errors of a validation, one ``field: message`` each, joined by ``; ``."""
    return "; ".join(error_line(e["loc"], e["msg"]) for e in err.errors())
