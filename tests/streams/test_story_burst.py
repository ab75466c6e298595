"""Who may open an alert: a story that names no place and no country is held back (pending)
until a burst of reports forms; a report that names a place alerts at once."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client import REGISTRY
from pydantic import ValidationError

from streams import metrics
from streams.assign import assign
from streams.dedup import DedupConfig, StoryIndex
from streams.models import Article, Classification, Location, Severity, Story
from streams.settings import ConfigError, load_settings

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
BODY = (
    "Huge explosion at the chemical plant, black smoke everywhere, sirens all over town, "
    "people running from the warehouses {extra}"
)
CFG = DedupConfig(burst_reports=3, burst_sources=2, burst_minutes=30)


def post(aid: str, source: str, minutes: float = 0, extra: str = "") -> Article:
    return Article(
        id=aid, source=source, body=BODY.format(extra=extra), published_at=T0 + timedelta(minutes=minutes)
    )


def placeless() -> Classification:
    return Classification(category="explosion", severity=Severity.urgent)


def placed() -> Classification:
    return Classification(
        category="explosion", severity=Severity.urgent, location=Location(country="US", place="Houston")
    )


def feed(idx: StoryIndex, steps: list[tuple[Article, Classification]]) -> list[str | None]:
    return [assign(idx, a, k)[0].update for a, k in steps]


def test_a_burst_of_reports_from_enough_sources_opens_one_alerting_story() -> None:
    idx = StoryIndex(CFG)
    steps = [(post("p1", "alice", 0), placeless()), (post("p2", "bob", 5), placeless())]
    assert feed(idx, steps) == [None, None]
    assert len(idx) == 1 and len(idx.pending) == 1  # held: a real story, not alerted
    (story,) = idx.stories()
    assert story.pending and story.version == 0 and len(story.reports) == 2
    d, rec = assign(idx, post("p3", "alice", 12), placeless())
    assert d.update == "new" and d.story_id == story.story_id
    assert not rec.pending and rec.version == 1 and len(rec.reports) == 3
    assert not idx.pending
    assert any("released (burst)" in r for r in rec.reasons)


@pytest.mark.parametrize(
    "steps",
    [
        # three reports, one source
        [("p1", "alice", 0), ("p2", "alice", 5), ("p3", "alice", 10)],
        # two sources, two reports
        [("p1", "alice", 0), ("p2", "bob", 5)],
        # enough reports and sources, but not within 30 minutes
        [("p1", "alice", 0), ("p2", "bob", 25), ("p3", "carol", 55)],
    ],
)
def test_fewer_reports_or_sources_or_a_slower_trickle_do_not_alert(
    steps: list[tuple[str, str, int]],
) -> None:
    idx = StoryIndex(CFG)
    updates = feed(idx, [(post(aid, src, t), placeless()) for aid, src, t in steps])
    assert updates == [None] * len(steps)
    (story,) = idx.stories()
    assert story.pending and story.version == 0 and len(story.reports) == len(steps)


def test_a_report_that_names_a_place_alerts_at_once() -> None:
    idx = StoryIndex(CFG)
    d, rec = assign(idx, post("p1", "alice"), placed())
    assert d.update == "new" and not rec.pending and not idx.pending


def test_a_pending_story_alerts_when_a_report_brings_its_place() -> None:
    idx = StoryIndex(CFG)
    assert feed(idx, [(post("p1", "alice", 0), placeless())]) == [None]
    d, rec = assign(idx, post("p2", "alice", 90), placed())  # one source, no burst: the place releases
    assert d.update == "new" and d.duplicate and rec.place == "Houston" and not rec.pending


def test_a_placeless_report_joins_an_alerted_placed_story_and_opens_nothing() -> None:
    idx = StoryIndex(CFG)
    assert feed(idx, [(post("p1", "alice", 0), placed())]) == ["new"]
    d, rec = assign(idx, post("p2", "bob", 3), placeless())
    assert d.duplicate and d.update is None and len(idx) == 1 and not rec.pending


def test_burst_settings_are_validated() -> None:
    with pytest.raises(ValidationError, match="burst_sources"):
        DedupConfig(burst_reports=2, burst_sources=3)
    with pytest.raises(
        ConfigError, match=r"dedup_burst_sources \(3\) cannot exceed dedup_burst_reports \(2\)"
    ):
        load_settings(dedup_burst_reports=2, dedup_burst_sources=3)
    s = load_settings(dedup_burst_reports=5, dedup_burst_sources=4, dedup_burst_minutes=10)
    cfg = DedupConfig.from_settings(s)
    assert (cfg.burst_reports, cfg.burst_sources, cfg.burst_minutes) == (5, 4, 10)


def test_a_pending_story_survives_a_restart() -> None:
    idx = StoryIndex(CFG)
    feed(idx, [(post("p1", "alice", 0), placeless()), (post("p2", "bob", 5), placeless())])
    (story,) = idx.stories()
    stored = Story.model_validate_json(story.model_dump_json())  # the table holds JSON
    assert stored.pending and stored == story
    fresh = StoryIndex(CFG)
    fresh.restore([stored])
    assert fresh.pending == {story.story_id}
    # the restored story still needs its burst: the third report closes it
    d, rec = assign(fresh, post("p3", "carol", 10), placeless())
    assert d.story_id == story.story_id and d.update == "new" and not fresh.pending


def test_the_burst_does_not_depend_on_arrival_order() -> None:
    """Shuffle property on a small set: every order of the same three posts (within the burst
    window) gives one story and exactly one alert."""
    posts = [post("p1", "alice", 0, "now"), post("p2", "bob", 4, "right now"), post("p3", "carol", 9, "")]
    for order in itertools.permutations(posts):
        idx = StoryIndex(CFG)
        updates = feed(idx, [(a, placeless()) for a in order])
        assert len(idx) == 1 and updates.count("new") == 1 and updates[-1] == "new", order


QUAKE_1 = "Strong earthquake shakes Emilia, old buildings collapse in Finale and Mirandola"
QUAKE_2 = "the strong earthquake made more old buildings collapse this morning, people sleep in cars"
ATTACK_1 = "gunmen kill five villagers at a cattle camp in South Sudan"
ATTACK_2 = "gunmen raid a market in South Sudan, kill three traders"


def _country_posts(first: str, second: str, category: str, country: str, hours: float) -> list:
    idx = StoryIndex(CFG)
    c = Classification(category=category, severity=Severity.urgent, location=Location(country=country))
    a1 = Article(id="q1", source="alice", body=first, published_at=T0)
    a2 = Article(id="q2", source="bob", body=second, published_at=T0 + timedelta(hours=hours))
    return [assign(idx, a1, c)[0], assign(idx, a2, c)[0]]


def test_a_disaster_in_one_country_is_one_incident_within_hours() -> None:
    d1, d2 = _country_posts(QUAKE_1, QUAKE_2, "disaster", "IT", 2)
    assert d1.update == "new" and d2.story_id == d1.story_id and d2.match == "same_incident", d2
    assert d2.update is None and d2.reason is not None and d2.reason.startswith("same incident"), d2
    # time decays: 7 h after, still one incident; 40 h after (beyond incident_hours, 24 h, and
    # with too little text evidence to carry it further), a new story
    d1, d2 = _country_posts(QUAKE_1, QUAKE_2, "disaster", "IT", 7)
    assert d2.story_id == d1.story_id and d2.match == "same_incident", d2
    d1, d2 = _country_posts(QUAKE_1, QUAKE_2, "disaster", "IT", 40)
    assert d2.story_id != d1.story_id and d2.update == "new", d2


def test_two_attacks_in_one_country_stay_two_events() -> None:
    d1, d2 = _country_posts(ATTACK_1, ATTACK_2, "attack", "SS", 1)
    assert d2.story_id != d1.story_id and d2.match == "new", d2


def test_the_story_metrics_count_opened_held_back_and_alert_versions() -> None:
    def value(name: str) -> float:
        return REGISTRY.get_sample_value(name) or 0.0

    before = [value(n) for n in ("newsalert_stories_opened_total", "newsalert_reports_held_back_total")]
    versions = value("newsalert_story_alert_versions_count")
    metrics.observe_story(True, True, None, 4)
    metrics.observe_story(False, False, 2, 3)
    assert value("newsalert_stories_opened_total") == before[0] + 1
    assert value("newsalert_reports_held_back_total") == before[1] + 1
    assert value("newsalert_story_alert_versions_count") == versions + 1
    assert value("newsalert_stories_pending") == 3


def test_a_placeless_post_joins_a_placed_story_of_its_family_on_a_shared_name() -> None:
    idx = StoryIndex(CFG)
    placed_c = Classification(category="disaster", severity=Severity.urgent, location=Location(country="PH"))
    first = Article(
        id="b1",
        source="alice",
        body="Typhoon Bopha slams into the Philippines, thousands flee as winds reach 175 mph",
        published_at=T0,
    )
    post2 = Article(
        id="b2",
        source="bob",
        body="Typhoon Bopha winds reach us, thousands flee, please pray for everyone tonight",
        published_at=T0 + timedelta(hours=2),
    )
    d1, _ = assign(idx, first, placed_c)
    d2, rec = assign(idx, post2, Classification(category="disaster", severity=Severity.urgent))
    assert d1.update == "new" and d2.story_id == d1.story_id and d2.match == "same_event", d2
    assert d2.reason is not None and d2.reason.startswith("classifier evidence"), d2
    assert d2.update is None and not rec.pending and len(idx) == 1
    # another family: no join, and the post waits in a pending story of its own
    d3, rec3 = assign(
        idx,
        Article(
            id="b3", source="carol", body="Bopha fans rally outside the stadium tonight", published_at=T0
        ),
        Classification(category="attack", severity=Severity.urgent),
    )
    assert d3.story_id != d1.story_id and d3.update is None and rec3.pending, d3


def test_a_report_older_than_the_window_behind_the_newest_is_held_back_as_stale() -> None:
    """Old news (a feed's first poll, a replay in blocks): a report published more than the
    story window behind the newest report seen finds no story of its time held, and must not
    alert as new; within the window it alerts as any placed report does."""
    idx = StoryIndex(CFG)
    assert feed(idx, [(post("now", "alice", 0), placed())]) == ["new"]
    hours = CFG.window_hours
    quake = Classification(
        category="disaster", severity=Severity.urgent, location=Location(country="CL", place="Valparaiso")
    )
    old = Article(id="old", source="bob", body="Earthquake damages Valparaiso port, two dead",
                  published_at=T0 - timedelta(hours=hours + 5))  # fmt: skip
    d, rec = assign(idx, old, quake)
    assert d.update is None and rec.pending and not d.duplicate
    assert "stale: published 77 h before the newest report seen" in (d.reason or "")
    recent = Article(id="recent", source="bob", body="Earthquake damages Valparaiso port, two dead",
                     published_at=T0 - timedelta(hours=hours - 5))  # fmt: skip
    d, rec = assign(idx, recent, quake)
    assert d.update == "new" and not rec.pending


def test_a_post_naming_the_whole_state_joins_the_story_of_a_city_in_it() -> None:
    """Place as a hierarchy: "Massachusetts" holds "Boston", so a bombing post naming the state
    joins the Boston bombing's story within evidence_hours with no shared name (the story is a
    candidate by a word, "marathon"); another city of the state is another place, and so is the
    state half a day later."""

    def bombing(aid: str, minutes: float, body: str, place: str) -> tuple[Article, Classification]:
        art = Article(id=aid, source="crisislex", body=body, published_at=T0 + timedelta(minutes=minutes))
        loc = Location(country="US", place=place)
        return art, Classification(category="bombing", severity=Severity.alert, location=loc)

    idx = StoryIndex(CFG)
    first = bombing("b1", 0, "BREAKING: two bombs went off at the finish of the Boston marathon", "Boston")
    d1, _ = assign(idx, *first)
    d2, _ = assign(
        idx,
        *bombing("b2", 3, "Explosions in Massachusetts at the marathon, spectators hurt", "Massachusetts"),
    )
    assert d1.update == "new" and d2.story_id == d1.story_id and d2.update is None
    assert "a place in the whole region named" in (d2.reason or "")
    d3, _ = assign(idx, *bombing("b3", 5, "Blast near the Springfield marathon, people hurt", "Springfield"))
    assert d3.story_id != d1.story_id
    late = CFG.evidence_hours * 60 + 60
    d4, _ = assign(
        # (no headline label: "Marathon blasts: ..." refers back to the event, an aftermath join)
        idx,
        *bombing(
            "b4", late, "Security tightened across Massachusetts, marathon blasts probed", "Massachusetts"
        ),
    )
    assert d4.story_id != d1.story_id
