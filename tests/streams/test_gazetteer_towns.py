"""Towns (GeoNames' places of 5,000 to 50,000 people) are places only with a cue; a name several
countries use is read in the country the text's other places name; English text keeps the letters
of an accented name (streams/classify/gazetteer.py, streams/classify/language.py)."""

from __future__ import annotations

from streams.classify.engine import Classifier
from streams.classify.gazetteer import gazetteer
from streams.classify.language import for_pack
from streams.classify.text import tokenize
from streams.dedup.places import region_of


def locate(text: str, language: str = "en"):
    return gazetteer().locate(tokenize(for_pack(text, language)).original, language)[:2]


def test_a_town_after_a_locative_word_is_a_place():
    assert locate("Train derailed and exploded in Lac-Mégantic overnight") == ("CA", "Lac-Mégantic")
    assert locate("Un train a explosé à Lac-Mégantic", "fr") == ("CA", "Lac-Mégantic")
    assert locate("Shots fired in Watertown, police say") == ("US", "Watertown")


def test_a_town_with_no_cue_is_no_place():
    assert locate("Watertown residents told to stay inside") == (None, None)
    assert locate("Gladstone under water this morning") == (None, None)


def test_a_town_that_several_countries_have_needs_another_place_of_its_country():
    # Gladstone: a town in Australia and in the United States
    assert locate("Flooding in Gladstone this morning") == (None, None)
    assert locate("Flooding in Gladstone, Queensland this morning")[0] == "AU"


def test_a_name_of_several_countries_is_read_in_the_country_the_other_places_name():
    # four readings of like size (Colombia, Texas, El Salvador, Guatemala): the text must settle it
    assert locate("Terremoto en San Marcos", "es") == (None, None)
    got = locate("Terremoto en San Marcos, casas caídas en San Pedro Sacatepéquez", "es")
    assert got == ("GT", "San Marcos")


def test_a_town_that_is_a_common_word_is_never_a_place():
    # "Marathon" (a town in Greece and in Florida) is a common English word
    assert locate("Blasts at the finish of the marathon in Marathon") == (None, None)


def test_an_english_text_keeps_the_letters_of_accented_names():
    assert for_pack("Explosion in Lac-Mégantic, Québec", "en") == "Explosion in Lac-Megantic, Quebec"
    assert for_pack("Iraq’s army", "en") == "Iraq’s army"  # the apostrophe stays
    c = Classifier().classify_text("", "Oil train explosion in Lac-Mégantic: one dead, dozens missing")
    assert c.location.country == "CA"


def test_a_town_lies_in_its_region():
    assert region_of("CA", "Lac-Mégantic") == "CA/10"
    assert region_of("US", "Watertown") is not None
