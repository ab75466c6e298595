"""Event-log notes in ACLED's current style (issue 18): each mechanism with the case where it acts
and the hard case beside it where it must not.

The texts are written for these tests (none is in a corpus or in the training data) and run
through the shipped classifier, rules and model together.
"""

from __future__ import annotations

import pytest

from streams.classify.counts import count_casualties_detail
from streams.classify.engine import default_classifier


def classify(text: str, title: str = ""):
    return default_classifier().classify_text(title, text)


def deaths(text: str) -> int | None:
    return count_casualties_detail([text])[0]


# ---------------------------------------------------------------- the note's place and tags


def test_the_place_in_parentheses_is_still_located_but_not_read_by_the_rules():
    c = classify(
        "On 2 May 2023, gunmen shot dead the mayor (Tlalnepantla, Morelos) outside his house. "
        "[size=no report]"
    )
    assert c.category == "assassination", c.reasons
    assert c.location.country == "MX", c.reasons


def test_a_key_value_tag_is_no_event_but_a_bracketed_remark_still_counts():
    tagged = classify(
        "On 8 March 2023, women marched in Lahore (Lahore, Punjab) for equal pay. "
        "[women targeted: candidates for political office] [size=around 300]"
    )
    assert tagged.category is None, tagged.reasons
    c = classify(
        "On 4 June 2022, militants and the army clashed near Kidal (Kidal, Kidal). "
        "Several soldiers were killed. [fatalities unknown]"
    )
    assert c.category == "armed_clash", c.reasons
    assert c.fatalities is None and c.severity.value == "urgent", c.reasons


# ---------------------------------------------------------------- tolls in the notes' wording


@pytest.mark.parametrize(
    ("text", "n"),
    [
        (
            "The ministry said 31 Taliban were killed in the fighting.",
            31,
        ),  # a group the victim words do not name
        ("At least 60 IDPs were killed.", 60),
        ("84 people, mostly police personnel, were killed and over 200 wounded.", 84),  # an apposition
        ("Troops exchanged fire with two BRN militants, who were both killed.", 2),  # a relative clause
        ("Ten DRG personnel and the civilian driver were killed.", 11),  # a figure and a lone victim
        ("A rights expert and a British journalist were shot dead by fishermen.", 2),  # two singulars joined
        (
            "Villagers beat to death a suspected thief before police arrived.",
            1,
        ),  # the manner, then the victim
    ],
)
def test_tolls_told_the_notes_way(text, n):
    assert deaths(text) == n


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("On 12 March militants attacked the post; two soldiers were killed.", 2),  # a date is no toll
        ("Five houses were destroyed and two civilians were killed.", 2),
        ("Two gunmen killed three people at a bar.", 3),  # active: the gunmen are not dead
    ],
)
def test_tolls_not_read_where_there_are_none(text, n):
    assert deaths(text) == n


def test_the_dead_of_both_sides_add_up_whoever_reported_them():
    assert (
        deaths(
            "51 soldiers were killed, according to the army; around 160 assailants were 'neutralised' in "
            "the response."
        )
        == 211
    )
    assert deaths("Seventeen soldiers were killed, while dozens of assailants were neutralised.") == 29


def test_one_side_told_twice_keeps_the_lowest_and_several_adds_nothing():
    assert (
        deaths("The army said 27 soldiers were killed while the group claimed 50 soldiers were killed.") == 27
    )
    assert deaths("Two soldiers died and an unknown number of rebels were killed.") == 2


def test_a_second_sources_bare_figure_is_the_same_toll():
    c = classify(
        "On 3 October 2022, a suicide bomber struck a school in Kabul (Kabul, Kabul). The UN recorded 53 "
        "dead; the Taliban said 25."
    )
    assert c.fatalities == 25, c.reasons
    # a figure of the injured is no second toll
    assert deaths("The UN recorded 53 dead, and the ministry said 25 were injured.") == 53


def test_a_toll_said_to_be_unknown_gives_no_figure_but_a_real_figure_stays():
    c = classify(
        "On 15 September 2022, VDP and militants exchanged fire in Markoye. Several VDP were killed."
    )
    assert c.fatalities == 10  # the ACLED convention, when nothing else is said
    c = classify(
        "On 15 September 2022, VDP and militants exchanged fire in Markoye. Several VDP were killed. "
        "Fatalities coded as unknown."
    )
    assert c.fatalities is None and c.severity.value == "urgent", c.reasons
    c = classify(
        "On 15 March 2022, militants attacked a check post in Kech. Four soldiers were killed. The number of "
        "militant fatalities is unknown."
    )
    assert c.fatalities == 4, c.reasons


# ---------------------------------------------------------------- what a protest is about


@pytest.mark.parametrize(
    "text",
    [
        "On 14 October 2023, hundreds of people demonstrated in Amman (Amman, Amman) against the air strikes "
        "on Gaza. [size=hundreds]",
        "On 2 March 2022, students staged a sit-in in Lviv to condemn the shelling of residential areas.",
        "On 18 May 2023, women marched in Qamishli to denounce drone strikes that killed three commanders.",
        "On 26 February 2023, people held a vigil in Kyiv in memory of the civilians killed in a missile "
        "attack.",
        "On 15 July 2021, residents gathered on rooftops in Herat in support of government forces fighting "
        "the Taliban.",
    ],
)
def test_what_a_protest_is_about_is_no_event(text):
    c = classify(text)
    assert c.category is None, c.reasons
    assert any(r.startswith("not read:") for r in c.reasons), c.reasons


def test_a_protest_that_turns_violent_in_its_own_clause_is_unrest():
    c = classify(
        "Police opened fire on protesters who had gathered to denounce the killing of a student, killing two."
    )
    assert c.category == "deadly_unrest", c.reasons
    assert c.fatalities == 2, c.reasons
    c = classify("Protesters marched against the reform and police fired tear gas, injuring 10.")
    assert c.category == "deadly_unrest", c.reasons


# ---------------------------------------------------------------- a cause is not a frame


def test_a_context_word_naming_the_cause_does_not_veto_the_event():
    c = classify(
        "On 1 June 2023, supporters of the opposition leader clashed with police in Dakar after his "
        "conviction, burning vehicles. The government reported 16 deaths."
    )
    assert c.category == "deadly_unrest", c.reasons
    c = classify(
        "On 15 October 2021, a mob attacked a temple following rumours of desecration. Two were killed."
    )
    assert c.category == "deadly_unrest", c.reasons


@pytest.mark.parametrize(
    "text",
    [
        "Two men were arrested after the bombing of a market in Kano that killed five people.",
        "The army denied reports that soldiers had shot dead three villagers.",
        "A court sentenced two men over the killing of a journalist.",
    ],
)
def test_the_context_still_vetoes_when_it_frames_the_sentence(text):
    assert classify(text).category is None


# ---------------------------------------------------------------- weapons


def test_riot_control_grenades_are_no_bombing_a_hand_grenade_is():
    c = classify(
        "On 29 April 2022, residents protested in Enerhodar. Troops dispersed the crowd with stun grenades; "
        "no injuries were reported."
    )
    assert c.category is None, c.reasons
    c = classify("On 14 December 2022, unidentified persons threw a hand grenade at a ward office in Yangon.")
    assert c.category == "bombing", c.reasons


def test_explosives_thrown_are_a_bombing_explosives_seized_are_not():
    c = classify(
        "On 14 August 2022, gang members threw explosives in a street of Guayaquil. Five people were killed."
    )
    assert c.category == "bombing", c.reasons
    c = classify("On 3 September 2022, soldiers seized 200 kg of explosives belonging to a gang in Suarez.")
    assert c.category is None, c.reasons


def test_a_drone_that_exploded_is_an_air_strike_a_drone_filming_is_not():
    c = classify(
        "On 4 May 2023, two drones exploded over a government building in Moscow. No one was injured."
    )
    assert c.category == "air_strike", c.reasons
    c = classify("Drone footage showed the fire at the fuel depot after the explosion, which hurt no one.")
    assert c.category != "air_strike", c.reasons


def test_a_bomb_that_killed_a_person_of_note_is_an_assassination_soldiers_are_not():
    c = classify(
        "On 9 March 2023, a suicide bomber killed the governor of Balkh in his office. Two others died."
    )
    assert c.category == "assassination", c.reasons
    assert c.severity.value == "flash", c.reasons
    c = classify("On 3 August 2021, a roadside bomb killed four soldiers between Dori and Seytenga.")
    assert c.category == "bombing", c.reasons
