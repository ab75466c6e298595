"""The rule language: the models of config/rules.yaml.

A *term* is one or more words; a word ending in ``*`` matches any word with that
prefix ("assassinat*"). A word ``_`` matches any single word ("attempt on _ life").
Text is split into sentences and lower-cased tokens (streams/classify/text.py); every
term is found with one dictionary look-up per token (streams/classify/terms.py), so the
cost grows with the text, not the rule count.

A rule (all keys but ``id`` and ``category`` optional)::

    - id: air_strike.drone_on_building
      category: air_strike
      weight: 1.5            # added to the category's score when the rule fires
      any: [airstrike*, air strike*, air raid*]   # OR: one of these terms
      all: [[drone*], [strike*, hit, attack*]]    # AND of OR-groups, same sentence
      near: {a: [drone*], b: [residence, home], within: 8}  # proximity, in words
      not: [exercise*, drill*]                    # NOT: veto in the same sentence
      not_doc: [video game*]                      # NOT: veto anywhere in the text
      need_doc: [injured, wounded]                # and one of these anywhere in the text
      contexts: [history, hypothetical]           # which global contexts veto it
                                                  # (default: all of them)

A rule fires in a sentence when its any / all / near parts (those given) all hold
there and no veto applies. ``near: {ordered: true}`` wants b after a ("soldiers ...
killed" but not "killed ... soldiers"). Global *contexts* (negation, denial, history,
hypothetical, ...) are term lists; a sentence holding one of them does not count
as evidence for rules that honour that context. A context with ``lead: true`` joins
a headline and the first body sentence (a bare headline, qualified by its lede); one
with ``scope: document`` marks the whole text once ``min_distinct`` of its terms occur,
``scope: lead`` the same but the lead only if the lead itself holds
``lead_min_distinct`` of them. A sentence context may also mark a sentence by ``pairs`` of terms
near each other (as a rule's ``near``), and skip a term that ``not_after`` / ``not_before`` words
give another sense ("detuvieron un autobus").

Scoring (engine): a rule first found past ``lead_sentences`` adds ``late_weight`` times
its weight; a category scores its strongest rule plus ``extra_weight`` times the others.
See README, "Classification".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class Near(BaseModel):
    model_config = ConfigDict(extra="forbid")
    a: list[str]
    b: list[str]
    within: int = Field(8, ge=1, le=50)
    ordered: bool = False  # true: b must come after a ("soldiers ... killed", "killing ... soldiers")
    # true: b counts only when no object follows it (a figure, an article, a determiner): "seven
    # gunmen were killed" is a toll of gunmen, "gunmen shot dead two traders" is not
    b_without_object: bool = False
    # true: b counts only in the active voice (no "was", "were", "been" ... right before it, no "by"
    # right after it): "villagers lynched two suspects" names the crowd as the agent, "villagers were
    # attacked" names it as the victim
    b_active: bool = False
    # true: b counts only when it is not the subject of a verb of saying or reacting ("the governor of
    # Borno condemned the killing of farmers", "the relief commissioner said") nor the agent after "by"
    # ("the killing of a lawyer by a police officer"): the speaker of a report, or its killer, is not its
    # victim
    b_not_speaker: bool = False


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    category: str
    weight: float = 1.0
    any: list[str] = Field(default_factory=list)
    all: list[list[str]] = Field(default_factory=list)
    near: Near | None = None
    not_: list[str] = Field(default_factory=list, alias="not")
    not_doc: list[str] = Field(default_factory=list)
    # one of these terms must occur somewhere in the text (a dispersal is unrest only if someone
    # was hurt, which a report often tells in another sentence)
    need_doc: list[str] = Field(default_factory=list)
    contexts: list[str] | None = None
    description: str = ""
    # true: an `any` term counts only when a name follows it, a word capitalised in the original text
    # that is no determiner, day or month ("shooting at LAX", "shot in Chicago"; not "a shot at the title")
    named_after: bool = False
    # a rule that tells that people were hurt, not how ("killed ... villagers"): it scores only when
    # no rule of another category reaches the threshold in the text (streams/classify/decide.py)
    generic: bool = False
    # categories whose weapon tells the event whoever the victims: the rule adds nothing when a
    # rule of one of them reaches the threshold in the text ("aircraft struck a base; 5 fighters
    # were killed" is an air strike, not a battle)
    yields_to: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_positive_part(self) -> Rule:
        if not (self.any or self.all or self.near):
            raise ValueError(f"rule {self.id!r} needs at least one of any / all / near")
        return self


class ContextDef(BaseModel):
    """A context marks sentences (scope: sentence) or the whole text (scope: document,
    when at least `min_distinct` different terms of it occur) as not reporting a new event."""

    model_config = ConfigDict(extra="forbid")
    terms: list[str] = Field(default_factory=list)
    # scope sentence: a sentence is also marked where a term of `a` and one of `b` of a pair occur
    # within `within` words ("el peso ... se desplomo", "bombarde l executif de critiques")
    pairs: list[Near] = Field(default_factory=list)
    description: str = ""
    # sentence: marks the sentences holding a term; document: marks the whole text when
    # `min_distinct` different terms occur in it; lead: the same, but the first
    # `lead_sentences` sentences only when `lead_min_distinct` of the terms occur there
    scope: Literal["sentence", "document", "lead"] = "sentence"
    min_distinct: int = Field(1, ge=1)
    # headline and lede share it: a headline states the event bare and the first sentence
    # qualifies it ("... reports were false"), or the other way round
    lead: bool = False
    lead_min_distinct: int = Field(1, ge=1)  # scope lead: terms needed within the lead itself
    # a rule this context kept off where it first occurs stays off in a later sentence that tells the
    # same event again by a definite description ("the 2021 earthquake ... The quake killed 2,248")
    carries: bool = False
    # scope document or lead: terms that mark the text alone, as `min_distinct` different terms
    # would (a structure the rules' reading marks with a word of its own: a sports result)
    decisive: list[str] = Field(default_factory=list)
    # a toll in a sentence holding it is still the event's toll ("four dead, 21 arrested"); by
    # default the engine reads no casualty count from the sentences a context marks
    keeps_counts: bool = False
    # a term right after one of these words (up to `not_after_gap` words between) names the cause
    # of the event the sentence reports, not its frame: "clashed with police after his
    # conviction", "a mob attacked a temple following rumours of desecration"
    not_after: list[str] = Field(default_factory=list)
    not_after_gap: int = Field(2, ge=0, le=5)
    # a term right before one of these words (up to `not_before_gap` words between) has another
    # sense: "detuvieron un autobus" stopped a bus, it arrested no one
    not_before: list[str] = Field(default_factory=list)
    not_before_gap: int = Field(1, ge=0, le=5)
    # scope sentence: a sentence holding one of these is not marked, whatever else it holds (the
    # sentence tells the harm itself: "was killed when the device he was trying to defuse blew up")
    unless: list[str] = Field(default_factory=list)
    # scope sentence: a term of the context does not mark its sentence when one of these occurs before it
    # there (the event told first, its attribution after: "crude bombs were hurled ..., killing one worker,
    # and the party blamed rivals for the attack")
    told_before: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_terms(self) -> ContextDef:
        if not (self.terms or self.pairs):
            raise ValueError("a context needs terms or pairs")
        if self.pairs and self.scope != "sentence":
            raise ValueError("pairs are for contexts of scope sentence")
        return self


class RuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    threshold: float = 1.0
    # News puts the event in the title and first sentences; a rule whose first hit lies
    # past `lead_sentences` (title included) adds only `late_weight` times its weight.
    lead_sentences: int = Field(1000, ge=1)
    late_weight: float = Field(1.0, ge=0, le=1)
    # a category scores its strongest rule plus `extra_weight` times the sum of its other rules
    extra_weight: float = Field(1.0, ge=0, le=1)
    contexts: dict[str, ContextDef] = Field(default_factory=dict)
    rules: list[Rule]

    @field_validator("rules")
    @classmethod
    def _unique_ids(cls, rules: list[Rule]) -> list[Rule]:
        seen: set[str] = set()
        for r in rules:
            if r.id in seen:
                raise ValueError(f"duplicate rule id {r.id!r}")
            seen.add(r.id)
        return rules

    @classmethod
    def from_yaml(cls, path: Path) -> RuleFile:
        data: Any = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        return cls.model_validate(data)
