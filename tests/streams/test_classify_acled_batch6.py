"""ACLED notes batch 6 (2026-12-07, evening, tolls in other regions and years): the count
mechanisms of `streams/classify/counts_acled.py`, each with the hard cases where the same words must
not give the same reading.

The texts are written for these tests (none is in a corpus or in the training data) and run through
the shipped classifier or through the count function alone.
"""

from __future__ import annotations

import pytest

from streams.classify.counts import count_casualties
from streams.classify.engine import default_classifier


def fatalities(text: str) -> int | None:
    return default_classifier().classify_text("", text).fatalities


def toll(text: str) -> int | None:
    return count_casualties([text])[0]


# ------------------------------------------------------ the figure coded for this event


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "On 3 May 2023, rebels overran two army posts near Minbya (Minbya, Rakhine). 12 soldiers were "
            "killed over three days of fighting; fatalities split between the days, 5 coded for this event.",
            5,
        ),
        (
            "On 9 June 2022, gang members and police exchanged fire in Soyapango (Soyapango, San Salvador); "
            "3 police and 4 gang members were killed, and the fatalities were coded as 6 after a review.",
            6,
        ),
    ],
)
def test_the_figure_coded_for_this_event_is_the_toll(text, want):
    assert fatalities(text) == want


def test_a_figure_coded_for_another_day_is_not_this_events():
    # no "this event": the figures of the other days are no reading of this one
    assert toll("9 soldiers were killed, 6 fatalities coded for 24 June and 3 coded for 25 June.") != 6


def test_deaths_coded_as_another_event_are_left_out():
    text = (
        "On 2 April 2020, inmates of two gangs fought in the prison of Pedrinhas (Sao Luis, Maranhao); "
        "31 inmates were killed. Five more were found hanged in their cells the next day (coded separately)."
    )
    assert fatalities(text) == 31


def test_deaths_of_the_next_day_not_coded_apart_add():
    text = (
        "On 2 April 2020, inmates of two gangs fought in the prison of Pedrinhas (Sao Luis, Maranhao); "
        "31 inmates were killed. Five more died of their wounds the next day."
    )
    assert fatalities(text) == 36


def test_only_the_clause_coded_apart_is_left_out():
    text = (
        "gunmen opened fire on a bus, killing 6 passengers; a mine exploded nearby the next day, killing 2 "
        "soldiers (coded separately)"
    )
    assert toll(text) == 6


# ------------------------------------------------------------- tolls that add to another


def test_a_toll_told_as_also_adds_to_the_other_sides():
    text = (
        "On 4 May 2021, Houthi fighters attacked government positions in Raghwan (Raghwan, Marib). "
        "Government sources said 18 Houthi fighters were killed. 3 soldiers also died."
    )
    assert fatalities(text) == 21


def test_a_further_toll_adds():
    text = (
        "On 6 July 2022, a bomb exploded at a bus stop in Cotabato (Cotabato City, Maguindanao). 5 people "
        "were killed. A further 2 died in hospital."
    )
    assert fatalities(text) == 7


def test_more_than_is_a_second_report_not_more_dead():
    text = (
        "On 6 July 2022, police fired on protesters in Kirkuk (Kirkuk, Kirkuk). Police said 4 people were "
        "killed. Witnesses said more than 9 died."
    )
    assert fatalities(text) == 4


# ------------------------------------------------------------------ a side's losses


def test_a_side_that_lost_fighters_adds_to_the_other_sides_dead():
    assert toll("5 regime soldiers were killed; the rebels lost 3 fighters") == 8


@pytest.mark.parametrize(
    "text",
    [
        "The party lost 40 members to defections after the split.",
        "The army lost 3 vehicles in the ambush.",
        "The club lost 2 players to injury before the final.",
    ],
)
def test_losses_that_are_no_deaths(text):
    assert toll(text) is None


# ------------------------------------------------ a pronoun victim, units, things counted


def test_him_and_others_shot_dead_counts_him():
    assert toll("gunmen stormed the mayor's house, shooting him and 4 others dead") == 5


def test_him_and_others_wounded_is_no_toll():
    assert toll("gunmen stormed the mayor's house, wounding him and 4 others") is None


def test_beaten_to_death_told_by_a_pronoun():
    assert toll("a mob accused a shopkeeper of theft and beat him to death in the market") == 1


def test_a_threat_to_beat_him_to_death_is_no_toll():
    assert toll("the crowd threatened to beat him to death before police arrived") is None


@pytest.mark.parametrize(
    "text",
    [
        "3 soldiers and 2 militants were killed, and a farmer died later of his wounds",
        "3 soldiers and 2 militants were killed; another soldier subsequently died of his injuries",
    ],
)
def test_a_victim_who_died_later_adds_to_the_toll(text):
    assert toll(text) == 6


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # the lone victims are the toll itself
        ("a guard and a driver died of their wounds after the blast", 2),
        # a victim of the toll told again in a relative clause
        ("3 soldiers were killed, among them a sergeant who later died of his wounds", 3),
    ],
)
def test_dying_of_wounds_within_the_toll_adds_nothing(text, want):
    assert toll(text) == want


def test_victims_named_with_their_unit():
    assert toll("at least 24 soldiers of the 3rd (Rapid Support) Brigade were killed near the bridge") == 24


def test_victims_of_a_unit_wounded_are_no_toll():
    assert toll("at least 24 soldiers of the 3rd Brigade were wounded near the bridge") is None


def test_animals_counted_are_no_toll():
    assert toll("a herder accused of stealing 14 cattle was beaten to death by villagers") == 1


def test_people_beaten_to_death_are_a_toll():
    assert toll("14 herders were beaten to death by villagers") == 14


# ------------------------------------------------- more dead told after the toll (probes)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "On 5 May 2021, troops clashed with NPA rebels in Gamay (Gamay, Northern Samar). 4 rebels were "
            "killed. The army also lost a soldier.",
            5,
        ),
        (
            "On 9 August 2022, gunmen killed 6 people at a party in Irapuato (Irapuato, Guanajuato). The "
            "bodies of 2 more victims were found nearby.",
            8,
        ),
        (
            "On 20 May 2019, rebels shelled a market in Hays (Hays, Al Hudaydah), killing 5 civilians; 2 "
            "more succumbed to their wounds later.",
            7,
        ),
    ],
)
def test_more_dead_told_after_the_toll_add(text, want):
    assert fatalities(text) == want


@pytest.mark.parametrize(
    "text",
    [
        "the party also lost a member to defection last week",
        "the unit lost a soldier to desertion",
        "the company lost one guard to retirement",
    ],
)
def test_one_lost_who_did_not_die(text):
    assert toll(text) is None


def test_more_than_a_figure_is_no_second_group():
    assert toll("more than 20 civilians were killed") == 20
