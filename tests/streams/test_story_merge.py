"""Late merge (docs/stories.md, "Late merge"): two held stories that turn out to be one event merge
into one; the other story ends with one final ``merged`` update carrying ``merged_into``, never a
new alert; the merge survives a restart, holds with several workers (compatible families share a
partition) and does not depend on the order the reports arrive in."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from streams.assign import assign
from streams.dedup import DedupConfig, StoryIndex
from streams.models import Article, Classification, Location, Severity, Story, StoryDecision
from streams.stories import StoryRecord, make_alert, story_of_record
from streams.taxonomy import load_taxonomy

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)

# one bombing told three ways: the blast (A), the hospital (B: no word of the blast in common), and a
# report that tells both (C), which bridges them
A_TXT = (
    "A car bomb tore through the crowded Shorja wholesale market in central Baghdad on Monday morning, "
    "destroying dozens of stalls and setting shops ablaze. Police said the explosives were hidden in a "
    "parked minibus near the spice sellers. Traders swept glass and rubble as firefighters doused burning "
    "vegetable carts."
)
B_TXT = (
    "Doctors at Medical City hospital worked through the night treating wounded survivors, many with "
    "severe burns and shrapnel injuries. Health ministry officials appealed for blood donors as ambulances "
    "queued outside the emergency ward. Relatives searched casualty lists posted on the hospital gates."
)
C_TXT = (
    "Wounded survivors of the Shorja market car bomb crowded Medical City hospital, where doctors treated "
    "burns and shrapnel injuries. The explosives, hidden in a parked minibus near the spice sellers in "
    "central Baghdad, destroyed stalls and shops. Health ministry officials appealed for blood donors; "
    "ambulances queued at the emergency ward."
)


def art(aid: str, body: str, hours: float, source: str) -> Article:
    return Article(id=aid, source=source, body=body, published_at=T0 + timedelta(hours=hours))


def bombing(
    severity: Severity = Severity.urgent, fatalities: int | None = None, category: str = "bombing"
) -> Classification:
    return Classification(
        category=category,
        severity=severity,
        fatalities=fatalities,
        location=Location(country="IQ", place="Baghdad"),
    )


A = (art("a", A_TXT, 0, "Reuters"), bombing())
B = (art("b", B_TXT, 1, "AP"), bombing(fatalities=12))
C = (art("c", C_TXT, 2, "AFP"), bombing())


def run(
    idx: StoryIndex, steps: list[tuple[Article, Classification]]
) -> tuple[list[StoryDecision], list[StoryRecord]]:
    """The decisions, and the final records of the stories merged away on the way."""
    out, merged = [], []
    for a, c in steps:
        out.append(assign(idx, a, c)[0])
        merged.extend(idx.merged)
    return out, merged


def test_a_bridging_report_merges_two_stories_with_one_merged_update_and_no_new_alert() -> None:
    idx = StoryIndex()
    (da, db, dc), merged = run(idx, [A, B, C])
    assert da.update == db.update == "new" and da.story_id != db.story_id  # two alerts before
    # the bridging report joins the older story; the newer one is merged into it
    assert dc.story_id == da.story_id and dc.update != "new", dc
    assert dc.reason is not None and f"merged {db.story_id} into {da.story_id} (bridging report" in dc.reason
    assert [m.story_id for m in merged] == [db.story_id]
    assert dc.merged == [db.story_id] and da.merged == db.merged == []  # what the decision tells
    final = merged[0]
    assert final.merged_into == da.story_id and final.version == 2  # v1 its alert, v2 the merge
    alert = make_alert(story_of_record(final), "merged", T0, None)
    assert (
        alert.update_reason == "merged"
        and alert.merged_into == da.story_id
        and alert.alert_id.endswith(":v2")
    )
    assert db.story_id not in idx and len(idx) == 1
    survivor = idx.get(da.story_id)
    assert survivor is not None
    assert {r.article_id for r in survivor.reports} == {"a", "b", "c"}
    assert survivor.merged_from == [db.story_id] and survivor.fatalities == 12  # B's toll, silently
    # later reports of the event join the survivor; the merged story gets no second update
    later, again = run(idx, [(art("d", B_TXT + " More donors came on Tuesday.", 3, "BBC"), bombing())])
    assert later[0].story_id == da.story_id and later[0].update != "new" and again == []


def test_the_alerted_story_survives_so_a_merge_never_makes_a_new_alert() -> None:
    idx = StoryIndex()
    # the older story never alerted (no severity); the newer one did
    quiet = (art("a", A_TXT, 0, "Reuters"), bombing(severity=Severity.none))
    (da, db, dc), merged = run(idx, [quiet, B, C])
    assert da.update is None and db.update == "new"
    assert dc.story_id == db.story_id and dc.update != "new", dc
    assert [m.story_id for m in merged] == [da.story_id]
    assert merged[0].merged_into == db.story_id and merged[0].version == 0  # never alerted: no update


def test_stories_that_disagree_are_not_merged() -> None:
    idx = StoryIndex()
    other_country = (
        art("b", B_TXT, 1, "AP"),
        Classification(
            category="bombing", severity=Severity.urgent, location=Location(country="SY", place="Aleppo")
        ),
    )
    (da, db, dc), merged = run(idx, [A, other_country, C])
    assert merged == [] and len({da.story_id, db.story_id}) == 2 and len(idx) == 2


def test_no_merge_when_late_merge_is_off() -> None:
    idx = StoryIndex(DedupConfig(late_merge=False))
    (da, db, dc), merged = run(idx, [A, B, C])
    assert merged == [] and len(idx) == 2


def stored(idx: StoryIndex, merged: list[StoryRecord]) -> list[Story]:
    """What the stories table holds: every held story, and each merged story's final state."""
    return [*idx.stories(), *(story_of_record(r) for r in merged)]


def test_a_restart_keeps_the_merge() -> None:
    first = StoryIndex()
    (da, db, _), merged = run(first, [A, B, C])
    restarted = StoryIndex()
    restarted.restore(stored(first, merged))
    assert len(restarted) == 1 and db.story_id not in restarted
    s = restarted.get(da.story_id)
    assert s is not None and {r.article_id for r in s.reports} == {"a", "b", "c"}
    # a report the merged story holds is a repeat in the survivor; a new one joins the survivor
    (rb, rd), again = run(
        restarted, [B, (art("d", B_TXT + " More donors came on Tuesday.", 3, "BBC"), bombing())]
    )
    assert rb.story_id == da.story_id and rb.duplicate and rb.update is None
    assert rd.story_id == da.story_id and again == []


def test_a_restart_redoes_a_merge_whose_survivor_was_not_stored() -> None:
    """The worker writes the merged story's final state first, then the survivor's: a worker killed
    in between leaves the final state and the survivor as it was before the merge."""
    before = StoryIndex()
    run(before, [A])
    survivor_before = before.get(before.table.record(0).story_id)
    first = StoryIndex()
    (da, db, _), merged = run(first, [A, B, C])
    assert survivor_before is not None and survivor_before.story_id == da.story_id
    restarted = StoryIndex()
    restarted.restore([survivor_before, *(story_of_record(r) for r in merged)])
    assert len(restarted) == 1 and db.story_id not in restarted
    s = restarted.get(da.story_id)
    assert (
        s is not None and {r.article_id for r in s.reports} == {"a", "b"} and s.merged_from == [db.story_id]
    )


def test_two_workers_merge_compatible_families_on_one_partition() -> None:
    """The classified topic is keyed by ``DedupConfig.partition_family``: an explosion read as a
    disaster and as a bombing lands on one partition, whose index merges the two stories."""
    cfg = DedupConfig()
    steps = [
        (art("a", A_TXT, 0, "Reuters"), bombing(category="disaster")),
        B,  # a bombing: another family, a compatible one
        (art("c", C_TXT, 2, "AFP"), bombing(category="disaster")),
    ]

    taxonomy = load_taxonomy()

    def stories_at_the_end(key_of: Callable[[str], str]) -> int:
        partitions: dict[str, int] = {}  # key -> partition, each new key on the next of two
        workers = [StoryIndex(cfg), StoryIndex(cfg)]
        for a, c in steps:
            family = taxonomy.family(c.category)
            assert family is not None
            p = partitions.setdefault(key_of(family), len(partitions) % 2)
            assign(workers[p], a, c)
        return sum(len(w) for w in workers)

    assert cfg.partition_family("explosive") == cfg.partition_family("disaster")
    assert stories_at_the_end(cfg.partition_family) == 1
    # keyed by the family itself, the two reports of one event sit on two workers: two stories
    assert stories_at_the_end(lambda f: f) == 2


def background() -> list[tuple[Article, None]]:
    """Forty earlier reports on other things: the index's word statistics (IDF) as a stream has them."""
    words = (
        "officials said police monday tuesday night morning city central crowded hospital market wounded "
        "people government minister health traders shops ministry emergency week country local residents"
    ).split()
    return [
        (
            art(
                f"bg{i}",
                " ".join(words[(i * 7 + j * 3) % len(words)] for j in range(40)) + f" topic{i}",
                -30 + i,
                f"s{i}",
            ),
            None,
        )
        for i in range(40)
    ]


def test_any_arrival_order_gives_one_story() -> None:
    for order in itertools.permutations([A, B, C]):
        idx = StoryIndex()
        run(idx, background())
        held = set(idx.table.sid)
        ds, merged = run(idx, list(order))
        assert len(set(idx.table.sid) - held) == 1, ([a.id for a, _ in order], [d.reason for d in ds])
        assert sum(d.update == "new" for d in ds) <= 2  # the two alerts before a bridge, at most
        assert all(m.merged_into in idx for m in merged)


def test_a_merged_story_leaves_the_table_with_its_survivor() -> None:
    idx = StoryIndex(DedupConfig(window_hours=24))
    (da, db, _), _ = run(idx, [A, B, C])
    idx.drain_evicted()
    run(
        idx,
        [(art("z", "Typhoon makes landfall on the northern coast, thousands evacuated", 48, "NHK"), None)],
    )
    # the survivor leaves the window: its id and the merged story's (whose final state the worker
    # stored) are both to be deleted from the stories table
    assert {da.story_id, db.story_id} <= set(idx.drain_evicted())


# two similar events (issue #15): two market bombings in one city, each story naming the day of its
# own blast; the report that bridges them by its words names no day
B_THURSDAY = (art("b", B_TXT + " The blast struck on Thursday.", 1, "AP"), bombing(fatalities=12))
B_MONDAY = (art("b", B_TXT + " The blast struck on Monday.", 1, "AP"), bombing(fatalities=12))


def test_two_stories_naming_different_weekdays_are_not_merged() -> None:
    idx = StoryIndex()
    (da, db, dc), merged = run(idx, [A, B_THURSDAY, C])  # A: "on Monday morning"
    assert merged == [] and da.story_id != db.story_id and len(idx) == 2
    # the veto is what keeps them apart: without it the same reports merge
    idx = StoryIndex(DedupConfig(merge_weekdays=False))
    _, merged = run(idx, [A, B_THURSDAY, C])
    assert [m.story_id for m in merged] == [db.story_id]


def test_two_stories_naming_the_same_weekday_still_merge() -> None:
    idx = StoryIndex()
    (da, db, dc), merged = run(idx, [A, B_MONDAY, C])
    assert [m.story_id for m in merged] == [db.story_id] and dc.story_id == da.story_id


def test_a_restart_keeps_the_weekdays_of_the_stories_bodies() -> None:
    """A restored story is indexed by its reports' titles: the weekdays its bodies named come back
    from the stored story (``profile_days``), so the veto holds after a restart."""
    first = StoryIndex()
    (da, db), _ = run(first, [A, B_THURSDAY])
    kept = list(first.stories())
    assert {tuple(s.profile_days or ()) for s in kept} == {("monday",), ("thursday",)}
    restarted = StoryIndex()
    restarted.restore(kept)
    (dc,), merged = run(restarted, [C])
    assert merged == [] and len(restarted) == 2
