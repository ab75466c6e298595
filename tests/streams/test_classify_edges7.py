"""Issue 18, the edges of the held-out snippets again (2026-12-07, evening): blind batch c-6201..c-6300.

Only errors of the batch's training split led to changes (its frozen items were not read). Each mechanism
is a class of wording, with positives and hard negatives: a device that went off as it was being defused
(a context's `unless`: a sentence telling someone harmed as it happened is no find); an appeal to halt a
kind of event and weapons bought (context `appeal`); members of state assemblies (MLA, MPA, MCA) as
persons of note; an armed group disowning an attack (denial); a past event in a relative clause dated
back ("the factory that burned down last year reopened"); fire answered by the side fired on (a battle,
not a one-sided attack); a crowd charged with batons or canes, or the weapons of a dispersal used on
anyone, and people hurt (unrest); captives taken ("seized at gunpoint") and a ransom demanded; police
harm negated ("no one was injured, a police official said"); acid thrown on a person (a marriage proposal
is no plan: `hypothetical` reads "a proposal", "proposal to", not a bare "proposal"); a vessel under
pressure that burst; a structure that came crashing down; drowning and dying as tolls ("drowning 26
passengers", "with 13 people perishing"); a titleless snippet whose first sentence tells a toll with a
figure, as a headline does, lifts the figurative context (engine `_headline_toll`); the injured told by
the hospital ("sent 25 workers to hospital", "14 people were treated in hospital") or as "left 20 of them
injured". Rules alone.
"""

from __future__ import annotations

import pytest

from streams.classify.counts import count_casualties
from streams.classify.engine import Classifier
from tests.streams.rule_cases import cat

CASES = [
    # --- a device that went off while it was being defused or handled is a bombing
    (
        "A police officer was killed when the bomb he was trying to defuse went off outside a bank.",
        "bombing",
    ),
    (
        "Two deminers were wounded while defusing an explosive device that blew up on a road in Kunar.",
        "bombing",
    ),
    # hard negatives: a device defused, a find, with no one harmed
    ("The bomb squad defused an explosive device found under a bridge in Imphal.", None),
    ("Deminers removed an unexploded shell from a school yard in Izium.", None),
    # --- appeals to halt a kind of event; weapons bought or ordered
    ("Rights groups urged an end to drone strikes on civilian areas in Sudan.", None),
    ("The European Parliament called for a moratorium on air strikes on residential districts.", None),
    ("Egypt signed a contract for 30 more Rafale fighter jets.", None),
    ("The navy approved the acquisition of 26 fighter jets for its new carrier.", None),
    ("Indonesia signed a deal to buy 42 Rafale fighter jets from France.", None),
    ("Washington approved the sale of 40 fighter jets to Ankara.", None),
    # hard negatives: an appeal after a strike that killed people; a strike told plainly
    (
        "The UN called for a halt to the fighting after an air strike killed 30 people in a market.",
        "air_strike",
    ),
    ("Fighter jets bombed a fuel depot outside the city on Tuesday, residents said.", "air_strike"),
    # --- an armed group disowning an attack
    ("The separatist group disowned the bombing of the railway line and blamed a splinter faction.", None),
    ("The militia distanced itself from the ambush on the convoy, calling it the work of criminals.", None),
    # hard negative: a bombing told plainly
    ("A bomb ripped through the railway line near Quetta, derailing a freight train.", "bombing"),
    # --- a past event in a relative clause dated back
    ("The market that was destroyed by fire last year reopened on Monday with 300 new stalls.", None),
    ("Survivors of the bridge which collapsed a year ago are still waiting for compensation.", None),
    # hard negatives: the event itself, today
    ("A fire destroyed the central market in Kumasi on Monday, traders said.", "disaster"),
    (
        "A footbridge collapsed in Mumbai on Tuesday, injuring five people; it had been repaired last year.",
        "disaster",
    ),
    # --- fire answered by the side fired on
    (
        "Militants ambushed a police patrol near Bannu; the personnel responded effectively, officials said.",
        "armed_clash",
    ),
    (
        "Gunmen opened fire on an army post at dawn and the soldiers fought back until the attackers fled.",
        "armed_clash",
    ),
    # hard negatives: a one-sided attack with a later operation; a crowd answering police
    ("Gunmen opened fire on a bus in Balochistan, killing nine passengers.", "attack"),
    ("Police fired on protesters who fought back with stones; three people died.", "deadly_unrest"),
    # --- a crowd charged with batons or canes, people hurt
    (
        "Police baton charged a crowd of striking workers outside the factory gates, injuring eleven.",
        "deadly_unrest",
    ),
    ("Students agitating for fee cuts were lathi-charged in Patna and several were hurt.", "deadly_unrest"),
    # the weapons of a dispersal used on people the rules have no crowd word for
    (
        "Police used water cannon and batons to clear farmers from the highway; 17 were injured.",
        "deadly_unrest",
    ),
    ("Riot police fired tear gas at stone-throwing youths in Srinagar; five were hurt.", "deadly_unrest"),
    # hard negatives: a charge or a clearing with no one hurt, tear gas bought
    ("Police used water cannon to clear farmers from the highway; no one was hurt.", None),
    # police hurting people, a sentence of its own that negates the harm is no report of it
    (
        "Police in Dhaka broke up a sit-in by garment workers; no one was injured, a police official said.",
        None,
    ),
    ("Police beat protesting garment workers in Dhaka, injuring 12; no one was killed.", "deadly_unrest"),
    (
        "Police got a new supply of tear gas canisters, a year after 30 protesters were injured in clashes.",
        None,
    ),
    ("Police lathi-charged a crowd of job seekers in Lucknow; no one was injured.", None),
    # --- captives taken, a ransom demanded
    ("Pirates took 18 sailors captive off the coast of Somalia.", "abduction"),
    ("Armed men who seized a businessman in Port Harcourt are demanding a ransom, police said.", "abduction"),
    ("Four aid workers were seized at gunpoint on the road to Bentiu.", "abduction"),
    # hard negatives: captives released, a robbery at gunpoint, weapons seized
    ("A shopkeeper was robbed at gunpoint in Nairobi; the robbers fled with cash.", None),
    ("The crew held by pirates were released unharmed on Friday after talks.", None),
    # --- acid thrown on a person
    ("A man threw acid on his former wife in Dhaka, burning her face and arms.", "attack"),
    ("A man threw acid on a woman in Multan after she rejected his marriage proposal.", "attack"),
    # hard negatives: a plan proposed stays hypothetical; an acid spill is an accident
    ("Officials discussed a proposal to deploy fighter jets along the border.", None),
    ("The proposal would allow drone strikes on smuggling routes.", None),
    ("An acid tanker overturned on the highway and its load spilled into a ditch.", "disaster"),
    # --- a vessel under pressure that burst
    ("A gas cylinder burst in a kitchen of a hotel in Nairobi, injuring four cooks.", "disaster"),
    ("An irrigation dam burst after heavy rain, flooding three villages.", "disaster"),
    # hard negatives: a bubble that burst, a pipeline ruptured by a bomb
    ("The property bubble burst last year and prices fell by a third.", None),
    ("Militants set off a bomb that ruptured a gas pipeline in Sinai, the army said.", "bombing"),
    # --- a structure that came crashing down
    ("A billboard came crashing down onto cars in Mumbai during a storm, killing two.", "disaster"),
    # hard negative: a market that came crashing down
    ("Shares came crashing down after the bank's profit warning.", None),
    # --- members of state, provincial and county assemblies are persons of note
    ("A former MLA of the ruling party was shot dead outside his residence in Bihar.", "assassination"),
    ("Unknown gunmen shot dead an MCA outside a bar in Kisumu.", "assassination"),
    # hard negative: the legislator tells of others killed
    ("Gunmen shot dead three villagers in Bihar, the MLA of the area said.", "attack"),
    # --- a titleless snippet whose first sentence tells a toll with a figure: the campaign's words
    # (rival, candidates, election, clubs) are no sports page
    (
        "Supporters of rival candidates clashed with clubs and machetes during the election in Rivers State, "
        "leaving three people dead.",
        "deadly_unrest",
    ),
    # hard negatives: a sports snippet, its first sentence with no toll
    (
        "The striker killed off the cup final with a third goal as the club beat its rivals in the league.",
        None,
    ),
    ("Rival clubs clashed in a bruising derby. The keeper was the hero as the team won 2-1.", None),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_edges7(rules_clf: Classifier, text: str, expected: str | None) -> None:
    assert cat(rules_clf, text) == expected


@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        ("A boat capsized on the river, drowning 14 passengers.", 14),
        ("The bus plunged into a gorge, with 22 people dying at the scene.", 22),
        ("The floods drowned at least nine people in the valley.", 9),
        # hard negatives: cattle drowned, people rescued
        ("Floodwaters drowned 300 cattle in the delta.", None),
        ("The ferry sank, with 40 passengers rescued by fishermen.", None),
    ],
)
def test_drowning_and_dying(text: str, fatalities: int | None) -> None:
    fat, _, _ = count_casualties([text])
    assert fat == fatalities


@pytest.mark.parametrize(
    ("text", "injured"),
    [
        ("A chemical leak at the plant sent 31 workers to hospital.", 31),
        ("Eleven pupils were treated in hospital after the fumes spread.", 11),
        ("The stampede left 40 of them injured, officials said.", 40),
        # hard negatives: people sent to a hospital to help, a vague number, a time, a building
        ("The ministry sent 3 doctors to the hospital in Goma.", None),
        ("Dozens of workers were taken to hospital after the leak.", None),
        ("He left 20 minutes later for the hospital.", None),
        ("The new hospital has 300 beds.", None),
    ],
)
def test_injured_by_the_hospital(text: str, injured: int | None) -> None:
    _, inj, _ = count_casualties([text])
    assert inj == injured
