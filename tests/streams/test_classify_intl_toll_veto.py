"""Spanish and French: a death toll with a figure in the lead outweighs the model's "no event" when
a rule read an event (the model learnt from far fewer texts there); the toll's own grammar
("ont succombé à leurs blessures")."""

from __future__ import annotations

import pytest

from tests.streams.rule_cases import classify, toll


@pytest.mark.parametrize(
    "title,body,lang,want",
    [
        (
            "Attentat à Ouagadougou",
            "L'attentat contre un marché de Ouagadougou a coûté la vie à neuf civils.",
            "fr",
            ("attack", "urgent"),
        ),
        (
            "Fusillade à Marseille",
            "Deux jeunes hommes ont succombé à leurs blessures après une fusillade à Marseille.",
            "fr",
            ("attack", "urgent"),
        ),
        # hard negatives: a toll of history, a toll with no event a rule reads
        (
            "",
            "La Seconde Guerre mondiale a coûté la vie à 60 millions de personnes, rappelle l'exposition.",
            "fr",
            (None, "none"),
        ),
        (
            "",
            "La grippe saisonnière a coûté la vie à 300 personnes l'hiver dernier en Belgique.",
            "fr",
            (None, "none"),
        ),
    ],
)
def test_a_toll_in_the_lead_outweighs_the_models_no_event(title, body, lang, want):
    assert classify(title, body, lang) == want


def test_victims_who_succumbed_to_their_wounds_are_counted():
    assert toll("Deux jeunes hommes ont succombé à leurs blessures après la fusillade.", "fr") == 2
    assert toll("Les deux blessés ont été soignés et n'ont pas succombé.", "fr") is None
