"""Issue 18, confusions batch (2026-12-07): what the blind ACLED notes c-6101..c-6200 showed.

The notes are minimal pairs along four boundaries: an armed clash or an attack on civilians,
shelling or an air strike, crowd violence or force on protesters, shots at a place or an attempt
on an official. The fixes read who did what to whom with what (rules alone here):

- the weapon's class: bombs or shells *fired from* a place are artillery (`shelling.rounds_fired`);
  a drone that drops an explosive is an air strike even when its victims are bus passengers (the
  aerial agent's veto is an airliner's passengers, not any passenger);
- the actors' class: rioters, mobs and looters, with stones and sticks, make crowd violence, not a
  battle, even when the officers or peacekeepers they kill are armed (`clash.attack_on_forces`
  vetoes them; `clash.armed_victims` yields to a crowd told as the agent, `unrest.crowd_agent`,
  which now reads "overran");
- agency: gunfire at an official's car hits the escort, the attempt on the official is the event
  (`clash.attack_on_forces` yields to an attempt or an assassination); armed men firing on a crowd
  are an attack on civilians, a crackdown needs the state's force (`unrest.crackdown` and
  `unrest.violent_protest` vetoed by armed men named in the note); state forces firing "to disperse"
  a gathering are force on protesters whatever the gathering is called (`unrest.force_to_disperse`);
- a person of note *among* a group of victims is no targeted killing ("6 civilians, a social
  leader among them").
"""

from __future__ import annotations

import pytest

from streams.classify.engine import Classifier
from tests.streams.rule_cases import cat

CASES = [
    # --- the weapon's class: fired from afar is artillery; a drone is an aircraft whoever it hits
    (
        "Bombs fired from rebel positions hit a camp for displaced people near Goma; 6 people were killed.",
        "shelling",
    ),
    ("Bombs fired by the rebels hit a school in Kibirizi, killing 4 pupils.", "shelling"),
    ("A drone dropped an explosive on a minibus in Nikopol, killing 2 passengers.", "air_strike"),
    # hard negatives: bombs dropped from the air, a bomb planted on the ground, an airliner's passengers
    (
        "Bombs dropped from a drone hit a camp for displaced people near Goma; 6 people were killed.",
        "air_strike",
    ),
    ("A bomb planted under a car exploded in Mogadishu, killing 2 people.", "bombing"),
    ("A passenger jet clipped a drone while landing at Gatwick; no one was hurt.", None),
    # --- the actors' class: a crowd that kills officers is crowd violence
    (
        "Rioters overran the police post in Butembo with stones and sticks; 2 officers were killed.",
        "deadly_unrest",
    ),
    ("A mob overran a UN base in Goma, looting it; 3 peacekeepers were killed.", "deadly_unrest"),
    # hard negatives: armed men overrunning a base, killing soldiers or peacekeepers
    ("Militants overran an army base near Tillaberi, killing 12 soldiers.", "armed_clash"),
    ("Rebels attacked a UN base near Beni; 3 peacekeepers were killed.", "armed_clash"),
    # --- agency: an attempt on an official, not a battle with the escort
    (
        "Gunmen fired on the vehicle of the military governor of Ituri near Bunia; he escaped "
        "unhurt, but 1 escort was killed.",
        "assassination_attempt",
    ),
    (
        "Gunmen fired on the convoy of the governor of Zamfara near Gusau; the governor was unhurt.",
        "assassination_attempt",
    ),
    # hard negative: the same gunfire on a military convoy with no official in it
    ("Gunmen fired on a military convoy near Gusau, killing 2 soldiers.", "armed_clash"),
    # --- agency: state forces on a crowd are force on protesters, armed men on a crowd an attack
    (
        "State police fired on teachers blocking a highway near Nochixtlan to disperse the "
        "blockade; 2 teachers were killed.",
        "deadly_unrest",
    ),
    (
        "Soldiers fired live rounds at farmers blocking a road to disperse them; 1 farmer was killed.",
        "deadly_unrest",
    ),
    ("Police fired on protesters in Kisumu; 3 protesters were killed.", "deadly_unrest"),
    # hard negatives: gunmen on a sit-in; a dispersal with no one hurt; police fighting gunmen
    (
        "Unidentified gunmen fired on a sit-in in Basra from a passing car; 2 protesters were killed.",
        "attack",
    ),
    ("Police dispersed the crowd at the ministry with tear gas; no one was hurt.", None),
    ("Police fired at gunmen who attacked the station in Kaduna; 2 gunmen were killed.", "armed_clash"),
    # --- a person of note among a group of victims
    (
        "On 17 January 2025, ELN gunmen killed 6 civilians, a community leader among them, in rural Tibu.",
        "attack",
    ),
    # hard negatives: the leader alone, or named first with the others after, is a targeted killing
    ("Gunmen shot dead the mayor of Tlajomulco and 3 bodyguards, among them his nephew.", "assassination"),
    ("On 17 January 2025, ELN gunmen shot dead a community leader in rural Tibu.", "assassination"),
]


@pytest.mark.parametrize(("body", "want"), CASES)
def test_who_did_what_with_what(rules_clf: Classifier, body: str, want: str | None) -> None:
    assert cat(rules_clf, body) == want
