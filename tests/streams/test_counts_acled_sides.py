"""ACLED notes batch 9 (2026-12-07, late night 2): counting. The mechanisms its training side led to,
each with the hard cases where the same words must not give the same reading:

- the dead of different sides told in different sentences add up (`counts_sides.by_side`);
- a number inside a name is no toll ("the barrio 18 gang": `count_words.year_like`);
- "both" as an item of a list of victims ("3 policemen and both bombers" = 5);
- "another civilian died of wounds two days later" adds one.

The texts are written for these tests (none is in a corpus or in the training data).
"""

from __future__ import annotations

import pytest

from streams.classify.count_words import year_like
from streams.classify.counts_sides import by_side, kind_of
from streams.classify.engine import default_classifier


def toll(text: str) -> int | None:
    return default_classifier().classify_text("", text).fatalities


# ------------------------------------------- two sides' dead told in two sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # soldiers in one sentence, assailants in the next: both counted
        (
            "On 3 May 2022, militants attacked an army post in Djibo (Soum, Sahel), killing 7 soldiers. "
            "The army said 12 assailants were neutralised in the pursuit.",
            19,
        ),
        # villagers killed, then attackers killed by the villagers ("killed 2 of the bandits")
        (
            "On 9 July 2021, bandits raided Gidan Zaki (Maru, Zamfara), killing 8 villagers. "
            "Local vigilantes later caught and killed 2 of the bandits.",
            10,
        ),
        # civilians, then gunmen killed by troops
        (
            "On 14 May 2023, gunmen opened fire on a bus near Bangassou (Mbomou), killing 5 passengers. "
            "Troops pursued the attackers and 3 gunmen were killed.",
            8,
        ),
    ],
)
def test_sides_in_two_sentences_add_up(text: str, expected: int) -> None:
    assert toll(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one side told twice by two sources: the lowest, not the sum
        (
            "On 3 May 2022, militants attacked an army post in Djibo (Soum, Sahel), killing 7 soldiers. "
            "Local sources said 9 soldiers died.",
            7,
        ),
        # "people" has no side: a second figure is the same toll told again
        (
            "On 3 May 2022, militants attacked an army post in Djibo (Soum, Sahel), killing 7 people. "
            "Witnesses said 9 soldiers were killed.",
            7,
        ),
        # the other side's figure is said to be unverified (as in a news report): not added
        (
            "Seventeen soldiers were killed when their unit was ambushed near Torodi, the ministry said. "
            "More than 50 attackers were killed as they fled, a figure that could not be verified.",
            17,
        ),
        # a second source's figure names a group as the source, not as the dead
        (
            "On 3 May 2022, militants attacked an army post in Djibo (Soum, Sahel), killing 7 soldiers. "
            "The militants said 20.",
            7,
        ),
    ],
)
def test_one_toll_told_twice_is_not_added(text: str, expected: int) -> None:
    assert toll(text) == expected


def test_kind_of_reads_the_victims_named_after_the_figure() -> None:
    s = "residents later caught and killed 3 of the militants."
    assert kind_of("killed 3", s) == 1
    assert kind_of("killed 3", "they killed 3 of them.") is None
    assert kind_of("4 people were killed", "4 people were killed.") is None


def test_by_side_leaves_a_rise_to_choose() -> None:
    def lowest(found):
        best = min(found, key=lambda f: f[0])
        return best[0], best[1]

    sents = ["killing 6 soldiers.", "the toll rose to 10 militants killed."]
    pick = by_side(lowest, sents)
    assert pick([(6, "killing 6 soldiers", False, False), (10, "10 militants killed", True, False)]) == (
        6,
        "killing 6 soldiers",
    )
    assert pick([(6, "killing 6 soldiers", False, False), (10, "10 militants killed", False, False)]) == (
        16,
        "killing 6 soldiers + 10 militants killed",
    )


# ------------------------------------------- a number inside a name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On 2 May 2023, 6 members of the Barrio 18 gang were shot dead in Choloma (Cortes).", 6),
        ("On 2 May 2023, soldiers of the Brigade 17 unit killed 4 ELN fighters in Tame (Arauca).", 4),
    ],
)
def test_number_inside_a_name_is_no_toll(text: str, expected: int) -> None:
    assert toll(text) == expected


@pytest.mark.parametrize(
    ("text", "at_word", "is_label"),
    [
        ("members of the barrio 18 gang were shot dead", "18", True),
        # hard negatives: a figure of people after an adjective or a quantifier, a toll word after it
        ("the remaining 3 soldiers were killed", "3", False),
        ("killing the 18 gang members", "18", False),
        ("the government gave a toll of around 50 dead", "50", False),
        ("the attack on the village 12 people were killed", "12", False),
        ("a toll of 40 dead", "40", False),
    ],
)
def test_year_like_reads_a_name_number(text: str, at_word: str, is_label: bool) -> None:
    at = text.index(at_word)
    assert year_like(text, at, at_word, int(at_word)) is is_label


# ------------------------------------------- "both" in a list; another victim who died later


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "On 1 June 2022, two gunmen stormed a checkpoint in Bosaso (Bari); "
            "3 policemen and both gunmen were killed.",
            5,
        ),
        # hard negative: "both" of things is no victim
        (
            "On 1 June 2022, a bomb hit a convoy in Bosaso (Bari); "
            "3 policemen and both vehicles were destroyed.",
            None,
        ),
        (
            "On 5 March 2024, shelling hit Nikopol (Nikopol, Dnipropetrovsk), killing 2 civilians. "
            "Another civilian died of wounds two days later.",
            3,
        ),
        # hard negative: one of the toll told dying of wounds is not another
        (
            "On 5 March 2024, shelling hit Nikopol (Nikopol, Dnipropetrovsk), killing 2 civilians. "
            "One of them died of wounds in hospital.",
            2,
        ),
    ],
)
def test_both_and_another_who_died_later(text: str, expected: int | None) -> None:
    got = toll(text)
    assert (got or None) == expected


# ------------------------------------------- the day of a dateline is no toll


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PRISTINA, Nov 16 - One police officer was killed in a shootout near the border on Tuesday.", 1),
        ("QUITO, Dec 13 - Seven people have been killed in clashes between police and protesters.", 7),
        # hard negatives: a month named before a figure of people is no date
        ("In March, 12 people were killed in clashes between police and protesters in Quito.", 12),
        ("Clashes killed 12 in May, 3 in June, and 5 in July, the ombudsman said.", 12),
    ],
)
def test_dateline_day_is_no_toll(text: str, expected: int) -> None:
    assert toll(text) == expected


# ------------------------------------------- a lone victim and those killed with him


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "On 4 May 2023, militants ambushed a patrol near Ejere. The police commander was killed "
            "along with three of his officers.",
            4,
        ),
        ("On 4 May 2023, in Dori, a district chief was shot dead, along with two of his bodyguards.", 3),
        # hard negatives: things destroyed with the victim, and people arrested, are no dead
        (
            "On 4 May 2023, militants ambushed a patrol near Ejere. The police commander was killed "
            "along with three of his vehicles.",
            1,
        ),
        (
            "On 4 May 2023, a trader was shot dead in Dori. Police arrested a suspect along with three of "
            "his accomplices.",
            1,
        ),
    ],
)
def test_dead_along_with_a_lone_victim(text: str, expected: int) -> None:
    assert toll(text) == expected
