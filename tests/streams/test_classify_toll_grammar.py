"""The grammar of tolls in ACLED notes of another period (issue 18, "fatalities exact"): each
kind of wording has a case it reads and a hard case it must not misread. The texts are written
for these tests (`streams/classify/counts_grammar.py`, `streams/classify/counts.py`)."""

from __future__ import annotations

import pytest

from streams.classify.counts import count_casualties, count_casualties_detail
from streams.classify.engine import default_classifier


def toll(text: str) -> int | None:
    return count_casualties([text])[0]


@pytest.mark.parametrize(
    ("text", "n"),
    [
        # coordinated victims, whatever the nouns
        ("12 soldiers and 40 VDP were killed, according to a security source.", 52),
        ("Six gendarmes and two VDP were killed and the post was burned.", 8),
        ("Nine Chinese engineers and four Pakistanis died.", 13),
        ("Three Spaniards and an Afghan were killed.", 4),
        ("Gunmen shot dead a trader, his wife and their two sons.", 4),
        ("Shells hit a house, killing a woman and her four children.", 5),
        ("Six aid workers, their guide and their driver were killed.", 8),
        ("A senior commander, a girl and 13 others were killed on the first day.", 15),
        ("On 3 March 2022, two soldiers and a civilian were killed in an ambush.", 3),
    ],
)
def test_coordinated_victims_add_up(text, n):
    assert toll(text) == n


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("An explosion hit a bus and two passengers were killed.", 2),  # a bus is no victim
        ("The attack killed two soldiers and destroyed a vehicle.", 2),
        ("Militants killed a man and wounded two others.", 1),
        ("Twenty people, including six children, were killed.", 20),  # a part, not a second group
        ("Gunmen killed a farmer and his children were abducted.", 1),
    ],
)
def test_what_is_not_a_list_of_victims(text, n):
    assert toll(text) == n


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("Suspected herders hacked seven farmers to death near the village.", 7),
        ("Residents lynched and burned 11 suspected robbers.", 11),
        ("A man accused of blasphemy was stoned to death by a mob.", 1),
        ("A healer was burned alive by a mob after being accused of witchcraft.", 1),
        ("Militants raided the village and beheaded five residents.", 5),
        ("Four people were stoned to death by a crowd.", 4),
    ],
)
def test_killings_told_by_their_manner(text, n):
    assert toll(text) == n


@pytest.mark.parametrize(
    "text",
    [
        "Protesters burned tyres and stoned police vehicles.",
        "The crowd beat drums and burned an effigy of the governor.",
        "A suspect was hanged in effigy by protesters.",  # no "hanged" victim count without a death
    ],
)
def test_manner_words_without_a_death(text):
    assert toll(text) in (None, 0)


def test_a_headline_s_bare_victim_noun():
    assert toll("CRPF jawan killed, two others injured.") == 1
    assert toll("Civilian killed, several houses damaged.") == 1
    assert toll("Police officer shot dead at checkpoint.") == 1
    # active: the noun is the killer
    assert toll("Soldier killed the engine and left the truck.") in (None, 0)


def test_a_lone_victim_of_another_side_beside_a_figure():
    assert toll("Soldier killed; three separatists also died, the army said.") == 4
    assert toll("A policeman was killed and 3 militants were shot dead.") == 4
    # the same side told twice, and another day's event, add nothing
    assert toll("A soldier was killed and two soldiers were wounded; 2 soldiers died.") == 2
    assert toll("17 people were killed; a police officer was burned to death the following night.") == 17


def test_the_wounded_who_died_later():
    assert (
        toll("An IED killed two soldiers and wounded five; one of the wounded died later in hospital.") == 3
    )
    assert (
        toll("An IED killed two soldiers and wounded five; one of the wounded was flown to the capital.") == 2
    )


def test_a_superseded_toll_is_no_second_toll():
    assert toll("Gunmen killed 86 civilians, according to the government, after an initial toll of 50.") == 86
    assert toll("Gunmen killed 35 people, the government said after revising its initial toll of 95.") == 35
    # two sources, neither superseded: the lowest
    assert toll("Residents said 136 were killed; the prosecutor spoke of about 60.") == 60
    assert toll("The government put the toll at 85; local elders said more than 90.") == 85


def test_an_earlier_event_s_toll_is_not_the_event_s():
    assert toll("Bandits shot five villagers, a week after 7 residents were killed in a raid nearby.") is None
    assert toll("The raid came two days after strikes killed 10 people in the town.") is None
    # the event's own toll beside a time reference
    assert toll("Two days after the ambush, the toll rose to 12.") == 12
    assert toll("Gunmen killed 4 people, two days after a similar attack.") == 4


def test_vague_amounts_the_acled_way():
    # ACLED's conventional figures: "dozens" 12, "several dozen" no more precise, "several" 10
    assert toll("Militants killed several dozen rice farmers.") == 12
    fat, _, _, vague = count_casualties_detail(["Several fighters were killed on both sides."])
    assert (fat, vague) == (10, True)  # 10, and no flash alone
    # a plural toll of an unknown number is coded 10 as ACLED codes it (2016: "the bombardment killed
    # an unknown number of pastoralists" = 10), no flash alone; a toll said to be unknown is no figure
    one = ["The strike killed an undisclosed number of militants."]
    fat, _, reasons, vague = count_casualties_detail(one)
    assert (fat, vague) == (10, True), reasons
    fat, _, reasons, vague = count_casualties_detail(["Several fighters were killed.", "Fatalities unknown."])
    assert fat is None and vague, reasons
    assert toll("Hundreds were killed or wounded, according to the ministry.") is None
    # a real figure wins over a conventional one
    two = ["Dozens of villagers were killed.", "Authorities later gave a toll of 100."]
    assert count_casualties(two)[0] == 100


def test_no_casualties_is_no_toll():
    assert toll("The alleged attack caused no casualties, according to a local doctor.") == 0
    assert toll("Two rockets hit the base. No fatalities or injuries were reported.") == 0


def test_a_note_reads_its_toll_end_to_end():
    c = default_classifier().classify_text(
        "",
        "On 9 March 2023, JNIM militants attacked a military detachment in Tin-Akoff (Tin-Akoff, Oudalan). "
        "12 soldiers and 40 VDP were killed, according to a security source.",
        "en",
    )
    assert c.fatalities == 52 and c.severity.value == "flash", c.reasons


def test_more_of_the_same_kinds():
    # a part of the toll ("seven of them children") is no second toll
    assert toll("Ten members of one family, seven of them children, were killed.") == 10
    # a list with a determiner
    assert toll("Three soldiers, three civilians and the five attackers were killed during the siege.") == 11
    assert toll("Three soldiers and the five cars were hit.") in (None, 0)
    # a toll restated as "the toll" is not a second group
    assert (
        toll("Gunmen attacked the camp, killing forty-six people; the toll had first been put at 43.") == 46
    )
    assert toll("Gunmen killed 12 people and 3 soldiers; the toll rose to 15.") == 15
    # the attacker among the dead, told after the victims
    assert toll("A suicide bomber rammed a truck, killing nine policemen; the bomber also died.") == 10
    assert toll("Gunmen killed two people; the attacker was arrested.") == 2
    # the killing a riot followed is its cause, not its toll
    assert toll("Youths burned shops after the killing of a singer in the capital.") is None
    assert (
        count_casualties(["Youths rioted after the killing of a student.", "Two rioters were killed."])[0]
        == 2
    )
    assert toll("Youths set fire to cars two days after a teenager was shot dead by police.") is None
    assert toll("The toll climbed over the following days to 145.") == 145


def test_a_toll_in_the_lead_outweighs_the_model_s_weak_veto():
    # the model's second tier vetoes a weak rules' score; a death toll with a figure in the lead is
    # no loose use of a word (the texts of tests/streams/test_classify_edges.py and _wire_items.py)
    clf = default_classifier()
    c = clf.classify_text(
        "",
        "A car bomb killed seven people at a checkpoint in Diyala on Sunday. Islamic State later claimed "
        "responsibility.",
        "en",
    )
    assert c.category == "bombing" and c.fatalities == 7, c.reasons
    # a conventional figure of an earlier toll does not ("after raids that killed dozens")
    c = clf.classify_text(
        "",
        "On 20 February 2022, armed groups in Kani township (Kani, Sagaing) announced they had merged "
        "into a single battalion after military raids that killed dozens of villagers in January.",
        "en",
    )
    assert c.category is None, c.reasons
