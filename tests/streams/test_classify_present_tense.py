"""The present tense of Spanish and French headlines and leads (2026-12-07 evening): every rule of
the two packs whose verbs were past forms also reads their present ("asesinan", "se enfrentan",
"descarrila"; "tuent", "s'affrontent", "s'écrase"), and so do the counts ("sicarios ejecutan a tres",
"hieren a seis pasajeros", "font 20 morts", "blesse huit personnes"). Each with ordinary news that
uses the same verbs in other senses, which must stay silent."""

from __future__ import annotations

import pytest

from streams.classify.counts_intl import count_casualties_intl
from streams.classify.engine import default_classifier
from streams.classify.language import for_pack


def classify(title: str, lang: str, body: str = "") -> tuple[str | None, str]:
    c = default_classifier().classify_text(title, body, lang)
    return (c.category if c.severity.value != "none" else None), c.severity.value


def counts(text: str, lang: str) -> tuple[int | None, int | None]:
    got = count_casualties_intl([for_pack(text, lang)], lang)
    return got[0], got[1]


# ------------------------------------------------------------------------------------ Spanish


@pytest.mark.parametrize(
    "title, want",
    [
        ("Intentan asesinar a la gobernadora de Colima; sale ilesa", "assassination_attempt"),
        ("Militares y disidentes se enfrentan en el Cauca; mueren cuatro guerrilleros", "armed_clash"),
        ("Un soldado es asesinado por disidentes en el Cauca", "armed_clash"),
        ("Manifestantes y policías se enfrentan en Quito; mueren dos personas", "deadly_unrest"),
        ("Un manifestante muere en las protestas de Lima", "deadly_unrest"),
        ("Explota un artefacto al paso de una patrulla militar; mueren dos soldados", "bombing"),
        ("Descarrila un tren en el norte de la India; mueren 30 pasajeros", "disaster"),
        ("Se estrella una avioneta en Antioquia; mueren cuatro ocupantes", "disaster"),
        ("Naufraga una embarcación con migrantes; fallecen 25 personas", "disaster"),
        ("Una turba lincha a dos presuntos ladrones en Puebla", "deadly_unrest"),
        ("Pistoleros atacan a tiros un autobús y hieren a seis pasajeros", "attack"),
        ("Sicarios ejecutan a tres jóvenes en Zacatecas", "attack"),
    ],
)
def test_spanish_present_tense_events(title, want):
    assert classify(title, "es")[0] == want


@pytest.mark.parametrize(
    "title",
    [
        "Los vecinos atacan el plan de urbanismo del ayuntamiento",
        "Estalla la polémica en la Iglesia por el nombramiento del obispo",
        "Se derrumba la coalición de gobierno tras la salida de los liberales",
        "Los periodistas bombardean a preguntas al ministro de Hacienda",
        "El Barcelona ataca sin descanso y se estrella contra el portero rival",
        "Dos equipos se enfrentan en la final de la Copa del Rey",
        "El Gobierno y la oposición se enfrentan por la reforma de las pensiones",
        "El soldado que inspiró la novela muere a los 95 años",
        "Un soldado muere en un accidente de tráfico en Burgos",
        "El presidente sobrevive a la moción de censura en el Congreso",
        "La alcaldesa sale ilesa de la votación de destitución",
        "Mueren las ventas de coches diésel en Europa",
        "Intentan matar el aburrimiento con juegos de mesa en la residencia",
    ],
)
def test_spanish_present_tense_in_other_senses_is_none(title):
    assert classify(title, "es") == (None, "none")


def test_spanish_survival_of_an_attack_stays_an_attempt():
    assert classify("El presidente sobrevive a un atentado con explosivos contra su caravana", "es") == (
        "assassination_attempt",
        "flash",
    )


@pytest.mark.parametrize(
    "text, want",
    [
        ("Seis policías son asesinados en una emboscada en Guerrero.", (6, None)),
        ("Sicarios ejecutan a tres jóvenes en Zacatecas.", (3, None)),
        ("Pistoleros hieren a seis pasajeros de un autobús.", (None, 6)),
        ("Cinco personas resultan heridas en la explosión.", (None, 5)),
        ("Un ataque armado causa cuatro muertos en un bar.", (4, None)),
        ("Un sismo deja cinco muertos; no hay heridos.", (5, 0)),
    ],
)
def test_spanish_present_tense_tolls(text, want):
    assert counts(text, "es") == want


def test_spanish_causa_needs_a_word_of_death():
    # "causa" takes other objects: "causa tres cortes de luz" is no toll
    assert counts("La tormenta causa tres cortes de luz en la ciudad.", "es")[0] is None


# ------------------------------------------------------------------------------------- French


@pytest.mark.parametrize(
    "title, want",
    [
        ("Des hommes armés tuent le maire de Djibo", "assassination"),
        ("Le préfet de Kidal est tué dans une embuscade", "assassination"),
        ("Des rebelles attaquent une position de l'armée dans le Nord-Kivu", "armed_clash"),
        ("Des jihadistes et des soldats s'affrontent près de Ménaka; 12 morts", "armed_clash"),
        ("Une voiture explose devant un commissariat à Mogadiscio", "bombing"),
        ("Un kamikaze se fait exploser dans une mosquée à Kaboul", "bombing"),
        ("Des assaillants attaquent un village et tuent 15 villageois", "attack"),
        ("Un tireur ouvre le feu dans un lycée de Prague; 14 morts", "attack"),
        ("Un immeuble s'effondre à Abidjan: cinq morts", "disaster"),
        ("Un avion s'écrase au Népal, 72 morts", "disaster"),
        ("Deux soldats succombent à leurs blessures après une attaque à Djibo", "armed_clash"),
        ("Le gouverneur survit à une attaque contre son convoi", "assassination_attempt"),
    ],
)
def test_french_present_tense_events(title, want):
    assert classify(title, "fr")[0] == want


@pytest.mark.parametrize(
    "title",
    [
        "Les prix de l'énergie explosent en Europe",
        "La colère explose dans les rues de la ville après la hausse des loyers",
        "Le PSG attaque fort et s'écrase face au Bayern",
        "Les députés s'affrontent sur le budget à l'Assemblée",
        "La coalition s'effondre au Parlement néerlandais",
        "Les journalistes bombardent le ministre de questions",
        "Le cinéaste tue le suspense dès la première scène",
        "Deux équipes s'affrontent en finale de la Coupe de France",
        "Le gouvernement abat ses cartes sur la réforme fiscale",
        "L'opposition attaque le projet de loi sur l'immigration",
        "Le Premier ministre échappe à une motion de censure",
        "Le Premier ministre a échappé à une motion de censure",
        "Le maire survit au vote de défiance du conseil municipal",
        "Deux soldats meurent dans un accident de la route près de Ségou",
    ],
)
def test_french_present_tense_in_other_senses_is_none(title):
    assert classify(title, "fr") == (None, "none")


def test_french_aircraft_hit_by_fire_is_no_air_strike():
    # "touche" is also the participle: an airliner "touche par des tirs" strikes nothing
    got = classify("Un avion de ligne touché par des tirs à l'approche de l'aéroport", "fr")[0]
    assert got != "air_strike"


@pytest.mark.parametrize(
    "text, want",
    [
        ("Des combats font 20 morts dans l'est du Tchad.", (20, None)),
        ("Des hommes armés abattent trois villageois près de Djibo.", (3, None)),
        ("Une explosion blesse huit personnes devant la gare.", (None, 8)),
        ("Deux soldats succombent à leurs blessures.", (2, None)),
        ("Le bilan des inondations s'alourdit à 45 morts.", (45, None)),
        ("Une attaque contre un poste de gendarmerie ne fait aucun mort.", (0, None)),
    ],
)
def test_french_present_tense_tolls(text, want):
    assert counts(text, "fr") == want


def test_french_missiles_that_fall_are_no_toll():
    # "se sont abattus" (fell upon) is no death: the toll is the four after "tuant"
    text = "Deux missiles se sont abattus sur un immeuble, tuant quatre habitants."
    assert counts(text, "fr")[0] == 4


@pytest.mark.parametrize(
    "title, want",
    [
        ("Des hommes armés attaquent un marché près de Kaya", "attack"),
        ("Des hommes armés ont attaqué un marché près de Kaya", "attack"),
        ("Des jihadistes attaquent un poste militaire près de Djibo", "armed_clash"),
    ],
)
def test_french_men_who_attack_a_market_attack_it_a_post_is_a_fight(title, want):
    assert classify(title, "fr")[0] == want


def test_french_official_dying_in_a_blast_in_the_present_is_an_assassination():
    title = "Le ministre de la Défense meurt dans l'explosion de sa voiture à Mogadiscio"
    assert classify(title, "fr") == ("assassination", "flash")
    assert classify("L'ancien ministre meurt à 88 ans dans sa maison de Dakar", "fr") == (None, "none")
