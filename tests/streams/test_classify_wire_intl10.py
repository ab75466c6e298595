"""Spanish and French front-page copy, blind batch 10 es-0711.. / fr-0801.. (issue 18, 2026-12-07 late
night 2): a headline and a one-sentence lead, the event told as a noun phrase or a participle. The
mechanisms written from its training-side errors, each with cases where it must act and cases where
it must not. The texts here are other wordings of the same kinds, not the batch's items."""

from __future__ import annotations

import pytest

from tests.streams.rule_cases import classify, toll_read

# ------------------------------------------- a strike told as a noun, its aircraft after it as agent


@pytest.mark.parametrize(
    "title, body, lang, want",
    [
        (
            "Bombardeo de la Fuerza Aérea contra un campamento del ELN: siete muertos",
            "",
            "es",
            ("air_strike", "urgent"),
        ),
        (
            "Ataque de helicópteros sobre una aldea de Darfur deja seis muertos",
            "",
            "es",
            ("air_strike", "urgent"),
        ),
        (
            "Bombardement de l'aviation malienne sur un marché près de Kidal : 8 morts",
            "",
            "fr",
            ("air_strike", "urgent"),
        ),
        ("Frappe de l'armée de l'air tchadienne contre un camp rebelle", "", "fr", ("air_strike", "alert")),
    ],
)
def test_a_strike_noun_with_its_aircraft_as_agent_is_an_air_strike(title, body, lang, want):
    assert classify(title, body, lang) == want


@pytest.mark.parametrize(
    "title, body, lang, want",
    [
        # an aircraft attacked is no air strike
        (
            "Disidencias atacan con disparos un avión de la Fuerza Aérea en Guaviare; sin heridos",
            "",
            "es",
            None,
        ),
        (
            "Ataque contra un avión de la Fuerza Aérea en Guaviare deja dos pilotos heridos",
            "",
            "es",
            "no air strike",
        ),
        ("Tirs contre un avion de l'armée de l'air à Gao", "", "fr", None),
        # an anniversary and a drill
        (
            "Se cumplen 89 años del bombardeo de la aviación alemana sobre Guernica",
            "Homenaje a las víctimas.",
            "es",
            None,
        ),
        ("Simulacro de bombardeo de la Fuerza Aérea en la base de Palanquero", "", "es", None),
        (
            "Il y a 80 ans, le bombardement de l'aviation alliée sur Royan",
            "Une cérémonie a rendu hommage aux victimes.",
            "fr",
            None,
        ),
        # artillery stays shelling
        ("Bombardeo de artillería contra Jersón: tres muertos", "", "es", "shelling"),
    ],
)
def test_no_air_strike_without_an_aircraft_striking(title, body, lang, want):
    got = classify(title, body, lang)[0]
    if want == "no air strike":
        assert got != "air_strike"
    else:
        assert got == want


# ------------------------------------------------ burnt alive, beaten to death: a death, a crowd's


@pytest.mark.parametrize(
    "text, lang, want",
    [
        ("Un homme brûlé vif par la foule à Pétion-Ville.", "fr", 1),
        ("Deux voleurs présumés brûlés vifs par une foule en colère à Bunia.", "fr", 2),
        ("L'homme a été battu puis brûlé vif par des riverains.", "fr", 1),
        ("Un voleur présumé battu à mort par des habitants à Goma.", "fr", 1),
        ("Dos hombres quemados vivos por pobladores en Huehuetenango.", "es", 2),
        ("Un hombre quemado vivo por una turba en Ayutla.", "es", 1),
        ("Un hombre golpeado hasta la muerte por una turba en Ayutla.", "es", 1),
        # a near miss is no death
        ("Un homme a failli être brûlé vif par la foule à Pétion-Ville.", "fr", None),
        ("Un hombre estuvo a punto de ser quemado vivo por una turba en Puebla.", "es", None),
        ("La foule voulait brûler vif le suspect.", "fr", None),
    ],
)
def test_burnt_alive_is_a_death(text, lang, want):
    assert toll_read(text, lang) == want


@pytest.mark.parametrize(
    "title, body, lang, want",
    [
        ("Un homme brûlé vif par la foule à Pétion-Ville", "", "fr", ("deadly_unrest", "urgent")),
        (
            "Haïti : un présumé voleur lynché à Pétion-Ville",
            "Accusé d'avoir volé une moto, l'homme a été battu puis brûlé vif par des riverains.",
            "fr",
            ("deadly_unrest", "urgent"),
        ),
        ("Un hombre quemado vivo por una turba en Ayutla", "", "es", ("deadly_unrest", "urgent")),
        ("Dos hombres quemados vivos por pobladores en Huehuetenango", "", "es", ("deadly_unrest", "urgent")),
        # no crowd: a fire's victims are a disaster's
        (
            "Incendie à Lyon : trois enfants brûlés vifs dans leur appartement",
            "",
            "fr",
            ("disaster", "urgent"),
        ),
        ("Incendio en una vivienda de Soacha: dos niños quemados vivos", "", "es", ("disaster", "urgent")),
        # an anniversary, a book
        (
            "Aniversario de Ayutla: hace diez años dos encuestadores fueron quemados vivos por una turba",
            "",
            "es",
            (None, "none"),
        ),
        (
            "Le roman « Brûlé vif par la foule » couronné au salon du livre de Montréal",
            "",
            "fr",
            (None, "none"),
        ),
    ],
)
def test_a_crowd_that_burns_someone_alive_is_mob_violence(title, body, lang, want):
    assert classify(title, body, lang) == want


# --------------------------------- an official "vise par des tirs", words between; Belgian offices


@pytest.mark.parametrize(
    "title, body, want",
    [
        (
            "Journal de 7 h",
            "Il est 7 heures. Le bourgmestre de Schaerbeek a été visé hier soir par des tirs devant l'hôtel "
            "de ville ; il n'a pas été touché.",
            ("assassination_attempt", "alert"),
        ),
        (
            "La députée de Montréal-Nord a été visée dimanche par des coups de feu à la sortie d'un meeting",
            "",
            ("assassination_attempt", "alert"),
        ),
        (
            "Un échevin de Liège échappe à des tirs devant son domicile",
            "",
            ("assassination_attempt", "alert"),
        ),
        # a building targeted, the mayor telling of it after
        ("Le commissariat de Sevran a été visé cette nuit par des tirs, a indiqué le maire", "", None),
        # a complaint, not shots
        ("Le bourgmestre de Molenbeek a été visé hier par une plainte pour favoritisme", "", (None, "none")),
        ("Le bourgmestre de Molenbeek visé par une plainte pour favoritisme", "", (None, "none")),
        (
            "Élections communales : le bourgmestre sortant échappe de justesse à la défaite",
            "",
            (None, "none"),
        ),
    ],
)
def test_an_official_targeted_by_shots_is_an_attempt(title, body, want):
    got = classify(title, body, "fr")
    if want is None:
        assert got[0] != "assassination_attempt"
    else:
        assert got == want
