"""Who did what, in ACLED-style notes (issue 18, ACLED notes batch 4, 2026-12-07): the actors a
category reads (a crowd of ordinary people as the killer, a state's forces bombing from the air, a
person of note killed by gunmen or a bomber, an "encounter" with militants) and, beside each, the
hard case where the same words must not give that category.

The texts are written for these tests (none is in a corpus or in the training data) and run
through the shipped classifier, rules and model together.
"""

from __future__ import annotations

from streams.classify.engine import default_classifier
from streams.classify.reading import rules_reading


def classify(text: str, title: str = ""):
    return default_classifier().classify_text(title, text)


# ---------------------------------------------------------------- a crowd as the killer


def test_a_group_of_villagers_killing_is_mob_violence():
    c = classify(
        "On 4 May 2022, a group of villagers hacked to death two men accused of stealing goats in "
        "Kiboga (Kiboga, Central)."
    )
    assert c.category == "deadly_unrest", c.reasons


def test_residents_burning_suspects_alive_is_mob_violence():
    c = classify(
        "On 9 June 2023, residents of Lobo (Lobo, Centre) caught three suspected robbers and burned them "
        "alive. 3 killed."
    )
    assert c.category == "deadly_unrest", c.reasons


def test_gunmen_killing_villagers_is_an_attack_not_mob_violence():
    c = classify(
        "On 4 May 2022, gunmen raided the village and hacked to death two villagers in Kiboga "
        "(Kiboga, Central)."
    )
    assert c.category == "attack", c.reasons


def test_villagers_killed_by_a_bomb_are_no_crowd_violence():
    c = classify("On 4 May 2022, villagers were killed when a roadside bomb hit their bus near Kiboga.")
    assert c.category == "bombing", c.reasons


def test_residents_who_tell_of_a_landslide_or_an_animal_killing_are_no_mob():
    for text in (
        "Residents said the landslide killed 12 people in the village of Kibuye on Sunday.",
        "Residents said a lion killed two herders near the park.",
    ):
        c = classify(text)
        assert c.category != "deadly_unrest", c.reasons


# ---------------------------------------------------------------- aerial means


def test_the_armed_forces_bombing_a_market_is_an_air_strike():
    c = classify(
        "On 2 April 2024, the armed forces bombed a cattle market in Dilling (Dilling, South Kordofan). "
        "14 civilians were killed."
    )
    assert c.category == "air_strike", c.reasons


def test_bombs_from_the_air_are_an_air_strike():
    c = classify("On 2 April 2024, a school in Tabanan was bombed from the air at dawn; 3 pupils died.")
    assert c.category == "air_strike", c.reasons


def test_militants_bombing_an_army_convoy_is_a_bombing():
    c = classify(
        "On 2 April 2024, militants bombed an army convoy with a roadside device near Kajaki. "
        "4 soldiers were killed."
    )
    assert c.category == "bombing", c.reasons


def test_the_military_telling_of_a_bombing_is_no_air_strike():
    c = classify("On 2 April 2024, the military said a bombing at a bus stop in Kajaki killed 5 people.")
    assert c.category == "bombing", c.reasons


def test_bombs_dropped_from_the_air_as_aid_are_no_strike():
    c = classify("On 2 April 2024, aircraft dropped food supplies from the air over the besieged town.")
    assert c.category != "air_strike", c.reasons


# ---------------------------------------------------------------- a person of note


def test_armed_men_who_stormed_a_presidents_home_and_shot_him_dead_assassinated_him():
    c = classify(
        "On 3 May 2022, armed men stormed the home of President Abel Tanko in Bakau and shot him dead."
    )
    assert c.category == "assassination", c.reasons
    assert c.severity.value == "flash", c.reasons


def test_armed_men_who_shot_a_farmer_dead_attacked_him():
    c = classify("On 3 May 2022, armed men stormed the home of a farmer in Bakau and shot him dead.")
    assert c.category == "attack", c.reasons


def test_a_governor_killed_when_a_bomber_blew_himself_up_was_assassinated():
    c = classify(
        "On 6 June 2022, the deputy governor of Herat was killed when a suicide bomber blew himself up "
        "at the gate of his office."
    )
    assert c.category == "assassination", c.reasons


def test_a_governor_who_says_people_were_killed_by_a_bomb_is_no_victim():
    c = classify(
        "On 6 June 2022, a bomb exploded in a market in Herat; the governor said one man was killed."
    )
    assert c.category == "bombing", c.reasons


# ---------------------------------------------------------------- encounters


def test_an_encounter_with_militants_is_a_battle():
    c = classify(
        "On 8 August 2023, two soldiers lost their lives in an encounter with militants in the forests "
        "of Kulgam."
    )
    assert c.category == "armed_clash", c.reasons


def test_an_encounter_with_a_bear_is_no_battle():
    c = classify("On 8 August 2023, two hikers had an encounter with a bear in the forests of Kulgam.")
    assert c.category is None, c.reasons


def test_an_encounter_between_police_and_a_motorist_on_video_is_no_battle():
    for text in (
        "Footage of the encounter between police and a motorist went viral on Monday.",
        "The minister described his encounter with army officers at the border as cordial.",
    ):
        c = classify(text)
        assert c.category is None, c.reasons


# ---------------------------------------------------------------- property, not people


def test_unidentified_men_burning_an_empty_school_is_property_destruction():
    c = classify("On 1 June 2024, unidentified men burned down an empty clinic in Muyuka. No casualties.")
    assert c.category is None, c.reasons


def test_armed_men_burning_an_occupied_school_is_still_an_attack():
    c = classify("On 1 June 2024, armed men burned down a school in Muyuka; two pupils were killed.")
    assert c.category == "attack", c.reasons


# ---------------------------------------------------------------- a place taken earlier


def test_an_office_opened_in_a_town_taken_months_before_is_no_battle():
    text = "On 2 May 2024, the rebels opened an office in Kalewa, which they took control of in January."
    assert "took control" not in rules_reading(text, "en").text
    assert classify(text).category is None


def test_a_town_which_they_took_the_same_day_is_still_read():
    text = "On 2 May 2024, the rebels stormed Kalewa, which they took control of after heavy fighting."
    assert "took control" in rules_reading(text, "en").text
    assert classify(text).category == "armed_clash"
