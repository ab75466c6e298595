"""Spanish and French wire reports, blind batch 8 es-0601.. / fr-0691.. (issue 18, 2026-12-07 night):
radio bulletins, agency one-liners, newsroom posts and feature leads. The mechanisms written from its
training-side errors, each with cases where it must act and cases where it must not. The texts here
are other wordings of the same kinds, not the batch's items."""

from __future__ import annotations

import pytest

from streams.classify.language import for_pack
from tests.streams.rule_cases import classify, toll

# ------------------------------------------------------ "medio centenar", bodies found lifeless


@pytest.mark.parametrize(
    "text, lang, want",
    [
        ("Al menos medio centenar de civiles fallecieron en el bombardeo del mercado.", "es", 50),
        ("Medio centenar de muertos deja el ataque contra una aldea de Ituri.", "es", 50),
        ("Nueve pescadores fueron hallados sin vida tras el naufragio de su lancha.", "es", 9),
        ("En la finca fueron encontrados sin vida cuatro jornaleros.", "es", 4),
        ("Un vigilante fue hallado sin vida tras el derrumbe de la bodega.", "es", 1),
        ("Sept orpailleurs ont été retrouvés sans vie après l'éboulement d'un puits.", "fr", 7),
        ("Un gardien a été retrouvé sans vie sous les décombres de l'entrepôt.", "fr", 1),
    ],
)
def test_half_a_hundred_and_bodies_found_lifeless_are_tolls(text, lang, want):
    assert toll(text, lang) == want


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Medio centenar de manifestantes marcharon pacíficamente hasta la plaza.", "es"),
        ("Los tres rehenes fueron hallados con vida tras el secuestro.", "es"),
        ("Dos menores fueron encontrados sanos y salvos tras el derrumbe de una vivienda.", "es"),
        ("Les trois enfants enlevés ont été retrouvés sains et saufs.", "fr"),
    ],
)
def test_people_found_alive_or_a_crowd_of_fifty_are_no_toll(text, lang):
    assert not toll(text, lang)


# ------------------------------------------------------------ the verb of "atentado contra"


@pytest.mark.parametrize(
    "title, lang",
    [
        ("URGENTE | Atentan a tiros contra el ministro de Seguridad en Tegucigalpa", "es"),
        ("Atentan contra el gobernador de Zacatecas en una carretera; resulta ileso", "es"),
        ("Atentaron contra la vida del alcalde de Tumaco cuando salía de su casa", "es"),
        ("Des inconnus ont attenté à la vie du ministre de la Défense à Bamako", "fr"),
    ],
)
def test_the_verb_of_an_attempt_on_a_person_of_note_is_an_attempt(title, lang):
    assert classify(title, "", lang)[0] == "assassination_attempt"


@pytest.mark.parametrize(
    "title, lang",
    [
        ("El ministro de Economía afirmó que el paro atenta contra la producción nacional", "es"),
        ("La oposición dice que la ley atenta contra la investidura del presidente", "es"),
        ("Según el gobernador, la minería ilegal atenta contra la salud de los ríos", "es"),
        ("Le réformateur a attenté à la réputation du ministre, selon l'opposition", "fr"),
    ],
)
def test_the_figurative_sense_of_attempting_against_is_nothing(title, lang):
    assert classify(title, "", lang) == (None, "none")


# ------------------------------------------------- a homemade device that blew up, no victims


@pytest.mark.parametrize(
    "title, body, lang",
    [
        (
            "Estalla un artefacto casero en una sucursal bancaria de Valparaíso",
            "Solo hubo daños materiales.",
            "es",
        ),
        ("Explota un artefacto frente a una comisaría de Temuco; no hubo heridos", "", "es"),
        ("Un engin artisanal explose devant une agence bancaire à Ajaccio ; pas de blessé", "", "fr"),
    ],
)
def test_a_device_that_blew_up_is_a_bombing(title, body, lang):
    assert classify(title, body, lang) == ("bombing", "alert")


@pytest.mark.parametrize(
    "title, body, lang",
    [
        ("Medio centenar de policías custodian el estadio tras la explosión de júbilo", "", "es"),
        ("Explota un artefacto eléctrico en una vivienda por un cortocircuito", "No hubo heridos.", "es"),
        ("Desactivan un artefacto sospechoso frente a una comisaría de Temuco", "Era un simulacro.", "es"),
        (
            "Un engin explosif artisanal désamorcé devant une agence bancaire",
            "Les démineurs l'ont neutralisé.",
            "fr",
        ),
    ],
)
def test_joy_an_appliance_or_a_defused_device_is_no_bombing(title, body, lang):
    assert classify(title, body, lang)[0] != "bombing"


# ------------------------------------------------------ a judge as the victim, a court as the place


@pytest.mark.parametrize(
    "title, lang, want",
    [
        ("Le juge Paul Martin a été abattu devant son domicile par des hommes armés", "fr", "assassination"),
        ("Un juge d'instruction a été assassiné par balles à Bastia", "fr", "assassination"),
        ("Un juez fue asesinado a balazos frente al juzgado de Tegucigalpa", "es", "assassination"),
    ],
)
def test_a_judge_killed_or_a_killing_outside_a_court_is_an_event(title, lang, want):
    assert classify(title, "", lang)[0] == want


@pytest.mark.parametrize(
    "title, lang",
    [
        ("Le meurtrier du juge Martin sera jugé en mars devant la cour d'assises", "fr"),
        ("L'homme qui a abattu un gendarme en 2020 est jugé depuis lundi", "fr"),
        ("Les deux tireurs seront jugés pour l'assassinat du maire de Bouaké", "fr"),
        ("Familiares protestan frente al juzgado donde se juzga al acusado del asesinato del alcalde", "es"),
        ("Juicio al asesino del juez: la fiscalía pide treinta años de prisión", "es"),
    ],
)
def test_a_trial_for_a_killing_is_still_no_event(title, lang):
    assert classify(title, "", lang) == (None, "none")


# ------------------------------------------------------------- gas munitions on troops


def test_grenades_loaded_with_gas_on_trenches_are_chemical():
    got = classify(
        "Kyiv accuse Moscou d'avoir largué des grenades au gaz sur ses tranchées",
        "Une dizaine de soldats ont été intoxiqués près de Koupiansk, selon l'état-major.",
        "fr",
    )
    assert got[0] == "chemical_attack"


def test_police_grenades_of_tear_gas_on_protesters_are_not_chemical():
    got = classify(
        "Les policiers ont dispersé les manifestants à coups de grenades au gaz lacrymogène", "", "fr"
    )
    assert got[0] != "chemical_attack"


# -------------------------------------------- swept away by flood water, told in a feature's lead


@pytest.mark.parametrize(
    "title, body, lang",
    [
        (
            "La noche que el barranco se desbordó",
            "Los vecinos de Paiporta recuerdan que la lluvia empezó como cualquier otra. Horas después, un "
            "hombre de 81 años murió arrastrado por la corriente del barranco cuando volvía a casa.",
            "es",
        ),
        (
            "L'orage qui a surpris tout le monde",
            "Les habitants se souviennent que la pluie avait commencé comme n'importe quel orage d'automne. "
            "Quelques heures plus tard, une femme de 64 ans est morte emportée par les eaux du Gardon.",
            "fr",
        ),
    ],
)
def test_a_death_swept_away_by_flood_water_is_a_disaster(title, body, lang):
    assert classify(title, body, lang) == ("disaster", "urgent")


@pytest.mark.parametrize(
    "title, body, lang",
    [
        ("Un niño arrastrado por la corriente del río fue rescatado con vida por los bomberos", "", "es"),
        (
            "El peso, arrastrado por la corriente vendedora, muere en la orilla de los 1.000 por dólar",
            "",
            "es",
        ),
        ("Un randonneur emporté par le torrent a été secouru sain et sauf par les gendarmes", "", "fr"),
        ("Le CAC 40, emporté par le courant vendeur, meurt à 7 000 points", "", "fr"),
    ],
)
def test_someone_rescued_or_a_currency_swept_away_is_no_disaster(title, body, lang):
    assert classify(title, body, lang) == (None, "none")


# ----------------------------------------- batch 8b: more of a toll's grammar (es-0626.., fr-0716..)


@pytest.mark.parametrize(
    "text, lang, want",
    [
        # "la muerte de" as the French "la mort de"
        ("Un ataque aéreo contra una escuela causó la muerte de siete personas.", "es", 7),
        # a victim named by a noun of two words
        ("Accrochage près de Bocaranga : un Casque bleu tué.", "fr", 1),
        ("Un soldado colombiano muerto en combates con el ELN.", "es", 1),
        # victims massacred
        ("Une quarantaine de villageois massacrés près de Bandiagara.", "fr", 40),
        ("Veinte campesinos masacrados en una vereda del Catatumbo.", "es", 20),
        # a second source's figure told bare after a comma: the lowest
        ("Au moins onze morts selon l'opposition, quatre selon le gouvernement.", "fr", 4),
        ("Doce muertos según las ONG y siete según el Gobierno.", "es", 7),
    ],
)
def test_more_of_the_grammar_of_a_toll(text, lang, want):
    from streams.classify.counts_intl_more import count_casualties_intl_more

    assert count_casualties_intl_more([for_pack(text, lang)], lang)[0] == want


@pytest.mark.parametrize(
    "text, lang, want",
    [
        ("El Gobierno lamentó la muerte de su ministro de Cultura.", "es", None),  # no figure
        ("Trois massacres en un mois dans le centre du Mali inquiètent l'ONU.", "fr", None),  # no victims
        ("Des heurts dans 12 quartiers, 4 selon la police.", "fr", None),  # no toll before the bare figure
        ("Un soldat a tué deux rebelles lors d'un accrochage.", "fr", 2),  # the killer is not one dead
    ],
)
def test_figures_that_are_no_such_toll(text, lang, want):
    from streams.classify.counts_intl_more import count_casualties_intl_more

    assert count_casualties_intl_more([for_pack(text, lang)], lang)[0] == want


@pytest.mark.parametrize(
    "title, lang, want",
    [
        ("Encapuchados saquean y queman un supermercado en Puente Alto", "es", "deadly_unrest"),
        ("Represión en Managua: doce muertos según las ONG", "es", "deadly_unrest"),
        ("Lac Tchad : une mine artisanale explose au passage d'un véhicule de l'armée", "fr", "bombing"),
        ("Explota un artefacto al paso de una patrulla frente a una planta de gas", "es", "bombing"),
    ],
)
def test_looting_in_the_present_a_repression_and_a_blast_as_a_vehicle_passes(title, lang, want):
    assert classify(title, "", lang)[0] == want


@pytest.mark.parametrize(
    "title, lang",
    [
        ("El Barcelona saquea el Bernabéu con un 0-4", "es"),
        ("La represión franquista dejó miles de muertos, recuerda un documental", "es"),
        ("El Barcelona masacrado por el Bayern: 8-2 en Lisboa", "es"),
    ],
)
def test_a_rout_or_a_documentary_is_no_riot_nor_massacre(title, lang):
    assert classify(title, "", lang) == (None, "none")


def test_a_gold_mine_that_explodes_is_still_an_accident():
    got = classify("Explosion dans une mine d'or artisanale près de Kayes : trois morts", "", "fr")
    assert got == ("disaster", "urgent")
