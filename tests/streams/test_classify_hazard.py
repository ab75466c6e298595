"""Routine hazard bulletins (streams/classify/hazard.py, config/hazards.yaml): a small quake with no
toll and no damage gets no severity; a toll, a damage word or a larger magnitude alerts as before."""

from __future__ import annotations

import dataclasses

import pytest

from streams.classify.engine import Classifier, default_classifier
from streams.classify.hazard import hazard_rules
from streams.models import Severity


def classify(text: str, clf: Classifier | None = None):
    return (clf or default_classifier()).classify_text("", text)


@pytest.mark.parametrize(
    "text",
    [
        "#Earthquake M 2.6, Southern Alaska http://t.co/sdi09taS",
        "RT @INGVterremoti: #terremoto Ml:3.2 2012-09-05 03:09:12 UTC Prov=Southern Italy",
        "#earthquake mb 5.1  TAIWAN REGION: Magnitude  mb 5.1 Region TAIWAN REGION",
        "Sismo de magnitud 4,3 se registró en costa norte de #Peru #terremoto",
        "4.5 - offshore Maule, Chile (Chile) - 14/09/12 20:50:46 EDT Depth: 20.3 km #Quake",
        "3.0 earthquake in Puerto Rico region - USGS link #quake",
    ],
)
def test_a_small_quake_bulletin_gets_no_severity(text: str):
    c = classify(text)
    assert c.category == "disaster"
    assert c.severity == Severity.none
    assert any("routine bulletin" in r for r in c.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "RT @NewEarthquake: 7.9 earthquake, off the coast of Costa Rica. Sep 5 8:42am at epicenter",
        "A magnitude 4.2 earthquake killed 2 people in eastern Iran on Sunday.",
        "A magnitude 4.9 earthquake struck western France; several houses were damaged near La Rochelle.",
        "Earthquake hits Costa Rica, buildings shake in San Jose",
        "Terremoto 6,6 en Panamá, temblor de 5,1 en Italia",
    ],
)
def test_a_toll_damage_or_large_magnitude_still_alerts(text: str):
    c = classify(text)
    assert c.category == "disaster"
    assert c.severity >= Severity.alert


def test_the_threshold_comes_from_the_config():
    text = "#Earthquake M 4.6, Vanuatu Depth: 178.20 km"
    assert classify(text).severity == Severity.none
    lower = Classifier(hazards=dataclasses.replace(hazard_rules(), quake_min_magnitude=4.5))
    assert classify(text, lower).severity == Severity.alert


def test_numbers_that_are_no_magnitude_are_not_read_as_one():
    rules = hazard_rules()
    assert rules.magnitudes("Earthquake relief: 2.5 million dollars raised in 3 days") == []
    assert rules.routine_quake("Quake survivors camp in Tacloban, 2.5 km from the coast", None, None) is None


@pytest.mark.parametrize(
    "text",
    [
        "RT @VECO_Cebu: Donate to victims of Typhoon Pablo through the foundation. Open this link",
        "Clutha appeal fund raises £220,000 for families affected by the Glasgow helicopter crash",
        "Funeral held for Glasgow helicopter crash pilot as mourners gather",
        "Two weeks after the Rana Plaza building collapse, global brands sign a safety accord",
    ],
)
def test_an_aftermath_post_with_no_toll_gets_no_severity(text: str):
    c = classify(text)
    assert c.category == "disaster"
    assert c.severity == Severity.none
    assert any("aftermath" in r for r in c.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "Death toll in Brazil nightclub fire rises to 237, officials say; funerals continue",
        "Floods displace 5,000 in Assam as relief operations begin",
        "Helicopter crashes into crowded Glasgow pub, several people trapped",
    ],
)
def test_a_toll_or_a_live_event_still_alerts(text: str):
    c = classify(text)
    assert c.category == "disaster"
    assert c.severity >= Severity.alert


def test_the_aftermath_words_can_be_turned_off():
    text = "Donate to victims of Typhoon Pablo through the foundation"
    off = Classifier(hazards=dataclasses.replace(hazard_rules(), aftermath=None))
    assert classify(text, off).severity == Severity.alert


@pytest.mark.parametrize(
    "text",
    [
        # the model's "none" (the Pacific coast, degrees) outweighed a weak rules' score on these
        "Sismo de 7.4 grados sacude la costa del Pacífico de Guatemala",
        "Temblor de 7.4 grados sacude la costa del Pacífico de Guatemala",
        "sismo de 7.9 FUE A 12.4 millas de profundidad #CostarICA",
    ],
)
def test_a_quake_magnitude_that_alerts_outweighs_the_models_no_event(text: str):
    c = classify(text)
    assert c.category == "disaster" and c.severity == Severity.alert, c.reasons
    assert any("no event: model" in r and "but a quake of magnitude" in r for r in c.reasons), c.reasons


@pytest.mark.parametrize(
    "text",
    [
        "Sismo sacude la costa del Pacífico de Guatemala",  # no figure: the model's veto stands
        "Temperaturas de 7.4 grados en la costa del Pacífico de Guatemala",  # no quake word
        "Sismo de 4.2 grados en la costa de Chiapas",  # a small quake: no severity either way
    ],
)
def test_no_magnitude_that_alerts_leaves_the_models_veto(text: str):
    c = classify(text)
    assert c.severity == Severity.none, c.reasons
    assert not any("but a quake of magnitude" in r for r in c.reasons), c.reasons


def test_alerting_quake_reads_the_largest_magnitude_over_the_threshold():
    rules = hazard_rules()
    assert rules.alerting_quake("Sismo de 7.4 grados; réplica de 5.9") == 7.4
    assert rules.alerting_quake("Sismo de 4.2 grados") is None
    assert rules.alerting_quake("7.4 grados en la costa") is None  # no quake word
