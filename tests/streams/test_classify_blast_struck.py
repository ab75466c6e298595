"""An explosion told, before its cause or its toll, as what struck a place or a gathering
(`bombing.blast_struck`, config/rules.yaml): the first posts of a bombing often say no more than
"explosions at the finish line". An explosion at a place of work stays a disaster, and a figure
that "exploded" or a figurative blast raises nothing."""

from __future__ import annotations

import pytest

from streams.classify.engine import Classifier, default_classifier
from tests.streams.rule_cases import cat


@pytest.mark.parametrize(
    "text",
    [
        "Explosion rocks central Kabul",
        "A powerful explosion shook downtown Beirut on Tuesday",
        "Blast hits Boston Marathon",
        "BREAKING: Two explosions at the finish line of the Boston Marathon",
        "Explosions ripped through the crowd at the festival in Surabaya",
    ],
)
def test_an_explosion_that_struck_a_place_or_a_crowd_is_a_bombing(rules_clf: Classifier, text: str):
    assert cat(rules_clf, text) == "bombing"
    assert cat(default_classifier(), text) == "bombing"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Explosion rocks chemical plant in Tianjin", "disaster"),  # a place of work: an accident
        ("A sales explosion hits retailers across Europe", None),  # a figure that grew
        ("Population explosion in Lagos strains services", None),
        ("The band's set was a blast for the crowd", None),
        ("Police carried out a controlled explosion at the airport after a bag was left unattended", None),
        ("The explosion that rocked central Kabul in 2017 is remembered today", None),  # history
    ],
)
def test_other_explosions_are_not_read_as_bombings(rules_clf: Classifier, text: str, expected: str | None):
    assert cat(default_classifier(), text) == expected
    assert cat(rules_clf, text) in {expected, None}
