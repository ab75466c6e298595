"""config/feeds.yaml: the feeds `newsalert poll` reads and how politely it polls them.

Validated at start-up; an error names the file, the entry (number and name) and the field.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from streams.settings import ConfigError

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")
_DURATION_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def seconds(value: Any) -> float:
    """300, "300", "30s", "5m", "1.5h", "1d" -> seconds."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        m = _DURATION_RE.match(value)
        if m:
            return float(m.group(1)) * _UNITS[m.group(2) or "s"]
    raise ValueError("a duration such as 300, 30s, 5m or 1h")


class Polling(BaseModel):
    """How every feed is polled (a feed may set its own interval)."""

    model_config = ConfigDict(extra="forbid")

    interval: float = Field(300.0, ge=1, description="seconds between two polls of a feed")
    jitter: float = Field(0.1, ge=0, le=0.5, description="each wait is the interval +- this share")
    concurrency: int = Field(16, ge=1, le=1000, description="feeds fetched at the same time")
    per_host: int = Field(2, ge=1, le=100, description="fetches at the same time from one host")
    timeout: float = Field(20.0, gt=0, le=600, description="seconds for one fetch, connect to last byte")
    max_bytes: int = Field(5_000_000, ge=1_000, description="a bigger response is an error (too_large)")
    backoff_max: float = Field(21_600.0, ge=1, description="the longest wait after repeated errors")
    user_agent: str | None = Field(None, description="default: newsalert/VERSION (feed poller; +URL)")
    workers: int = Field(0, ge=0, le=64, description="processes that parse feeds; 0: a thread of the poller")
    fulltext_max_bytes: int = Field(2_000_000, ge=1_000)
    fulltext_timeout: float = Field(10.0, gt=0, le=120)

    @field_validator("interval", "timeout", "backoff_max", "fulltext_timeout", mode="before")
    @classmethod
    def _durations(cls, v: Any) -> float:
        return seconds(v)


class FeedConfig(BaseModel):
    """One feed: where it is, what its articles are called, how often to look."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str
    url: str
    source: str | None = Field(None, max_length=200, description="default: the feed's own title")
    interval: float | None = Field(None, ge=1, description="default: polling.interval")
    language: str | None = Field(None, max_length=16, description="ISO 639-1; default: detected")
    tags: list[str] = Field(default_factory=list)
    enabled: bool = True
    fulltext: bool = False  # fetch the linked page when the feed carries only a teaser

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not NAME_RE.match(v):
            raise ValueError("letters, digits, '.', '_' and '-' only (it is a metric label), up to 80")
        return v

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        if not re.match(r"^https?://[^\s/]+", v, re.I):
            raise ValueError("an http:// or https:// URL")
        return v

    @field_validator("interval", mode="before")
    @classmethod
    def _interval(cls, v: Any) -> Any:
        return None if v is None else seconds(v)

    @field_validator("language")
    @classmethod
    def _language(cls, v: str | None) -> str | None:
        return v.lower() if v else None


class FeedsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    polling: Polling = Field(default_factory=Polling)
    feeds: list[FeedConfig] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> FeedsFile:
        names: set[str] = set()
        for i, f in enumerate(self.feeds):
            if f.name in names:
                raise ValueError(f"feeds[{i}] {f.name!r}: the name is used twice; names must be unique")
            names.add(f.name)
        return self

    def enabled(self) -> list[FeedConfig]:
        return [f for f in self.feeds if f.enabled]

    def interval_of(self, feed: FeedConfig) -> float:
        return feed.interval or self.polling.interval


def _describe(err: ValidationError, data: Any) -> str:
    e = err.errors()[0]
    loc = list(e["loc"])
    where = ""
    if len(loc) >= 2 and loc[0] == "feeds" and isinstance(loc[1], int):
        idx = loc[1]
        name = None
        try:
            name = data["feeds"][idx].get("name")
        except (KeyError, IndexError, TypeError, AttributeError):
            pass
        where = f"feeds[{idx}] {name!r}" if name else f"feeds[{idx}]"
        loc = loc[2:]
    field = ".".join(str(p) for p in loc) or "(whole entry)"
    msg = e["msg"].removeprefix("Value error, ")
    more = f" (and {len(err.errors()) - 1} more)" if len(err.errors()) > 1 else ""
    return f"{where + ', ' if where else ''}{field}: {msg}{more}"


def feed_problems(data: Any) -> list[tuple[str, str, Any, str]]:
    """Every problem of a parsed feeds file, not only the first: (entry, field, value, message),
    with entry as 'feed NAME (#N)' (or 'feed #N', or '' for the top level), for a checker that
    lists them all (`newsalert config check`). [] when the file is valid."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return [("", "feeds", None, "expected a mapping with 'feeds:' (and optionally 'polling:')")]
    try:
        FeedsFile.model_validate(data)
    except ValidationError as err:
        out = []
        for e in err.errors():
            loc = list(e["loc"])
            entry = ""
            if len(loc) >= 2 and loc[0] == "feeds" and isinstance(loc[1], int):
                i = loc[1]
                raw = data["feeds"][i] if isinstance(data.get("feeds"), list) else None
                name = raw.get("name") if isinstance(raw, dict) else None
                entry = f"feed {name!r} (#{i + 1})" if name else f"feed #{i + 1}"
                loc = loc[2:]
            field = ".".join(str(p) for p in loc)
            value = e.get("input") if loc and e["type"] != "missing" else None
            out.append((entry, field, value, e["msg"].removeprefix("Value error, ")))
        return out
    return []


def parse_feeds(data: Any, source: str) -> FeedsFile:
    """Validate the parsed YAML of a feeds file; `source` names it in errors."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping with 'feeds:' (and optionally 'polling:')")
    try:
        return FeedsFile.model_validate(data)
    except ValidationError as e:
        raise ConfigError(f"{source}: {_describe(e, data)}; fix it and start again") from None


def load_feeds(path: str | Path) -> FeedsFile:
    """Read and validate a feeds YAML file; raises ConfigError with a one-line reason."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror}; write one with 'newsalert init DIR'") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        first = str(e).replace("\n", " ")
        raise ConfigError(f"{path}: not valid YAML: {first}") from None
    return parse_feeds(data, str(path))


def add_feeds(
    current: FeedsFile, incoming: list[FeedConfig], enabled: bool = True
) -> tuple[FeedsFile, list[FeedConfig]]:
    """`current` with the feeds of `incoming` whose URL it lacks (renamed name-2, name-3... where a
    name is taken): (the merged list, the feeds added)."""
    urls = {f.url for f in current.feeds}
    names = {f.name for f in current.feeds}
    added = []
    for f in incoming:
        if f.url in urls:
            continue
        name, n = f.name, 2
        while name in names:
            name, n = f"{f.name[:76]}-{n}", n + 1
        added.append(f.model_copy(update={"name": name, "enabled": enabled}))
        names.add(name)
        urls.add(f.url)
    merged = FeedsFile.model_validate({"polling": current.polling, "feeds": [*current.feeds, *added]})
    return merged, added


def feed_entry(feed: FeedConfig) -> dict[str, Any]:
    """The YAML form of one feed: only the fields that differ from the defaults."""
    return feed.model_dump(exclude_defaults=True)


def save_feeds(path: Path, feeds: FeedsFile, header: str = "") -> None:
    """Write `feeds` to `path` atomically, after `header` (the original file's leading comments)."""
    body: dict[str, Any] = {}
    polling = feeds.polling.model_dump(exclude_defaults=True)
    if polling:
        body["polling"] = polling
    body["feeds"] = [feed_entry(f) for f in feeds.feeds]
    text = header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def leading_comments(text: str) -> str:
    """The comment block at the top of a YAML file (kept when the file is rewritten)."""
    out = []
    for line in text.splitlines(keepends=True):
        if line.startswith("#") or not line.strip():
            out.append(line)
        else:
            break
    return "".join(out)
