"""Spanish and French wire reports, blind batch es-0523.. / fr-0610.. (issue 18, 2026-12-07 evening):
the mechanisms written from its training-side errors, each with cases where it must act and cases
where it must not. The texts here are other wordings of the same kinds, not the batch's items."""

from __future__ import annotations

import pytest

from streams.classify.counts_intl_more import count_casualties_intl_more
from streams.classify.language import for_pack
from tests.streams.rule_cases import classify, toll

# ------------------------------------------------- the present tense of a headline's toll


@pytest.mark.parametrize(
    "text, lang, want",
    [
        ("Cuatro policías y un civil mueren en una emboscada en Michoacán.", "es", 5),
        ("Mueren seis mineros tras una explosión de grisú en Coahuila.", "es", 6),
        ("Dos niños fallecen en el incendio de una vivienda en Tegucigalpa.", "es", 2),
        ("Sept villageois meurent dans l'attaque d'un groupe armé près de Djibo.", "fr", 7),
        ("Trois pêcheurs perdent la vie dans le chavirement d'une pirogue à Mbour.", "fr", 3),
    ],
)
def test_a_toll_told_in_the_present_is_read(text, lang, want):
    assert toll(text, lang) == want


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Muere a los 87 años el pintor Oswaldo Reyes.", "es"),  # an age, no toll
        ("L'écrivain meurt à 91 ans dans sa maison de Dakar.", "fr"),
    ],
)
def test_an_age_at_death_is_no_toll(text, lang):
    assert not toll(text, lang)


def test_a_present_tense_toll_makes_a_clash_urgent():
    assert classify("Dos soldados y tres disidentes mueren en combates en el Guaviare", "", "es") == (
        "armed_clash",
        "urgent",
    )


# ---------------------------------------- forces returning fire: two armed sides, a clash


@pytest.mark.parametrize(
    "title, body",
    [
        (
            "Ataque armado contra una patrulla en Zacatecas",
            "Agentes de la Guardia Nacional fueron emboscados por un grupo armado y repelieron la agresión; "
            "no hubo lesionados.",
        ),
        ("", "Marinos respondieron al fuego de un comando armado en Reynosa; los agresores huyeron."),
        ("Se tirotean dos grupos delictivos en las afueras de Uruapan", ""),
    ],
)
def test_forces_returning_fire_are_an_armed_clash(title, body):
    assert classify(title, body, "es")[0] == "armed_clash"


@pytest.mark.parametrize(
    "title, body",
    [
        ("La zaga de Boca repelió el ataque de River en el segundo tiempo", "El partido terminó sin goles."),
        ("Los sindicatos repelen la agresión del Gobierno a las pensiones", "Convocan a un paro el jueves."),
        ("", "El ministro negó que hubiera intercambio de disparos en la frontera."),
    ],
)
def test_a_repelled_attack_in_sport_politics_or_denied_is_none(title, body):
    assert classify(title, body, "es")[0] is None


# ------------------------------------------------ a crowd setting fire to buildings is a riot


@pytest.mark.parametrize(
    "title, body",
    [
        ("Pobladores incendian la comisaría de un distrito de Puno tras la muerte de un detenido", ""),
        ("", "Una turba prende fuego a la sede de la fiscalía en Huehuetenango; no hubo heridos."),
    ],
)
def test_a_crowd_setting_fire_is_unrest(title, body):
    assert classify(title, body, "es")[0] == "deadly_unrest"


@pytest.mark.parametrize(
    "title, body",
    [
        ("Hinchas queman bengalas para celebrar el título del Olimpia", "Fiesta hasta el amanecer."),
        ("Manifestantes queman un muñeco del presidente en una protesta pacífica frente al Congreso", ""),
    ],
)
def test_fans_or_protesters_burning_flares_or_effigies_peacefully_is_none(title, body):
    assert classify(title, body, "es")[0] is None


# ------------------------------------------------------- a killing told with "ultimar a"


def test_ultimar_a_with_a_person_of_note_is_an_assassination():
    assert classify("Ultiman a balazos a una regidora en Oaxaca", "", "es") == ("assassination", "urgent")


def test_ultimar_los_preparativos_is_no_killing():
    assert classify("Ultiman los preparativos para la visita del presidente", "", "es")[0] is None


# --------------------------------------------- explosives dropped by a drone are an air strike


@pytest.mark.parametrize(
    "title, body",
    [
        ("Drones atacan un hospital en Jartum", "Cinco pacientes murieron, según médicos."),
        ("", "Un dron de la guerrilla lanzó explosivos sobre una base militar sin causar heridos."),
    ],
)
def test_a_drone_dropping_explosives_is_an_air_strike(title, body):
    assert classify(title, body, "es")[0] == "air_strike"


def test_a_car_bomb_beside_a_drone_named_in_passing_stays_a_bombing():
    title = "Estalla un coche bomba frente a una estación de policía en Cali"
    assert classify(title, "Dos agentes murieron.", "es")[0] == "bombing"


def test_drones_of_a_show_are_none():
    title = "Un espectáculo de drones ilumina el cielo de Lima"
    assert classify(title, "Mil drones dibujaron figuras.", "es")[0] is None


# ---------------------------------------------------- French: takers in the present tense


@pytest.mark.parametrize(
    "title, body",
    [
        ("Des hommes armés enlèvent trois humanitaires dans le Nord-Kivu", ""),
        ("", "Les ravisseurs ont emmené le prêtre vers la forêt, selon le diocèse de Kaga-Bandoro."),
    ],
)
def test_a_taking_in_the_present_is_an_abduction(title, body):
    assert classify(title, body, "fr")[0] == "abduction"


@pytest.mark.parametrize(
    "title, body",
    [
        ("Les agents de la voirie enlèvent les déchets laissés après le marché de Noël", ""),
        ("Les services municipaux enlèvent les épaves de voitures du quartier", ""),
    ],
)
def test_things_removed_are_no_abduction(title, body):
    assert classify(title, body, "fr")[0] is None


# --------------------------------------------------- French: a building blown up on purpose


@pytest.mark.parametrize(
    "title, body",
    [
        ("Corse : une villa secondaire détruite par un plasticage", "Aucune victime n'est à déplorer."),
        ("", "Une explosion a endommagé la façade de la mairie, visée par un attentat à l'explosif."),
        ("Une explosion devant la gendarmerie de Sartène", "Les dégâts sont importants."),
    ],
)
def test_a_building_blown_up_on_purpose_is_a_bombing(title, body):
    assert classify(title, body, "fr")[0] == "bombing"


@pytest.mark.parametrize(
    "title, body",
    [
        ("Explosion dans une usine chimique de Rouen", "Deux ouvriers ont été blessés, selon la préfecture."),
        ("Explosion de gaz dans un immeuble près de la mairie de Lille", "Trois habitants ont été blessés."),
    ],
)
def test_an_industrial_or_gas_explosion_near_an_office_stays_a_disaster(title, body):
    assert classify(title, body, "fr")[0] == "disaster"


# =============================== second round: from the training side of batch 6b (es-0553.., fr-0640..)

# ------------------------------------ a second count of one toll, told with a pronoun or bare


@pytest.mark.parametrize(
    "text, lang, want",
    [
        ("Quinze civils ont été tués selon les habitants ; la gendarmerie en reconnaît neuf.", "fr", 9),
        ("Treinta muertos según los rescatistas; el Ejército reconoce doce.", "es", 12),
    ],
)
def test_a_second_count_of_the_same_toll_gives_the_lowest(text, lang, want):
    sentences = [s for s in for_pack(text, lang).split(". ") if s]
    assert count_casualties_intl_more(sentences, lang)[0] == want


def test_a_second_count_after_injuries_counts_injuries():
    fat, inj, _, _ = count_casualties_intl_more(
        [for_pack("Trente blessés selon l'hôpital, la police en compte huit.", "fr")], "fr"
    )
    assert (fat, inj) == (None, 8)


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Le village en compte 300.", "fr"),  # no toll before it: inhabitants, not dead
        ("El país reconoce 3, dijo el ministro.", "es"),
    ],
)
def test_a_bare_figure_with_no_toll_before_it_is_no_toll(text, lang):
    assert count_casualties_intl_more([for_pack(text, lang)], lang)[0] is None


# --------------------------------------------- one protester's death, in the present too


@pytest.mark.parametrize(
    "title, body",
    [
        ("Un manifestante muere baleado en el desalojo de una toma de tierras en Jujuy", ""),
        ("", "Una joven murió baleada durante la protesta contra el alza del pasaje en Quito."),
    ],
)
def test_one_protester_killed_is_deadly_unrest(title, body):
    assert classify(title, body, "es")[0] == "deadly_unrest"


@pytest.mark.parametrize(
    "title, body",
    [
        ("Muere el manifestante más longevo de las Madres de Plaza de Mayo, a los 94 años", ""),
        ("Los docentes marchan en protesta por los salarios", "La marcha terminó sin incidentes."),
    ],
)
def test_a_protester_dying_of_age_or_a_peaceful_march_is_none(title, body):
    assert classify(title, body, "es")[0] is None


# --------------------------------- "la mandataria", and an ambush of a convoy she survived


def test_an_ambushed_convoy_of_a_governor_called_mandataria_is_an_attempt():
    got = classify(
        "Emboscan la caravana del gobernador de Zacatecas",
        "El mandatario estatal resultó ileso, pero un escolta murió en el ataque.",
        "es",
    )
    assert got == ("assassination_attempt", "flash")


def test_a_mandatario_named_beside_an_ambush_of_soldiers_is_no_attempt():
    got = classify(
        "Emboscan el convoy de una patrulla militar en Michoacán",
        "El mandatario estatal condenó el ataque, en el que murieron tres soldados.",
        "es",
    )
    assert got[0] != "assassination_attempt"


# ------------------------------------------------------------------ found dead after a taking


def test_a_person_of_note_found_dead_after_an_abduction_is_an_assassination():
    got = classify("Aparece sin vida una lideresa indígena secuestrada en el Cauca", "", "es")
    assert got == ("assassination", "urgent")


def test_a_person_of_note_found_alive_is_no_killing():
    assert classify("Aparece con vida el alcalde secuestrado en Guerrero", "", "es")[0] != "assassination"


# ------------------------------------- French: aircraft in the present plural drop bombs


def test_aircraft_that_bombard_in_the_present_are_an_air_strike():
    got = classify(
        "Soudan : des avions de l'armée bombardent un marché, douze morts", "Deux bombes sont tombées.", "fr"
    )
    assert got == ("air_strike", "flash")


def test_a_bomb_on_foot_beside_a_plane_named_is_a_bombing():
    got = classify(
        "Une bombe explose à l'aéroport de Mogadiscio, trois morts", "Aucun avion n'a été touché.", "fr"
    )
    assert got[0] == "bombing"


# ----------------------------------- French: an irritant in munitions of war is a chemical attack


def test_munitions_loaded_with_an_irritant_are_a_chemical_attack():
    assert classify("Des obus chargés de chloropicrine tirés sur des tranchées ukrainiennes", "", "fr")[
        0
    ] == ("chemical_attack")


def test_police_dispersing_with_an_irritant_is_no_chemical_attack():
    got = classify(
        "Nantes : les gendarmes utilisent un agent irritant pour disperser les manifestants", "", "fr"
    )
    assert got[0] != "chemical_attack"


# ---------- "civiles armados" are gunmen: against troops a clash, against villagers an attack


@pytest.mark.parametrize(
    "title",
    [
        "Balacera entre marinos y civiles armados en Reynosa",
        "Enfrentamiento entre la Guardia Nacional y civiles armados deja dos muertos en Michoacán",
    ],
)
def test_armed_civilians_fighting_troops_are_an_armed_clash(title):
    assert classify(title, "", "es")[0] == "armed_clash"


def test_armed_civilians_killing_villagers_are_an_attack():
    assert classify("Civiles armados asesinan a tres campesinos en Chiapas", "", "es") == ("attack", "urgent")


@pytest.mark.parametrize(
    "title",
    [
        "Militares detienen a civiles armados en Sinaloa",  # an arrest, no fight
        "El alcalde asesina la reforma con un veto",  # a figure of speech
    ],
)
def test_an_arrest_of_armed_civilians_or_a_killed_reform_is_none(title):
    assert classify(title, "", "es")[0] is None
