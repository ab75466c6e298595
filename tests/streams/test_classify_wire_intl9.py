"""Spanish and French wire reports, blind batch 9 es-0651.. / fr-0751.. (issue 18, 2026-12-07 late
night): plain agency leads with a dateline, as an outside tester would write them. The mechanisms
written from its training-side errors, each with cases where it must act and cases where it must not.
The texts here are other wordings of the same kinds, not the batch's items."""

from __future__ import annotations

import pytest

from tests.streams.rule_cases import classify

# --------------------------------------- a blame told in the sentence that tells the harm


@pytest.mark.parametrize(
    "title, body, lang, want",
    [
        (
            "Estalla una moto bomba junto a un batallón en Tame",
            "Arauca, 3 may (Agencia del Llano) - Tres soldados murieron y nueve civiles resultaron heridos "
            "por la explosión de una moto bomba junto al batallón, informó el Ejército, que atribuyó "
            "el ataque al ELN.",
            "es",
            ("bombing", "urgent"),
        ),
        (
            "Explota un artefacto en un mercado de Maiduguri",
            "Dos comerciantes murieron cuando estalló el artefacto, según la Policía, que responsabilizó "
            "a Boko Haram.",
            "es",
            ("bombing", "urgent"),
        ),
        (
            "Explosion devant un commissariat de Kidal",
            "Kidal (Agence Sahel) - Quatre policiers ont été tués par l'explosion d'une voiture piégée "
            "devant le commissariat, a indiqué le gouverneur, qui a attribué l'attentat aux jihadistes.",
            "fr",
            ("bombing", "urgent"),
        ),
    ],
)
def test_a_blame_in_the_sentence_that_tells_the_harm_keeps_the_report(title, body, lang, want):
    assert classify(title, body, lang) == want


@pytest.mark.parametrize(
    "title, body, lang",
    [
        (
            "El ELN se atribuye el atentado de la semana pasada en Tame",
            "En un comunicado, la guerrilla reivindicó el ataque con moto bomba en el que murieron "
            "tres soldados.",
            "es",
        ),
        (
            "El Gobierno atribuye a las disidencias el atentado de enero",
            "El ministro responsabilizó a las disidencias del carro bomba que dejó dos muertos en Jamundí.",
            "es",
        ),
        (
            "Le JNIM revendique l'attentat de Kidal",
            "Le groupe a revendiqué l'attentat à la voiture piégée qui avait fait quatre morts "
            "la semaine dernière.",
            "fr",
        ),
    ],
)
def test_a_claim_or_a_blame_of_an_earlier_attack_is_still_no_event(title, body, lang):
    assert classify(title, body, lang)[0] is None


# ------------------------------------------- "atentado" told without its weapon, feminine victims


@pytest.mark.parametrize(
    "title, body, want",
    [
        (
            "El atentado contra el mercado de Gao se cobró la vida de cinco comerciantes",
            "",
            ("attack", "urgent"),
        ),
        ("Un atentado contra una iglesia de Kaya deja doce fieles muertos", "", ("attack", "flash")),
        (
            "Un atentado contra el mercado de Gao deja cinco muertos",
            "Otras once personas resultaron heridas por la explosión, ocurrida en la zona de los puestos.",
            ("bombing", "urgent"),
        ),
        ("Estalla un explosivo en un mercado de Jos: tres mujeres muertas", "", ("bombing", "urgent")),
    ],
)
def test_an_attack_on_a_crowded_place_and_the_feminine_of_its_victims(title, body, want):
    assert classify(title, body, "es") == want


@pytest.mark.parametrize(
    "title, body",
    [
        ("Juicio por el atentado contra el mercado de Gao de 2019", "Los tres acusados niegan los cargos."),
        ("La oposición califica la reforma de 'atentado contra la democracia'", ""),
        ("Explosión de ventas en el mercado navideño: las tiendas, heridas por la inflación, respiran", ""),
    ],
)
def test_a_trial_a_figure_or_a_market_of_sales_is_no_attack(title, body):
    assert classify(title, body, "es")[0] is None


# ---------------------------------------------- a killing or an attempt that kills no body


@pytest.mark.parametrize(
    "title, body, lang",
    [
        (
            "El presidente, blanco de la oposición en el Congreso",
            "El mandatario denunció un 'intento de asesinato político' tras la moción de censura "
            "y prometió seguir.",
            "es",
        ),
        ("La ministra de Economía, víctima de un asesinato mediático, según su partido", "", "es"),
        (
            "Le ministre de l'Intérieur pris pour cible à l'Assemblée",
            "Le ministre a dénoncé « une tentative d'assassinat politique » après le dépôt "
            "d'une motion de censure.",
            "fr",
        ),
        ("Le président du parti se dit victime d'un assassinat médiatique", "", "fr"),
    ],
)
def test_a_political_or_media_assassination_is_a_figure(title, body, lang):
    assert classify(title, body, lang)[0] is None


@pytest.mark.parametrize(
    "title, body, lang, want",
    [
        (
            "Intento de asesinato contra el ministro del Interior en Quito",
            "Desconocidos dispararon contra su vehículo; el ministro salió ileso.",
            "es",
            "assassination_attempt",
        ),
        (
            "Asesinato político en Guayaquil: matan a tiros a un candidato a alcalde",
            "El aspirante recibió tres disparos al salir de un mitin, informó la Policía.",
            "es",
            "assassination",
        ),
        (
            "Tentative d'assassinat contre le Premier ministre à Bangui",
            "Des coups de feu ont été tirés sur son cortège ; il est sorti indemne.",
            "fr",
            "assassination_attempt",
        ),
        (
            "Assassinat politique à Tunis : un député abattu devant son domicile",
            "L'élu a été tué par balles par deux hommes à moto, selon le ministère de l'Intérieur.",
            "fr",
            "assassination",
        ),
    ],
)
def test_a_real_attempt_or_a_political_killing_stays_an_event(title, body, lang, want):
    assert classify(title, body, lang)[0] == want
