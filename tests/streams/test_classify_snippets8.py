"""Issue 18, event snippets batch 8 (2026-12-07, night): what the blind batch c-6601..c-6700 showed.

Only errors of the batch's training split led to changes (its frozen items were not read). Each
mechanism is a class of wording, with positives and hard negatives: a natural hazard awaited, not yet
come ("evacuated villagers ahead of a possible eruption", "ahead of the typhoon's landfall"); inspectors
looking into an alleged chemical attack; a person of note told in hospital with wounds after an attack
that killed others beside them (an attempt, not an assassination); a vigil, a funeral or a burial
for people killed in an event told as its background; damages ordered for an earlier killing; and
tolls: a killing told by its manner in the gerund before its victims ("hacking to death six people"),
victims named by three words the victim words do not know ("two suspected drug pushers were killed").
Rules alone unless said.
"""

from __future__ import annotations

import pytest

from streams.classify.counts import count_casualties
from tests.streams.rule_cases import cat

CASES = [
    # --- a natural hazard awaited: evacuations, alerts and preparations before it comes
    (
        "Authorities raised the alert for the volcano and evacuated 2,000 villagers from its slopes ahead of "
        "a possible eruption, officials said.",
        None,
    ),
    (
        "Officials moved 30,000 residents of coastal towns to shelters ahead of the cyclone's landfall, and "
        "no casualties had been reported so far.",
        None,
    ),
    ("Fishermen were told to stay ashore as the province braced for the typhoon on Friday.", None),
    ("Schools were closed in Davao in anticipation of floods from the tropical depression.", None),
    (
        "The agency warned of a potential tsunami after the offshore tremor, but lifted it an hour later.",
        None,
    ),
    # positives: the hazard struck, or people were harmed, even where some fled before it
    ("Typhoon Rai killed 12 people in Samar, where thousands had fled ahead of the storm.", "disaster"),
    (
        "The volcano erupted on Sunday, burying two villages in ash, though residents had been moved "
        "ahead of a possible eruption.",
        "disaster",
    ),
    (
        "The cyclone made landfall near Cox's Bazar ahead of the expected high tide, flattening 300 huts.",
        "disaster",
    ),
    ("Floods swept through villages in Bulambuli ahead of the expected rains, killing three.", "disaster"),
    # --- inspectors looking into an alleged chemical attack
    (
        "UN inspectors arrived to gather samples on allegations that sarin was used in an attack on the "
        "town last week.",
        None,
    ),
    (
        "Investigators said they were examining allegations that chlorine was dropped on Saraqeb in March.",
        None,
    ),
    # positives: the attack itself, with inspectors named beside it
    (
        "Government jets dropped bombs loaded with chlorine on Douma, suffocating 12 people, rescuers said, "
        "as inspectors waited in Damascus.",
        "chemical_attack",
    ),
    ("Activists said a sarin attack on the town killed at least 80 people on Tuesday.", "chemical_attack"),
    # --- a person of note in hospital with wounds after an attack that killed others: an attempt
    (
        "Gunmen sprayed bullets at the car of the works minister, killing his daughter and his driver, while "
        "the minister was rushed to hospital with wounds, police said.",
        "assassination_attempt",
    ),
    (
        "Gunmen ambushed the convoy of the governor of Zamfara, killing two police escorts. The governor was "
        "taken to hospital with gunshot wounds.",
        "assassination_attempt",
    ),
    # hard negatives: the person of note killed; an illness; a visit to the wounded
    (
        "Gunmen shot dead the mayor of Tela, who was rushed to hospital but died of his wounds.",
        "assassination",
    ),
    (
        "Gunmen killed the governor of Zamfara and two police escorts. The wounded were taken to hospital.",
        "assassination",
    ),
    ("The minister was rushed to hospital with chest pains after a cabinet meeting, his office said.", None),
    ("The governor was hospitalised with malaria a week after the bomb blast anniversary ceremony.", None),
]


# --- a vigil, a funeral or a burial for people killed in an event told as its background
CASES_2 = [
    (
        "A vigil was held in Bangkok for the 23 people, mostly children, killed when a bus caught fire on a "
        "highway north of the capital last week.",
        None,
    ),
    ("Mourners carried the coffins of the 11 miners killed in the pit disaster through the town.", None),
    (
        "Hundreds attended the funeral of the two police officers killed in an ambush in Zamfara on Monday.",
        None,
    ),
    ("The family buried the three children killed in the air strike on Saturday.", None),
    # positives: violence at the rite, the event told first, a funeral home's fire
    (
        "A suicide bomber struck the funeral of a militia commander in Nangarhar, killing 18 mourners.",
        "bombing",
    ),
    (
        "Police fired on mourners at the funeral of a protester killed last week, killing two more.",
        "deadly_unrest",
    ),
    (
        "Twelve mourners died when their bus plunged into a ravine on the way to a funeral in Malawi.",
        "disaster",
    ),
    ("A funeral procession was hit by a roadside bomb in Diyala, and 9 people were killed.", "bombing"),
    (
        "Gunmen killed two police officers in an ambush in Zamfara on Monday; their funeral was on Tuesday.",
        "armed_clash",
    ),
    ("A blaze swept through a funeral parlour in Lima, killing two workers, firefighters said.", "disaster"),
    ("After the funeral, a landslide buried the road, killing 5 villagers.", "disaster"),
]


# --- damages ordered or awarded for an earlier killing (as compensation is): no report of the killing
CASES_3 = [
    (
        "A Bangkok court ordered the state to pay 2 million baht to the family of a protester shot dead by "
        "soldiers during the 2010 crackdown.",
        None,
    ),
    (
        "The high court awarded damages to the families of nine villagers killed by soldiers in 2016.",
        None,
    ),
    # positives: a court named beside a fresh event; an order that is no payment
    (
        "Soldiers shot dead two protesters in Bangkok on Sunday, and a court ordered an inquiry.",
        "deadly_unrest",
    ),
    (
        "After a court ordered the eviction of 200 families, residents clashed with police; one was killed.",
        "deadly_unrest",
    ),
    ("Gunmen ordered the passengers off the bus and shot dead 12 of them, police said.", "attack"),
]


@pytest.mark.parametrize(("body", "want"), CASES + CASES_2 + CASES_3)
def test_snippets_batch8(rules_clf, body, want):
    assert cat(rules_clf, body) == want


@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        # a manner of killing in the gerund, then the victims
        ("Rebels raided a village overnight, hacking to death six people, including a child.", 6),
        ("Gunmen stormed the village, burning to death three women.", 3),
        ("Attackers set the huts ablaze, burning alive two farmers and torching 40 homes.", 2),
        # hard negatives: animals, and a figure that names no victim
        ("Gunmen raided the farm, burning to death 20 cattle and killing a herder.", 1),
        ("Villagers were hacking at 20 trees to clear the road.", None),
        # victims named by three words the victim words do not know
        ("Two suspected drug pushers were killed in an encounter with police in Caloocan.", 2),
        ("Four armed motorcycle thieves were killed in a shootout with police in Tegucigalpa.", 4),
        # hard negative: a time before the figure
        ("10 years later two were killed in an encounter with police.", 2),
    ],
)
def test_tolls_of_batch8(text, fatalities):
    fat, _, _ = count_casualties([text])
    assert fat == fatalities


def test_an_awaited_typhoon_with_the_model():
    """With the shipped model too: residents moved before a typhoon raise nothing."""
    from streams.classify.engine import default_classifier

    c = default_classifier().classify_text(
        "",
        "Authorities moved more than 12,000 residents from coastal villages ahead of the typhoon's landfall, "
        "the disaster council said, adding that no casualties had been reported so far.",
        "en",
    )
    assert c.severity.value == "none"
