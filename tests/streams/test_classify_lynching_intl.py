"""A lynching in Spanish and French: the act alone tells that a crowd did violence (as decisive as
a toll, so the model's "no event" does not outweigh it); a lynching in words only, and a trial
over one, are no event."""

from __future__ import annotations

import pytest

from streams.classify.engine import default_classifier


def classify(text: str):
    return default_classifier().classify_text("", text)


@pytest.mark.parametrize(
    "text, dead",
    [
        ("Una turba lincha a dos presuntos ladrones en Puebla", None),
        ("Pobladores lincharon a un presunto ladrón en Cochabamba", None),
        ("Vecinos linchan a dos presuntos secuestradores en Hidalgo", None),
        # what the crowd accused the victim of, told after the lynching, is no trial
        ("Un hombre murió linchado en Acatlán tras ser acusado de robo de niños", 1),
        ("Deux présumés voleurs lynchés par la foule à Bangui", None),
    ],
)
def test_a_lynching_is_deadly_unrest(text, dead):
    c = classify(text)
    assert (c.category, c.fatalities) == ("deadly_unrest", dead), c.reasons


@pytest.mark.parametrize(
    "text",
    [
        "El ministro denunció un linchamiento mediático en su contra",
        "La oposición habla de linchamiento político del juez",
        "Le ministre dénonce un lynchage médiatique",
        "Condenan a diez años a los acusados del linchamiento de dos encuestadores en Acatlán",
        "Le procès des auteurs du lynchage de Bangui s'ouvre lundi",
    ],
)
def test_a_lynching_in_words_only_or_on_trial_is_no_event(text):
    c = classify(text)
    assert c.category is None, c.reasons
