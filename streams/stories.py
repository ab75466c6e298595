"""Pure functions over stories: merge a report, decide whether an alert is due, build the alert.

A story's alert lifecycle:

- the first report that makes the story alert-worthy (category set, severity >= alert) gives
  ``update="new"`` (version 1);
- later reports give an update only on a material change: the category changes (to a more
  severe/specific one), severity escalates, the reported fatalities rise, or the number of
  independent sources reaches 3 for the first time since the alert (``confirmed_by_sources``);
- anything else (another outlet repeating the same facts, a re-post) gives no update;
- a report whose article id the story already holds changes nothing at all.
"""

from __future__ import annotations

from datetime import datetime

from .models import Alert, Article, Classification, Location, Severity, SourceReport, Story, UpdateReason

CONFIRM_SOURCES = 3
MAX_REASONS = 40

# How specific/severe a category is, to pick the one a story carries when its reports disagree.
# A later report replaces the category only with a higher-ranked one ("assassination" over
# "assassination_attempt", "bombing" over a generic "attack"). Unknown categories rank 1.
CATEGORY_RANK: dict[str, int] = {
    "attack": 1,
    "deadly_unrest": 1,
    "disaster": 1,
    "armed_clash": 2,
    "abduction": 2,
    "shelling": 2,
    "air_strike": 3,
    "bombing": 3,
    "assassination_attempt": 3,
    "chemical_attack": 4,
    "assassination": 4,
}

# Category families (config/categories.yaml): categories that can describe one story as it
# develops. Two reports whose categories are in different families are never the same event.
CATEGORY_FAMILY: dict[str, str] = {
    "assassination": "assassination",
    "assassination_attempt": "assassination",
    "armed_clash": "armed_conflict",
    "deadly_unrest": "unrest",
    "bombing": "explosive",
    "air_strike": "explosive",
    "shelling": "explosive",
    "chemical_attack": "explosive",
    "attack": "attack",
    "abduction": "attack",
    "disaster": "disaster",
}


def category_rank(category: str | None) -> int:
    if category is None:
        return 0
    return CATEGORY_RANK.get(category, 1)


def category_family(category: str | None) -> str | None:
    if category is None:
        return None
    return CATEGORY_FAMILY.get(category, category)


def source_key(source: str) -> str:
    """Independent-source identity: outlet names compared case- and space-insensitively."""
    return " ".join(source.lower().split())


def independent_sources(story: Story) -> int:
    return len({source_key(r.source) for r in story.reports})


def is_alertable(story: Story) -> bool:
    return story.category is not None and story.severity >= Severity.alert


def has_article(story: Story, article_id: str) -> bool:
    return any(r.article_id == article_id for r in story.reports)


def event_time(article: Article) -> datetime:
    return article.published_at or article.ingested_at  # type: ignore[return-value]


def report_of(article: Article) -> SourceReport:
    return SourceReport(
        article_id=article.id,
        source=article.source,
        url=str(article.url) if article.url is not None else None,
        title=article.title or article.body[:200],
        published_at=event_time(article),
        ingested_at=article.ingested_at,
    )


def new_story(story_id: str, article: Article, classification: Classification | None) -> Story:
    """A story made of one report (no alert decided yet: see ``decide_update``)."""
    t = event_time(article)
    story = Story(
        story_id=story_id,
        title=article.title or article.body[:200],
        first_seen=t,
        last_seen=t,
        reports=[report_of(article)],
    )
    if classification is not None:
        _apply_classification(story, classification)
    return story


def _apply_classification(story: Story, c: Classification) -> None:
    """Fold one report's classification into the story, in place."""
    if c.category is not None and category_rank(c.category) > category_rank(story.category):
        story.category = c.category
    if c.severity > story.severity:
        story.severity = c.severity
    if c.fatalities is not None and (story.fatalities is None or c.fatalities > story.fatalities):
        story.fatalities = c.fatalities
    if c.injured is not None and (story.injured is None or c.injured > story.injured):
        story.injured = c.injured
    loc = story.location
    if c.location is not None and (loc.country is None or loc.place is None):
        country = loc.country or c.location.country
        place = loc.place
        if place is None and c.location.place and (loc.country is None or c.location.country in (None, loc.country)):
            place = c.location.place
        story.location = Location(country=country, place=place)
    if story.target is None and c.target:
        story.target = c.target


def merge_report(story: Story, article: Article, classification: Classification | None) -> Story:
    """A copy of ``story`` with this report merged in (the story given is not changed).

    A report whose article id the story already holds returns the story unchanged.
    """
    if has_article(story, article.id):
        return story
    merged = story.model_copy(deep=False)
    merged.reports = [*story.reports, report_of(article)]
    merged.location = story.location.model_copy()
    merged.reasons = list(story.reasons)
    t = event_time(article)
    if t > merged.last_seen:
        merged.last_seen = t
    if t < merged.first_seen:
        merged.first_seen = t
    if classification is not None:
        _apply_classification(merged, classification)
    return merged


def decide_update(before: Story | None, after: Story) -> UpdateReason | None:
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
    if after.fatalities is not None and (before.fatalities is None or after.fatalities > before.fatalities):
        return "fatalities_rose"
    if after.alerted_sources < CONFIRM_SOURCES <= independent_sources(after):
        return "confirmed_by_sources"
    return None


def mark_alerted(story: Story, reason: UpdateReason) -> Story:
    """Record on the story (in place) that an alert version is being emitted."""
    story.version += 1
    story.alerted_sources = independent_sources(story)
    add_reason(story, f"v{story.version}: {reason}")
    return story


def add_reason(story: Story, reason: str) -> None:
    """Append an explanation line; the list is bounded (oldest explanations after the first few dropped)."""
    story.reasons.append(reason)
    if len(story.reasons) > MAX_REASONS:
        del story.reasons[5 : len(story.reasons) - MAX_REASONS + 5]


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
    )
