"""A dense disaster stream (tests/corpus/crisis_streams_blind5.jsonl, issue 15): an area event
reported at once from places of neighbouring regions and countries is one incident
(``DedupConfig.incident_near_km``, ``incident_near_minutes``), and the centres of regions that
hold only towns are known."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from streams.assign import assign
from streams.dedup import DedupConfig, StoryIndex
from streams.dedup.places import region_km, region_of
from streams.models import Article, Classification, Location, Severity, StoryDecision

T0 = datetime(2026, 3, 14, 4, 12, 30, tzinfo=UTC)
DAY = datetime(2026, 3, 14, tzinfo=UTC)  # a date alone (midnight to the second)


def post(aid: str, body: str, minutes: float = 0, t0: datetime = T0) -> Article:
    return Article(
        id=aid, source="crisislex", title="", body=body, published_at=t0 + timedelta(minutes=minutes)
    )


def event(country: str, place: str | None, category: str = "disaster") -> Classification:
    return Classification(
        category=category, severity=Severity.alert, location=Location(country=country, place=place)
    )


CAP = "Tremblement de terre très fort à Cap-Haïtien, les murs ont craqué, tout le monde dehors"
DAJABON = "Fuerte temblor ahora mismo en Dajabón, la gente salió corriendo de las casas"
OUANAMINTHE = "Des maisons effondrées à Ouanaminthe, on entend des cris sous les décombres"


def run(idx: StoryIndex, steps: list[tuple[Article, Classification]]) -> list[StoryDecision]:
    return [assign(idx, a, c)[0] for a, c in steps]


def quake(minutes: float = 1, t0: datetime = T0) -> list[tuple[Article, Classification]]:
    return [
        (post("cap", CAP, 0, t0), event("HT", "Cap-Haïtien")),
        (post("daj", DAJABON, minutes, t0), event("DO", "Dajabón")),
    ]


def test_regions_of_towns_only_have_a_centre() -> None:
    # Haiti's Nord-Est and the Dominican province of Dajabon hold no city of the gazetteer's cities
    assert region_of("HT", "Ouanaminthe") and region_of("DO", "Dajabón")
    km = region_km(region_of("HT", "Ouanaminthe") or "", region_of("DO", "Dajabón") or "")
    assert km is not None and km < 60
    assert region_km("xx/00", "HT/09") is None


def test_a_quake_felt_across_the_border_within_minutes_is_one_incident() -> None:
    d = run(StoryIndex(DedupConfig()), quake())
    assert d[1].story_id == d[0].story_id, d[1]
    assert "a region near" in (d[1].reason or "")
    assert [x.update for x in d].count("new") == 1


def test_a_neighbouring_region_of_the_same_country_joins_too() -> None:
    steps = [*quake(), (post("oua", OUANAMINTHE, 2), event("HT", "Ouanaminthe"))]
    d = run(StoryIndex(DedupConfig()), steps)
    assert len({x.story_id for x in d}) == 1, d


def test_a_far_region_is_another_event() -> None:
    # Punta Cana lies about 400 km from Cap-Haitien: a flood there is not the quake's
    steps = [
        quake()[0],
        (
            post("pc", "Calles inundadas en Punta Cana, el agua entra en los hoteles", 5),
            event("DO", "Punta Cana"),
        ),
    ]
    d = run(StoryIndex(DedupConfig()), steps)
    assert d[1].story_id != d[0].story_id
    assert d[1].update == "new"


def test_hours_after_the_incident_went_quiet_a_neighbour_is_another_event() -> None:
    d = run(StoryIndex(DedupConfig()), quake(minutes=3 * 60))
    assert d[1].story_id != d[0].story_id
    assert d[1].update == "new"


def test_dates_alone_cannot_tell_the_incident_was_the_news() -> None:
    d = run(StoryIndex(DedupConfig()), quake(minutes=0, t0=DAY))
    assert d[1].story_id != d[0].story_id


def test_another_family_across_the_border_is_not_of_the_area() -> None:
    steps = [
        quake()[0],
        (post("sh", "Tiroteo en Dajabón, dos heridos en el mercado", 2), event("DO", "Dajabón", "attack")),
    ]
    d = run(StoryIndex(DedupConfig()), steps)
    assert d[1].story_id != d[0].story_id


def test_the_rule_off_keeps_the_countries_apart() -> None:
    d = run(StoryIndex(DedupConfig(incident_near_km=0)), quake())
    assert d[1].story_id != d[0].story_id
    assert [x.update for x in d].count("new") == 2


def _large_quake() -> list[tuple[Article, Classification]]:
    lines = [
        "Tremblement de terre à Cap-Haïtien, les murs ont craqué",
        "Earthquake in Cap-Haitien, walls cracking, people in the street",
        "Gwo tranblemanntè nan Okap, kay yo tonbe",
        "Strong quake shakes Cap-Haitien, power out across the city",
        "Hospital Justinien in Cap-Haitien treating injured in the courtyard",
        "Cathedral of Cap-Haitien lost part of its facade in the quake",
    ]
    return [(post(f"h{i}", x, i), event("HT", "Cap-Haïtien")) for i, x in enumerate(lines)]


FOREIGN = "Power out across Springfield after the quake, no news from the family"


def test_a_copy_of_a_held_foreign_post_corroborates_nothing() -> None:
    # during a large incident in Haiti, a post placed in another country (a misread) is held
    # until a second report corroborates it: its retweet and its copy with a link are no second report
    steps = [
        *_large_quake(),
        (post("f1", FOREIGN, 10), event("US", "Springfield")),
        (post("f2", f"RT @someone: {FOREIGN}", 11), event("US", "Springfield")),
        (post("f3", f"{FOREIGN} https://t.co/AbC123xyz0", 12), event("US", "Springfield")),
    ]
    d = run(StoryIndex(DedupConfig()), steps)
    assert d[-3].story_id != d[0].story_id
    assert d[-1].story_id == d[-2].story_id == d[-3].story_id, d[-3:]
    assert [x.update for x in d[-3:]] == [None, None, None], d[-3:]


def test_an_independent_second_post_still_corroborates_the_held_story() -> None:
    steps = [
        *_large_quake(),
        (post("f1", FOREIGN, 10), event("US", "Springfield")),
        (
            post("f2", "Springfield: houses cracked after the quake, power out", 11),
            event("US", "Springfield"),
        ),
    ]
    d = run(StoryIndex(DedupConfig()), steps)
    assert d[-1].story_id == d[-2].story_id, d[-2:]
    assert d[-1].update == "new"


def test_the_form_of_a_repost() -> None:
    from streams.dedup.match import reposted

    assert reposted("RT @okapnews: Séisme à Cap-Haïtien")
    assert reposted("Séisme à Cap-Haïtien https://t.co/AbC123xyz0")
    assert reposted("Séisme à Cap-Haïtien via @okapnews")
    # a post that tells more in its own words, or names a user without sharing, is no repost
    assert not reposted("Séisme à Cap-Haïtien, deux morts")
    assert not reposted("@okapnews any news from Cap-Haïtien? the ARTS centre is down")


def test_the_first_posts_of_the_quake_give_one_story_in_any_order() -> None:
    import itertools

    posts = [*quake(), (post("oua", OUANAMINTHE, 2), event("HT", "Ouanaminthe"))]
    for order in itertools.permutations(posts):
        d = run(StoryIndex(DedupConfig()), list(order))
        assert len({x.story_id for x in d}) == 1, [a.id for a, _ in order]
        assert [x.update for x in d].count("new") == 1


F0 = datetime(2026, 9, 12, 14, 30, tzinfo=UTC)
MURCIA = "Calles inundadas en Murcia y Los Alcázares, el agua entra en las casas"
CARTAGENA = "Cartagena flooding right now, water rushing down Calle Mayor"


def test_a_name_the_country_of_the_live_incident_has_is_read_there() -> None:
    # "Cartagena" alone is read as Colombia's (the bigger city): while floods in Murcia are the
    # news, it is Spain's Cartagena, of the flood's region
    steps = [
        (post("mu", MURCIA, 0, F0), event("ES", "Murcia")),
        (post("ca", CARTAGENA, 10, F0), event("CO", "Cartagena")),
    ]
    d = run(StoryIndex(DedupConfig()), steps)
    assert d[1].story_id == d[0].story_id, d[1]
    assert d[1].update is None


def test_without_a_live_incident_there_the_name_keeps_its_reading() -> None:
    late = [
        (post("mu", MURCIA, 0, F0), event("ES", "Murcia")),
        (post("ca", CARTAGENA, 4 * 24 * 60, F0), event("CO", "Cartagena")),
    ]
    alone = [(post("ca", CARTAGENA, 10, F0), event("CO", "Cartagena"))]
    for steps in (late, alone):
        d = run(StoryIndex(DedupConfig()), steps)
        assert d[-1].update == "new"
        assert len({x.story_id for x in d}) == len(d)


def test_a_place_the_incident_country_lacks_is_another_event() -> None:
    steps = [
        (post("mu", MURCIA, 0, F0), event("ES", "Murcia")),
        (
            post("ba", "Barranquilla flooding right now, water rushing down the streets", 10, F0),
            event("CO", "Barranquilla"),
        ),
    ]
    d = run(StoryIndex(DedupConfig()), steps)
    assert d[1].story_id != d[0].story_id
    assert d[1].update == "new"
