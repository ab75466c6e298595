"""Alerts that explain themselves: the evidence, scores that add up as printed, a non-event that
says why, and no flash from a vague toll alone."""

from __future__ import annotations

import re

import pytest

from streams.classify.decide import Blend
from streams.classify.engine import Classifier, default_classifier


def classify(text: str, title: str = ""):
    return default_classifier().classify_text(title, text)


ADDS = re.compile(r"^(?:rule \S+|model) \(\+(?P<add>[0-9.]+) (?P<cat>[a-z_]+)")
TOTAL = re.compile(r"^category (?P<cat>[a-z_]+)(?: raised by the model)?: .*?score (?P<score>[0-9.]+) = ")


@pytest.mark.parametrize(
    "title, body",
    [
        (
            "Car bomb kills 12 in Kabul",
            "A car bomb exploded near a market in Kabul, killing at least 12 people.",
        ),
        ("", "Soldiers clashed with rebels near Beni on Monday; four rebels and two soldiers were killed."),
        ("", "Government warplanes struck a market in Idlib, killing nine civilians, a monitor said."),
        ("", "Des tirs d'artillerie ont frappé un marché de Donetsk: au moins 25 morts."),
    ],
)
def test_the_printed_contributions_add_up_to_the_category_score(title, body):
    c = classify(body, title)
    assert c.category is not None, c.reasons
    total = next(m for m in map(TOTAL.match, c.reasons) if m)
    assert total["cat"] == c.category
    adds = [float(m["add"]) for m in map(ADDS.match, c.reasons) if m and m["cat"] == c.category]
    assert adds, c.reasons
    assert sum(adds) == pytest.approx(float(total["score"]), abs=0.002)


def test_an_alert_carries_its_evidence_its_toll_and_its_severity():
    c = classify("A suicide bomber blew himself up at a market in Maiduguri, killing 14 people.")
    assert c.category == "bombing"
    assert any(r.startswith("rule bombing.") and "'" in r for r in c.reasons)  # the words that fired
    assert any(r.startswith("fatalities=14 from ") for r in c.reasons)  # where the toll came from
    assert any(r.startswith("severity flash: 14 killed") for r in c.reasons)  # why this severity


def test_a_non_event_names_the_rule_that_came_nearest_and_what_vetoed_it():
    c = classify("Police defused a bomb found under a car in Mombasa on Tuesday.")
    assert c.category is None
    why = [r for r in c.reasons if r.startswith("no event")]
    assert why and "nearest rule bombing." in why[0] and "seized" in why[0], c.reasons


def test_ordinary_news_says_no_rule_applies():
    c = classify("Shares in the carmaker rose 3% after it reported better than expected quarterly sales.")
    assert c.category is None
    assert c.reasons and c.reasons[-1].startswith("no event")


def test_a_vague_toll_alone_never_makes_flash():
    c = classify("Heavy fighting between the army and rebels near Goma left many dead, residents said.")
    assert c.category == "armed_clash", c.reasons
    assert c.severity.value == "urgent"
    assert any("flash needs a figure" in r for r in c.reasons)


def test_a_figure_does_make_flash():
    c = classify("Heavy fighting between the army and rebels near Goma left 25 dead, residents said.")
    assert c.category == "armed_clash"
    assert c.severity.value == "flash"


def test_dozens_is_a_figure_of_at_least_ten():
    c = classify("Dozens of people were killed when gunmen attacked a village in Zamfara.")
    assert c.fatalities == 12
    assert c.severity.value == "flash"


def test_the_models_part_is_printed_and_can_settle_the_category():
    clf = Classifier(blend=Blend(model_weight=1.5))
    text = "Drones struck an ammunition depot near Kursk overnight, setting off secondary explosions."
    c = clf.classify_text("", text)
    assert any(r.startswith("model (+") for r in c.reasons), c.reasons
    rules_only = Classifier(model=False).classify_text("", text)
    assert not any(r.startswith("model") for r in rules_only.reasons)
