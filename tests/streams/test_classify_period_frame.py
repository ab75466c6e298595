"""Issue 18, ordinary news of non-World sections (2026-12-07): a toll over a period is no event's
toll; a weak rule hit yields to a model sure the text is no event; a plural vague toll
("dozens", "decenas", "des dizaines") is a floor of twenty and may make a flash. Each mechanism
with a case where it must act and one where it must not."""

from __future__ import annotations

import pytest

from streams.classify.decide import Blend
from streams.classify.engine import Classifier


def rules_only(title: str, body: str, lang: str):
    return Classifier(model=False).classify_text(title, body, lang)


# ------------------------------------------------------------------ a toll over a period


@pytest.mark.parametrize(
    "title, body, lang",
    [
        (
            "Las caídas de andamios dejaron 85 muertos en 2022",
            "El informe de la inspección de trabajo pide más controles en las obras.",
            "es",
        ),
        (
            "Le choléra a tué 400 personnes l'an dernier dans la région",
            "Les autorités sanitaires lancent une campagne de vaccination.",
            "fr",
        ),
        (
            "Falls killed 40 workers on building sites last year",
            "The safety regulator published its annual figures on Tuesday.",
            "en",
        ),
    ],
)
def test_a_toll_over_a_period_is_no_event(title, body, lang):
    c = rules_only(title, body, lang)
    assert c.category is None, c.reasons
    assert c.fatalities is None


@pytest.mark.parametrize(
    "title, body, lang, category, fatalities",
    [
        ("Un atentado con coche bomba mata a 12 personas en Kabul", "", "es", "bombing", 12),
        # a sentence of background with a yearly toll does not hide the event or its toll
        (
            "Pistoleros matan a nueve campesinos en una aldea de Zamfara",
            "Los atacantes llegaron en motos el domingo. Los bandidos mataron a más de 2.000 personas "
            "el año pasado en el estado.",
            "es",
            "attack",
            9,
        ),
        (
            "Des hommes armés ont tué sept villageois dans le centre du Mali",
            "Les assaillants sont arrivés à moto. Les violences ont fait 1 200 morts l'an dernier "
            "dans la région.",
            "fr",
            "attack",
            7,
        ),
        (
            "Gunmen kill nine villagers in Zamfara",
            "The attackers arrived on motorcycles on Sunday. Bandits killed more than 2,000 people in the "
            "state last year.",
            "en",
            "attack",
            9,
        ),
    ],
)
def test_an_event_keeps_its_toll_beside_a_yearly_one(title, body, lang, category, fatalities):
    c = rules_only(title, body, lang)
    assert c.category == category, c.reasons
    assert c.fatalities == fatalities, c.reasons


def test_a_yearly_toll_in_the_background_does_not_keep_the_model_from_raising():
    """The casualty words of the headline open the text to the model; the period frame keeps the
    words of the yearly toll off, but that veto does not stop the model raising the headline's event."""
    title = "Des hommes armés tuent sept villageois dans le centre du Mali"
    body = (
        "Les assaillants sont arrivés à moto. Les violences ont fait 1 200 morts l'an dernier dans la région"
    )
    proba = {"none": 0.2, "attack": 0.75, "armed_clash": 0.05}
    c = Classifier(blend=Blend(model_weight=0.5, raise_min=0.5)).classify_text(title, body, "fr", proba)
    assert c.category == "attack", c.reasons
    assert c.fatalities == 7, c.reasons
    # the same yearly toll alone opens nothing
    alone = Classifier(blend=Blend(model_weight=0.5, raise_min=0.5)).classify_text(
        "Les violences ont fait 1 200 morts l'an dernier dans la région", "", "fr", proba
    )
    assert alone.category is None, alone.reasons


@pytest.mark.parametrize(
    "title, lang",
    [
        ("Condenado a 25 años el hombre que mató a su vecino en 2020", "es"),
        ("Vingt ans de réclusion pour le meurtre d'un commerçant en 2019", "fr"),
        ("Man jailed for 2019 murder of a taxi driver", "en"),
    ],
)
def test_a_sentence_for_a_past_killing_is_no_event(title, lang):
    assert rules_only(title, "", lang).category is None


# ------------------------------------------------- a weak rule hit against a sure model


TIER = Blend(model_weight=0.5, raise_min=0.5, veto_min=0.95, strong_rules=2.5, weak_rules=2.0, weak_veto=0.9)
SURE_NONE = {"none": 0.92, "attack": 0.04, "disaster": 0.04}
UNSURE = {"none": 0.6, "attack": 0.3, "disaster": 0.1}


def with_model(title: str, body: str, lang: str, proba: dict[str, float], blend: Blend = TIER):
    return Classifier(blend=blend).classify_text(title, body, lang, proba)


@pytest.mark.parametrize(
    "title, lang",
    [
        ("Terremoto en el vestuario del Real Madrid tras la derrota en Copa", "es"),
        ("L'ailier bombarde la défense adverse pendant 80 minutes", "fr"),
    ],
)
def test_a_weak_hit_yields_to_a_sure_model_and_not_to_an_unsure_one(title, lang):
    assert rules_only(title, "", lang).category is not None  # the rules alone do alert
    sure = with_model(title, "", lang, SURE_NONE)
    assert sure.category is None and any("a weak rules' score" in x for x in sure.reasons), sure.reasons
    assert with_model(title, "", lang, UNSURE).category is not None
    # off (the default Blend) the tier does nothing
    assert with_model(title, "", lang, SURE_NONE, Blend(veto_min=0.95)).category is not None


def test_a_strong_rule_stands_against_a_sure_model():
    c = with_model("Un atentado con coche bomba mata a 12 personas en Kabul", "", "es", SURE_NONE)
    assert c.category == "bombing", c.reasons
    assert c.severity.value == "flash"


# ------------------------------------------------------------ a plural vague toll


@pytest.mark.parametrize(
    "title, lang",
    [
        ("Decenas de muertos en un atentado con coche bomba en un mercado de Mogadiscio", "es"),
        ("Des dizaines de morts dans un attentat à la voiture piégée à Mogadiscio", "fr"),
        ("Dozens killed in car bomb attack on Mogadishu market", "en"),
    ],
)
def test_a_plural_vague_toll_is_a_floor_that_makes_a_flash(title, lang):
    c = rules_only(title, "", lang)
    assert c.category == "bombing", c.reasons
    assert c.severity.value == "flash"


@pytest.mark.parametrize(
    "title, lang",
    [
        ("Varios muertos en un atentado con coche bomba en un mercado de Mogadiscio", "es"),
        ("Plusieurs morts dans un attentat à la voiture piégée à Mogadiscio", "fr"),
        ("Several killed in car bomb attack on Mogadishu market", "en"),
    ],
)
def test_a_vague_toll_under_ten_is_urgent(title, lang):
    c = rules_only(title, "", lang)
    assert c.category == "bombing", c.reasons
    assert c.severity.value == "urgent"


# ------------------------------------------- English: a court's sentence, a weather forecast


@pytest.mark.parametrize(
    "title",
    [
        "Appeals court upholds life sentence over 2019 market bombing",
        "Forecast: heatwave to bring 41C to Seville on Friday",
        "Forecasters expect floods on the coast this weekend",
    ],
)
def test_a_sentence_upheld_or_a_forecast_is_no_event(title):
    assert rules_only(title, "", "en").category is None


@pytest.mark.parametrize(
    "title, category",
    [
        ("Suicide bomber kills seven outside court in Quetta", "bombing"),
        ("Heatwave kills 12 in Seville as temperatures hit 44C", "disaster"),
    ],
)
def test_a_court_or_a_heatwave_in_a_real_event_still_alerts(title, category):
    assert rules_only(title, "", "en").category == category
