"""Aftermath reports (streams/dedup/aftermath.py, docs/stories.md "Aftermath reports"): a report
whose event is referred to rather than reported joins the story of that event, whatever place it
names, and never opens an alerting story of its own."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from streams.assign import assign
from streams.dedup import DedupConfig, StoryIndex
from streams.dedup.aftermath import read
from streams.models import Article, Classification, Location, Severity
from streams.textnorm import term_of

T0 = datetime(2024, 4, 15, 18, 50, tzinfo=UTC)

BACKGROUND = [
    "Council approves the new budget for schools and roads after a long debate",
    "Storm warning for the coast tonight, ferries cancelled until tomorrow",
    "Local team wins the cup final in extra time, fans celebrate downtown",
    "Prices of fuel rise again this month, drivers complain at the pumps",
    "Museum opens a new wing of modern art with free entry this weekend",
    "Two injured in a car crash on the highway near the airport this morning",
]


def art(aid: str, body: str, hours: float) -> Article:
    return Article(id=aid, source="posts", body=body, published_at=T0 + timedelta(hours=hours))


def bombing(place: str | None, severity: Severity = Severity.alert, country: str = "US") -> Classification:
    return Classification(
        category="bombing", severity=severity, location=Location(country=country, place=place)
    )


def boston_story() -> tuple[StoryIndex, str]:
    """An index that has seen some unrelated news and a bombing in Boston reported three times."""
    idx = StoryIndex(DedupConfig())
    for i, body in enumerate(BACKGROUND):
        assign(idx, art(f"bg{i}", body, -30 + i), None)
    d, _ = assign(
        idx,
        art("b1", "Two bombs went off at the finish of the Boston marathon, many injured", 0),
        bombing("Boston"),
    )
    assert d.update == "new"
    for i, body in enumerate(
        [
            "Police: two dead and dozens injured in the explosions at the Boston Marathon finish",
            "Blasts at the Boston marathon finish line, runners and spectators injured",
        ]
    ):
        d2, _ = assign(idx, art(f"b{i + 2}", body, 0.1 * (i + 1)), bombing("Boston", Severity.urgent))
        assert d2.story_id == d.story_id
    return idx, d.story_id


# ---------------------------------------------------------------------------------- the reading


def test_a_back_reference_names_the_event_referred_to_and_a_reaction_is_read() -> None:
    vigil = read("Candlelight vigil in Dorchester for the boy killed by the marathon bomb")
    assert vigil.referent == {term_of("marathon")} and vigil.reaction
    ny = read("New York police raising security at hotels after the bombings in Boston")
    assert term_of("boston") in ny.referent and ny.reaction
    funeral = read("Funeral prayers held in Peshawar for the victims of yesterday's bus bombing")
    assert term_of("bus") in funeral.referent and funeral.reaction
    fr = read("Hommage aux victimes après l'attentat de Nice, une minute de silence")
    assert term_of("nice") in fr.referent and fr.reaction


def test_a_post_may_drop_the_determiner_before_a_name() -> None:
    ny = read("NYPD increasing security after Boston bombing")
    assert ny.referent == {term_of("boston")} and ny.reaction
    title = read("Security Tightened After Boston Marathon Bombing")
    assert title.referent == {term_of("boston"), term_of("marathon")} and title.reaction
    # without a determiner, only a name opens a reference: "after bomb blast" names no event
    assert not read("Two killed after bomb blast in a market, police say").referent
    assert not read("Two Killed In Bomb Blast").referent


def test_a_report_of_its_own_event_is_no_reaction_and_a_bare_noun_no_reference() -> None:
    # an attack on a funeral is an event, not its aftermath: no back-reference at all
    assert not read("Suicide bomber attacks a funeral in Quetta, 12 killed").referent
    assert not read("Explosion at the marathon finish on Boylston St, people hurt").referent
    # "after the attack" alone names no event in particular
    assert not read("Police investigating after the attack").referent
    # a new event that names an earlier one: a reference, but no reaction
    kano = read("Gunmen kill five at a market in Kano, a day after the bombing in Maiduguri")
    assert kano.referent == {term_of("maiduguri")} and not kano.reaction


# ---------------------------------------------------------------------------------- the join


def test_a_follow_up_and_a_vigil_elsewhere_join_the_story_of_the_event_referred_to() -> None:
    idx, sid = boston_story()
    d, _ = assign(
        idx,
        art("f1", "17 people still in critical condition in Boston hospitals after the marathon bombing", 25),
        bombing("Boston"),
    )
    assert d.story_id == sid and d.update != "new" and "aftermath" in (d.reason or "")
    # a vigil in another place (the place of the reaction, not of the event), a day later
    d, _ = assign(
        idx,
        art("f2", "Candlelight vigil in Dorchester for the boy killed by the marathon bomb", 33),
        bombing("Dorchester"),
    )
    assert d.story_id == sid and d.update != "new" and "aftermath" in (d.reason or "")


def test_without_the_aftermath_join_the_follow_up_opens_a_second_alert() -> None:
    idx = StoryIndex(DedupConfig(reference_span_hours=0))
    for i, body in enumerate(BACKGROUND):
        assign(idx, art(f"bg{i}", body, -30 + i), None)
    assign(
        idx,
        art("b1", "Two bombs went off at the finish of the Boston marathon, many injured", 0),
        bombing("Boston"),
    )
    d, _ = assign(
        idx,
        art("f1", "17 people still in critical condition in Boston hospitals after the marathon bombing", 25),
        bombing("Boston"),
    )
    assert d.update == "new"


def test_a_new_bombing_elsewhere_that_names_the_earlier_one_is_its_own_event() -> None:
    idx, sid = boston_story()
    d, rec = assign(
        idx,
        art(
            "w1",
            "Second bomb hits a bus station in Worcester, a day after the marathon bombing in Boston",
            20,
        ),
        bombing("Worcester", Severity.urgent),
    )
    assert d.story_id != sid and d.update == "new" and not rec.pending


def test_a_reference_to_another_event_joins_nothing() -> None:
    idx, sid = boston_story()
    d, rec = assign(
        idx,
        art(
            "c1", "Chicago police raising security at train stations after the subway bombing in New York", 2
        ),
        bombing("Chicago"),
    )
    assert d.story_id != sid
    # a reaction opens no alerting story: the event it refers to is not this stream's story
    assert d.update is None and rec.pending
    assert any("refers back" in r for r in rec.reasons)


def test_a_report_with_its_own_toll_is_never_held_as_a_reaction() -> None:
    """A fresh attack that mentions condolences for an earlier one is read as a reaction by its
    words; its own casualties say it tells of harm, so it alerts."""
    idx, sid = boston_story()
    body = (
        "Two men were stabbed and wounded in Chicago on Tuesday after signing a book of condolences "
        "for the victims of the subway bombing in New York"
    )
    assert read(body).reaction
    hurt = Classification(
        category="attack",
        severity=Severity.urgent,
        injured=2,
        location=Location(country="US", place="Chicago"),
    )
    d, rec = assign(idx, art("s1", body, 2), hurt)
    assert d.story_id != sid
    assert d.update == "new" and not rec.pending


# ---------------------------------------------------------------------------------- the hold


@pytest.mark.parametrize("hold", [True, False])
def test_a_reaction_never_releases_a_held_story(hold: bool) -> None:
    idx = StoryIndex(DedupConfig(reaction_hold=hold))
    for i, body in enumerate(BACKGROUND):
        assign(idx, art(f"bg{i}", body, -30 + i), None)
    shooting = "Shooting in the subway station, people hurt on the platform, police everywhere"
    d1, rec = assign(idx, art("p1", shooting, 0), Classification(category="attack", severity=Severity.alert))
    assert d1.update is None and rec.pending  # no place, no country: held back
    chicago = Classification(
        category="attack", severity=Severity.alert, location=Location(country="US", place="Chicago")
    )
    # a vigil for the victims, in a place: it joins the held story and does not release it
    react = f"{shooting}. Vigil tonight for the victims of the subway station shooting"
    d2, rec = assign(idx, art("p2", react, 0.5), chicago)
    assert d2.story_id == d1.story_id
    if not hold:  # (without the hold, the vigil's place releases the story: an alert for a vigil)
        assert d2.update == "new"
        return
    assert d2.update is None and rec.pending
    # a report of the event itself with a place releases it
    d3, rec = assign(idx, art("p3", f"{shooting}, two dead", 0.6), chicago)
    assert d3.story_id == d1.story_id and d3.update == "new" and not rec.pending


def test_the_aftermath_reports_join_in_any_arrival_order() -> None:
    reports = [
        (
            "f1",
            "17 people still in critical condition in Boston hospitals after the marathon bombing",
            25,
            "Boston",
        ),
        ("f2", "Candlelight vigil in Dorchester for the boy killed by the marathon bomb", 33, "Dorchester"),
        ("f3", "New York police raising security at hotels after the bombings in Boston", 2, "New York"),
    ]
    for order in itertools.permutations(reports):
        idx, sid = boston_story()
        for aid, body, hours, place in order:
            d, _ = assign(idx, art(aid, body, hours), bombing(place))
            assert d.story_id == sid and d.update != "new", (order, aid)


def test_a_restart_keeps_the_aftermath_join() -> None:
    idx, sid = boston_story()
    again = StoryIndex(DedupConfig())
    again.restore(list(idx.stories()))
    d, _ = assign(
        again,
        art("f1", "17 people still in critical condition in Boston hospitals after the marathon bombing", 25),
        bombing("Boston"),
    )
    assert d.story_id == sid and d.update != "new"
