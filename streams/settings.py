"""Runtime settings: config/settings.yaml, overridden by NEWSALERT_* environment variables.

Validated at start-up; a bad value stops the program with a message naming the field.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
# The default configs: config/ of a checkout, or the copy an installed wheel carries as package
# data (pyproject.toml maps config/ to the package streams.defaults).
_SHIPPED_CONFIG = Path(__file__).resolve().parent / "defaults"
CONFIG_DIR = _SHIPPED_CONFIG if _SHIPPED_CONFIG.is_dir() else REPO_ROOT / "config"


class Topics(BaseModel):
    model_config = ConfigDict(extra="forbid")

    raw: str = "newsalert.articles.raw"
    classified: str = "newsalert.articles.classified"  # re-keyed by category family for dedup
    alerts: str = "newsalert.alerts"
    dead_letter: str = "newsalert.deadletter"
    deliveries_dead_letter: str = "newsalert.deliveries.deadletter"


class Partitions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    raw: int = Field(4, ge=1)
    classified: int = Field(4, ge=1)
    alerts: int = Field(1, ge=1)
    dead_letter: int = Field(1, ge=1)


class Severities(BaseModel):
    """Thresholds of the urgency levels (see config/settings.yaml)."""

    model_config = ConfigDict(extra="forbid")

    flash_min_fatalities: int = Field(10, ge=1)
    urgent_min_fatalities: int = Field(1, ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> Severities:
        if self.flash_min_fatalities < self.urgent_min_fatalities:
            raise ValueError(
                f"flash_min_fatalities ({self.flash_min_fatalities}) is below urgent_min_fatalities "
                f"({self.urgent_min_fatalities}): a flash event must need at least as many deaths"
            )
        return self


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSALERT_", env_nested_delimiter="__", extra="forbid")

    kafka_broker: str = "127.0.0.1:9092"
    app_id: str = "newsalert"
    # a separate set of topics and consumer group on the same broker: app id "<app_id>-<ns>", every
    # topic "<ns>.<topic>" (`newsalert run` puts its demo in one, beside a live system's topics)
    namespace: str = Field("", pattern=r"^[A-Za-z0-9_-]*$", max_length=60)
    metrics_port: int = Field(9108, ge=0, le=65535)
    metrics_host: str = "127.0.0.1"  # address /metrics binds (0.0.0.0: every interface, e.g. in Docker)
    web_port: int = Field(6066, ge=0, le=65535)
    data_dir: Path = Path(".cache/worker")
    config_dir: Path = CONFIG_DIR
    topics: Topics = Field(default_factory=Topics)
    partitions: Partitions = Field(default_factory=Partitions)
    severity: Severities = Field(default_factory=Severities)
    stream_buffer_maxsize: int = Field(256, ge=1)
    commit_interval: float = Field(1.0, gt=0)
    alerts_jsonl: Path | None = None  # default file channel path override
    subscriptions: Path | None = None  # default: <config_dir>/subscriptions.yaml
    # an article published more than this after it was ingested is dead-lettered (future_date)
    max_future_hours: float = Field(24, gt=0)
    dedup_window_hours: float = Field(72, gt=0)
    dedup_max_stories: int = Field(200_000, ge=100)
    # same-event cosine a report needs to join a story; None: the index's default (README, "Accuracy")
    dedup_same_event_threshold: float | None = Field(None, gt=0, le=1)
    dedup_short_same_event_threshold: float | None = Field(None, gt=0, le=1)  # a headline, a post, a note
    # a story naming no place and no country alerts once this many reports from this many independent
    # sources arrived within this many minutes (docs/stories.md, "Who may open an alert")
    dedup_burst_reports: int | None = Field(None, ge=1)
    # a report naming a country joins the latest story of its family there within this many hours
    dedup_incident_hours: float | None = Field(None, ge=0)
    dedup_burst_sources: int | None = Field(None, ge=1)
    dedup_burst_minutes: float | None = Field(None, gt=0)
    dedup_corroborate_reports: int | None = Field(None, ge=1)
    dedup_corroborate_minutes: float | None = Field(None, gt=0)
    # (the story index reads the dedup_* settings: streams.dedup.DedupConfig.from_settings)

    @model_validator(mode="after")
    def _burst_fits(self) -> Settings:
        n, m = self.dedup_burst_reports, self.dedup_burst_sources
        if n is not None and m is not None and m > n:
            raise ValueError(f"dedup_burst_sources ({m}) cannot exceed dedup_burst_reports ({n})")
        return self

    @property
    def categories_file(self) -> Path:
        return self.config_dir / "categories.yaml"

    @property
    def rules_file(self) -> Path:
        return self.config_dir / "rules.yaml"

    @property
    def subscriptions_file(self) -> Path:
        return self.subscriptions or self.config_dir / "subscriptions.yaml"


class ConfigError(Exception):
    """Invalid configuration; the message says what to fix."""


def settings_error_lines(
    err: ValidationError, path: Path, environ: dict[str, str] | None = None
) -> list[str]:
    """One line per error: where it comes from (the file or the NEWSALERT_* variable), the field,
    the value and what is expected; never pydantic's multi-line dump with a URL."""

    env = os.environ if environ is None else environ
    lines = []
    for e in err.errors():
        loc = [str(p) for p in e["loc"]]
        field = ".".join(loc) or "(top level)"
        var = "NEWSALERT_" + "__".join(loc).upper()
        # unknown keys only come from the file: pydantic-settings ignores unknown variables
        source = f"environment {var}" if var in env and e["type"] != "extra_forbidden" else str(path)
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            msg = "unknown setting" + _did_you_mean(loc[-1], _field_names(loc[:-1]))
        value = e.get("input")
        shown = (
            "" if e["type"] in ("missing", "extra_forbidden") or isinstance(value, dict) else f" = {value!r}"
        )
        lines.append(f"{source}: {field}{shown}: {msg}")
    return lines


def _field_names(parent: list[str]) -> list[str]:
    model: Any = Settings
    for name in parent:
        info = model.model_fields.get(name)
        model = getattr(info, "annotation", None) if info else None
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return []
    return list(model.model_fields)


def _did_you_mean(word: str, choices: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def load_settings(path: Path | None = None, **overrides: Any) -> Settings:
    """Read config/settings.yaml (or `path`), then the environment, then `overrides`. A `path`
    given explicitly must exist (the default file may be missing: the defaults apply)."""

    if path is not None and not path.is_file():
        raise ConfigError(f"{path}: settings file not found")
    path = path or Path(os.environ.get("NEWSALERT_CONFIG_DIR", CONFIG_DIR)) / "settings.yaml"
    data: dict[str, Any] = {}
    if path.exists():
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as e:
            raise ConfigError(f"{path}: not valid YAML: {' '.join(str(e).split())}") from e
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: expected a mapping at the top level")
    try:
        # environment variables win over the file: pass file values as defaults
        base = Settings(**{k: v for k, v in data.items()})
        env = Settings()
        merged = base.model_dump()
        for name in env.model_fields_set:
            merged[name] = getattr(env, name)
        merged.update(overrides)
        return in_namespace(Settings.model_validate(merged))
    except ValidationError as e:
        raise ConfigError("\n".join(settings_error_lines(e, path))) from None


def in_namespace(settings: Settings) -> Settings:
    """The settings with the app id and topic names of `settings.namespace` (unchanged without one)."""
    ns = settings.namespace
    if not ns:
        return settings
    topics = {name: f"{ns}.{topic}" for name, topic in settings.topics.model_dump().items()}
    return settings.model_copy(
        update={"app_id": f"{settings.app_id}-{ns}", "topics": Topics.model_validate(topics)}
    )


@lru_cache(maxsize=1)
def default_settings() -> Settings:
    return load_settings()
