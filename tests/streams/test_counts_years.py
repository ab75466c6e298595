"""A four-digit figure of 1900-2100 reads as a year ("in 2016"), unless a quantity word comes
before it: "more than 2000 people", "más de 2000 muertos", "plus de 2000 morts" are tolls."""

from __future__ import annotations

import pytest

from streams.classify.count_words import year_like
from streams.classify.engine import default_classifier


@pytest.mark.parametrize(
    "title,fatalities",
    [
        ("Earthquake in Turkey kills more than 2000 people", 2000),
        ("Terremoto en Turquía deja más de 2000 muertos", 2000),
        ("Séisme en Turquie : plus de 2000 morts", 2000),
        ("At least 1950 people died in the floods", 1950),
    ],
)
def test_a_quantified_four_digit_figure_is_a_toll(title: str, fatalities: int):
    assert default_classifier().classify_text(title, "").fatalities == fatalities


def test_a_year_is_still_no_toll():
    assert year_like("killed in 2016 by", 10, "2016", 2016)
    assert not year_like("more than 2000 people", 10, "2000", 2000)
    assert not year_like("killed 25 people", 7, "25", 25)
    text = "Floods in 2019 displaced thousands; this year 12 people died."
    c = default_classifier().classify_text("", text)
    assert c.fatalities == 12, c.reasons


@pytest.mark.parametrize(
    "sentence,fatalities",
    [
        # a list of victims (counts_grammar.group_total) and a pronoun's antecedent
        ("Militants killed 12 soldiers along with more than 1950 civilians.", 1962),
        ("Gunmen rounded up more than 1990 villagers and killed them.", 1990),
        ("Troops killed at least 1995 fighters and 40 civilians in the offensive.", 2035),
    ],
)
def test_every_count_pattern_reads_a_quantified_four_digit_figure_as_a_toll(sentence: str, fatalities: int):
    from streams.classify.counts import count_casualties_detail

    assert count_casualties_detail([sentence.lower()])[0] == fatalities


def test_every_count_pattern_still_reads_a_bare_year_as_no_figure():
    from streams.classify.counts import count_casualties_detail

    fat = count_casualties_detail(["militants killed 12 soldiers along with 1950 civilians."])[0]
    assert fat == 12
