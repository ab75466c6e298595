"""A blast whose toll is told as a rising death toll is an event, and the toll it rose to is
read however long the name of the event between them; an explosion of a plant's stock
(fertiliser, ammonium nitrate) is an industrial disaster, not a bombing. The texts are written
for these tests."""

from __future__ import annotations

import pytest

from streams.classify.engine import default_classifier


def classify(text: str):
    return default_classifier().classify_text("", text, "en")


@pytest.mark.parametrize(
    ("text", "category", "toll"),
    [
        ("Death toll in the fertilizer explosion rises to 12", "disaster", 12),
        ("Death toll rises to 12 after the explosion at the market", "bombing", 12),
        ("Ammonium nitrate blast at the port: the death toll has climbed to 43", "disaster", 43),
        ("Death toll from the gas explosion in the apartment block rose to 7", "disaster", 7),
        ("The number of dead in the train derailment near the border reached 13", "disaster", 13),
    ],
)
def test_a_rising_death_toll_is_read_and_the_event_alerts(text, category, toll):
    c = classify(text)
    assert c.category == category, c.reasons
    assert c.fatalities == toll and c.severity.value in ("urgent", "flash"), c.reasons


@pytest.mark.parametrize(
    "text",
    [
        "Fertilizer prices rose to a record as gas costs climbed",
        "The toll road fee rose to 12 dollars after the bridge reopened",
        "Explosion of interest in fertilizer stocks as the death toll of the old war is remembered",
    ],
)
def test_no_event_and_no_toll_without_one(text):
    c = classify(text)
    assert c.severity.value == "none", c.reasons
