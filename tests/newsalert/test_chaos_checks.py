"""The chaos suite's ground-truth checks (newsalert/chaos/checks.py), on hand-made data: what counts
as a lost report, a late one, and a repeat."""

from __future__ import annotations

import json

from newsalert.chaos.checks import (
    Result,
    check_alerts,
    check_stored_alerts,
    check_stories,
    stored_reports,
    stored_stories,
)
from newsalert.chaos.corpus import (
    ExpectedAlert,
    Replay,
    apart_in_order,
    interleave,
    make_events,
    make_filler,
    mixed_events,
    stable_events,
)


def alert(sid: str, v: int, reason: str, *ids: str) -> dict:
    return {
        "story_id": sid,
        "version": v,
        "update_reason": reason,
        "reports": [{"article_id": i} for i in ids],
    }


def story(sid: str, *ids: str, version: int = 1) -> bytes:
    return json.dumps(
        {"p": 0, "story": {"story_id": sid, "version": version, "reports": [{"article_id": i} for i in ids]}}
    ).encode()


# the clean run: ev1's two reports in order give v1 (new) and v2 (fatalities rose)
EXPECTED = {
    ("s-a", 1): ExpectedAlert("s-a", 1, "new", frozenset({"ev1-r0"})),
    ("s-a", 2): ExpectedAlert("s-a", 2, "fatalities_rose", frozenset({"ev1-r0", "ev1-r1"})),
}


def test_stored_reports_follow_the_changelog_with_tombstones():
    records = [
        (b"s-a", story("s-a", "ev1-r0")),
        (b"s-b", story("s-b", "ev2-r0")),
        (b"s-a", story("s-a", "ev1-r0", "ev1-r1")),
        (b"s-b", b""),  # evicted
    ]
    assert stored_reports(records) == {"ev1-r0", "ev1-r1"}


def test_a_report_in_no_story_is_a_loss():
    r = Result("t")
    check_stories(r, {"ev1-r0"}, ["ev1-r0", "ev1-r1"])
    assert not r.ok and r.losses == 1 and "ev1-r1" in r.failed[0].detail


def test_a_late_report_held_in_its_story_is_not_a_loss():
    # after a crash r1 was read first (it opened the story), r0 later changed nothing material
    alerts = [alert("s-b", 1, "new", "ev1-r1")]
    r = Result("t")
    check_alerts(r, alerts, EXPECTED, stored={"ev1-r0", "ev1-r1"})
    assert r.ok, r.report()
    assert r.losses == 0 and r.details["events_with_late_reports"] == 1
    # without the stories known, the same alerts are a loss and a mismatch
    strict = Result("t")
    check_alerts(strict, alerts, EXPECTED)
    assert not strict.ok and strict.losses == 1


def test_an_event_with_no_alert_is_lost_even_if_its_reports_are_stored():
    r = Result("t")
    check_alerts(r, [], EXPECTED, stored={"ev1-r0", "ev1-r1"})
    assert not r.ok and r.losses == 1


def test_a_repeated_version_and_a_second_new_story_are_duplicates():
    alerts = [
        alert("s-a", 1, "new", "ev1-r0"),
        alert("s-a", 1, "new", "ev1-r0"),
        alert("s-a", 2, "fatalities_rose", "ev1-r0", "ev1-r1"),
        alert("s-c", 1, "new", "ev1-r1"),  # the event split into a second story
    ]
    r = Result("t")
    check_alerts(r, alerts, EXPECTED, stored={"ev1-r0", "ev1-r1"})
    assert not r.ok and r.duplicates >= 2


def test_a_stored_alert_version_missing_from_the_topic_is_lost():
    stories = stored_stories(
        [
            (b"s-a", story("s-a", "ev1-r0", version=1)),
            (b"s-a", story("s-a", "ev1-r0", "ev1-r1", version=2)),
            (b"s-p", story("s-p", "ev2-r0", version=0)),  # held back: never alerted
        ]
    )
    assert stories == {"s-a": (2, {"ev1-r0", "ev1-r1"}), "s-p": (0, {"ev2-r0"})}
    ok = Result("t")
    check_stored_alerts(ok, stories, [alert("s-a", 1, "new", "ev1-r0"), alert("s-a", 2, "x", "ev1-r1")])
    assert ok.ok and ok.losses == 0, ok.report()
    lost = Result("t")
    check_stored_alerts(lost, stories, [alert("s-a", 1, "new", "ev1-r0")])
    assert not lost.ok and lost.losses == 1 and "s-a:v2" in lost.failed[0].detail


def test_mixed_events_are_those_sharing_an_alert():
    expected = {
        ("s-a", 1): ExpectedAlert("s-a", 1, "new", frozenset({"ev1-r0", "ev2-r0"})),
        ("s-b", 1): ExpectedAlert("s-b", 1, "new", frozenset({"ev3-r0", "ev3-r1"})),
    }
    assert mixed_events(expected) == {"ev1", "ev2"}


def test_apart_in_order_leaves_no_alert_holding_two_events():
    # in this order (seed 4) two of the events share a story: they are not ground truth
    replay = Replay()
    events, filler = make_events(30, seed=2), make_filler(60, seed=3)
    assert mixed_events(replay.alerts(interleave(events, filler, 4))) == {"ev3", "ev6"}
    kept, records, expected = apart_in_order(events, filler, 4)
    assert {e.id for e in events} - {e.id for e in kept} == {"ev3", "ev6"}
    assert not mixed_events(expected) and expected == replay.alerts(records)


def test_a_takeover_rebuilding_the_story_index_changes_no_alert():
    """A worker that takes a partition over rebuilds the story index from the stored stories
    (StoryIndex.restore): with their text profiles kept, the alerts are those of a run without the
    rebuild. Without them (headlines only), ev84 of this corpus opened a second story after a
    rebuild in every one of 10 trials (and did in a SIGKILL storm)."""
    replay = Replay()
    events = stable_events(120, seed=34)
    _, records, expected = apart_in_order(events, make_filler(400, seed=35), 36)
    rebuilt = replay.alerts(records, restore_at=range(60, len(records), 60))
    assert rebuilt == expected
