"""Issue 18, event snippets batch 7 (2026-12-07, evening): what the blind batch c-6301..c-6400 showed.

Only errors of the batch's training split led to changes (its frozen items were not read). Each
mechanism is a class of wording, with positives and hard negatives: an office named as the speaker of
a report, not its victim ("the governor of Borno condemned the killing of farmers"); victims of a
kind under a universal quantifier ("every person killed in lightning strikes"); a report dismissed as
fake; an exchange of fire told in two halves ("opened unprovoked fire ... and the BSF retaliated");
stones and communal clashes as a crowd's, not a battle; acid thrown at a person; the "low-intensity
blast" of South Asian papers; and tolls: a person and some of his party killed together, a part of a
group ("scores of the gunmen"), the death that a protest answers (a killing protested, a death in
custody). Rules alone unless said.
"""

from __future__ import annotations

import pytest

from streams.classify.counts import count_casualties
from tests.streams.rule_cases import cat

CASES = [
    # --- an office as the speaker of a report, not its victim
    ("The governor of Kaduna condemned the killing and appealed for calm in the state.", None),
    (
        "The district commissioner said compensation would be paid to families of people killed in floods.",
        None,
    ),
    ("The minister of interior visited the site where four traders were killed last year.", None),
    # positives: the office holder is the victim, whoever speaks
    (
        "The governor of the province was shot dead by gunmen outside his residence, police said.",
        "assassination",
    ),
    (
        "A ward councillor was hacked to death in Kanpur on Sunday, the police commissioner said.",
        "assassination",
    ),
    ("The mayor was killed by gunmen on Monday; the governor condemned the attack.", "assassination"),
    # the speaker's report still read as what it tells: an attack on villagers, not an assassination
    (
        "The governor of Kaduna condemned the killing of eleven villagers by bandits in a raid on Sunday.",
        "attack",
    ),
    # --- victims of a kind under a universal quantifier: a scheme, not an event
    ("The state will pay Rs 4 lakh to the family of every person killed by wild elephants.", None),
    ("Each victim killed in a road accident will get free legal aid under the new scheme.", None),
    # positive: a real toll beside "each"
    (
        "Lightning strikes killed seven farmers in Bihar on Saturday, and each family will get Rs 4 lakh.",
        "disaster",
    ),
    # --- a report dismissed as fake
    (
        "Police dismissed as fake a video claiming that a bomb had gone off at the railway station in Patna.",
        None,
    ),
    ("The army termed it fake news that militants had attacked a camp in Uri.", None),
    # positive: a real blast, not a report called false
    ("A bomb exploded at the railway station in Patna, injuring three passengers, police said.", "bombing"),
    # --- fire answered in a later clause
    (
        "Pakistani troops opened unprovoked fire on Indian posts in the Krishna Ghati sector, and the army "
        "retaliated strongly, a defence spokesman said.",
        "armed_clash",
    ),
    (
        "A police patrol came under heavy fire from suspected militants near Bannu and the officers "
        "responded, officials said.",
        "armed_clash",
    ),
    # hard negatives: a crowd answering, words answering words, shells answered (shelling)
    ("Police opened fire on stone-throwing protesters, who retaliated by torching a bus.", "deadly_unrest"),
    ("The minister fired at the opposition over the budget, and its leader responded in a statement.", None),
    (
        "The opposition fired at the government over prices; the minister responded at a press conference.",
        None,
    ),
    (
        "Pakistani troops fired mortar shells at villages in Poonch, and the army retaliated, killing two.",
        "shelling",
    ),
    # --- stones and communal clashes: a crowd, not a battle
    (
        "Stone pelting at a procession in Khargone led to communal clashes, and the police used tear gas; "
        "twelve people were hurt.",
        "deadly_unrest",
    ),
    (
        "Communal violence broke out in Bhadrak after a social media post, and police were injured.",
        "deadly_unrest",
    ),
    ("Stone pelters attacked a police party in Sopore, injuring four policemen.", "deadly_unrest"),
    # hard negatives: armed sides fighting, a peace meeting about communal tension
    ("Security forces clashed with militants in Kupwara, killing two of them.", "armed_clash"),
    ("Police held a peace committee meeting in Nuh to ease communal tension before the festival.", None),
    # --- acid thrown at a person
    (
        "A man hurled acid at his former wife outside a bus stand in Lahore, leaving her badly burnt.",
        "attack",
    ),
    ("Two teenage girls were injured when men on a motorbike splashed acid on them in Kandahar.", "attack"),
    # hard negatives: acid spilt, acid in a lab
    ("An acid tanker overturned on the highway and the spill burned the eyes of two drivers.", "disaster"),
    ("A lab assistant was hurt when acid splashed on his hand during a chemistry practical in Pune.", None),
    ("Police seized 20 litres of acid from a shop selling it without a licence in Lahore.", None),
    # --- the low-intensity blast of South Asian papers
    ("A low-intensity explosion near a police post in Amritsar damaged a wall; no one was hurt.", "bombing"),
    # hard negatives: a cylinder, a court case over an earlier one
    ("A low-intensity blast in a gas cylinder at a roadside eatery injured two people.", "disaster"),
    ("Two men were convicted over the low-intensity blast outside the district court.", None),
]

# a second round, from other wordings of the register written after the first (not in the corpus)
CASES_2 = [
    # --- an operation called an "exercise" is no drill
    (
        "Two CRPF jawans were injured when Naxals triggered a pressure IED during an area domination "
        "exercise in Sukma.",
        "bombing",
    ),
    ("The army and police held a joint exercise simulating an IED blast at the bus stand in Jammu.", None),
    # --- an attack intelligence expects
    ("Police tightened security in Mombasa after intelligence reports of a planned al-Shabaab attack.", None),
    (
        "Al-Shabaab fighters carried out a well-planned attack on a police post in Mandera, killing three "
        "officers.",
        "armed_clash",
    ),
    # --- a lathi or baton charge on a gathering, with someone hurt
    (
        "Police lathi-charged a group of teachers demanding regularisation near the Vidhan Sabha, injuring "
        "several of them.",
        "deadly_unrest",
    ),
    (
        "Police baton-charged nurses marching to the secretariat in Dhaka, and a dozen were taken to "
        "hospital.",
        "deadly_unrest",
    ),
    # hard negative: no one hurt (a dispersal)
    ("Police lathi-charged BJP workers to disperse them outside the collectorate; no one was hurt.", None),
    # --- a mob that "thrashed"
    (
        "A mob thrashed two men suspected of cattle theft in Alwar, one of whom later died in hospital.",
        "deadly_unrest",
    ),
    ("India thrashed Australia by nine wickets as the crowd cheered at the Wankhede.", None),
    # --- the agent after "by" is no victim of an attack on forces
    (
        "The killing of a trader by a police officer at a checkpoint in Lagos on Sunday sparked outrage.",
        "attack",
    ),
    ("Militants ambushed and killed two police officers in Kupwara.", "armed_clash"),
    ("A soldier was killed by militants who attacked an army camp in Kupwara.", "armed_clash"),
]


@pytest.mark.parametrize(("body", "want"), CASES + CASES_2)
def test_snippets_batch7(rules_clf, body, want):
    assert cat(rules_clf, body) == want


@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        # a person and some of his party
        ("The village chief and three of his guards were shot dead in an ambush.", 4),
        ("A woman and two of her children were killed when gunmen raided the house.", 3),
        ("The mayor and two of his bodyguards were killed in the attack.", 3),
        # a part of a group named before
        ("Jets struck the camp and scores of the gunmen were neutralised.", 20),
        ("Dozens of the fighters were killed in the assault on the town.", 12),
        ("The bus carried 40 pilgrims; ten of the passengers were killed.", 10),
        # hard negatives: a part that was hurt, not killed; a companion told apart
        ("Twenty of the passengers were injured when the bus overturned.", None),
        # the death a protest answers is no toll of it
        ("Youths protesting the killing of a trader torched the police station, and two officers died.", 2),
        ("Residents torched a police van after a teenager died in police custody.", None),
        ("Rioters burned shops after the death of a prisoner in jail custody; one rioter was shot dead.", 1),
        # positives kept: a death in custody told as the event, a death after an argument
        ("A teenager died in police custody on Monday, his family said.", 1),
        ("A man was shot dead after an argument in a bar.", 1),
    ],
)
def test_tolls_of_batch7(text, fatalities):
    fat, _, _ = count_casualties([text])
    assert fat == fatalities


def test_a_speaker_office_with_the_model():
    """With the shipped model too: a governor who condemns a killing told elsewhere raises nothing."""
    from streams.classify.engine import default_classifier

    c = default_classifier().classify_text(
        "", "The governor of Kaduna condemned the killing and appealed for calm in the state.", "en"
    )
    assert c.severity.value == "none"
