"""What rules a held story out as the same event before any scoring, and the reasons a report
opens a new story (``StoryDecision.reason``)."""

from __future__ import annotations

from functools import lru_cache

from streams.dedup.config import DedupConfig
from streams.dedup.slots import Slot

# why an article opened a new story when no candidate story was scored
WHY_DATELINE = "too few words beyond dates and times: matched by URL or content only"
WHY_NO_CANDIDATE = "no held story shares its heaviest terms or names"
WHY_FAMILY = "another event family"


def veto(s: Slot, t: float, fam: int, ctry: int, hs: float, groups: dict[int, int]) -> str | None:
    """What rules a story out as the same event before any scoring (None: nothing): another event
    family that is not compatible with the report's (``groups``: family code -> the code of its
    group of compatible families), another country (each only when both sides have one), or more
    than ``hs`` seconds between the report and the story's reports."""
    if fam and s.fam and s.fam != fam and groups.get(s.fam, s.fam) != groups.get(fam, fam):
        return WHY_FAMILY
    if ctry and s.ctry and s.ctry != ctry:
        return "another country"
    if t - s.t_last > hs or s.t_first - t > hs:
        return apart(hs)
    return None


def mergeable(
    a: Slot, b: Slot, cfg: DedupConfig, groups: dict[int, int], incident_groups: frozenset[int]
) -> bool:
    """Whether two held stories may be one event (a late merge): no veto between them, as between
    a report and a story (family group, country, time, each when both sides have one), the same
    place when both name one (or, for an incident group, the same region: one flood, two towns),
    no years or months that exclude each other, and (``merge_weekdays``) not two sets of weekdays
    with none in common: two stories that each name the day of their event, and not the same one,
    are two events of one kind (two arrests, two launches) more often than one event."""
    if a.fam and b.fam and a.fam != b.fam and groups.get(a.fam, a.fam) != groups.get(b.fam, b.fam):
        return False
    if a.ctry and b.ctry and a.ctry != b.ctry:
        return False
    hs = cfg.same_event_hours * 3600.0
    if b.t_first - a.t_last > hs or a.t_first - b.t_last > hs:
        return False
    if a.place and b.place and a.place != b.place:
        grp = groups.get(a.fam, a.fam)
        if not (a.region and a.region == b.region and grp in incident_groups):
            return False
    if a.years and b.years and not set(a.years).intersection(b.years):
        if min(abs(x - y) for x in a.years for y in b.years) >= cfg.years_gap:
            return False
    if a.months and b.months and not a.months & b.months:
        return False
    return not (cfg.merge_weekdays and a.days and b.days and not a.days & b.days)


@lru_cache(maxsize=8)
def apart(hs: float) -> str:
    """The time veto's reason: formatted once per window, not once per candidate ruled out."""
    return f"more than {hs / 3600:g} h apart"


def all_vetoed(s: Slot, why: str) -> str:
    """Why a report opens a new story when every candidate story was vetoed (``s``: the first)."""
    return f"nearest story {s.rec.story_id}: {why}"


def why_new(cfg: DedupConfig, s: Slot, best: float, cos: float, second: float, short: bool) -> str:
    """Why the best-scoring candidate story ``s`` (score ``best``, cosine ``cos``) was not joined:
    below the threshold (after the years and months penalties; the short-text one for a short
    text), or too close to the second best."""
    head = f"nearest story {s.rec.story_id} scored {best:.2f}"
    th = cfg.join_threshold(short)
    if best < th:
        pen = f", cosine {cos:.2f} before the years/months penalty" if best < cos else ""
        return f"{head}{pen}, below the {'short-text ' if short else ''}same-event threshold {th:g}"
    return f"{head}, within the margin {cfg.margin:g} of another story ({second:.2f})"
