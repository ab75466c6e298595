"""Spanish and French: the language told cheaply, the packs' categories, counts in words, and
no silent null for a language no pack covers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from streams.classify.counts_intl import count_casualties_intl, parse_number_intl
from streams.classify.engine import default_classifier, unsupported_language
from streams.classify.language import detect, for_pack, normalise
from streams.models import Article


def classify(text: str, title: str = "", language: str | None = None):
    return default_classifier().classify_text(title, text, language)


@pytest.mark.parametrize(
    "title, body, lang",
    [
        ("", "Un coche bomba estalló frente a una comisaría de la ciudad y dejó tres muertos.", "es"),
        ("", "Une voiture piégée a explosé devant un commissariat de la ville, faisant trois morts.", "fr"),
        ("", "A car bomb exploded outside a police station in the city, killing three people.", "en"),
        (
            "",
            (
                "Eine Autobombe ist vor einer Polizeiwache in der Stadt "
                "explodiert und hat drei Menschen getötet."
            ),
            "de",
        ),
        (
            "",
            "Un'autobomba è esplosa davanti a una stazione di polizia della città, uccidendo tre persone.",
            "it",
        ),
        ("", "Заминированный автомобиль взорвался у полицейского участка.", "ru"),
        ("Rockets hit airbase, Anbar", "", "en"),  # no function word: English by default
        # "à" alone, shared with Portuguese: a tie goes to the pack's language
        ("", "Explosion à Lac-Mégantic", "fr"),
        ("", "O incêndio começou à noite em Lisboa", "pt"),  # Portuguese words outweigh it
    ],
)
def test_detect_tells_the_language(title, body, lang):
    assert detect(title, body)[0] == lang


@pytest.mark.parametrize(
    "text, lang",
    [
        # a function word in capitals among lower-case words is an acronym, not Spanish "un" or "la"
        ("Mortar shells hit a UN school, killing 40 Palestinians sheltering there.", "en"),
        ("LA #earthquake gonna be trending.", "en"),
        ("EL Salvador gang clash kills 4", "en"),
        # ... among other words in capitals it is a shouted word
        ("URGENTE: TODOS A DONAR PARA LA REFINERIA, hay heridos", "es"),
        ("EXPLOSION EN LA MINA DE CARBON", "es"),
        ("Un muerto en tiroteo en LA", "es"),  # "un", "en" written as words still count
        ("WE NEED TO EVACUATE NOW, water rising in Del Pilar St", "en"),
    ],
)
def test_a_function_word_in_capitals_alone_is_an_acronym(text, lang):
    assert detect("", text)[0] == lang


def test_a_report_of_a_un_school_shelled_is_read_in_english():
    c = classify("Mortar shells hit a UN school, killing 40 Palestinians sheltering there.")
    assert (c.category, c.fatalities) == ("shelling", 40)


def test_the_articles_own_language_tag_comes_first():
    assert normalise("es-ES") == "es"
    assert normalise("FRA") == "fr"
    assert normalise("") is None
    art = Article(
        id="x",
        source="s",
        title="",
        body="Un coche bomba estalló frente a una comisaría; tres muertos.",
        published_at=datetime(2024, 1, 1, tzinfo=UTC),
        language="de",
    )
    c = default_classifier().classify(art)
    assert c.category is None
    assert unsupported_language(c) == "de"


def test_for_pack_drops_accents_and_splits_french_elisions():
    assert for_pack("explosión en Bogotá", "es") == "explosion en Bogota"
    assert for_pack("l'armée a tué 4 000 civils", "fr") == "l armee a tue 4 000 civils"
    assert for_pack("the army's base", "en") == "the army's base"


def test_an_unsupported_language_is_never_a_silent_null():
    c = classify("Eine Autobombe ist vor einer Polizeiwache explodiert und hat drei Menschen getötet.")
    assert c.category is None
    assert c.reasons and c.reasons[0].startswith("unsupported_language: de")
    assert unsupported_language(c) == "de"
    assert unsupported_language(classify("A quiet day at the markets.")) is None


@pytest.mark.parametrize(
    "text, category, dead",
    [
        (
            "Al menos doce muertos dejó la explosión de un coche bomba frente a un cuartel en Cúcuta.",
            "bombing",
            12,
        ),
        ("Une frappe aérienne a touché un marché de Gao, faisant une vingtaine de morts.", "air_strike", 20),
        (
            (
                "Des tirs d'artillerie ont frappé un quartier de Donetsk: "
                "quatre morts et une dizaine de blessés."
            ),
            "shelling",
            4,
        ),
        (
            "Hombres armados secuestraron a cinco trabajadores de una mina en el estado de Zamfara.",
            "abduction",
            None,
        ),
        (
            "Soldados y disidentes de las FARC intercambiaron disparos en Tumaco; no hubo víctimas.",
            "armed_clash",
            0,
        ),
    ],
)
def test_spanish_and_french_reports(text, category, dead):
    c = classify(text)
    assert c.category == category, c.reasons
    assert c.fatalities == dead


@pytest.mark.parametrize(
    "text",
    [
        (
            "El Real Madrid bombardeó el área rival en el segundo tiempo, "
            "pero el arquero salvó el empate en el partido."
        ),
        (
            "La Bourse de Paris a plongé de 4 % vendredi, entraînée par les "
            "valeurs bancaires; les investisseurs s'inquiètent."
        ),
        "La policía desactivó un artefacto explosivo hallado junto a una torre eléctrica en Arauca.",
        "Le JNIM a revendiqué l'attaque de la semaine dernière contre le camp militaire de Boni.",
    ],
)
def test_ordinary_news_and_hard_negatives_in_spanish_and_french_raise_nothing(text):
    assert classify(text).category is None


@pytest.mark.parametrize(
    "words, lang, value",
    [
        ("doce", "es", 12),
        ("treinta y dos", "es", 32),
        ("una docena", "es", 12),
        ("4.000", "es", 4000),
        ("vingt-trois", "fr", 23),
        ("quatre-vingt-dix", "fr", 90),
        ("soixante-dix-sept", "fr", 77),
        ("deux cents", "fr", 200),
        ("4 000", "fr", 4000),
        ("une dizaine", "fr", 10),
    ],
)
def test_number_words(words, lang, value):
    assert parse_number_intl(words, lang) == value


def test_counts_in_spanish_and_french():
    es = for_pack("Al menos doce muertos y 20 heridos dejó el ataque. No hubo más víctimas.", "es")
    assert count_casualties_intl([es], "es")[:2] == (12, 20)
    fr = for_pack("L'attaque a fait quatre-vingt-dix morts et une dizaine de blessés.", "fr")
    assert count_casualties_intl([fr], "fr")[:2] == (90, 10)
    none = for_pack("Aucune victime n'a été signalée.", "fr")
    assert count_casualties_intl([none], "fr")[:2] == (0, 0)
    # "varios", "plusieurs": no figure
    assert count_casualties_intl([for_pack("Plusieurs morts.", "fr")], "fr")[0] is None


def test_a_config_folder_without_the_language_packs_still_reads_spanish_and_french(tmp_path):
    """A folder made by `newsalert init` before the packs existed (rules.yaml and categories.yaml
    only): the shipped Spanish and French packs are used, not none."""
    import shutil

    from streams.settings import CONFIG_DIR

    for name in ("rules.yaml", "categories.yaml"):
        shutil.copy(CONFIG_DIR / name, tmp_path / name)
    clf = default_classifier(tmp_path)
    assert set(clf.packs) == {"en", "es", "fr"}
    art = Article(
        id="es-pack",
        source="Telesur",
        title="Al menos doce muertos en un atentado con coche bomba en Bagdad",
        body="Al menos doce personas murieron y treinta resultaron heridas en la explosión de un coche"
        " bomba.",
        published_at=datetime(2024, 3, 1, tzinfo=UTC),
    )
    assert clf.classify(art).category == default_classifier().classify(art).category is not None


@pytest.mark.parametrize(
    "text, dead",
    [
        # an elided article does not count as a word of the complement ("de l'armée malienne")
        ("Sept soldats de l'armée malienne ont été tués dimanche dans une attaque près de Boni.", 7),
        ("Quatre gendarmes de l'escadron de Kati ont été tués dans une embuscade jihadiste.", 4),
        # ... and a complement of more words is still no part of the toll
        ("Sept soldats de l'armée malienne du camp de Boni et de la région ont été tués.", None),
    ],
)
def test_a_complement_with_an_elided_article_keeps_the_toll(text, dead):
    assert classify(text).fatalities == dead
