"""Known misses of the session notes of 2026-12-07 (docs/accuracy.md, "Known misses 3"), each read by a
general mechanism, with positives and hard negatives: a category the model raises alone needs a word of
harm the rules can read (evidence.py); a hypothetical vetoes only the clause it governs (governed.py);
forces that kill people who fired on them fight a battle (clash.fired_on_first); a line wrapped inside a
place name is one sentence (name_starts.py); a Spanish "atentado" told with its toll is an attack."""

from __future__ import annotations

import pytest

from streams.classify.engine import Classifier, default_classifier
from streams.classify.governed import without_governed_clauses
from streams.classify.text import tidy
from tests.streams.rule_cases import cat, classify

MODEL_ONLY = [
    # the model alone gives a disaster (p 0.65-0.90) to a flood verb used of people, money or mail, and to
    # "houses": no word of harm, toll or damage, so no event
    ("Investors flooded into property stocks as houses sold", None),
    ("Investors flooded into property stocks on Tuesday as houses sold at record prices in Sydney.", None),
    ("Fans flooded into the streets of Buenos Aires through the night to celebrate the title.", None),
    # the true raises by the model alone keep their category: a toll, a word of harm or of damage
    ("A fire that broke out in a textile mill in Surat gutted the building; no one was hurt.", "disaster"),
    (
        "A footbridge over a canal in Vadodara gave way during the evening rush, sending dozens into the "
        "water; rescuers recovered 9 bodies.",
        "disaster",
    ),
]


@pytest.mark.parametrize("text,expected", MODEL_ONLY)
def test_the_model_alone_raises_a_disaster_only_with_a_word_of_harm(text: str, expected: str | None) -> None:
    assert cat(default_classifier(), text) == expected


def test_a_raise_by_the_model_alone_without_harm_says_why() -> None:
    # which of these the model would raise alone moves with each retraining (p 0.6-0.9): at least one is
    # raised, and held back with its reason; none is an event
    texts = [
        "Investors flooded into property stocks as houses sold",
        "Buyers flooded into coastal property as houses sold out",
        "Investors flooded into property stocks as houses sold fast in Manila",
    ]
    got = [default_classifier().classify_text("", t, "en") for t in texts]
    assert all(c.category is None for c in got), [c.reasons for c in got]
    assert any("no word of harm or damage" in r for c in got for r in c.reasons), [c.reasons for c in got]


HYPOTHETICAL_CLAUSE = [
    # a warning, threat or vow in an adjunct clause after a main clause told as fact: the main clause is read
    (
        "The regime launched a sarin attack on the town, killing 40, after warning that more chemical "
        "weapons would be sent",
        "chemical_attack",
    ),
    ("A car bomb exploded at the market in Kano, killing five, as officials had warned it would.", "bombing"),
    (
        "Gunmen stormed the village of Kuru and killed 12 people, days after the group threatened to "
        "punish it.",
        "attack",
    ),
    # hard negatives: the event told only in the governed clause, a main clause that is itself hypothetical,
    # a warning that opens the sentence
    (
        "The minister spoke to reporters in Damascus on Tuesday, after warning that the regime would "
        "launch a sarin attack on the town",
        None,
    ),
    (
        "Rebels could launch a sarin attack on the town, after warning that more chemical weapons would "
        "be sent",
        None,
    ),
    ("Officials warned that a sarin attack on the town would kill thousands", None),
]


@pytest.mark.parametrize("text,expected", HYPOTHETICAL_CLAUSE)
def test_a_hypothetical_vetoes_only_the_clause_it_governs(
    rules_clf: Classifier, text: str, expected: str | None
) -> None:
    assert cat(rules_clf, text) == expected


def test_the_governed_clause_is_cut_and_the_main_clause_kept() -> None:
    text = "The regime launched a sarin attack on the town, killing 40, after warning that more would "
    text += "be sent."
    cut, gone = without_governed_clauses(text)
    assert cut == "The regime launched a sarin attack on the town, killing 40."
    assert gone == ["after warning that more would be sent"]
    same = "Rebels could launch a sarin attack on the town, after warning that more would be sent."
    assert without_governed_clauses(same) == (same, [])


FIRED_ON_FIRST = [
    # forces that kill people who fired on them: two armed sides
    ("Police shot dead two suspects who opened fire on officers at a checkpoint", "armed_clash"),
    ("Troops killed three gunmen after they opened fire on a patrol near Bannu.", "armed_clash"),
    ("Police killed four robbers who fired at officers during a chase in Lagos on Friday.", "armed_clash"),
    # hard negatives: people who fled (no fire), a gunman who fired at worshippers, stones thrown, a trial
    ("Police shot dead two suspects who were fleeing a checkpoint in Nairobi.", "attack"),
    ("Police shot dead a gunman who opened fire on worshippers at a mosque, killing five.", "attack"),
    ("Police shot dead two protesters who threw stones at officers in Nairobi.", "deadly_unrest"),
    (
        "The officer who shot dead two suspects who opened fire on police at a checkpoint in 2019 was "
        "cleared by a court on Monday.",
        None,
    ),
]


@pytest.mark.parametrize("text,expected", FIRED_ON_FIRST)
def test_forces_that_kill_people_who_fired_on_them_fight_a_battle(
    rules_clf: Classifier, text: str, expected: str | None
) -> None:
    assert cat(rules_clf, text) == expected


def test_a_line_wrapped_inside_a_place_name_is_one_sentence() -> None:
    assert tidy("killed five people in the town of San\nMiguel on Sunday") == (
        "killed five people in the town of San Miguel on Sunday"
    )
    assert tidy("Floods hit New\nYork overnight") == "Floods hit New York overnight"
    assert tidy("near Dera Ismail\nKhan overnight") == "near Dera Ismail Khan overnight"
    # hard negatives: a headline that ends in a place, then a body sentence; a name, then a sentence's opener
    assert tidy("Bomb blast in Kabul\nPolice say five dead") == "Bomb blast in Kabul\nPolice say five dead"
    assert tidy("Five were killed in Mexico\nThe mayor said") == "Five were killed in Mexico\nThe mayor said"
    assert tidy("Floods in Port\n\nHarcourt") == "Floods in Port\n\nHarcourt"  # a paragraph break


def test_a_wrapped_place_name_reads_as_the_clean_text() -> None:
    clf = default_classifier()
    for text in [
        "A bomb exploded at a market in Port\nHarcourt on Sunday, killing three traders.",
        "The roof of a market hall in Quezon\nCity collapsed on Sunday, hurting seven shoppers.",
        "RSF fighters stormed the Ardamata camp (Geneina, West\nDarfur) and killed displaced men.",
    ]:
        wrapped, clean = clf.classify_text("", text), clf.classify_text("", text.replace("\n", " "))
        assert (wrapped.category, wrapped.fatalities, wrapped.injured, wrapped.location.country) == (
            clean.category,
            clean.fatalities,
            clean.injured,
            clean.location.country,
        ), text


SPANISH = [
    # an "atentado" told with its toll is an attack; a weapon named tells its own category
    ("El atentado contra el mercado de Mopti se cobró la vida de siete comerciantes", "attack"),
    ("El atentado contra una iglesia en Kaduna dejó doce muertos el domingo.", "attack"),
    ("Un tiroteo en un bar de Celaya se cobró la vida de seis personas", "attack"),
    (
        "El atentado con coche bomba contra el mercado de Mogadiscio se cobró la vida de 20 personas.",
        "bombing",
    ),
    # hard negatives: an anniversary, a trial, a claim, an "atentado" on an abstract thing
    ("Se cumplen 29 años del atentado contra la AMIA, que se cobró la vida de 85 personas.", None),
    (
        "Comienza el juicio por el atentado contra el mercado de Mopti que se cobró la vida de siete "
        "comerciantes.",
        None,
    ),
    (
        "El Estado Islámico reivindicó el atentado contra el mercado de Mopti que se cobró la vida de "
        "siete personas.",
        None,
    ),
    (
        "La oposición denuncia un atentado contra la democracia que deja muertos los derechos de los "
        "trabajadores.",
        None,
    ),
]


@pytest.mark.parametrize("text,expected", SPANISH)
def test_spanish_atentado_with_its_toll(text: str, expected: str | None) -> None:
    assert classify("", text, "es")[0] == expected
