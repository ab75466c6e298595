"""First-level subdivisions (ISO 3166-2, from pycountry) are places of their country; a region name
that is a common word, or that two countries use, is not one; a clipped alternate city name is no
name; "Metro Manila" is Manila (streams/classify/gazetteer.py)."""

from __future__ import annotations

from streams.classify.gazetteer import Gazetteer, gazetteer


def locate(text: str, g: Gazetteer | None = None, language: str | None = "en"):
    return (g or gazetteer()).locate(text.split(), language)


def test_a_province_or_state_names_its_country_without_a_city():
    assert locate("Canmore declares state of emergency due to flooding in Alberta")[0] == "CA"
    assert locate("There are 95 fires burning across New South Wales")[0] == "AU"
    assert locate("Gunmen attacked a village in Borno overnight")[0] == "NG"


def test_a_region_is_found_in_its_spanish_and_french_names():
    assert locate("Inundaciones en Cerdeña dejan al menos nueve muertos", language="es")[0] == "IT"
    assert locate("Inondations en Sardaigne : au moins neuf morts", language="fr")[0] == "IT"
    assert locate("Alluvione in Sardegna", language="it")[0] == "IT"


def test_a_region_gives_the_country_but_no_place():
    # the place stays a city or a US state, which the story stage puts in a region itself
    assert locate("Floods in Alberta")[:2] == ("CA", None)
    assert locate("Floods in Calgary Alberta")[:2] == ("CA", "Calgary")


def test_a_region_named_by_a_common_word_or_by_two_countries_is_no_place():
    assert locate("Fires reported along West County Road") == (None, None, [])  # Cameroon's West
    assert locate("Heavy rain in the Plateau area") == (None, None, [])  # Nigeria's Plateau
    assert locate("Protests in Punjab") == (None, None, [])  # a province of Pakistan and a state of India
    assert locate("Looting in the Wake of the fire") == (None, None, [])  # Wake Island


def test_a_city_keeps_its_name_over_a_region_of_that_name():
    g = gazetteer()
    assert g.index[("Baghdad",)].kind == "city"


def test_a_clipped_alternate_name_is_no_city():
    # "Rapid" is an alternate name of Rapid City in GeoNames and a common English word
    assert locate("Rapid flooding forces evacuation of High River") == (None, None, [])
    assert locate("Flash floods in Rapid City")[:2] == ("US", "Rapid City")


def test_a_lead_word_before_a_place_is_not_a_city_of_its_own():
    # "Metro" is a city of Indonesia; in "Metro Manila" it leads the name that follows
    assert locate("YELLOW advisory for Metro Manila , floods possible")[:2] == ("PH", "Manila")
    assert locate("Bombing in Port Harcourt")[0] == "NG"
