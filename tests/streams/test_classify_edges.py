"""The taxonomy's edges (issue 18): each with the hard negative and the positive beside it.

The texts are written for these tests (none is in a corpus or in the training data), and run
through the shipped classifier: rules and model together.
"""

from __future__ import annotations

import pytest

from streams.classify.engine import default_classifier


def classify(text: str, title: str = "", language: str | None = None):
    return default_classifier().classify_text(title, text, language)


@pytest.mark.parametrize(
    "text",
    [
        "Army engineers defused a roadside bomb planted on the road between Gao and Ansongo on Tuesday.",
        (
            "Police found an explosive device under a car in Mombasa and "
            "destroyed it in a controlled detonation."
        ),
        "A bomb disposal team made safe a mortar round discovered by farmers near Kharkiv. No one was hurt.",
    ],
)
def test_a_defused_or_found_bomb_is_no_event(text):
    c = classify(text)
    assert c.category is None, c.reasons
    assert c.severity.value == "none"


def test_a_device_that_exploded_without_victims_is_a_bombing_at_alert():
    c = classify("A roadside bomb exploded as an army patrol passed near Gao on Tuesday. No one was hurt.")
    assert c.category == "bombing", c.reasons
    assert c.severity.value == "alert"


@pytest.mark.parametrize(
    "text",
    [
        "Islamic State claimed responsibility on Sunday for last week's attack on a checkpoint in Diyala.",
        "The group claimed responsibility for Friday's bombing in a statement posted online.",
    ],
)
def test_a_claim_of_an_earlier_attack_is_no_event(text):
    c = classify(text)
    assert c.category is None, c.reasons


def test_an_attack_reported_with_its_claim_is_still_an_event():
    c = classify(
        "A car bomb killed seven people at a checkpoint in Diyala on Sunday. Islamic State later claimed "
        "responsibility."
    )
    assert c.category == "bombing", c.reasons
    assert c.fatalities == 7


def test_territory_handed_over_without_a_fight_is_no_event():
    c = classify(
        "Rebels withdrew from the town of Kibumba on Friday and handed it over to regional troops without "
        "a fight; the troops took control of the town in a brief ceremony."
    )
    assert c.category is None, c.reasons


def test_territory_taken_in_fighting_is_an_armed_clash():
    c = classify(
        "Government troops recaptured the town of Kibumba after two days of heavy fighting with rebels."
    )
    assert c.category == "armed_clash", c.reasons


def test_a_protest_dispersed_without_injury_is_no_event():
    c = classify(
        "Police dispersed hundreds of protesters with tear gas outside parliament in Nairobi on Tuesday. "
        "No injuries were reported."
    )
    assert c.category is None, c.reasons
    assert any("unharmed" in r for r in c.reasons)


def test_a_protest_dispersed_with_injuries_is_unrest():
    c = classify(
        "Police fired tear gas and rubber bullets at protesters outside parliament in Nairobi on Tuesday, "
        "injuring 14 people."
    )
    assert c.category == "deadly_unrest", c.reasons
    assert c.injured == 14


@pytest.mark.parametrize(
    "text",
    [
        (
            "Indian and Pakistani troops exchanged fire along the Line of "
            "Control overnight. No casualties were reported."
        ),
        (
            "Both sides accused each other of violating the ceasefire after "
            "a night of gunfire near the border village."
        ),
    ],
)
def test_an_exchange_of_fire_without_casualties_is_an_armed_clash_at_alert(text):
    c = classify(text)
    assert c.category == "armed_clash", c.reasons
    assert c.severity.value == "alert"
    assert not c.fatalities


def test_no_exchange_of_fire_is_no_clash():
    c = classify(
        "Armed men stopped a minibus on the highway and took away "
        "three passengers; there was no exchange of fire."
    )
    assert c.category == "abduction", c.reasons


@pytest.mark.parametrize(
    "text, dead",
    [
        ("A fire broke out at a garment factory outside Dhaka on Monday, killing 9 workers.", 9),
        ("Six miners were killed when a gold mine collapsed in Kenieba on Saturday.", 6),
        ("A gas explosion at a chemical plant in Jiangsu killed 4 workers, officials said.", 4),
        (
            (
                "A five-storey residential building collapsed in Lagos; "
                "rescuers pulled 3 bodies from the rubble."
            ),
            3,
        ),
    ],
)
def test_industrial_and_man_made_accidents_are_disasters(text, dead):
    c = classify(text)
    assert c.category == "disaster", c.reasons
    assert c.fatalities == dead


def test_a_bomb_at_a_factory_is_a_bombing_not_a_disaster():
    c = classify("A bomb planted by militants exploded at a cement factory in Quetta, killing two guards.")
    assert c.category == "bombing", c.reasons


def test_shots_at_an_airport_without_a_named_target_are_an_attack():
    c = classify(
        "Shots were fired at the airport in Kabul on Monday, officials said. Two travellers were wounded."
    )
    assert c.category == "attack", c.reasons


def test_shots_at_a_named_official_are_an_assassination_attempt():
    c = classify("Gunmen opened fire on the provincial governor's car near Kandahar; he escaped unhurt.")
    assert c.category == "assassination_attempt", c.reasons


def test_artillery_is_shelling_and_aircraft_an_air_strike():
    shell = classify("Artillery shells hit a residential area of Kherson on Tuesday, killing two people.")
    air = classify("Warplanes struck a market in the town of Ariha on Tuesday, killing two people.")
    assert shell.category == "shelling", shell.reasons
    assert air.category == "air_strike", air.reasons


def test_a_clash_between_armed_sides_and_an_attack_on_civilians_are_apart():
    clash = classify("Soldiers clashed with Al Shabaab fighters near Afgooye; four fighters were killed.")
    attack = classify("Al Shabaab fighters stormed a village near Afgooye and killed four farmers.")
    assert clash.category == "armed_clash", clash.reasons
    assert attack.category == "attack", attack.reasons


def test_a_riot_and_a_crackdown_on_protesters_are_both_unrest():
    riot = classify("Rioters looted shops and torched cars in the city centre after the election result.")
    crackdown = classify("Security forces opened fire on protesters in the capital, killing three of them.")
    assert riot.category == "deadly_unrest", riot.reasons
    assert crackdown.category == "deadly_unrest", crackdown.reasons


def test_mob_violence_is_unrest_and_an_armed_raid_an_attack():
    mob = classify("An angry mob beat to death a man suspected of stealing a motorbike in Kasese on Sunday.")
    raid = classify("Gunmen raided a village in Kasese district on Sunday and killed a farmer.")
    assert mob.category == "deadly_unrest", mob.reasons
    assert raid.category == "attack", raid.reasons


def test_an_explosion_at_a_petrol_station_is_a_disaster():
    c = classify("An explosion at a petrol station in Nairobi on Tuesday killed 4 people, police said.")
    assert c.category == "disaster", c.reasons
    assert c.fatalities == 4


def test_a_recovered_device_is_no_event_but_a_bomb_that_killed_is():
    found = classify("Soldiers recovered an IED hidden under a culvert on the Mandera road on Monday.")
    blast = classify(
        "An IED hidden under a culvert on the Mandera road exploded on Monday, killing 3 soldiers."
    )
    assert found.category is None, found.reasons
    assert blast.category == "bombing", blast.reasons
    assert blast.fatalities == 3


@pytest.mark.parametrize(
    "text",
    [
        "We support those fighting the fire in the hills, three cheers for the fire fighters!",
        "Crews attack the fire from the air as it threatens homes near the lake",
        "Water bombing over the ridge this afternoon",
        "Firefighters are battling the blaze on the ridge as it moves toward the highway.",
    ],
)
def test_fighting_a_fire_is_no_battle(text):
    c = classify(text)
    assert c.category not in {"armed_clash", "attack", "bombing", "deadly_unrest"}, c.reasons


@pytest.mark.parametrize(
    "text,category",
    [
        ("Troops battled rebels near Goma on Tuesday, and 12 fighters were killed.", "armed_clash"),
        ("Soldiers fought militants in the hills overnight; two soldiers were killed.", "armed_clash"),
        ("Gunmen attacked homes in the village and set fire to the church, killing four.", "attack"),
    ],
)
def test_fighting_beside_a_fire_is_still_a_battle(text, category):
    assert classify(text).category == category
