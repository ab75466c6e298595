"""Spanish and French wire reports, batch 3 (issue 18, 2026-12-07): the mechanisms written from the
errors of the blind French batch `fr-0473`.. and the French gaps of the earlier batches, each with a
case where it must act and one where it must not. The texts here are other wordings of the kinds."""

from __future__ import annotations

import pytest

from streams.classify.counts_intl import count_casualties_intl
from streams.classify.engine import default_classifier
from streams.classify.language import for_pack


def counts(text: str, lang: str) -> tuple[int | None, int | None]:
    fat, inj, _, _ = count_casualties_intl([for_pack(text, lang)], lang)
    return fat, inj


def classify(text: str, lang: str, title: str = ""):
    c = default_classifier().classify_text(title, text, lang)
    return (c.category if c.severity.value != "none" else None), c.severity.value


# ------------------------------------------- an office written with a hyphen ("chef d'etat-major")


def test_a_chief_of_staff_with_a_hyphen_is_a_senior_target():
    assert classify(
        "Des hommes armés ont tendu une embuscade au convoi du chef d'état-major général des armées "
        "près de Kaya. Le général est sain et sauf, deux de ses gardes ont été blessés.",
        "fr",
        "Burkina : le chef d'état-major des armées échappe à une embuscade",
    ) == ("assassination_attempt", "flash")


def test_a_hyphenated_local_office_stays_urgent_or_alert():
    assert classify(
        "L'ex-maire de la commune a été visé par des tirs devant son domicile ; il est sorti indemne.",
        "fr",
        "Un ex-maire visé par des tirs à Bafoussam",
    ) == ("assassination_attempt", "alert")


def test_a_chief_of_staff_on_a_visit_is_no_event():
    assert classify(
        "Le chef d'état-major des armées a rendu visite aux troupes déployées dans l'Est.",
        "fr",
        "Le chef d'état-major en tournée",
    ) == (None, "none")


# ------------------------------------- the office given, in the lead, to a person the title names


def test_the_office_of_a_person_named_in_the_title_makes_a_senior_target():
    assert classify(
        "Le président de la transition, Mamadi Doumbouya, rentrait d'une cérémonie à Kaloum. Des tirs ont "
        "visé son cortège ; il est sain et sauf, selon la présidence.",
        "fr",
        "Guinée : le colonel Mamadi Doumbouya visé par des tirs à Conakry",
    ) == ("assassination_attempt", "flash")


def test_an_office_given_to_another_person_does_not_make_the_target_senior():
    assert classify(
        "Le maire, Jean Ngoma, est sorti indemne. Le ministre de l'Intérieur, Raymond Mboulou, a condamné "
        "une attaque lâche.",
        "fr",
        "Le maire Jean Ngoma visé par des tirs à Dolisie",
    ) == ("assassination_attempt", "alert")


# ----------------------------------------------- "vise par une motion": a vote, not a gunman


@pytest.mark.parametrize(
    "title",
    [
        "La ministre de la Santé visée par une plainte pour favoritisme",
        "Le gouverneur visé par une enquête du parquet financier",
        "Le Premier ministre visé par une motion de défiance",
    ],
)
def test_an_official_targeted_by_a_complaint_or_a_vote_is_no_attempt(title):
    assert classify("Les faits remontent à 2022 ; l'intéressé conteste toute irrégularité.", "fr", title) == (
        None,
        "none",
    )


def test_an_official_targeted_by_gunfire_is_still_an_attempt():
    assert classify(
        "Des inconnus ont ouvert le feu sur son véhicule mardi soir ; il est sorti indemne.",
        "fr",
        "Le ministre des Mines visé par des tirs à Lubumbashi",
    ) == ("assassination_attempt", "flash")


# ------------------------------------------------------------ "dement", "mensongeres": a denial


def test_a_denial_in_the_present_tense_is_no_event():
    assert classify(
        "Le gouvernement qualifie de mensongères les affirmations d'une ONG selon laquelle des drones "
        "auraient tué des civils près de Ménaka.",
        "fr",
        "Mali : l'armée dément avoir bombardé des civils",
    ) == (None, "none")


def test_a_strike_reported_without_a_denial_is_an_air_strike():
    assert classify(
        "Des frappes de drones ont tué huit civils sur un marché près de Ménaka, selon des élus locaux. "
        "L'armée n'a fait aucun commentaire.",
        "fr",
        "Mali : des frappes de drones tuent huit civils",
    ) == ("air_strike", "urgent")


# ------------------------------------------------------------- tolls: no death, and "also" dead


@pytest.mark.parametrize(
    "text, lang, want",
    [
        ("Des vitrines ont été brisées ; aucun décès n'est à déplorer.", "fr", 0),
        ("L'incendie a été maîtrisé sans faire de morts.", "fr", 0),
        ("La explosión no dejó ningún fallecido, según los bomberos.", "es", 0),
        ("No hubo decesos entre los pasajeros.", "es", 0),
    ],
)
def test_no_death_said_otherwise_is_zero(text, lang, want):
    assert counts(text, lang)[0] == want


def test_a_death_notice_is_not_read_as_no_death():
    assert counts("Le décès de deux personnes a été confirmé ; trois personnes sont mortes.", "fr")[0] == 3


@pytest.mark.parametrize(
    "text, lang, want",
    [
        ("Le préfet a été tué par balles. Deux de ses gardes ont également péri.", "fr", 3),
        ("Quatre soldats ont été tués. Deux civils ont aussi été tués dans l'échange de tirs.", "fr", 6),
        ("Un concejal fue asesinado a tiros. Dos de sus escoltas también murieron.", "es", 3),
    ],
)
def test_dead_told_as_also_add_up(text, lang, want):
    sents = [for_pack(s, lang) for s in text.split(". ")]
    assert count_casualties_intl(sents, lang)[0] == want


@pytest.mark.parametrize(
    "text, lang, want",
    [
        ("Trois gendarmes ont également été tués lors de l'attaque.", "fr", 3),
        ("Cinq civils ont été tués ; l'armée a aussi perdu un blindé.", "fr", 5),
        ("Dos policías también murieron en el ataque.", "es", 2),
    ],
)
def test_also_with_no_other_toll_is_the_toll(text, lang, want):
    assert counts(text, lang)[0] == want


# ------------------------------------- an attacker taken at the scene is part of the event


@pytest.mark.parametrize(
    "title, text, lang",
    [
        (
            "",
            "Fusillade dans un collège de Tours : un élève tué et deux blessés, l'auteur des tirs arrêté sur "
            "place par la police. #Tours",
            "fr",
        ),
        (
            "Un adolescent ouvre le feu dans un lycée de Namur, un mort",
            "L'auteur des coups de feu a été interpellé dans la foulée. Un élève a été tué et trois autres "
            "blessés, selon le parquet.",
            "fr",
        ),
        (
            "Tiroteo en una escuela de Torreón deja dos estudiantes muertos",
            "El atacante, un alumno de 15 años, fue detenido en el lugar por la policía municipal.",
            "es",
        ),
    ],
)
def test_a_school_shooting_with_the_shooter_arrested_at_the_scene_is_an_attack(title, text, lang):
    assert classify(text, lang, title) == ("attack", "urgent")


@pytest.mark.parametrize(
    "title, text, lang",
    [
        (
            "Fusillade du lycée de Grasse : un suspect arrêté",
            "La police a arrêté un jeune homme soupçonné d'avoir fourni l'arme utilisée "
            "lors de la fusillade de mars dans un lycée.",
            "fr",
        ),
        (
            "Detienen a un cómplice del tiroteo escolar de Torreón",
            "La fiscalía detuvo a un hombre que habría vendido el arma usada en el ataque del año pasado.",
            "es",
        ),
    ],
)
def test_an_arrest_over_an_earlier_shooting_is_no_event(title, text, lang):
    assert classify(text, lang, title) == (None, "none")


def test_a_shootout_between_gendarmes_and_jihadists_stays_a_clash():
    assert (
        classify(
            "Une fusillade a opposé des gendarmes à des jihadistes près de la frontière, "
            "faisant deux morts parmi les assaillants.",
            "fr",
            "Fusillade entre gendarmes et jihadistes près de Djibo",
        )[0]
        == "armed_clash"
    )


# ---------------------------------------------------------------- chemical agents in the plural


@pytest.mark.parametrize(
    "title, text, lang",
    [
        (
            "Syrie : des gaz toxiques largués sur une localité rebelle",
            "Des habitants accusent le régime d'avoir utilisé des gaz toxiques ; une vingtaine de personnes "
            "ont été intoxiquées, selon des médecins.",
            "fr",
        ),
        (
            "Denuncian el uso de gases asfixiantes contra trincheras en Járkov",
            "Soldados ucranianos fueron atacados con gases asfixiantes lanzados desde drones; cuatro fueron "
            "hospitalizados.",
            "es",
        ),
    ],
)
def test_toxic_gases_in_the_plural_are_a_chemical_attack(title, text, lang):
    assert classify(text, lang, title)[0] == "chemical_attack"


@pytest.mark.parametrize(
    "title, text, lang",
    [
        (
            "Fuite de gaz toxiques dans une usine de Lacq",
            "Une fuite accidentelle de gaz toxiques a entraîné l'évacuation de l'usine ; "
            "trois ouvriers ont été hospitalisés.",
            "fr",
        ),
        (
            "Derrame de sustancias tóxicas en un río de Sonora",
            "Un accidente en una mina derramó sustancias tóxicas en el río; no hubo heridos.",
            "es",
        ),
    ],
)
def test_a_leak_of_toxic_gases_is_no_chemical_attack(title, text, lang):
    assert classify(text, lang, title)[0] != "chemical_attack"


# ------------------------------------------------------ an official killed by a bomb aimed at them


@pytest.mark.parametrize(
    "title, text, want",
    [
        (
            "Le ministre des Transports tué dans l'explosion de sa voiture à Goma",
            "Un engin explosif placé sous son véhicule a explosé à la sortie de son bureau, le tuant sur le "
            "coup.",
            ("assassination", "flash"),
        ),
        (
            "Un procureur tué dans une violente explosion à Bamenda",
            "Une bombe a explosé au passage de la voiture du magistrat, selon la police.",
            ("assassination", "urgent"),
        ),
    ],
)
def test_an_official_killed_by_a_bomb_aimed_at_them_is_assassinated(title, text, want):
    assert classify(text, "fr", title) == want


@pytest.mark.parametrize(
    "title, text, want",
    [
        (
            "Une bombe tue six passants près du ministère de la Défense",
            "L'engin a explosé à un arrêt de bus bondé, tuant six personnes, a annoncé le ministre de "
            "l'Intérieur.",
            "bombing",
        ),
        (
            "Le gouverneur sort indemne d'un attentat à la bombe",
            "Une voiture piégée a explosé au passage de son convoi ; le gouverneur est sain et sauf, "
            "mais deux passants ont été tués dans l'explosion.",
            "assassination_attempt",
        ),
    ],
)
def test_a_bomb_that_killed_others_or_missed_the_official_is_no_assassination(title, text, want):
    got = classify(text, "fr", title)[0]
    assert got != "assassination"
    if want is not None:
        assert got == want


# ------------------------------- an official who escaped a bomb is its target, whoever else died


@pytest.mark.parametrize(
    "title, text, lang",
    [
        (
            "Le préfet sorti indemne d'un attentat à la voiture piégée",
            "L'engin a explosé au passage de son cortège à Kidal, tuant trois civils, selon la gendarmerie.",
            "fr",
        ),
        (
            "Sale ileso de un atentado el gobernador de Zacatecas",
            "Un coche bomba estalló al paso de su camioneta; murieron dos transeúntes.",
            "es",
        ),
    ],
)
def test_an_official_who_escaped_a_bomb_makes_an_attempt(title, text, lang):
    assert classify(text, lang, title)[0] == "assassination_attempt"


@pytest.mark.parametrize(
    "title, text, lang",
    [
        ("Dans son nouveau film, le président échappe à un attentat", "Le thriller sort mercredi.", "fr"),
        ("Una película cuenta cómo el presidente sale ileso de un atentado", "Se estrena el viernes.", "es"),
    ],
)
def test_an_escape_in_a_film_is_no_attempt(title, text, lang):
    assert classify(text, lang, title) == (None, "none")
