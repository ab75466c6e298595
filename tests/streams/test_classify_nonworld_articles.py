"""Full articles of non-World sections (issue 18, blind batch 6, c-5301..c-5460): a dated earlier
event, the same event told again, a headline that tells a toll on a sport or market page, and
the figurative or background uses of killing, hostages, weapons and attacks. Each mechanism with
cases where it acts and cases where it must not."""

from __future__ import annotations

import pytest

from streams.classify.engine import default_classifier
from streams.classify.reading import DATED, rules_reading
from streams.models import Severity


def classify(title: str, body: str = ""):
    return default_classifier().classify_text(title, body)


def alerts(c) -> bool:
    return c.category is not None and c.severity != Severity.none


# ------------------------------------------------------------------ a year that dates an earlier event


@pytest.mark.parametrize(
    "text",
    [
        "the government's response to the 2021 earthquake was slow",
        "Inquiry Finds Failings in Response to 2021 Quake",
        "recalling the 2018 collapse of a bridge in Genoa",
        "lawsuits over the 1984 gas leak at Bhopal",
        "soldiers killed in a battle of the Thirty Years War in 1632",
    ],
)
def test_a_dated_earlier_event_is_marked(text: str):
    assert DATED in rules_reading(text, "en").text.split()


@pytest.mark.parametrize(
    "text",
    [
        "the deadliest attack since the 2015 attacks",  # a new event measured against an old one
        "worse than the 2010 earthquake",
        "A bomb killed 12 people in 2026.",  # a year with no event noun after it
        "Sales rose 4 percent in 2024.",
        "Gunmen killed 12 people in 2,100 attacks",  # no year
        "Troops killed 20 militants on Monday in the 2024 offensive",  # a war may still go on
    ],
)
def test_no_dated_event_is_marked(text: str):
    assert DATED not in rules_reading(text, "en").text.split()


def test_a_bridge_recalling_a_dated_collapse_is_no_event():
    c = classify(
        "Bridge Closed After Inspectors Find Cracks",
        "A road bridge was closed on Friday. Officials said they could take no risks, recalling the "
        "2018 collapse of a bridge in Genoa that killed 43 people. Repairs could take months.",
    )
    assert not alerts(c), c.reasons


def test_a_fresh_event_measured_against_a_dated_one_still_alerts():
    c = classify(
        "Quake Kills 30 in Eastern Turkey",
        "An earthquake killed at least 30 people in eastern Turkey on Monday, the deadliest since "
        "the 2023 earthquake, officials said.",
    )
    assert c.category == "disaster" and c.severity == Severity.flash, c.reasons


# ------------------------------------------------------------------ the same event told again


def test_an_old_event_told_again_by_a_definite_description_is_no_event():
    c = classify(
        "Inquiry Finds Failings in Response to 2021 Quake",
        "A parliamentary inquiry found on Wednesday that the response to the 2021 earthquake in the "
        "south was slow. The quake killed 2,248 people. The minister said lessons had been learnt.",
    )
    assert not alerts(c), c.reasons
    assert any("the same event told again" in r for r in c.reasons)


def test_a_compensation_story_does_not_read_the_old_floods_toll():
    c = classify(
        "Minister Resigns Over Delays in Flood Compensation",
        "The housing minister resigned on Friday after a report found that families whose homes were "
        "destroyed by floods two years ago were still waiting for compensation. The floods in the "
        "north killed 47 people and damaged 30,000 homes.",
    )
    assert not alerts(c), c.reasons


def test_a_fresh_event_told_first_is_not_carried_off():
    # the rule fires where it first occurs: a later background sentence and "the quake" change nothing
    c = classify(
        "Quake Kills Nine in Coastal Town",
        "An earthquake killed nine people in the coastal town of Esmeraldas, Ecuador, on Monday. It came "
        "ten years after the 2016 earthquake that killed 670. The quake destroyed 40 homes.",
    )
    assert c.category == "disaster" and c.fatalities == 9, c.reasons


def test_a_new_event_named_indefinitely_after_an_anniversary_is_read():
    c = classify(
        "Town Marks Anniversary as New Quake Strikes",
        "Residents gathered on Sunday to mark ten years since the earthquake. An earthquake struck the "
        "region on Sunday afternoon, killing five people and injuring 30, officials said.",
    )
    assert c.category == "disaster" and c.fatalities == 5, c.reasons


# ------------------------------------------------------------------ a headline that tells a toll


@pytest.mark.parametrize(
    ("title", "body"),
    [
        (
            "Nine Fans Killed in Crush at Stadium Gate Before Cup Semi-Final",
            "Nine supporters were killed and at least 40 injured in a crush at a gate of a stadium in "
            "Surabaya, Indonesia, on Saturday as fans tried to enter for a cup semi-final. The match was "
            "called off. The football federation said the league season would be suspended; the club's "
            "coach and players visited the injured fans.",
        ),
        (
            "Mine Collapse Kills Seven Miners",
            "Seven miners were killed when part of an underground gold mine collapsed in Ghana on Tuesday, "
            "the owner said. Its shares fell 9 percent; investors and the stock market expect lower "
            "profit and revenue this year.",
        ),
    ],
)
def test_a_headline_toll_on_a_sport_or_market_page_alerts(title: str, body: str):
    c = classify(title, body)
    assert c.category == "disaster" and alerts(c), c.reasons


@pytest.mark.parametrize(
    ("title", "body"),
    [
        (  # the headline's toll is an anniversary's
            "Skier Killed in Training Crash Remembered at World Cup Opener",
            "Racers wore black armbands at the season's opening race in memory of the downhiller who died "
            "after a training crash in September. His team-mates placed his race bib at the finish line; "
            "the championship's organisers and coaches held a minute's silence before the tournament.",
        ),
        (  # a yearly statistic in the headline
            "Boxing Body Publishes Figures: 14 Fighters Died After Bouts Over Decade",
            "Fourteen professional boxers died from injuries sustained in the ring between 2015 and 2024, "
            "according to a report. Half involved fighters who had lost heavily in a previous bout. It "
            "recommends brain scans after knockouts.",
        ),
        (  # no toll in the headline: the page's vocabulary stands
            "Ruthless Rovers Massacre Ten-Man Athletic",
            "Rovers massacred ten-man Athletic 7-0 on Saturday. The striker scored a hat-trick and the fans "
            "sang about a massacre before the final whistle, the coach said after the league match.",
        ),
    ],
)
def test_no_headline_toll_keeps_the_page_figurative(title: str, body: str):
    assert not alerts(classify(title, body))


def test_lightning_on_a_pitch_is_a_disaster_not_police_violence():
    c = classify(
        "Lightning Strike Kills Two Players at Village Football Match",
        "Two amateur footballers were killed and five others injured when lightning struck a pitch during a "
        "match in Mpigi, Uganda, on Sunday, police said. The storm broke in the second half of the game.",
    )
    assert c.category == "disaster" and c.fatalities == 2, c.reasons


def test_police_who_shot_players_are_still_violence():
    c = classify(
        "Police Open Fire on Protesting Fans",
        "Police opened fire on fans protesting outside the stadium in Conakry on Sunday, killing two "
        "people and injuring five, witnesses said.",
    )
    assert alerts(c), c.reasons


# ------------------------------------------------------------------ things killed, hostages named, weapons


def test_a_thing_killed_off_is_no_killing():
    c = classify(
        "Streaming Service Killed After Two Years",
        'The group will shut its streaming service in March. "We had to kill it," chief executive Dan Ruiz '
        "told analysts.",
    )
    assert not alerts(c), c.reasons


def test_a_chief_shot_dead_is_still_an_assassination():
    c = classify("", "Gunmen shot dead the district chief of Bajaur outside his home on Monday, police said.")
    assert c.category == "assassination", c.reasons


@pytest.mark.parametrize(
    "body",
    [
        "The president named a former FBI hostage negotiator as special envoy for hostage affairs.",
        "Freed hostages returned home on Sunday after 400 days in captivity.",
        "Talks on a hostage deal resumed in Doha on Tuesday.",
    ],
)
def test_hostages_named_in_passing_are_no_abduction(body: str):
    assert not alerts(classify("", body))


@pytest.mark.parametrize(
    "body",
    [
        "Gunmen took 12 construction workers hostage near Kaduna on Monday, police said.",
        # a note that tells the taking and then the release still reports the taking
        "6 police officers were taken hostage by self-defense groups in the PK5 area of Bangui. They were "
        "released after 5 days in captivity in return for the release of 4 prisoners.",
    ],
)
def test_a_hostage_taking_still_alerts(body: str):
    assert classify("", body).category == "abduction"


def test_weapons_that_could_be_used_in_strikes_are_no_strike():
    c = classify(
        "Arms Deal Faces Court Challenge",
        "Campaigners asked the court to halt the sale of fighter jets and guided bombs, arguing that the "
        "weapons could be used in air strikes on civilians.",
    )
    assert not alerts(c), c.reasons


def test_jets_that_struck_are_an_air_strike():
    c = classify(
        "", "Fighter jets carried out air strikes on the town of Saraqib on Monday, killing five civilians."
    )
    assert c.category == "air_strike", c.reasons


def test_an_animal_attack_is_no_attack_on_people():
    c = classify(
        "Dog Attack Victim Recovering in Hospital",
        "A woman attacked by two dogs in a park on Monday is recovering in hospital, police said.",
    )
    assert not alerts(c), c.reasons


def test_armed_men_attacking_a_hospital_still_alert():
    c = classify(
        "", "Armed men attacked a hospital in Bunia on Monday, killing four patients, officials said."
    )
    assert alerts(c) and c.category == "attack", c.reasons


def test_a_war_film_recreating_gas_attacks_is_no_attack():
    c = classify(
        "War Epic Bombs at the Box Office",
        "The First World War epic bombed at the box office. The film recreates the battle in detail, "
        "from the artillery barrages to the gas attacks in the trenches.",
    )
    assert not alerts(c), c.reasons


def test_a_gas_attack_today_still_alerts():
    c = classify("", "A gas attack on the town of Douma killed 40 people on Saturday, rescuers said.")
    assert c.category == "chemical_attack", c.reasons


# ------------------------------------------------------------------ a release, a subject that refers back


def test_a_release_story_does_not_read_the_old_kidnapping():
    c = classify(
        "Freed Hostages Return Home After 400 Days in Captivity",
        "Three aid workers held hostage for 400 days in the Sahel landed at a military airport outside "
        "Paris, where they were met by the president. The three, two French citizens and an Italian, were "
        "kidnapped by an armed group in Niger last year.",
    )
    assert not alerts(c), c.reasons


def test_a_kidnapping_dated_today_after_a_release_is_read():
    # a subject that refers back, but the sentence dates its own event: a new abduction
    c = classify(
        "Freed Hostages Return Home After 400 Days in Captivity",
        "Three aid workers held hostage for 400 days in the Sahel landed in Paris. They said gunmen had "
        "kidnapped two more aid workers in Niger on Sunday.",
    )
    assert c.category == "abduction", c.reasons


# ------------------------------------------------------------------ weapons on display


def test_jets_at_a_military_parade_are_no_air_strike():
    c = classify(
        "Military Parade Shows Off New Missiles",
        "The country showed off its new long-range missiles at a military parade on Sunday. Tanks, rocket "
        "launchers and drones rolled past the palace while fighter jets flew overhead.",
    )
    assert not alerts(c), c.reasons


def test_a_drone_attack_on_a_military_parade_still_alerts():
    c = classify(
        "Drone Attack on Military Parade",
        "A drone attack on a military parade in Taiz killed six soldiers on Sunday, officials said.",
    )
    assert alerts(c), c.reasons


@pytest.mark.parametrize(
    ("title", "body"),
    [
        (
            "Ten Years After Haiti Quake, New Tremor Kills Five",
            "A magnitude 6.1 earthquake struck southern Haiti, a decade after the 2010 disaster. The quake "
            "killed five people and destroyed 200 homes, officials said.",
        ),
        (
            "Flood Compensation Row as New Floods Hit North",
            "Families still waiting for compensation for the 2022 floods were evacuated again. The floods "
            "killed four people.",
        ),
        (
            "",
            "Three years after the 2021 floods, heavy rain flooded the valley again on Tuesday. The floods "
            "killed two people.",
        ),
        (  # a subject that refers back, with no earlier date: the day's event
            "Court Hears Case as Gunmen Kidnap Witnesses",
            "A trial over the 2019 kidnapping resumed as gunmen seized two witnesses outside the court. They "
            "were kidnapped as they left the building.",
        ),
    ],
)
def test_a_new_event_of_a_kind_told_before_is_not_carried_off(title: str, body: str):
    assert alerts(classify(title, body))
