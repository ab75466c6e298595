"""ACLED notes batch 8 (2026-12-07, late night, a later period: 2021-2025 wording and conflicts): the
mechanisms its training side led to, each with the hard cases where the same words must not give the
same reading.

The texts are written for these tests (none is in a corpus or in the training data) and run through
the shipped classifier, or through the function of the mechanism alone.
"""

from __future__ import annotations

import pytest

from streams.classify.counts import count_casualties
from streams.classify.counts_acled import CODED, SINGLE_HIM
from tests.streams.rule_cases import category, read

# ------------------------------------------- the note's own tally line: "Fatalities: 9"


@pytest.mark.parametrize(
    ("text", "toll"),
    [
        # the tally counts the attackers the sentence before leaves out
        (
            "On 2 June 2023, 3 gunmen opened fire on worshippers at a mosque in Tahoua (Tahoua, Tahoua), "
            "killing 5 people before being shot dead by guards. Fatalities: 8.",
            8,
        ),
        ("On 2 June 2023, unidentified gunmen shot dead a trader in Kidal (Kidal, Kidal). Fatalities: 1.", 1),
        (
            "On 2 June 2023, IS Sahel militants attacked the village of Tingara (Ansongo, Gao), killing 11 "
            "civilians. 3 militants were killed by the villagers. Fatalities: 14.",
            14,
        ),
        ("On 2 June 2023, militants ambushed soldiers near Dori (Dori, Seno). Fatalities: 6. Injured: 4.", 6),
    ],
)
def test_the_tally_line_of_a_note_is_its_toll(text, toll):
    cat, c = read(text)
    assert cat is not None
    assert c.fatalities == toll


def test_a_tally_line_without_a_figure_or_of_the_injured_gives_no_toll():
    _, c = read("On 2 June 2023, the RSF shelled Abu Shouk camp (El Fasher, N Darfur). Fatalities: unknown.")
    assert c.fatalities is None
    _, c = read("On 2 June 2023, the RSF shelled Abu Shouk camp (El Fasher, North Darfur). Injured: 4.")
    assert not c.fatalities
    # the tally is read as a line of its own, not inside a phrase about fatalities
    assert CODED.search("fatalities: 9.") is not None
    assert CODED.search("the report on fatalities: 9 pages long") is None
    assert CODED.search("fatalities: 4 injured") is None


# ------------------------------------------- one reported fatality


@pytest.mark.parametrize(
    ("text", "toll"),
    [
        (
            "On 2 June 2023, military artillery fired shells into Kyaikmaraw (Kyaikmaraw, Mon), "
            "resulting in 1 reported fatality.",
            1,
        ),
        ("On 2 June 2023, the RSF shelled Tawila (Tawila, North Darfur) with artillery. 1 fatality.", 1),
        (
            "On 2 June 2023, Russian forces shelled Kherson (Khersonskyi, Khersonska), resulting in 1 "
            "reported fatality and 2 injuries.",
            1,
        ),
    ],
)
def test_a_singular_fatality_is_one_dead(text, toll):
    cat, c = read(text)
    assert cat == "shelling"
    assert c.fatalities == toll
    assert c.severity.value == "urgent"


@pytest.mark.parametrize(
    "text",
    [
        "The airline reported 0 fatality accidents in 2024, its regulator said.",
        "On 2 June 2023, the party leader said there had been 1 fatality in the region since January and "
        "promised an inquiry.",
    ],
)
def test_a_fatality_word_in_ordinary_news_is_no_event(text):
    assert category(text) is None


# ------------------------------------------- a lone victim and the manner, in the gerund


def test_a_lone_victim_beaten_to_death_in_the_gerund_is_one_dead():
    assert SINGLE_HIM.search("a crowd caught him, beating him to death") is not None
    assert SINGLE_HIM.search("they chased her, stabbing her to death") is not None
    fat, _, _ = count_casualties(["Residents caught a thief in the market, beating him to death."])
    assert fat == 1


def test_a_lone_victim_beaten_but_not_to_death_is_no_toll():
    assert SINGLE_HIM.search("residents caught a thief, beating him badly") is None
    fat, _, _ = count_casualties(["Residents caught a thief in the market, beating him badly."])
    assert not fat


# ------------------------------------------- the victim described by a suspicion, not an arrest


@pytest.mark.parametrize(
    ("text", "cat", "toll"),
    [
        (
            "On 2 June 2023, al Shabaab militants killed 3 men suspected of spying for the government in "
            "Afgoye (Afgoye, Lower Shabelle).",
            "attack",
            3,
        ),
        (
            "On 4 May 2024, JNIM militants executed 2 men suspected of being army informants in Djibo "
            "(Djibo, Soum).",
            "attack",
            2,
        ),
        (
            "On 4 May 2024, soldiers shot dead a man suspected of being a militant collaborator near Gao "
            "(Gao, Gao).",
            "attack",
            1,
        ),
        (
            "On 2 June 2023, a mob in Kano (Kano, Kano) stoned to death a man suspected of blasphemy.",
            "deadly_unrest",
            1,
        ),
        (
            "On 10 March 2024, residents of Beni (Beni, Nord-Kivu) lynched a woman suspected of being a "
            "witch, beating her to death.",
            "deadly_unrest",
            1,
        ),
    ],
)
def test_a_victim_suspected_of_something_is_a_victim(text, cat, toll):
    got, c = read(text)
    assert got == cat
    assert c.fatalities == toll


@pytest.mark.parametrize(
    "text",
    [
        "On 4 May 2024, police arrested 3 men suspected of killing 5 traders in Kano (Kano, Kano).",
        "On 2 June 2023, police arrested 2 men suspected of being behind the killing of a trader in Kidal "
        "(Kidal, Kidal).",
        "On 4 May 2024, soldiers detained 4 men suspected of being militants in Mopti (Mopti, Mopti).",
        "On 4 May 2024, police arrested 3 men suspected of being members of the gang that killed 5 "
        "traders in Kano.",
    ],
)
def test_suspects_arrested_are_no_event(text):
    assert category(text) is None


# ------------------------------------------- a suicide bomber in an attack of bomb and guns


@pytest.mark.parametrize(
    "text",
    [
        "On 2 June 2023, militants stormed a hotel in Mogadishu (Mogadishu, Banadir); a suicide bomber "
        "detonated his vest at the gate and gunmen fought security forces for hours. 9 people were killed.",
        "On 9 March 2024, militants attacked a restaurant in Kismayo (Kismayo, Lower Juba): a suicide bomber "
        "blew himself up at the entrance and gunmen opened fire on diners. 6 civilians were killed.",
        "On 9 March 2024, a suicide bomber blew himself up at a checkpoint in Mogadishu (Mogadishu, "
        "Banadir), killing 4 soldiers.",
    ],
)
def test_a_suicide_bomb_in_a_complex_attack_is_a_bombing(text):
    assert category(text) == "bombing"


@pytest.mark.parametrize(
    "text",
    [
        "On 2 June 2023, soldiers shot a suicide bomber before he could blow himself up at a checkpoint in "
        "Mogadishu (Mogadishu, Banadir).",
        "On 9 March 2024, gunmen opened fire on diners at a restaurant in Kismayo (Kismayo, Lower Juba), "
        "killing 6 civilians.",
    ],
)
def test_a_bomber_stopped_or_guns_alone_are_no_bombing(text):
    assert category(text) != "bombing"


# ------------------------------------------- an ambush whose instrument is an explosive


@pytest.mark.parametrize(
    "text",
    [
        "On 2 June 2023, ISWAP militants targeted a military patrol with an IED near Monguno (Monguno, "
        "Borno), killing 3 soldiers.",
        "On 16 September 2024, PDF members ambushed a junta column near Salin (Salin, Magway) with "
        "remote-detonated mines; 5 soldiers were killed.",
        "On 8 May 2024, militants ambushed an army truck with a roadside bomb near Boni (Douentza, Mopti), "
        "killing 2 soldiers.",
    ],
)
def test_an_ambush_with_an_explosive_is_a_bombing(text):
    assert category(text) == "bombing"


@pytest.mark.parametrize(
    "text",
    [
        "On 2 June 2023, ISWAP militants ambushed a military patrol with rifles near Monguno (Monguno, "
        "Borno), killing 3 soldiers.",
        "On 2 June 2023, militants ambushed a patrol with an IED and then opened fire on the soldiers near "
        "Monguno (Monguno, Borno); 3 soldiers were killed.",
    ],
)
def test_an_ambush_with_guns_stays_a_battle(text):
    assert category(text) == "armed_clash"


def test_a_plan_to_hit_convoys_with_mines_is_no_event():
    text = "On 2 June 2023, the army said militants planned to hit convoys with mines on the road to Monguno."
    assert category(text) is None


# ------------------------------------------- a crowd that rams a gate


def test_protesters_ramming_a_gate_are_a_violent_demonstration():
    text = (
        "On 6 March 2024, students rammed a pickup truck through a gate of the state congress in Tixtla "
        "(Tixtla de Guerrero, Guerrero) during a protest. [size=dozens]"
    )
    assert category(text) == "deadly_unrest"


def test_a_driver_ramming_protesters_is_no_crowd_violence():
    text = (
        "On 6 March 2024, a driver rammed his pickup truck into students marching in Tixtla (Tixtla de "
        "Guerrero, Guerrero), injuring 4."
    )
    assert category(text) != "deadly_unrest"


def test_a_notable_killed_by_a_suicide_bomber_stays_an_assassination():
    text = (
        "On 6 June 2022, the governor of Kunduz was killed when a suicide bomber blew himself up at the gate "
        "of his office in Kunduz (Kunduz, Kunduz)."
    )
    assert category(text) == "assassination"
