"""The grammar of tolls and the strategic developments of ACLED notes, third round (issue 18,
counts batch 3): each kind of wording has cases it reads and hard cases it must not misread.
The texts are written for these tests (`streams/classify/counts_grammar.py`,
`streams/classify/reading.py`)."""

from __future__ import annotations

import pytest

from streams.classify.counts import count_casualties
from streams.classify.engine import default_classifier


def toll(text: str) -> int | None:
    return count_casualties([text])[0]


@pytest.fixture(scope="module")
def clf():
    return default_classifier()


@pytest.mark.parametrize(
    ("text", "n"),
    [
        # deaths in service told as martyrdom
        ("Two policemen were martyred when their checkpost came under fire.", 2),
        ("Four soldiers embraced shahadat in the exchange of fire.", 4),
        ("11 militants were killed, the army said; 3 soldiers embraced martyrdom.", 14),
        ("Three jawans laid down their lives while repelling the attack.", 3),
        # ranks, and "the" with one person, in a list of victims
        ("A lieutenant colonel, a captain and 5 soldiers were martyred.", 7),
        ("22 cadets and the driver were killed.", 23),
        ("The commanding officer, his wife and their son were killed.", 3),
        # the dead a sentence adds after its verb
        ("Two herders were killed along with 4 riflemen of the escort.", 6),
        ("49 civilians and 15 soldiers were killed, as well as about 50 assailants.", 114),
        # one figure shared by a list of nouns
        ("At least 40 soldiers, VDP and civilians died in the attack.", 40),
        # an apposition after victims the victim words do not name
        ("9 Palestinians, among them an elderly woman, were killed.", 9),
        # one more victim told as an ordinal
        ("Two herders were killed on the spot; the body of a third was found the next day.", 3),
        ("Four people were killed and a fifth victim died in hospital.", 5),
        ("A soldier was killed; the body of a second soldier was recovered from the river.", 2),
        # two lone victims, each with a verb of death
        ("A policeman was beaten to death and a party activist later died of his injuries.", 2),
        # one of the wounded who died later, told one by one
        ("Rockets hit the airport, killing a contractor; a worker injured in the attack died days later.", 2),
        # victims counted once and then named "them"
        (
            "A crowd stopped a minibus carrying 14 suspected gang members, took them from the police "
            "and burned them alive.",
            14,
        ),
        # a lone victim killed in a manner, the victim inside
        ("A crowd attacked a patrol and burned an officer to death inside his vehicle.", 1),
    ],
)
def test_tolls_read(text, n):
    assert toll(text) == n


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("The party paid tribute to the martyrs of 1971 at a rally.", None),
        ("The soldiers and 3 civilians were killed.", 3),  # "the soldiers": no figure of their own
        ("Two soldiers were killed along with 2 vehicles.", 2),  # things are not victims
        ("40 soldiers and 3 civilians were killed.", 43),  # each figure its own group
        ("Two people were killed in a second explosion.", 2),  # an ordinal that names a blast
        ("Two soldiers were killed; a third was wounded.", 2),  # an ordinal that names the wounded
        ("Three people were killed; the body of a second was found.", 3),  # not the next number
        ("Two people were killed and a third of the houses were found burned.", 2),
        ("A soldier was killed and a vehicle was destroyed.", 1),
        ("A soldier was killed and a civilian was wounded.", 1),
        ("A worker injured in the attack died days later.", 1),  # the lone victim, told once
        ("Police arrested 14 suspects and took them to the station.", None),
        ("Gunmen abducted 5 farmers and 3 traders and killed them.", None),  # which "them": no guess
        ("Soldiers chased 6 suspects and shot them in the legs.", None),
        ("Protesters burned an effigy of the governor.", None),
    ],
)
def test_tolls_not_misread(text, n):
    assert toll(text) == n


@pytest.mark.parametrize(
    "text",
    [
        "On 3 May 2023, the government and the rebels signed a ceasefire in Doha, after fighting that killed "
        "more than 200 people.",
        "On 5 May 2022, police detained a militant commander in Quetta (Quetta, Balochistan) in connection "
        "with a bombing in which 12 people were killed in April.",
        "On 9 June 2021, bomb disposal experts defused a device near the market of Gao (Gao, Gao), two days "
        "after a blast killed 4 people there.",
        "On 2 February 2024, the army announced the creation of two new battalions, a month after attacks "
        "that killed 30 soldiers.",
        "On 8 March 2022, the NIA arrested three men accused of the abduction and killing of a trader.",
        "On 4 April 2023, teachers protested in Jammu (Jammu, Jammu and Kashmir) after a colleague was shot "
        "dead in Kulgam.",
        "On 14 November 2022, the army cleared a minefield planted by the rebels near a school.",
        "On 5 May 2022, police arrested 20 people in Jos after clashes earlier in the week left 2 dead.",
    ],
)
def test_strategic_developments_after_earlier_violence_are_no_events(clf, text):
    c = clf.classify_text("", text)
    assert c.severity.value == "none", c.reasons


def test_the_earlier_event_left_out_is_told(clf):
    c = clf.classify_text(
        "", "On 3 May 2023, the two sides signed a truce in Doha, after fighting that killed 200 people."
    )
    assert any("an earlier event a strategic development follows" in r for r in c.reasons)


@pytest.mark.parametrize(
    ("text", "category", "n"),
    [
        # the main clause tells violence of its own: the event is read, with its own toll
        (
            "On 3 May 2023, militants attacked a checkpoint after the army arrested their commander; "
            "5 soldiers were killed.",
            "armed_clash",
            5,
        ),
        (
            "On 3 May 2023, soldiers killed 4 militants in Dir, a week after an ambush killed 9 soldiers.",
            "armed_clash",
            4,
        ),
        (
            "On 6 June 2022, the army announced that 12 militants were killed in clashes near Kidal.",
            "armed_clash",
            12,
        ),
        (
            "On 7 July 2022, troops cleared the area of militants after heavy fighting near Mopti.",
            "armed_clash",
            None,
        ),
        # an arrest after the day's own violence: the violence is the event (no word says it was earlier)
        (
            "On 5 May 2022, police arrested 20 people after clashes between two communities left 2 dead "
            "in Jos.",
            "armed_clash",
            2,
        ),
        # "following" as an adjective is no time reference
        (
            "On 6 May 2022, the army announced the following toll: 5 soldiers were killed in an ambush "
            "near Gao.",
            "armed_clash",
            5,
        ),
    ],
)
def test_violence_in_the_main_clause_is_still_read(clf, text, category, n):
    c = clf.classify_text("", text)
    assert c.category == category and c.severity.value != "none", c.reasons
    assert c.fatalities == n
