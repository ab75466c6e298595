"""A shooting that killed or wounded people is an attack wherever it happened, also in a short post
that names no public place (rule attack.shooting_casualties); a film shoot, a hunting accident, a
past shooting recalled and a trial are not events. The texts are written for these tests."""

from __future__ import annotations

import pytest

from streams.classify.engine import default_classifier


def classify(text: str):
    return default_classifier().classify_text("", text, "en")


@pytest.mark.parametrize(
    "text",
    [
        "TSA officer dead, several others wounded in LAX shooting",
        "Two injured in a shooting on Rue Saint-Denis tonight, police on the scene",
        "Shooter still at large after 3 wounded on the east side #shooting",
    ],
)
def test_a_shooting_with_casualties_is_an_attack(text):
    c = classify(text)
    assert c.category == "attack" and c.severity.value != "none", c.reasons
    assert any("attack.shooting_casualties" in r for r in c.reasons), c.reasons


@pytest.mark.parametrize(
    "text",
    [
        "Filming resumed after the lead actor was injured during the shooting of the film",
        "Hunter killed in accidental shooting in Montana",
        "Ten years after the school shooting that killed 20 children, the town remembers",
        "Man sentenced to life for 2019 shooting that killed two",
    ],
)
def test_a_film_an_accident_a_memory_or_a_trial_is_no_shooting_event(text):
    c = classify(text)
    assert c.severity.value == "none", c.reasons
