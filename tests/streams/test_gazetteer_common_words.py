"""A city name that is also a common word (streams/classify/place_words.tsv) is a place only with a
locative cue or another place of its country in the text (streams/classify/gazetteer.py)."""

from __future__ import annotations

from streams.classify.gazetteer import Gazetteer, gazetteer


def locate(text: str, g: Gazetteer | None = None, language: str | None = "en"):
    return (g or gazetteer()).locate(text.split(), language)


def test_a_common_word_at_the_start_of_a_sentence_is_no_place():
    assert locate("More than 200 dead in Brazilian nightclub fire")[0] == "BR"
    assert locate("Most residents evacuated from Colorado largest wildfire")[:2] == ("US", "Colorado")
    assert locate("Tell u what that earthquake only lasted two seconds") == (None, None, [])


def test_a_common_word_after_a_locative_cue_is_a_place():
    assert locate("Earthquake in Van kills 3")[:2] == ("TR", "Van")


def test_a_common_word_is_a_place_when_its_country_is_named():
    assert locate("Floods hit Van Turkey overnight")[:2] == ("TR", "Van")


def test_a_hit_dropped_as_a_word_does_not_hide_the_next_place():
    assert locate("Most Manila residents stayed home")[:2] == ("PH", "Manila")


def test_off_reads_the_word_as_a_place_as_before():
    off = Gazetteer(common_rank=0)
    assert locate("More than 200 dead", off)[0] == "CM"


def test_the_word_lists_are_those_of_the_text_language():
    assert locate("Una chilena resultó herida en el descarrilamiento", language="es") == (None, None, [])
    # "Goma" is no common word of French: the city of Congo stays a place in a French text
    assert locate("Des tirs ont été entendus Goma mardi soir", language="fr")[:2] == ("CD", "Goma")


def test_the_classifier_passes_the_language():
    from streams.classify.engine import default_classifier

    c = default_classifier().classify_text("", "More than 200 dead in nightclub fire, police say")
    assert c.category is not None and c.location.country != "CM"
