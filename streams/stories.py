"""Pure functions over stories: merge a report, decide whether an alert is due, build the alert.

A story's alert lifecycle:

- the first report that makes the story alert-worthy (category set, severity >= alert) gives
  ``update="new"`` (version 1);
- later reports give an update only on a material change: the category changes (to a more
  severe/specific one: a higher ``rank`` in the taxonomy, config/categories.yaml), severity
  escalates, the reported fatalities rise, or the number of independent sources reaches 3 for
  the first time since the alert (``confirmed_by_sources``);
- anything else (another outlet repeating the same facts, a re-post) gives no update;
- a report whose article id the story already holds changes nothing at all.

The functions work on a pydantic ``Story`` and on the compact ``StoryRecord`` the story index
holds (``StoryLike``); ``streams.assign`` runs them for each report the index matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVar, cast, get_args

from pydantic import BaseModel

from streams.models import (
    Alert,
    Article,
    Classification,
    Location,
    Severity,
    SourceReport,
    Story,
    StoryDecision,
    UpdateReason,
)
from streams.taxonomy import Taxonomy, load_taxonomy

CONFIRM_SOURCES = 3
MAX_REASONS = 40


class _Sourced(Protocol):
    @property
    def source(self) -> str: ...


class StoryFacts(Protocol):
    """What ``decide_update`` compares of a story before a merge (a ``Story``, a ``StoryRecord``,
    a ``Snapshot``)."""

    @property
    def category(self) -> str | None: ...

    @property
    def severity(self) -> Severity: ...

    @property
    def fatalities(self) -> int | None: ...


class StoryLike(StoryFacts, Protocol):
    """A story the lifecycle updates: a ``Story`` or a ``StoryRecord``."""

    version: int
    alerted_sources: int
    reasons: list[str]

    @property
    def reports(self) -> Sequence[_Sourced]: ...


S = TypeVar("S", bound=StoryLike)
M = TypeVar("M", bound=BaseModel)


def source_key(source: str) -> str:
    """Independent-source identity: outlet names compared case- and space-insensitively."""
    return " ".join(source.lower().split())


def independent_sources(story: StoryLike) -> int:
    return len({source_key(r.source) for r in story.reports})


def is_alertable(story: StoryFacts) -> bool:
    return story.category is not None and story.severity >= Severity.alert


def has_article(story: Story, article_id: str) -> bool:
    return any(r.article_id == article_id for r in story.reports)


def event_time(article: Article) -> datetime:
    return article.published_at or article.ingested_at  # type: ignore[return-value]


def new_story(
    story_id: str, article: Article, classification: Classification | None, taxonomy: Taxonomy | None = None
) -> Story:
    """A story made of one report (no alert decided yet: see ``decide_update``). The same rules as
    ``new_record``, on the pydantic form (``taxonomy``: default the shipped one)."""
    return story_of_record(new_record(story_id, article, classification, taxonomy or load_taxonomy()))


def merge_report(
    story: Story, article: Article, classification: Classification | None, taxonomy: Taxonomy | None = None
) -> Story:
    """A copy of ``story`` with this report merged in (the story given is not changed), by
    ``merge_into_record``. A report whose article id the story holds changes nothing."""
    if has_article(story, article.id):
        return story
    r = record_of_story(story)
    merge_into_record(r, article, classification, taxonomy or load_taxonomy())
    return story_of_record(r)


def decide_update(before: StoryFacts | None, after: StoryLike) -> UpdateReason | None:
    """Whether an alert (or an alert update) is due now that ``after`` replaced ``before``.

    ``before`` is None for a story just created. The first alert comes when the story becomes
    alert-worthy; afterwards only a material change gives an update, in this priority:
    category changed, severity escalated, fatalities rose, confirmed by 3 independent sources.
    """
    if not is_alertable(after):
        return None
    if after.version == 0:
        return "new"
    if before is None:  # pragma: no cover - a new story cannot have been alerted
        return None
    if after.category != before.category:
        return "category_changed"
    if after.severity > before.severity:
        return "severity_escalated"
    if (after.fatalities or 0) > (before.fatalities or 0):  # unknown -> 0 is no rise
        return "fatalities_rose"
    if after.alerted_sources < CONFIRM_SOURCES <= independent_sources(after):
        return "confirmed_by_sources"
    return None


def mark_alerted(story: S, reason: UpdateReason) -> S:
    """Record on the story (in place) that an alert version is being emitted."""
    story.version += 1
    story.alerted_sources = independent_sources(story)
    add_reason(story, f"v{story.version}: {reason}")
    return story


def add_reason(story: StoryLike, reason: str) -> None:
    """Append an explanation line; the list is bounded (oldest explanations after the first few dropped)."""
    story.reasons.append(reason)
    if len(story.reasons) > MAX_REASONS:
        del story.reasons[5 : len(story.reasons) - MAX_REASONS + 5]


def last_update_reason(story: Story) -> UpdateReason:
    """Why the story's current alert version was due, from its reasons (``"v2: fatalities_rose"``)."""
    prefix = f"v{story.version}: "
    for line in reversed(story.reasons):
        if line.startswith(prefix):
            reason = line.removeprefix(prefix)
            if reason in get_args(UpdateReason):
                return cast(UpdateReason, reason)
    return "new" if story.version <= 1 else "category_changed"


def make_alert(story: Story, reason: UpdateReason, now: datetime, ingested_at: datetime | None) -> Alert:
    """The alert for the story's current version (``alert_id`` = ``f"{story_id}:v{version}"``)."""
    if story.category is None:
        raise ValueError(f"story {story.story_id} has no category: it cannot be alerted")
    version = max(story.version, 1)
    return Alert(
        alert_id=f"{story.story_id}:v{version}",
        story_id=story.story_id,
        version=version,
        update_reason=reason,
        category=story.category,
        severity=story.severity,
        fatalities=story.fatalities,
        injured=story.injured,
        location=story.location.model_copy(),
        target=story.target,
        title=story.title,
        first_seen=story.first_seen,
        emitted_at=now,
        ingested_at=ingested_at,
        reports=list(story.reports),
        reasons=list(story.reasons),
        merged_into=story.merged_into,
    )


# --------------------------------------------------------------------------- compact records
# The story index keeps every story it holds as a ``StoryRecord`` (slots, no pydantic, reports as
# small slot objects) and builds a ``Story`` model only for a story a caller asks for. The
# functions above (decide_update, mark_alerted, add_reason, independent_sources) work on both.


class Report:
    """One report of a story, compact (the fields of ``SourceReport``)."""

    __slots__ = ("article_id", "source", "url", "title", "published_at", "ingested_at")

    def __init__(
        self,
        article_id: str,
        source: str,
        url: str | None,
        title: str,
        published_at: datetime,
        ingested_at: datetime | None,
    ) -> None:
        self.article_id = article_id
        self.source = source
        self.url = url
        self.title = title
        self.published_at = published_at
        self.ingested_at = ingested_at


class StoryRecord:
    """The mutable, compact form of a ``Story`` held by the index (same field names)."""

    __slots__ = (
        "story_id",
        "category",
        "severity",
        "fatalities",
        "injured",
        "country",
        "place",
        "target",
        "title",
        "titled",
        "first_seen",
        "last_seen",
        "reports",
        "version",
        "alerted_sources",
        "reasons",
        "pending",
        "votes",
        "merged_into",
        "merged_from",
    )

    def __init__(self, story_id: str, title: str, first_seen: datetime, last_seen: datetime) -> None:
        self.story_id = story_id
        self.titled = True  # False while the title is a post's text, not a headline
        self.category: str | None = None
        self.severity = Severity.none
        self.fatalities: int | None = None
        self.injured: int | None = None
        self.country: str | None = None
        self.place: str | None = None
        self.target: str | None = None
        self.title = title
        self.first_seen = first_seen
        self.last_seen = last_seen
        self.reports: list[Report] = []
        self.version = 0
        self.alerted_sources = 0
        self.reasons: list[str] = []
        self.pending = False
        self.votes: dict[str, float] = {}  # category -> the weight of the reports that say it
        self.merged_into: str | None = None
        self.merged_from: tuple[str, ...] = ()  # (a tuple: most stories merge none, and () is shared)


class Snapshot:
    """The fields of a story that ``decide_update`` compares (before a merge)."""

    __slots__ = ("category", "severity", "fatalities", "version", "alerted_sources")

    def __init__(self, r: StoryRecord) -> None:
        self.category = r.category
        self.severity = r.severity
        self.fatalities = r.fatalities
        self.version = r.version
        self.alerted_sources = r.alerted_sources


def _report_rec(article: Article) -> Report:
    return Report(
        article.id,
        article.source,
        str(article.url) if article.url is not None else None,
        article.title or article.body[:200],
        event_time(article),
        article.ingested_at,
    )


def id_conflict(story: StoryRecord, article: Article) -> str | None:
    """What differs between the article and the report the story holds under the same id (a
    reused id carrying other content), or None."""
    new = _report_rec(article)
    for r in story.reports:
        if r.article_id == article.id:
            fields = [f for f in ("source", "url", "title") if getattr(r, f) != getattr(new, f)]
            return ", ".join(fields) or None
    return None


def vote_weight(c: Classification) -> float:
    """The weight of a report's vote for its category: 1 + the rank of its severity (none 1, alert
    2, urgent 3, flash 4). A report the classifier reads as urgent says more about what happened
    than a passing mention."""
    return 1.0 + c.severity.rank


def consensus(votes: dict[str, float], current: str | None, taxonomy: Taxonomy) -> str | None:
    """The story's category from its reports' votes: the category with the most weight; the
    current one keeps its place on a tie unless the other is higher-ranked in the taxonomy
    ("assassination" over "assassination_attempt" on equal weight), so that the category does not
    flip back and forth between equal counts."""
    best = current if current in votes else None
    for cat, w in votes.items():
        if best is None:
            best = cat
            continue
        bw = votes[best]
        if w > bw or (w == bw and taxonomy.rank(cat) > taxonomy.rank(best)):
            best = cat
    return best


def _apply_to_record(r: StoryRecord, c: Classification, taxonomy: Taxonomy) -> None:
    """Fold one report's classification into the story record, in place: the report votes for its
    category (``vote_weight``) and the category is the consensus of the votes (``consensus``);
    severity, fatalities and injured are running maxima."""
    if c.category is not None:
        if not r.votes and r.category is not None:  # a story stored before votes were kept
            r.votes[r.category] = 1.0
        r.votes[c.category] = r.votes.get(c.category, 0.0) + vote_weight(c)
        r.category = consensus(r.votes, r.category, taxonomy)
    if c.severity > r.severity:
        r.severity = c.severity
    if c.fatalities is not None and (r.fatalities is None or c.fatalities > r.fatalities):
        r.fatalities = c.fatalities
    if c.injured is not None and (r.injured is None or c.injured > r.injured):
        r.injured = c.injured
    if c.location is not None and (r.country is None or r.place is None):
        country = r.country or c.location.country
        if (
            r.place is None
            and c.location.place
            and (r.country is None or c.location.country in (None, r.country))
        ):
            r.place = c.location.place
        r.country = country
    if r.target is None and c.target:
        r.target = c.target


def new_record(
    story_id: str, article: Article, classification: Classification | None, taxonomy: Taxonomy
) -> StoryRecord:
    """The record of a story made of one report."""
    t = event_time(article)
    r = StoryRecord(story_id, article.title or article.body[:200], t, t)
    r.titled = bool(article.title)
    r.reports.append(_report_rec(article))
    if classification is not None:
        _apply_to_record(r, classification, taxonomy)
    return r


def merge_into_record(
    r: StoryRecord, article: Article, classification: Classification | None, taxonomy: Taxonomy
) -> None:
    """Merge one report into the story record, in place."""
    r.reports.append(_report_rec(article))
    if not r.titled and article.title:  # a headline reads better than the text of the first post
        r.title, r.titled = article.title, True
    t = event_time(article)
    if t > r.last_seen:
        r.last_seen = t
    if t < r.first_seen:
        r.first_seen = t
    if classification is not None:
        _apply_to_record(r, classification, taxonomy)


def survivor_of(a: StoryRecord, b: StoryRecord) -> tuple[StoryRecord, StoryRecord]:
    """Which of two stories found to be one event survives a late merge, and which is merged into
    it: a story that alerted before one that did not (a merge never makes a new alert), then the
    one seen first, then the smaller story id (the same answer in any order)."""
    ka = (a.version == 0, a.first_seen, a.story_id)
    kb = (b.version == 0, b.first_seen, b.story_id)
    return (a, b) if ka <= kb else (b, a)


def merge_records(
    survivor: StoryRecord, loser: StoryRecord, taxonomy: Taxonomy, why: str
) -> UpdateReason | None:
    """A late merge, in place: the survivor takes the loser (``absorb_record``). The loser ends:
    ``merged_into`` the survivor, and, when it had alerted, its final version (``"merged"``), the
    one update its subscribers get for the merge (returned; None when it never alerted). The
    survivor gets no update of its own for the merge: its facts change silently, and the report
    being assigned decides its update as any report does."""
    absorb_record(survivor, loser, taxonomy, why)
    loser.merged_into = survivor.story_id
    loser.pending = False
    add_reason(loser, f"merged into {survivor.story_id} ({why})")
    if loser.version == 0:
        return None
    mark_alerted(loser, "merged")
    return "merged"


def absorb_record(survivor: StoryRecord, loser: StoryRecord, taxonomy: Taxonomy, why: str) -> None:
    """The survivor's side of a late merge, in place: it takes the loser's reports (those it does
    not hold), time span, category votes (the category is their consensus again), running maxima
    and the place it lacks; it stays pending only if both were; ``merged_from`` lists the loser
    (and what was merged into the loser)."""
    held = {x.article_id for x in survivor.reports}
    survivor.reports.extend(x for x in loser.reports if x.article_id not in held)
    survivor.first_seen = min(survivor.first_seen, loser.first_seen)
    survivor.last_seen = max(survivor.last_seen, loser.last_seen)
    if not survivor.titled and loser.titled:
        survivor.title, survivor.titled = loser.title, True
    if not survivor.votes and survivor.category is not None:
        survivor.votes[survivor.category] = 1.0
    votes = loser.votes or ({loser.category: 1.0} if loser.category is not None else {})
    for cat, w in votes.items():
        survivor.votes[cat] = survivor.votes.get(cat, 0.0) + w
    survivor.category = consensus(survivor.votes, survivor.category, taxonomy)
    if loser.severity > survivor.severity:
        survivor.severity = loser.severity
    for f in ("fatalities", "injured"):
        v = getattr(loser, f)
        if v is not None and (getattr(survivor, f) is None or v > getattr(survivor, f)):
            setattr(survivor, f, v)
    if survivor.country is None:
        survivor.country = loser.country
    if survivor.place is None and loser.place and loser.country in (None, survivor.country):
        survivor.place = loser.place
    if survivor.target is None:
        survivor.target = loser.target
    survivor.pending = survivor.pending and loser.pending
    survivor.merged_from = (
        *survivor.merged_from,
        *(x for x in (loser.story_id, *loser.merged_from) if x not in survivor.merged_from),
    )
    add_reason(survivor, f"merged {loser.story_id} ({why})")


def record_of_story(s: Story) -> StoryRecord:
    r = StoryRecord(s.story_id, s.title, s.first_seen, s.last_seen)
    r.category, r.severity, r.fatalities, r.injured = s.category, s.severity, s.fatalities, s.injured
    r.country, r.place, r.target = s.location.country, s.location.place, s.target
    r.reports = [
        Report(x.article_id, x.source, x.url, x.title, x.published_at, x.ingested_at) for x in s.reports
    ]
    r.version, r.alerted_sources = s.version, s.alerted_sources
    r.reasons = list(s.reasons)
    r.pending = s.pending
    r.votes = dict(s.category_votes)
    r.merged_into = s.merged_into
    r.merged_from = tuple(s.merged_from)
    return r


_setattr = object.__setattr__
_STORY_FIELDS = frozenset(Story.model_fields)
_REPORT_FIELDS = frozenset(SourceReport.model_fields)
_LOCATION_FIELDS = frozenset(Location.model_fields)


def _construct(cls: type[M], fields_set: frozenset[str], values: dict[str, Any]) -> M:
    """``cls.model_construct(**values)`` for a complete set of field values, without its overhead."""
    m = cls.__new__(cls)
    _setattr(m, "__dict__", values)
    _setattr(m, "__pydantic_fields_set__", set(fields_set))
    _setattr(m, "__pydantic_extra__", None)
    _setattr(m, "__pydantic_private__", None)
    return m


def story_of_record(r: StoryRecord) -> Story:
    """The ``Story`` model of a record (a new object; built without re-validation)."""
    rf = _REPORT_FIELDS
    reports = [
        _construct(
            SourceReport,
            rf,
            {
                "article_id": x.article_id,
                "source": x.source,
                "url": x.url,
                "title": x.title,
                "published_at": x.published_at,
                "ingested_at": x.ingested_at,
            },
        )
        for x in r.reports
    ]
    return _construct(
        Story,
        _STORY_FIELDS,
        {
            "story_id": r.story_id,
            "category": r.category,
            "severity": r.severity,
            "fatalities": r.fatalities,
            "injured": r.injured,
            "location": _construct(Location, _LOCATION_FIELDS, {"country": r.country, "place": r.place}),
            "target": r.target,
            "title": r.title,
            "first_seen": r.first_seen,
            "last_seen": r.last_seen,
            "reports": reports,
            "version": r.version,
            "alerted_sources": r.alerted_sources,
            "reasons": list(r.reasons),
            "pending": r.pending,
            "category_votes": dict(r.votes),
            "merged_into": r.merged_into,
            "merged_from": list(r.merged_from),
            "profile": None,  # the story index's to fill (StoryIndex.story_of)
            "profile_names": None,
            "profile_days": None,
        },
    )


_DECISION_FIELDS = frozenset(StoryDecision.model_fields)
_DECISION_FAST = _DECISION_FIELDS == {
    "article_id",
    "story_id",
    "duplicate",
    "match",
    "score",
    "update",
    "reason",
    "merged",
}


def decision(
    article_id: str,
    story_id: str,
    duplicate: bool,
    match: str,
    score: float | None,
    update: UpdateReason | None,
    reason: str | None = None,
    merged: list[str] | None = None,
) -> StoryDecision:
    """``StoryDecision(...)`` for values already of the right types (the index's own), built
    without re-validation."""
    if not _DECISION_FAST:  # pragma: no cover - the model grew fields: let pydantic fill them in
        return StoryDecision(
            article_id=article_id,
            story_id=story_id,
            duplicate=duplicate,
            match=match,
            score=score,
            update=update,
            reason=reason,
            merged=merged or [],
        )
    return _construct(
        StoryDecision,
        _DECISION_FIELDS,
        {
            "article_id": article_id,
            "story_id": story_id,
            "duplicate": duplicate,
            "match": match,
            "score": score,
            "update": update,
            "reason": reason,
            "merged": merged or [],
        },
    )
