"""Issue 18, the weak edges of the held-out snippets (2026-12-07): what blind batch c-6001..c-6100 showed.

Only errors of the batch's training split led to changes (its frozen items were not read). Each
mechanism is a class of wording, with positives and hard negatives: two sides that "opened fire on
each other" (a battle, not a shooting); a ceasefire or truce violated or breached in any word order,
and a grenade launcher as a weapon of battle; an industrial gas leaking is an accident, not a chemical
attack; a silo, a boiler or a pipeline that "exploded" is an industrial blast; a structure or machine
that toppled, gave way or collapsed; workers suffocated or asphyxiated; a claim ("saying its fighters
carried out", "had been behind") vetoes the industrial readings too; an object "turned out to contain"
a device is a find; a hazard "detected and sealed", "before anyone was hurt", is a foiled one; a town
taken after the other side "left its camp" is a transfer; "N of whom died" is a toll. Rules alone.
"""

from __future__ import annotations

import pytest

from streams.classify.counts import count_casualties
from streams.classify.engine import Classifier
from tests.streams.rule_cases import cat

CASES = [
    # --- two sides firing at each other: a battle, even with no casualties
    ("Rival militia units opened fire on each other at a checkpoint outside Tripoli.", "armed_clash"),
    ("Guards of two border posts opened fire at one another; nobody was hit.", "armed_clash"),
    # hard negatives: one side firing on people is a shooting
    ("Gunmen opened fire on worshippers leaving a mosque in Kano, killing three.", "attack"),
    # --- a truce violated or breached, in any word order
    ("Both armies reported dozens of breaches of the armistice along the front overnight.", "armed_clash"),
    ("The truce was violated within hours as the two sides fired machine guns.", "armed_clash"),
    (
        "Separatists reported 17 violations of the truce, including grenade launcher fire on their trenches.",
        "armed_clash",
    ),
    # hard negatives: a truce holding, violations alleged in talks or counted by monitors
    ("The truce in the south has held for a month with no violations reported, officials said.", None),
    ("Negotiators met in Geneva to discuss alleged violations of the ceasefire.", None),
    # --- an industrial gas leaking is an accident
    ("A chlorine gas leak at a paper mill sent 30 workers to hospital.", "disaster"),
    ("Chlorine gas spilled from a derailed tanker car and forced the evacuation of a village.", "disaster"),
    # hard negatives: chlorine as a weapon is still a chemical attack
    ("A barrel bomb loaded with chlorine gas was dropped on a block in Douma.", "chemical_attack"),
    # --- a silo, a boiler or a pipeline that exploded
    ("A storage tank exploded at a fuel terminal outside Lagos, injuring four workers.", "disaster"),
    ("A gas main exploded under a street in the old town; no one was hurt.", "disaster"),
    # hard negatives: a bomb near a silo, a pipeline blown up by militants
    ("A roadside bomb exploded near a grain silo, wounding two soldiers on patrol.", "bombing"),
    # --- a structure or machine that gave way
    ("A construction crane toppled onto a bus stop in Dallas, killing one pedestrian.", "disaster"),
    ("A balcony gave way during a party in Rome and nine guests were hurt.", "disaster"),
    # hard negatives: a government or talks that collapsed, a town that fell, a demolition
    ("Talks on the new coalition collapsed late on Friday.", None),
    ("The old wall came down in a controlled demolition watched by hundreds.", None),
    # --- workers overcome by gas
    ("Three sanitation workers were asphyxiated while cleaning a sewer in Chennai.", "disaster"),
    # hard negatives: a murder by suffocation is no accident
    ("Police said the victim was suffocated with a plastic bag by her attackers.", None),
    # --- a claim vetoes the industrial readings
    ("The rebels issued a statement saying its fighters carried out the raid on the army post.", None),
    ("Kyiv hinted that its agents had been behind the explosion at the fuel depot in Crimea.", None),
    # hard negatives: a depot blast told plainly
    ("An explosion at a fuel depot in Crimea sent a column of smoke over the peninsula.", "disaster"),
    # --- a device found in an object
    (
        "Police carried out a controlled explosion on a bag at the station. "
        "It turned out to contain a pipe bomb.",
        None,
    ),
    # hard negative: a bomb that went off in a bag
    ("A bomb hidden in a bag exploded at the bus station, wounding six people.", "bombing"),
    # --- a hazard caught in time
    ("A gas leak in a school kitchen was detected and repaired before anyone was hurt.", None),
    # hard negative: a leak that hurt people
    ("A gas leak at a school kitchen sent eleven pupils to hospital.", "disaster"),
    # --- a town taken after the other side left
    ("Rebels took over the town after the army left its positions, residents said.", None),
    # hard negative: a town taken in fighting
    ("Rebels took over the town after heavy fighting with the army, residents said.", "armed_clash"),
    # --- round 2, wordings written after the batch (not in the corpus)
    # a device as the subject of a passive find
    ("A suicide vest was recovered from a car stopped at a checkpoint in Mogadishu.", None),
    ("Two grenades were recovered from a bag left in the market, police said.", None),
    # hard negative: bodies recovered after a blast
    ("A car bomb exploded in the market and bodies were recovered from the rubble.", "bombing"),
    # a statement of responsibility with words between
    ("A little-known group said in a video it was responsible for the kidnapping of the engineers.", None),
    # hard negative: a kidnapping told plainly
    ("Gunmen kidnapped four engineers on the road to the oil field, police said.", "abduction"),
    # a place taken after the other side fled
    ("The army took control of the district headquarters after the insurgents fled overnight.", None),
    # rubber bullets: unrest only when someone is hurt
    ("Police fired tear gas and rubber bullets to disperse protesters, but no injuries were reported.", None),
    ("Police fired rubber bullets at protesters in the capital, wounding 14.", "deadly_unrest"),
    # a landslide that buried miners is a disaster, a burial is not
    ("Five miners are missing after a landslide buried them at an illegal gold mine.", "disaster"),
    ("The victims of the landslide were buried on Friday as hundreds of mourners gathered.", None),
    # a fire that gutted or razed a place
    ("A fire gutted dozens of shops at the Gikomba market in Nairobi overnight.", "disaster"),
    # a cause blamed is no claim of an attack
    ("Investigators blamed faulty wiring for the fire at the factory that killed three.", "disaster"),
    ("Investigators blamed a faulty gas cylinder for the blast at a restaurant that hurt nine.", "disaster"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_edges(rules_clf: Classifier, text: str, expected: str | None) -> None:
    assert cat(rules_clf, text) == expected


@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        ("The shaft flooded, trapping eight miners, three of whom died before help came.", 3),
        ("The boat carried 40 migrants, 12 of whom drowned off the coast.", 12),
        # hard negatives: released, not dead; the injured of whom some later died count once
        ("Gunmen seized 30 passengers, two of whom were released.", None),
        ("The blast wounded six people, two of whom later died in hospital.", 2),
    ],
)
def test_of_whom_died(text: str, fatalities: int | None) -> None:
    fat, _, _ = count_casualties([text])
    assert fat == fatalities
