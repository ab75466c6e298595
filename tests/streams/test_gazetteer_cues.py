"""Cues that make a name a place (streams/classify/gazetteer.py): a wire dateline, the marks that
part names (a comma, a parenthesis), and a locative word before an ambiguous big city's name."""

from __future__ import annotations

import pytest

from streams.classify.engine import default_classifier
from streams.classify.gazetteer import gazetteer, place_tokens


def locate(text: str, language: str = "en"):
    g = gazetteer()
    return g.locate(place_tokens(text), language, g.dateline(text))[:2]


# ------------------------------------------------------------------ datelines


@pytest.mark.parametrize(
    "text, where",
    [
        ("BAGHDAD, Dec 18 (Reuters) - A car bomb exploded near a market.", ("IQ", "Baghdad")),
        ("MANILA (AP) - A typhoon killed 12 people overnight.", ("PH", "Manila")),
        ("PORT-AU-PRINCE - Gangs attacked a police station.", ("HT", "Port-au-Prince")),
        # a dateline is its own cue: the ambiguous name of a big city is read there
        ("ATHENS, Dec 18 - A bomb exploded outside a court building.", ("GR", "Athens")),
    ],
)
def test_a_dateline_names_the_place_when_the_text_names_none(text, where):
    assert locate(text) == where


def test_the_places_the_text_names_outweigh_its_dateline():
    # the wire's desk is in Washington, the bomb in Kabul
    text = "WASHINGTON (Reuters) - A car bomb killed 12 people in Kabul, Afghanistan, on Monday."
    assert locate(text) == ("AF", "Kabul")


@pytest.mark.parametrize(
    "text",
    [
        "BREAKING: explosion reported near the stadium",  # a colon: no dateline
        "MASS SHOOTING: multiple people shot at a block party",
        "A bomb exploded near the market, police said.",  # no capitals
        "UPDATE - the toll has risen to four",  # capitals that name no place
    ],
)
def test_capitals_that_are_no_dateline_name_no_place(text):
    assert gazetteer().dateline(text) is None


# ------------------------------------------------------------------ marks that part names


def test_a_comma_parts_a_street_from_its_city():
    # "Avenue Istanbul's" is no first name and surname
    text = "An explosion tore through Istiklal Avenue, Istanbul's busiest street, killing six."
    assert locate(text) == ("TR", "Istanbul")


def test_a_parenthesis_glosses_a_place():
    assert locate("Regime forces shelled the outskirts of Darat Izza (Aleppo) with artillery.") == (
        "SY",
        "Aleppo",
    )


def test_a_name_before_a_city_without_a_mark_is_still_a_person():
    assert locate("Gov. Sarah Palin spoke about the attack.") == (None, None)


# ------------------------------------------------------------------ ambiguous big cities


@pytest.mark.parametrize(
    "text, where",
    [
        ("A bomb exploded in Paris on Monday, killing two.", ("FR", "Paris")),
        ("Riot police clashed with protesters in Athens overnight.", ("GR", "Athens")),
        ("A gas explosion in Moscow killed three.", ("RU", "Moscow")),
    ],
)
def test_an_ambiguous_big_city_is_read_after_a_locative_cue(text, where):
    assert locate(text) == where


@pytest.mark.parametrize(
    "text",
    [
        "Paris Hilton was mobbed by fans at the premiere.",  # a person
        "Moscow condemned the attack.",  # a government
        "Naples won the derby 2-1 on Sunday.",  # a club
    ],
)
def test_an_ambiguous_big_city_without_a_cue_is_no_place(text):
    assert locate(text) == (None, None)


def test_an_ambiguous_big_city_is_no_place_because_its_country_is_named():
    # the government speaks from its capital: the country stands, the place is not Moscow
    assert locate("Moscow: a Russian health official said 1,000 were hurt by the meteor.") == ("RU", None)


def test_the_classifier_locates_a_wire_report_by_its_dateline():
    c = default_classifier().classify_text(
        "Car bomb kills eight",
        "BAGHDAD, Dec 18 (Reuters) - A car bomb exploded near a market, killing eight.",
    )
    assert c.category == "bombing"
    assert c.location.country == "IQ"
    assert any("dateline Baghdad" in r for r in c.reasons)


# ------------------------------------------------------------------ regions named by common words


@pytest.mark.parametrize(
    "text, country",
    [
        ("Boko Haram fighters attacked a village in the Far North region overnight.", "CM"),
        ("On 2 January 2022, the ELN clashed with dissidents in rural Tame (Tame, Arauca).", "CO"),
        ("Soldiers clashed with rebels in Meta department on Sunday.", "CO"),
    ],
)
def test_a_region_named_by_a_common_word_is_read_with_a_cue(text, country):
    assert locate(text)[0] == country


@pytest.mark.parametrize(
    "text",
    [
        "Meta shares fell after the results.",  # a company
        "Temperatures will drop in the far north tonight.",  # lower case: a direction
        "Fires reported along West County Road",  # a direction before a road's name
    ],
)
def test_a_region_named_by_a_common_word_without_a_cue_is_no_place(text):
    assert locate(text) == (None, None)
