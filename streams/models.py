"""Typed records that flow through the pipeline.

raw bytes -> Article -> Classified (Article + Classification) -> StoryDecision -> Alert

Every model is a pydantic v2 model; the JSON form of each is what travels on
the Kafka topics (see README, "Topics").
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from enum import Enum
from typing import Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    field_validator,
)

MAX_TITLE_CHARS = 1_000
MAX_BODY_CHARS = 100_000
MAX_ID_CHARS = 256
MAX_SOURCE_CHARS = 200


class Severity(str, Enum):
    """Urgency levels, lowest to highest (wire / Dataminr style)."""

    none = "none"
    alert = "alert"
    urgent = "urgent"
    flash = "flash"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    def __ge__(self, other: object) -> bool:
        if isinstance(other, Severity):
            return self.rank >= other.rank
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        if isinstance(other, Severity):
            return self.rank > other.rank
        return NotImplemented

    def __le__(self, other: object) -> bool:
        if isinstance(other, Severity):
            return self.rank <= other.rank
        return NotImplemented

    def __lt__(self, other: object) -> bool:
        if isinstance(other, Severity):
            return self.rank < other.rank
        return NotImplemented


_SEVERITY_RANK = {Severity.none: 0, Severity.alert: 1, Severity.urgent: 2, Severity.flash: 3}


def utcnow() -> datetime:
    return datetime.now(UTC)


def stable_article_id(source: str, url: str | None, title: str, body: str) -> str:
    """A deterministic id for an article that came without one."""
    basis = url or f"{source}\n{title}\n{body[:2000]}"
    return "a-" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:20]


class Article(BaseModel):
    """One news report as it enters the pipeline. Validated strictly."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    id: str = Field(min_length=1, max_length=MAX_ID_CHARS)
    source: str = Field(min_length=1, max_length=MAX_SOURCE_CHARS)
    url: HttpUrl | None = None
    title: str = Field(default="", max_length=MAX_TITLE_CHARS)
    body: str = Field(default="", max_length=MAX_BODY_CHARS)
    published_at: AwareDatetime
    language: str | None = Field(default=None, max_length=16)
    ingested_at: AwareDatetime | None = None

    @field_validator("title", "body")
    @classmethod
    def _no_nul(cls, v: str) -> str:
        if "\x00" in v:
            raise ValueError("text contains NUL bytes")
        return v

    def model_post_init(self, __context: Any) -> None:
        if not self.title and not self.body:
            raise ValueError("article has neither title nor body")

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.body}" if self.title else self.body


class Location(BaseModel):
    country: str | None = None  # ISO 3166-1 alpha-2
    place: str | None = None


class Classification(BaseModel):
    """What happened and how urgent it is, with the evidence."""

    category: str | None = None
    severity: Severity = Severity.none
    fatalities: int | None = None
    injured: int | None = None
    location: Location = Field(default_factory=Location)
    # the text names, besides the place, its country, its region or another place of its country,
    # and no place of another country ("Canmore, Alta."): no misread, no passing mention
    place_confirmed: bool = False
    target: str | None = None
    reasons: list[str] = Field(default_factory=list)


class Classified(BaseModel):
    """An article with its classification: the message on the classified topic."""

    article: Article
    classification: Classification


class SourceReport(BaseModel):
    article_id: str
    source: str
    url: str | None = None
    title: str = ""
    published_at: datetime
    ingested_at: datetime | None = None


UpdateReason = Literal[
    "new", "severity_escalated", "fatalities_rose", "category_changed", "confirmed_by_sources", "merged"
]


class Story(BaseModel):
    """A real-world event as the union of its reports."""

    story_id: str
    category: str | None = None
    severity: Severity = Severity.none
    fatalities: int | None = None
    injured: int | None = None
    location: Location = Field(default_factory=Location)
    target: str | None = None
    title: str = ""
    first_seen: datetime
    last_seen: datetime
    reports: list[SourceReport] = Field(default_factory=list)
    version: int = 0  # alert version last emitted; 0 = never alerted
    alerted_sources: int = 0  # independent sources when the last alert was emitted
    reasons: list[str] = Field(default_factory=list)
    # held back: names no place and no country, and no burst of reports formed yet (docs/stories.md)
    pending: bool = False
    # the story's text profile in the story index (centroid terms and weights, names), so that a
    # worker that takes the partition over rebuilds the same profile (StoryIndex.restore); not in alerts
    profile: dict[str, float] | None = None
    profile_names: list[str] | None = None
    # ... and the weekdays its reports name (a late merge's veto: streams/dedup/vetoes.py)
    profile_days: list[str] | None = None
    # the votes of its reports for each category (severity-weighted, docs/stories.md): the story's
    # category is their consensus
    category_votes: dict[str, float] = Field(default_factory=dict)
    # late merge (docs/stories.md): the story this one was merged into (its last state), and the
    # stories merged into this one (ids; their stored final states leave the table with it)
    merged_into: str | None = None
    merged_from: list[str] = Field(default_factory=list)

    @property
    def sources(self) -> list[str]:
        seen: dict[str, None] = {}
        for r in self.reports:
            seen.setdefault(r.source, None)
        return list(seen)


class StoryDecision(BaseModel):
    """The dedup decision for one article (explainable: which story, why)."""

    article_id: str
    story_id: str
    duplicate: bool  # joined an existing story
    match: str  # "new" | "url" | "content" | "near_duplicate" | "same_event"
    score: float | None = None
    update: UpdateReason | None = None  # set when an alert (or update) is due
    # a new story: why no held story was joined (the nearest one and the test it failed)
    reason: str | None = None
    # a late merge: the stories this report showed to be the story's own event, merged into it
    merged: list[str] = Field(default_factory=list)


class Alert(BaseModel):
    """An alert about a story, or an update of one. Same story -> same story_id."""

    alert_id: str  # stable: story_id + version
    story_id: str
    version: int
    update_reason: UpdateReason
    category: str
    severity: Severity
    fatalities: int | None = None
    injured: int | None = None
    location: Location = Field(default_factory=Location)
    target: str | None = None
    title: str
    first_seen: datetime
    emitted_at: datetime
    ingested_at: datetime | None = None  # of the report that triggered this version
    reports: list[SourceReport]
    reasons: list[str] = Field(default_factory=list)
    # a story's final update after a late merge (``update_reason`` "merged"): the story it joined
    merged_into: str | None = None

    @property
    def source_count(self) -> int:
        return len({r.source for r in self.reports})


class DeadLetter(BaseModel):
    """A message that could not be processed, with its original bytes (base64 if not UTF-8)."""

    reason: str  # machine-readable: not_json | not_object | missing_field | wrong_type | oversize | invalid
    detail: str
    topic: str
    partition: int | None = None
    offset: int | None = None
    original: str  # the message's bytes, cut to MAX_ORIGINAL_BYTES so that a dead letter always fits
    original_encoding: Literal["utf-8", "base64"] = "utf-8"
    original_size: int | None = None  # the whole message's size in bytes
    original_sha256: str | None = None  # of the whole message
    original_truncated: bool = False
    failed_at: datetime = Field(default_factory=utcnow)
