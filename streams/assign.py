"""The story stage: assign each report to its story and decide whether an alert is due.

``assign`` runs one report through the three steps, in order: the story index says which held
story the report joins, or none (``StoryIndex.match``); the story lifecycle
(``streams.stories``) merges the report into that story, or makes the new story, and decides
the alert update; the index then records the report (``StoryIndex.record``). The Faust dedup
agent calls it for each report, ``assign_batch`` (``newsalert dedup``, backtests) for each
report of a batch.
"""

from __future__ import annotations

from collections.abc import Iterable

from streams.dedup import DedupConfig, Prepared, StoryIndex
from streams.models import Article, Classification, StoryDecision
from streams.stories import (
    Snapshot,
    StoryRecord,
    add_reason,
    decide_update,
    decision,
    mark_alerted,
    merge_into_record,
    merge_records,
    new_record,
    source_key,
    survivor_of,
)

BURST_SCAN = 256  # newest reports of a pending story looked at for a burst


def _window(rec: StoryRecord, need: int, sources: int, minutes: float) -> bool:
    """Whether ``need`` of the story's reports from ``sources`` independent sources lie within
    ``minutes`` of each other (any such window among its ``BURST_SCAN`` latest-arrived reports, so
    the answer does not depend on their arrival order)."""
    if len(rec.reports) < need:
        return False
    span = minutes * 60.0
    reports = sorted(rec.reports[-BURST_SCAN:], key=lambda r: r.published_at)
    start = 0
    for end, r in enumerate(reports):
        while (r.published_at - reports[start].published_at).total_seconds() > span:
            start += 1
        if end - start + 1 >= need:
            window = reports[start : end + 1]
            if sources <= 1 or len({source_key(x.source) for x in window}) >= sources:
                return True
    return False


def burst(rec: StoryRecord, config: DedupConfig) -> bool:
    """Whether the story holds a burst: ``burst_reports`` reports from ``burst_sources``
    independent sources within ``burst_minutes``."""
    return _window(rec, config.burst_reports, config.burst_sources, config.burst_minutes)


def corroborated(rec: StoryRecord, config: DedupConfig) -> bool:
    """Whether a story opened by a short post holds ``corroborate_reports`` reports (from any
    sources) within ``corroborate_minutes`` (``foreign_corroborate_reports`` when more: a held
    story with a place was held for one reason or the other, and the story does not say which)."""
    need = max(config.corroborate_reports, config.foreign_corroborate_reports)
    return _window(rec, need, 1, config.corroborate_minutes)


def still_pending(rec: StoryRecord, config: DedupConfig, lone_short: bool = False) -> bool:
    """Who may open an alert: a story never alerted that names no place and no country is held
    back (pending) until a burst forms; one that names a place or a country but holds only short
    posts (``lone_short``: a social post opened it and no full report joined it) until a second
    report corroborates it. Once released (a place, a corroboration, a burst, an alert) it never
    goes back."""
    if rec.version > 0:
        return False
    if rec.country is not None or rec.place is not None:
        return lone_short and not corroborated(rec, config)
    return not burst(rec, config)


def assign(
    index: StoryIndex,
    article: Article,
    classification: Classification | None = None,
    prepared: Prepared | None = None,
) -> tuple[StoryDecision, StoryRecord]:
    """Assign the report to a story (online, no look-ahead) and merge it in. Returns the decision
    and the story's record after the merge; ``decision.update`` is set when an alert or alert
    update is due now (the story's ``version`` is then already incremented, so
    ``make_alert(index.story_of(record), decision.update, ...)`` gives the alert to emit). A
    report whose article id the story holds already changes nothing. ``prepared``: the report's
    features from ``index.prepare``.

    When the report shows two held stories to be one event (a bridging report, converging
    stories), they merge first (``stories.merge_records``) and the report joins the survivor: the
    decision and record are the survivor's, and ``index.merged`` holds the final records of the
    stories merged away (``merged_into`` set; ``version`` incremented when their "merged" update
    is due, only for a story that had alerted)."""
    m = index.match(article, classification, prepared)
    rec = m.record
    if m.repeat:
        assert rec is not None
        return decision(article.id, m.story_id, True, m.kind, 1.0, None), rec
    taxonomy = index.taxonomy
    reason = m.reason
    merged: list[str] = []
    for other, why in m.merges:  # a late merge: the stories are one event (docs/stories.md)
        assert rec is not None
        survivor, loser = survivor_of(rec, other)
        merge_records(survivor, loser, taxonomy, why)
        index.absorb(m, survivor, loser)
        rec = survivor
        merged.append(loser.story_id)
        note = f"merged {loser.story_id} into {survivor.story_id} ({why})"
        reason = f"{reason}; {note}" if reason else note
    if rec is None:
        rec = new_record(m.story_id, article, classification, taxonomy)
        add_reason(rec, f"{article.id}: new story ({m.reason})")
        lone = m.short and (index.config.corroborate_reports > 1 or m.foreign)
        rec.pending = still_pending(rec, index.config, lone)
        if m.reaction and not rec.pending:  # an aftermath of an earlier event (a vigil, ...)
            rec.pending = True
            add_reason(rec, f"{article.id}: refers back to an earlier event: held back, no alert")
        late = index.hours_behind(article)
        if late > index.config.window_hours:  # old news: its stories, if any, are gone
            rec.pending = True
            note = (
                f"stale: published {late:.0f} h before the newest report seen, beyond the "
                f"{index.config.window_hours:g} h story window: held back, no alert"
            )
            add_reason(rec, f"{article.id}: {note}")
            reason = f"{reason}; {note}" if reason else note
        update = decide_update(None, rec)
    else:
        before = Snapshot(rec)
        was_pending = rec.pending
        placed = rec.country is not None or rec.place is not None
        merge_into_record(rec, article, classification, taxonomy)
        add_reason(rec, f"{article.id}: {m.kind} {m.score:.2f}" + (f" ({reason})" if reason else ""))
        # a pending story that names a place or a country holds short posts only (see
        # still_pending): a full report releases it, a short one when it corroborates
        # an aftermath of an earlier event (a vigil, security raised) releases nothing, nor does a
        # copy of a held report (a retweet) a story held for corroboration
        rec.pending = was_pending and (
            m.reaction or (m.copy and placed) or still_pending(rec, index.config, m.short and placed)
        )
        if was_pending and not rec.pending and rec.version == 0:
            why = "corroborated" if placed else "place" if rec.country or rec.place else "burst"
            add_reason(rec, f"{article.id}: released ({why})")
        update = decide_update(before, rec)
    if rec.pending:
        update = None  # held back: no place, no country, no burst yet
    if update is not None:
        mark_alerted(rec, update)
    index.record(m, rec)
    new = m.record is None
    return decision(
        article.id, rec.story_id, not new, m.kind, None if new else round(m.score, 4), update, reason, merged
    ), rec


def assign_batch(
    index: StoryIndex, items: Iterable[tuple[Article, Classification | None]]
) -> list[StoryDecision]:
    """``assign`` for each report, in order, with the text features of the reports computed
    together (``StoryIndex.prepare``): the decisions of assigning them one by one."""
    return [assign(index, a, c, p)[0] for a, c, p in index.prepare(items)]
