"""Short agency items of non-World sections (issue 18, blind batch c-5001..c-5150): what marks a
text as a sport, tennis, golf or video-game page, and what no page's vocabulary makes figurative.
Each mechanism with cases where it acts and cases where it must not."""

from __future__ import annotations

import pytest

from streams.classify.engine import default_classifier
from streams.classify.reading import SCORELINE, rules_reading
from streams.models import Severity


def classify(title: str, body: str = ""):
    return default_classifier().classify_text(title, body)


# ------------------------------------------------------------------ a sports result's score


@pytest.mark.parametrize(
    "text",
    [
        "the Rockets beat the San Antonio Spurs 101-94 on Wednesday night.",
        "Arsenal were held to a 2-2 draw at Manchester City.",
        "a 27-10 loss to the Carolina Panthers",
        "Detroit routed Kansas City 13-2",
        "the Islanders edged the Rangers 2-1 in a shootout",
    ],
)
def test_a_sports_result_is_marked(text: str):
    assert SCORELINE in rules_reading(text, "en").text.split()


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed 10-15 villagers in a raid on Sunday.",  # a range counts people
        "The army lost 10-15 soldiers in the ambush.",
        "The council approved the budget in a 5-4 vote on Monday.",
        "the 9-11 attacks",
        # a text that tells deaths keeps its words: no sport page's figure of speech
        "A bomb exploded outside the stadium after City beat United 2-1, killing three fans.",
        "Los Rockets vencieron 101-94",  # English only
    ],
)
def test_no_score_is_marked(text: str):
    lang = "es" if text.startswith("Los") else "en"
    assert SCORELINE not in rules_reading(text, lang).text.split()


@pytest.mark.parametrize(
    "title, body",
    [
        (
            "Rockets Fire Past Spurs",
            "HOUSTON (AP) - The Rockets fired in 12 three-pointers to beat the San Antonio Spurs 101-94 "
            "on Wednesday night.",
        ),
        (
            "Bombers Blast Riders",
            "REGINA (AP) - The Winnipeg Blue Bombers blasted the Saskatchewan Roughriders 41-10 on Friday.",
        ),
        (
            "Islanders Win Shootout",
            "UNIONDALE, N.Y. (AP) - The Islanders beat the Rangers 2-1 in a shootout on Thursday night.",
        ),
    ],
)
def test_a_sports_result_makes_violent_words_figurative(title: str, body: str):
    c = classify(title, body)
    assert c.category is None and c.severity == Severity.none, c.reasons


@pytest.mark.parametrize(
    "title, body, category",
    [
        (
            "Bomb kills three fans after derby",
            "MADRID (Reuters) - A bomb exploded outside the stadium after Real beat Sevilla 2-1 on Sunday, "
            "killing three fans, police said.",
            "bombing",
        ),
        (
            "Rockets hit base near Kandahar",
            "KANDAHAR (Reuters) - Insurgents fired rockets at a base on Monday, hours after a 3-2 vote in "
            "parliament, wounding four soldiers.",
            "shelling",
        ),
    ],
)
def test_real_events_beside_a_score_still_alert(title: str, body: str, category: str):
    c = classify(title, body)
    assert c.category == category, c.reasons
    assert c.severity >= Severity.alert


# ------------------------------------------------------------------ tennis, golf, video games


@pytest.mark.parametrize(
    "title, body",
    [
        (
            "Big Server's Artillery Blows Rival Away",
            "WIMBLEDON, England (Reuters) - The Croatian fired 31 aces in an artillery barrage of serves to "
            "win in four sets on Wednesday.",
        ),
        (
            "Sequel Lets Players Call In Air Strikes",
            "AP - In Electronic Arts' new Battlefield sequel, a squad commander can call in air strikes on "
            "enemy positions, a feature online players love.",
        ),
    ],
)
def test_tennis_and_game_pages_are_figurative(title: str, body: str):
    c = classify(title, body)
    assert c.category is None, c.reasons


def test_a_real_strike_with_one_word_of_those_pages_still_alerts():
    c = classify(
        "Air strike hits village",
        "KABUL (Reuters) - An air strike hit a village in Helmand on Tuesday, killing six civilians, "
        "a day after the country's top seed was knocked out of a tournament abroad.",
    )
    assert c.category == "air_strike"
    assert c.severity == Severity.urgent


# ------------------------------------------------------------------ gunmen, on any page


@pytest.mark.parametrize(
    "title, body, fatalities",
    [
        (
            "Gunmen Kill Driver of Team Bus",
            "LAGOS (AFP) - Gunmen opened fire on a bus carrying a first-division football team on Sunday, "
            "killing the driver and wounding two players, police said.",
            1,
        ),
        (
            "Fans Shot Outside Stadium",
            "RIO DE JANEIRO (Reuters) - Masked men opened fire on supporters leaving the club's stadium "
            "after the cup final, killing two fans and wounding five players' relatives.",
            2,
        ),
    ],
)
def test_gunmen_who_opened_fire_are_no_figure_of_speech(title: str, body: str, fatalities: int):
    c = classify(title, body)
    assert c.category == "attack", c.reasons
    assert c.fatalities == fatalities
    assert c.severity == Severity.urgent


@pytest.mark.parametrize(
    "title, body",
    [
        (
            "Striker Guns Down Rivals",
            "LONDON (Reuters) - The striker opened fire from 30 yards and scored twice as his team won the "
            "league match, the goalkeeper left wounded in pride.",
        ),
        (
            "Film About Bank Heist Tops Box Office",
            "LOS ANGELES (Reuters) - A film about masked men who opened fire in a bank, killing a guard, "
            "topped the box office this weekend.",
        ),
    ],
)
def test_without_gunmen_or_in_a_story_there_is_no_attack(title: str, body: str):
    c = classify(title, body)
    assert c.category is None, c.reasons


# ------------------------------------------------------------------ rockets as products, lawsuits


@pytest.mark.parametrize(
    "title, body, fatalities",
    [
        (
            "Rocket Blows Up on Launch Pad",
            "ALCANTARA, Brazil (Reuters) - A satellite rocket blew up on its launch pad on Friday, killing "
            "nine technicians working on it, the space agency said.",
            9,
        ),
        (
            "Engine Test Blast Kills Two",
            "AP - An explosion at a rocket engine test stand in the Mojave desert killed two workers on "
            "Thursday, the company said.",
            2,
        ),
    ],
)
def test_a_rocket_blowing_up_where_it_is_built_or_tested_is_an_accident(
    title: str, body: str, fatalities: int
):
    c = classify(title, body)
    assert c.category == "disaster", c.reasons
    assert c.fatalities == fatalities


@pytest.mark.parametrize(
    "title, body, category",
    [
        (
            "Rockets hit village, killing four",
            "KANDAHAR (Reuters) - Rockets fired by insurgents exploded in a village on Monday, killing four "
            "civilians, police said.",
            "shelling",
        ),
        (
            "Car bomb kills six near airport",
            "KABUL (Reuters) - A car bomb exploded near the airport on Tuesday, killing six people, days "
            "after a satellite was carried to its launch pad abroad.",
            "bombing",
        ),
    ],
)
def test_rockets_and_bombs_as_weapons_stay_attacks(title: str, body: str, category: str):
    c = classify(title, body)
    assert c.category == category, c.reasons


def test_lawsuits_over_an_old_blast_are_no_event():
    c = classify(
        "Refiner Settles Blast Claims",
        "HOUSTON (Reuters) - A refiner agreed on Monday to pay \\$30 million to settle lawsuits over an "
        "explosion at its plant in 2004 that killed two workers.",
    )
    assert c.category is None, c.reasons


def test_a_blast_reported_beside_an_old_lawsuit_still_alerts():
    c = classify(
        "Explosion at chemical plant kills five",
        "LUDWIGSHAFEN, Germany (Reuters) - An explosion tore through a chemical plant on Tuesday, killing "
        "five workers, the company said. It faces lawsuits over a leak last year.",
    )
    assert c.category == "disaster", c.reasons
    assert c.fatalities == 5


# ------------------------------------------------------------------ crowd crushes, weapons tests


def test_fans_crushed_in_a_stampede_are_a_disaster_not_a_crackdown():
    c = classify(
        "Twelve Die in Crush at Stadium",
        "ACCRA (AFP) - Twelve people were crushed to death when a crowd surged at a stadium gate before a "
        "gospel concert on Sunday, police said.",
    )
    assert c.category == "disaster", c.reasons  # main: deadly_unrest, by unrest.crackdown
    assert c.fatalities == 12


def test_protesters_crushed_by_force_are_still_unrest():
    c = classify(
        "Troops crush protest, killing four",
        "CONAKRY (Reuters) - Soldiers crushed a protest in the capital on Monday, firing on the crowd and "
        "killing four protesters, witnesses said.",
    )
    assert c.category == "deadly_unrest", c.reasons
    assert c.fatalities == 4


def test_a_weapon_tried_out_on_mortar_rounds_is_no_shelling():
    c = classify(
        "Laser Downs Mortar Rounds",
        "AP - A laser weapon shot down several mortar rounds in flight during tests in New Mexico, the "
        "maker said on Monday.",
    )
    assert c.category is None, c.reasons


def test_mortar_fire_on_a_base_still_alerts():
    c = classify(
        "Mortar rounds hit base",
        "BAGHDAD (Reuters) - Mortar rounds slammed into a U.S. base north of Baghdad on Monday, wounding "
        "three soldiers, the military said.",
    )
    assert c.category == "shelling", c.reasons
    assert c.severity == Severity.alert
