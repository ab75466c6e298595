"""A dense crisis stream (docs/stories.md, "A dense crisis stream"): while a city is the news, one
event gives one alerting story however many posts of other words name the city, whichever family
a post is read as, and however it refers back to the event a day later."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from streams.assign import assign
from streams.classify.gazetteer import gazetteer
from streams.dedup import DedupConfig, StoryIndex
from streams.dedup.aftermath import read
from streams.models import Article, Classification, Location, Severity

T0 = datetime(2025, 6, 21, 19, 42, 30, tzinfo=UTC)
DAY = datetime(2016, 7, 2, tzinfo=UTC)  # a date alone, as ACLED's notes are dated

# posts that name the city but no event the classifier reads: each opens a story of its own words
CROWD = [
    "Police cordon around Place Bellecour Lyon, dozens of ambulances arriving",
    "Pray for Lyon tonight, everybody stay safe",
    "Hospitals in Lyon appeal for blood donors, go to EFS Gerland",
    "Metro lines closed in Lyon, avoid the Presqu'ile",
    "Lyon residents open their homes to stranded concertgoers",
    "Interior minister on his way to Lyon tonight",
    "Sirens all over Lyon, police telling everyone to leave the square",
    "Lyon mon amour, je suis sous le choc",
]


def art(aid: str, body: str, minutes: float, t0: datetime = T0) -> Article:
    return Article(id=aid, source="posts", body=body, published_at=t0 + timedelta(minutes=minutes))


def ev(
    category: str, place: str | None, country: str = "FR", severity: Severity = Severity.alert
) -> Classification:
    return Classification(
        category=category, severity=severity, location=Location(country=country, place=place)
    )


def crowded(t0: datetime = T0) -> tuple[StoryIndex, str]:
    """A bombing in Lyon, then the placeless posts of a dense stream that name the city."""
    idx = StoryIndex(DedupConfig())
    d, _ = assign(
        idx,
        art("b1", "Explosion at the open-air concert on Place Bellecour in Lyon", 0, t0),
        ev("bombing", "Lyon"),
    )
    assert d.update == "new"
    for i, body in enumerate(CROWD):
        assign(idx, art(f"c{i}", body, 1 + i, t0), None)
    return idx, d.story_id


def test_a_post_of_the_family_and_city_joins_within_the_hour_whatever_its_words():
    idx, sid = crowded()
    d, _ = assign(
        idx,
        art("b2", "At least 4 dead and dozens wounded after blast at Lyon music festival", 12),
        ev("bombing", "Lyon", severity=Severity.urgent),
    )
    assert d.story_id == sid and d.update != "new"
    d, _ = assign(
        idx,
        art("b3", "Lyon: police search for a man in a grey hoodie seen with a backpack", 40),
        ev("bombing", "Lyon"),
    )
    assert d.story_id == sid


def test_the_same_family_in_the_city_hours_later_with_other_words_is_another_story():
    idx, sid = crowded()
    d, _ = assign(
        idx, art("b2", "Grenade thrown at a police car in Lyon, driver hurt", 6 * 60), ev("bombing", "Lyon")
    )
    assert d.story_id != sid


def test_a_post_of_the_family_in_another_city_within_the_hour_is_another_story():
    idx, sid = crowded()
    d, _ = assign(
        idx, art("b2", "Explosion in a car park in Grenoble, two hurt", 15), ev("bombing", "Grenoble")
    )
    assert d.story_id != sid and d.update == "new"


def test_notes_dated_by_the_day_alone_are_not_joined_by_the_hour():
    # ACLED's notes carry a date, not a time: a date cannot tell two reports came within the hour
    idx, sid = crowded(DAY)
    d, _ = assign(
        idx,
        art("b2", "Two soldiers wounded by a roadside device on the ring road of Lyon", 0, DAY),
        ev("bombing", "Lyon"),
    )
    assert d.story_id != sid


def test_another_family_at_the_place_within_the_hour_is_one_event_read_two_ways():
    idx, sid = crowded()
    d, _ = assign(
        idx,
        art("f1", "Fusillade place Bellecour à Lyon, plusieurs blessés selon la police", 10),
        ev("armed_clash", "Lyon"),
    )
    assert d.story_id == sid and d.update != "new"


def test_another_family_at_the_place_hours_later_is_another_event():
    idx, sid = crowded()
    d, _ = assign(
        idx,
        art("f1", "Clashes between police and youths in a Lyon suburb overnight", 8 * 60),
        ev("armed_clash", "Lyon"),
    )
    assert d.story_id != sid


def test_another_family_at_the_place_within_the_hour_stays_apart_when_the_rule_is_off():
    cfg = DedupConfig(evidence_close_any_family=False)
    idx = StoryIndex(cfg)
    d, _ = assign(
        idx,
        art("b1", "Explosion at the open-air concert on Place Bellecour in Lyon", 0),
        ev("bombing", "Lyon"),
    )
    d2, _ = assign(
        idx, art("f1", "Fusillade à Lyon, plusieurs blessés selon la police", 10), ev("armed_clash", "Lyon")
    )
    assert d2.story_id != d.story_id


def test_a_headline_label_names_the_event_it_refers_to():
    assert read("Lyon bombing: 23 people still in hospital, 6 in critical condition").referent == {"lyon"}
    assert read("Union Station shooting - victims named by police").referent == {"union", "station"}
    assert read("Terror bombing in Lyon: death toll climbs to 10").referent == {"lyon"}


def test_a_label_of_generic_words_or_a_report_of_its_own_event_names_none():
    assert read("Deadly bombing: 6 killed at a market").referent == frozenset()
    assert read("Bombing at a concert in Lyon: 6 killed").referent == frozenset()
    assert read("BREAKING: explosion at a concert").referent == frozenset()


def test_a_labelled_report_a_day_later_joins_the_story_of_its_city():
    idx, sid = crowded()
    for i in range(6):  # the story grows over the evening
        assign(
            idx,
            art(f"u{i}", f"Lyon explosion: toll rises to {4 + i}, many hurt at Bellecour", 20 + 10 * i),
            ev("bombing", "Lyon", severity=Severity.urgent),
        )
    d, _ = assign(
        idx,
        art("l1", "Lyon bombing: 23 people still in hospital, 6 in critical condition", 26 * 60),
        ev("bombing", "Lyon"),
    )
    assert d.story_id == sid and d.update != "new"


def test_extra_officers_after_an_event_elsewhere_is_a_reaction():
    r = read("Ottawa: extra officers at the train station following the shooting at Toronto's Union Station")
    assert r.reaction and "union" in r.referent
    assert read("Additional patrols in Montreal after the shooting at Union Station").reaction


def test_more_officers_hurt_after_a_shooting_is_no_reaction():
    assert not read("Three more officers wounded after the shooting at Union Station").reaction
    assert not read("Extra time goal after the shooting at Union Station postponed the match").reaction


def test_a_number_after_a_city_is_a_figure_not_a_district():
    g = gazetteer()
    assert g.locate("Bombing at a concert in Lyon : 6 killed".split(), "en")[:2] == ("FR", "Lyon")
    assert g.locate("Attack in Paris : 16 dead".split(), "en")[:2] == ("FR", "Paris")
    assert g.locate("On October 6 a bomb exploded in Cairo".split(), "en")[:2] == ("EG", "Cairo")


def test_a_city_is_still_read_before_a_number_that_is_a_date_or_a_toll():
    g = gazetteer()
    assert g.locate("Lyon 2025 : a concert ends in horror".split(), "en")[:2] == ("FR", "Lyon")
    assert g.locate("Flash floods in Rapid City".split(), "en")[:2] == ("US", "Rapid City")


# forty placeless posts of other words naming the city: more stories than a report's candidates
_WORDS = (
    "ambulances sirens hospitals donors metro closed residents homes minister square cordon stranded "
    "families prayers candles flowers bridges trains stations schools shops mayor traffic roads "
    "helicopters drones journalists cameras tourists students workers nurses doctors firefighters "
    "volunteers churches hotels taxis"
).split()
CROWD_40 = [
    f"Lyon {' '.join(_WORDS[(7 * i + k * 5) % len(_WORDS)] for k in range(5))} tonight" for i in range(40)
]


def test_after_a_restart_the_city_story_is_still_the_candidate_of_a_close_post():
    # the latest story at each place is rebuilt from the stored stories, so a worker restarted
    # after the first report decides the crowded posts that follow as one that ran on
    def run(idx: StoryIndex, restart: bool) -> list:
        first = art("b1", "Explosion at the open-air concert on Place Bellecour in Lyon", 0)
        d0, _ = assign(idx, first, ev("bombing", "Lyon"))
        if restart:
            idx, held = StoryIndex(DedupConfig()), idx
            idx.restore(held.stories())
        for i, body in enumerate(CROWD_40):
            assign(idx, art(f"c{i}", body, 1 + i / 5), None)
        later = art("b2", "At least 4 dead and dozens wounded after blast at Lyon music festival", 12)
        d, _ = assign(idx, later, ev("bombing", "Lyon", severity=Severity.urgent))
        return [d0.story_id == d.story_id, d.match, d.update, len(idx)]

    want = run(StoryIndex(DedupConfig()), restart=False)
    assert want[0] is True and want[3] > DedupConfig().max_candidates, want
    assert run(StoryIndex(DedupConfig()), restart=True) == want
