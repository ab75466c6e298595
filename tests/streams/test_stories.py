"""Alert-update rules of stories (pure functions, and through the story stage: ``assign``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from streams import stories as st
from streams.assign import assign
from streams.dedup import StoryIndex
from streams.models import Article, Classification, Location, Severity

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
BODY = (
    "Gunmen attacked the convoy of governor Ibrahim Musa near Maiduguri on Monday, killing {n} of his "
    "guards, officials in Borno state said. Musa survived the ambush on the Maiduguri-Damboa road, "
    "spokesman Aliyu Bello said. The attackers fled into the Sambisa forest. "
)


def art(aid: str, source: str, n: int = 3, minutes: int = 0, extra: str = "") -> Article:
    return Article(
        id=aid,
        source=source,
        title="Governor Musa survives ambush near Maiduguri",
        body=BODY.format(n=n) + extra,
        published_at=T0 + timedelta(minutes=minutes),
    )


def c(category="assassination_attempt", severity=Severity.urgent, fatalities=3) -> Classification:
    return Classification(
        category=category,
        severity=severity,
        fatalities=fatalities,
        location=Location(country="NG", place="Maiduguri"),
        target="Ibrahim Musa",
    )


def run(steps):
    idx = StoryIndex()
    out = []
    for a, k in steps:
        d, rec = assign(idx, a, k)
        out.append((d, idx.story_of(rec)))
    return out


def test_first_alertable_report_creates_alert_v1():
    ((d, s),) = run([(art("a1", "Reuters"), c())])
    assert d.update == "new" and s.version == 1
    alert = st.make_alert(s, d.update, T0, None)
    assert alert.alert_id == f"{s.story_id}:v1" and alert.version == 1 and alert.story_id == s.story_id
    assert alert.category == "assassination_attempt" and alert.severity == Severity.urgent


def test_below_alert_severity_no_alert_until_escalation_then_new():
    res = run(
        [
            (art("a1", "Reuters"), c(severity=Severity.none)),
            (art("a2", "AP", extra="More."), c(severity=Severity.alert)),
        ]
    )
    assert res[0][0].update is None and res[0][1].version == 0
    assert res[1][0].story_id == res[0][0].story_id
    assert res[1][0].update == "new" and res[1][1].version == 1


def test_repeat_without_change_is_suppressed():
    res = run([(art("a1", "Reuters"), c()), (art("a2", "AP", extra="Police said."), c())])
    assert res[1][0].story_id == res[0][0].story_id and res[1][0].update is None
    assert res[1][1].version == 1 and len(res[1][1].reports) == 2


def test_severity_escalation_updates():
    res = run([(art("a1", "Reuters"), c()), (art("a2", "AP", extra="x"), c(severity=Severity.flash))])
    assert res[1][0].update == "severity_escalated" and res[1][1].version == 2
    assert st.make_alert(res[1][1], "severity_escalated", T0, None).alert_id.endswith(":v2")


def test_fatalities_rise_updates_and_fall_does_not():
    res = run(
        [
            (art("a1", "Reuters"), c()),
            (art("a2", "AP", n=5, extra="x"), c(fatalities=5)),
            (art("a3", "AP", n=4, extra="y"), c(fatalities=4)),
        ]
    )
    assert res[1][0].update == "fatalities_rose" and res[1][1].fatalities == 5
    assert res[2][0].update is None and res[2][1].fatalities == 5


def test_category_change_to_more_specific_updates():
    res = run(
        [(art("a1", "Reuters"), c()), (art("a2", "AP", extra="He died later."), c(category="assassination"))]
    )
    assert res[1][0].update == "category_changed" and res[1][1].category == "assassination"
    # and back to the less specific category: no change
    res2 = run([(art("a1", "Reuters"), c(category="assassination")), (art("a2", "AP", extra="z"), c())])
    assert res2[1][0].update is None and res2[1][1].category == "assassination"


def test_three_independent_sources_confirm_once():
    res = run(
        [
            (art("a1", "Reuters"), c()),
            (art("a2", "reuters ", extra="a"), c()),
            (art("a3", "AP", extra="b"), c()),
            (art("a4", "BBC", extra="c"), c()),
            (art("a5", "CNN", extra="d"), c()),
        ]
    )
    assert [d.update for d, _ in res] == ["new", None, None, "confirmed_by_sources", None]
    assert len({d.story_id for d, _ in res}) == 1
    assert res[3][1].version == 2 and res[3][1].alerted_sources == 3


def test_repeated_article_never_triggers():
    res = run([(art("a1", "Reuters"), c()), (art("a1", "Reuters"), c(severity=Severity.flash, fatalities=9))])
    assert res[1][0].update is None and res[1][1].version == 1 and res[1][1].fatalities == 3


def test_merge_report_is_pure_and_keeps_running_max():
    s = st.new_story("s-1", art("a1", "Reuters"), c(fatalities=7))
    m = st.merge_report(
        s,
        art("a2", "AP"),
        Classification(category="attack", severity=Severity.alert, fatalities=2, injured=4),
    )
    assert len(s.reports) == 1 and len(m.reports) == 2
    assert m.fatalities == 7 and m.injured == 4 and m.category == "assassination_attempt"
    assert m.severity == Severity.urgent and m.location.country == "NG" and m.target == "Ibrahim Musa"


def test_make_alert_needs_a_category():
    s = st.new_story("s-1", art("a1", "Reuters"), None)
    with pytest.raises(ValueError):
        st.make_alert(s, "new", T0, None)


def test_a_reused_id_with_other_content_is_a_conflict():
    index = StoryIndex()
    first = art("a1", "Reuters")
    _, record = assign(index, first, c())
    assert st.id_conflict(record, first) is None  # the same article again: a plain repeat
    other = first.model_copy(update={"title": "Markets close higher on tech rally"})
    assert st.id_conflict(record, other) == "title"
    moved = first.model_copy(update={"source": "AP", "title": "Markets close higher"})
    assert st.id_conflict(record, moved) == "source, title"
    assert st.id_conflict(record, art("a2", "Reuters")) is None  # not held: no conflict


def test_the_category_is_the_consensus_of_the_reports_weighted_by_severity():
    res = run(
        [
            (art("a1", "Reuters"), c(category="assassination", severity=Severity.alert)),  # weighs 2
            (art("a2", "AP", extra="a"), c(severity=Severity.urgent)),  # the attempt: 3
            (art("a3", "AFP", extra="b"), c(severity=Severity.urgent)),  # 6 against 2
        ]
    )
    # the urgent reports of an attempt outweigh the one alert-level report of a killing
    assert res[1][0].update == "category_changed" and res[1][1].category == "assassination_attempt"
    assert res[2][1].category == "assassination_attempt" and res[2][1].category_votes == {
        "assassination": 2.0,
        "assassination_attempt": 6.0,
    }
    # the consensus changes with an update when the reports turn: three flash reports of the death
    later = run(
        [
            (art("a1", "Reuters"), c()),
            (art("a2", "AP", extra="a"), c(category="assassination", severity=Severity.flash)),
        ]
    )
    assert later[1][0].update == "category_changed" and later[1][1].category == "assassination"


def test_equal_votes_keep_the_category_unless_the_other_ranks_higher():
    taxonomy = st.load_taxonomy()
    assert st.consensus({"attack": 3.0, "bombing": 3.0}, "bombing", taxonomy) == "bombing"
    assert st.consensus({"attack": 3.0, "bombing": 3.0}, "attack", taxonomy) == "bombing"  # ranks higher
    assert st.consensus({"attack": 4.0, "bombing": 3.0}, "bombing", taxonomy) == "attack"
    assert st.consensus({}, None, taxonomy) is None


def test_the_votes_survive_a_restart():
    idx = StoryIndex()
    for a, k in [
        (art("a1", "Reuters"), c(category="assassination", severity=Severity.alert)),
        (art("a2", "AP", extra="a"), c(severity=Severity.urgent)),
    ]:
        d, _ = assign(idx, a, k)
    restarted = StoryIndex()
    restarted.restore(idx.stories())
    s = restarted.get(d.story_id)
    assert s is not None and s.category_votes == {"assassination": 2.0, "assassination_attempt": 3.0}
    # one more flash report of the death: 2 + 4 against 3, as without the restart
    d, rec = assign(
        restarted, art("a3", "AFP", extra="b"), c(category="assassination", severity=Severity.flash)
    )
    assert d.update == "category_changed" and rec.category == "assassination"
