"""Spanish and French wire reports, blind batch 9 es-0651.. / fr-0751.. (issue 18, 2026-12-07 late
night): plain agency leads with a dateline, as an outside tester would write them. The mechanisms
written from its training-side errors, each with cases where it must act and cases where it must not.
The texts here are other wordings of the same kinds, not the batch's items."""

from __future__ import annotations

import pytest

from tests.streams.rule_cases import classify, toll_read

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


# ---------------------------- batch 9b: the victims' owner named after their noun; a riot's noun


@pytest.mark.parametrize(
    "text, lang, want",
    [
        ("Au moins six membres du gang de Grand Ravine ont été tués par des frappes de drones.", "fr", 6),
        ("Cinq soldats du bataillon de Tessalit ont été tués dans l'embuscade.", "fr", 5),
        ("Nueve integrantes de la banda de Los Choneros murieron en el operativo.", "es", 9),
        ("Cuatro agentes de la Policía Nacional de Colombia resultaron heridos y dos murieron.", "es", 2),
    ],
)
def test_a_toll_whose_victims_are_named_by_their_owner_is_read(text, lang, want):
    assert toll_read(text, lang) == want


@pytest.mark.parametrize(
    "text, lang, want",
    [
        # a figure inside the name is no reason to drop it, and reads as before
        ("Le porte-parole du gouvernement de Transition a parlé pendant deux heures.", "fr", None),
        ("La misión de Naciones Unidas llegó el martes con tres camiones de ayuda.", "es", None),
        # no figure before the name: the sentence is read as it was
        ("Los vecinos de San Juan murieron de miedo con el partido.", "es", None),
    ],
)
def test_a_name_after_no_figure_changes_nothing(text, lang, want):
    assert toll_read(text, lang) == want


@pytest.mark.parametrize(
    "title, body, lang",
    [
        ("Motín en la cárcel de Comayagua deja once reos muertos", "", "es"),
        ("Un motín en el penal femenino deja tres internas muertas y nueve heridas", "", "es"),
        ("RDC : une mutinerie à la prison de Makala fait 17 morts", "", "fr"),
    ],
)
def test_a_riot_in_a_prison_is_unrest(title, body, lang):
    assert classify(title, body, lang)[0] == "deadly_unrest"


@pytest.mark.parametrize(
    "title, body, lang",
    [
        ("El Congreso aprueba la ley contra el motín de los contribuyentes", "", "es"),
        ("Un motín en el vestuario: los jugadores se rebelan contra el entrenador", "", "es"),
        ("Mutinerie au conseil municipal : la majorité se déchire sur le budget", "", "fr"),
    ],
)
def test_a_mutiny_of_words_is_no_unrest(title, body, lang):
    assert classify(title, body, lang)[0] is None
