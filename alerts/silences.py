"""Silences: mute matching alerts until a time.

Permanent ones are in ``subscriptions.yaml`` (``silences:``); operational ones are in
``<settings.config_dir>/silences.yaml`` (:func:`silences_path`), managed by ``newsalert silence
add|list|expire`` and re-read by the running worker when the file changes (:class:`SilencesFile`),
so no restart is needed.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import yaml
from pydantic import AwareDatetime, Field, ValidationError, model_validator

from alerts.config_base import StrictModel, describe_errors
from streams.models import Alert
from streams.settings import ConfigError, Settings

log = logging.getLogger(__name__)


class SilenceMatcher(StrictModel):
    """All the given fields must match (AND); at least one is required."""

    category: str | None = None
    country: str | None = None
    keyword: str | None = None  # case-insensitive substring of the title
    story_id: str | None = None
    subscription: str | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> SilenceMatcher:
        if not any(v is not None for v in self.model_dump().values()):
            raise ValueError("a silence needs at least one matcher field")
        if self.country:
            self.country = self.country.upper()
        return self


class Silence(StrictModel):
    id: str = Field(default_factory=lambda: "s-" + uuid.uuid4().hex[:10])
    matcher: SilenceMatcher
    expires_at: AwareDatetime
    created_at: AwareDatetime | None = None
    comment: str = ""

    def active(self, now: datetime) -> bool:
        return now < self.expires_at


def silence_matches(s: Silence, alert: Alert, subscription: str) -> bool:
    m = s.matcher
    if m.category is not None and m.category != alert.category:
        return False
    if m.country is not None and m.country != (alert.location.country or "").upper():
        return False
    if m.keyword is not None and m.keyword.casefold() not in alert.title.casefold():
        return False
    if m.story_id is not None and m.story_id != alert.story_id:
        return False
    if m.subscription is not None and m.subscription != subscription:
        return False
    return True


def active_silence(
    silences: Iterable[Silence], alert: Alert, subscription: str, now: datetime
) -> Silence | None:
    for s in silences:
        if s.active(now) and silence_matches(s, alert, subscription):
            return s
    return None


# --------------------------------------------------------------------------- the silences file


def silences_path(settings: Settings) -> Path:
    return Path(settings.config_dir) / "silences.yaml"


def load_silences_file(path: str | Path) -> list[Silence]:
    """Silences managed by the CLI (``newsalert silence add|list|expire``); [] if absent."""
    path = Path(path)
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        raise ConfigError(f"{path}: not valid YAML: {e}") from None
    items = data.get("silences", []) if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ConfigError(f"{path}: expected 'silences: [...]'")
    out = []
    for i, item in enumerate(items):
        try:
            out.append(Silence.model_validate(item))
        except ValidationError as e:
            raise ConfigError(f"{path}: silence #{i + 1}: {describe_errors(e)}") from None
    return out


def save_silences_file(path: str | Path, silences: list[Silence]) -> None:
    """Atomically rewrite the silences file (write to a temp file, then rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"silences": [s.model_dump(mode="json", exclude_none=True) for s in silences]}
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(
        "# Managed by `newsalert silence add|list|expire`; hand edits are fine.\n"
        + yaml.safe_dump(data, sort_keys=False),
        encoding="utf-8",
    )
    os.replace(tmp, path)


class SilencesFile:
    """The silences of a silences file, re-read when its mtime changes (looked at, at most,
    every ``interval`` seconds). A bad file is logged and the previous silences are kept."""

    def __init__(self, path: Path, interval: float = 2.0) -> None:
        self.path = path
        self.interval = interval
        self._silences: list[Silence] = []
        self._mtime: float | None = None
        self._checked = 0.0

    def current(self) -> list[Silence]:
        now = time.monotonic()
        if now - self._checked < self.interval:
            return self._silences
        self._checked = now
        try:
            mtime = self.path.stat().st_mtime
        except FileNotFoundError:
            self._silences, self._mtime = [], None
            return self._silences
        if mtime != self._mtime:
            try:
                self._silences = load_silences_file(self.path)
                self._mtime = mtime
            except ConfigError as e:  # keep the previous ones; say why
                log.error("ignoring bad silences file: %s", e)
        return self._silences
