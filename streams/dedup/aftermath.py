"""Reports whose event is referred to rather than reported (docs/stories.md, "Aftermath reports").

A vigil, a funeral, security raised "after the bombings in Boston", "17 still in critical
condition after the marathon bombing": the event of such a report is one the stream has seen
already; the report names it by a **back-reference**, a definite phrase after a preposition
("after the marathon bombing", "victims of the mall shooting", "the bombings in Boston",
"yesterday's blast"), or a headline's label ("Lyon bombing: 23 still in hospital"). Two readings
of the text, by grammar, not by the words of one event:

- ``referent``: the words that name the event referred to (the modifiers of its noun, the place
  after it, a possessor): ``{"marathon"}``, ``{"boston"}``, ``{"peshawar", "bus"}``. A report
  with a referent that joins no story by its text may join the active story of its family and
  country that holds one of those words (``reference_join``), whatever place the report names:
  the place of a reaction ("New York police raising security ...") is not the event's place.
- ``reaction``: besides the referent, the report's own act is an aftermath (a vigil, a funeral,
  a tribute, security raised, an investigation, an arrest, a fund): it never opens an alerting
  story and never releases a held one (``streams.assign``).

The reading runs only for a report classified with a family, a country and a severity that
joined no story, or only a held one (never on the path of a join by text)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from streams.dedup.config import DedupConfig
from streams.dedup.matcher import Matcher
from streams.dedup.slots import SlotTable
from streams.dedup.vocabulary import Vocab
from streams.models import Article, Classification, Severity
from streams.textnorm import term_of

# nouns of an event (English, French, Spanish); plurals by the optional "s"/"es"
_EVENT = (
    r"(?:bomb(?:ing)?|blast|explosion|attack|shooting|massacre|gunfight|gun\s?battle|shoot-?out|"
    r"stabbing|killing|ambush|siege|rampage|carnage|clash|riot|earthquake|quake|flood|wildfire|"
    r"storm|cyclone|hurricane|typhoon|tornado|derailment|crash|disaster|tragedy|"
    r"attentat|fusillade|attaque|tuerie|s[ée]isme|d[ée]raillement|catastrophe|"
    r"atentado|explosi[óo]n|ataque|tiroteo|balacera|masacre|sismo|terremoto|tragedia)(?:e?s)?"
)
_W = r"[^\W\d_][\w'’-]*"
# a modifier of the event noun: a word, not a conjunction or an article ("the town and fire")
_MOD = rf"(?:(?!(?:and|or|with|to|a|an|et|y|o|con)\b){_W}\s+)"
# a preposition, a definite determiner (or a name), up to four modifiers, the event noun, and an optional
# place after it: "after the Boston Marathon bombing", "victims of the bombings in Boston"
_PREP = (
    r"(?:after|following|since|over|amid|from|of|in|by|for|behind|about|into|on|"
    r"apr[èe]s|depuis|de|du|tras|despu[ée]s\s+de|por|del)"
)
_DET = r"(?:the|this|that|these|those|last\s+\w+'s|l[ea]s?|l'|el|la|los|las)"
# (posts drop the determiner before a name: "security raised after Boston bombing")
_BACK = re.compile(
    rf"\b{_PREP}\s+(?:{_DET}\s*|(?=(?-i:[A-Z])))({_MOD}{{0,4}}?){_EVENT}\b(?:\s+(?:in|at|near|on|en|à|a|de|du|del)\s+({_W}(?:\s+[A-Z]{_W})?))?",
    re.IGNORECASE,
)
_NOUN = re.compile(rf"\b{_EVENT}\b", re.IGNORECASE)
# a headline's label: the event named as the topic before a colon or a dash at the start of a line
# ("Lyon bombing: 23 still in hospital", "Union Station shooting - victims named")
_LABEL = re.compile(
    rf"^[^\w\n]*((?:{_W}\s+){{1,4}}?){_EVENT}(?:\s+(?:in|at|en|à|a)\s+({_W}(?:\s+[A-Z]{_W})?))?\s*(?::|\s[-–—])\s",
    re.IGNORECASE | re.MULTILINE,
)
# a possessor: "yesterday's blast", "Monday's attack", "Boston's bombing"
_POSS = re.compile(rf"\b({_W})['’]s\s+({_MOD}{{0,2}}?){_EVENT}\b", re.IGNORECASE)

# the report's own act is an aftermath of the event (English, French, Spanish)
_REACTION = re.compile(
    r"\b(?:vigils?|funerals?|memorials?|tributes?|mourn\w*|condolences?|laid\s+to\s+rest|buri(?:al|ed)|"
    r"moment\s+of\s+silence|minute'?s?\s+silence|half[-\s](?:staff|mast)|pray\w*\s+for|"
    r"thoughts\s+(?:are\s+)?with|"
    r"security\s+(?:is\s+|was\s+|has\s+been\s+)?(?:stepped\s+up|tightened|increased|raised|heightened|boosted)|"
    r"(?:heightened|increased|tighter|extra|additional|beefed[-\s]up)\s+(?:security|patrols?|police|officers)|"
    r"(?:rais|tighten|step|boost|increas|heighten|bolster|add|deploy)\w*\s+(?:up\s+)?(?:the\s+)?"
    r"(?:security|patrols?|police|officers|armed\s+security)|high\s+alert|on\s+alert|as\s+a\s+precaution|"
    r"investigat\w*|probe|claims?\s+responsibility|"
    r"condemn\w*|donat\w*|blood\s+(?:drive|donors?)|fund\w*|reopen\w*|anniversary|remembered|"
    r"still\s+in\s+(?:critical|serious)\s+condition|"
    r"veill[ée]e|hommage|obs[èe]ques|fun[ée]railles|deuil|enqu[êe]te|minute\s+de\s+silence|"
    r"vigilia|homenaje|sepelio|velorio|luto|minuto\s+de\s+silencio|investigaci[óo]n)\b",
    re.IGNORECASE,
)

# modifiers that name no event in particular: they never identify the story referred to
_GENERIC = frozenset(
    """deadly fatal twin double triple suicide latest recent horrific horrible terrible tragic
    brutal terror terrorist mass apparent alleged suspected reported first second third last
    weekend morning evening night day days week weeks yesterday today tonight monday tuesday
    wednesday thursday friday saturday sunday recent major huge big massive another same such
    car truck bomb bombs gun armed violent fresh new earlier previous latest attack attacks
    meurtrier meurtrière dernier dernière récent mortal mortífero último reciente""".split()
)


@dataclass(frozen=True, slots=True)
class Reading:
    """What the text says of the event it refers to: the index terms naming it (``referent``),
    and whether the report's own act is an aftermath of it (``reaction``)."""

    referent: frozenset[str]
    reaction: bool


NONE = Reading(frozenset(), False)


def _terms(words: str) -> set[str]:
    out = set()
    for w in re.findall(_W, words):
        lw = w.lower().replace("’", "'")
        if lw in _GENERIC or re.fullmatch(_EVENT, lw):
            continue
        t = term_of(lw)
        if t:
            out.add(t)
    return out


@lru_cache(maxsize=4096)
def read(text: str) -> Reading:
    """The back-reference of ``text`` (title and body), if any. Only a referent with words that
    name the event (not "after the attack" alone) counts: a bare noun identifies no story."""
    if _NOUN.search(text) is None:  # (cheap: most texts name no event noun after all)
        return NONE
    terms: set[str] = set()
    for m in _BACK.finditer(text):
        terms |= _terms(m.group(1) or "")
        if m.group(2):
            terms |= _terms(m.group(2))
    for m in _LABEL.finditer(text):
        terms |= _terms(m.group(1)) | _terms(m.group(2) or "")
    for m in _POSS.finditer(text) if "'s" in text or "’s" in text else ():
        terms |= _terms(m.group(1)) | _terms(m.group(2) or "")
    if not terms:
        return NONE
    return Reading(frozenset(terms), _REACTION.search(text) is not None)


class _Index(Protocol):
    """What the join reads of the story index (``streams.dedup.index.StoryIndex``)."""

    config: DedupConfig
    matcher: Matcher
    vocab: Vocab
    table: SlotTable

    def _group(self, fam: int) -> int: ...

    def _place_terms(self, place: int) -> frozenset[int]: ...


def reference_join(
    index: _Index, reading: Reading, t: float, codes: tuple[int, int, int, int], wide: bool
) -> tuple[int, float, str] | None:
    """The story a report referring back to an event joins when it joined none by its text: among
    the candidates the matcher scored and did not veto (family group, country, same_event_hours),
    one of the report's family group and country, first reported within ``reference_span_hours``,
    whose centroid, names or place hold a word of the referent; the most such words first, then
    an alerted story, then the score, then the larger. ``codes``: the report's family, country,
    place and its region. The report's place must agree with the story's (none on one side, the
    same, or a whole region and a place in it), unless the report is a reaction: the place of a
    vigil or of security raised is not the event's, but a report of its own event elsewhere ("a
    second blast in X, a day after the bombing in Y") is another event. Returns (slot, score,
    reason) or None."""
    fam, ctry, place, region = codes
    scored = index.matcher.scored
    if scored is None or not reading.referent:
        return None
    term = index.vocab.term
    ref = {i for w in reading.referent if (i := term.get(w)) is not None}
    if not ref:
        return None
    cand, ss, vetoed, score = scored
    span = index.config.reference_span_hours * 3600.0
    grp = index._group(fam)
    table = index.table
    best: tuple[int, bool, float, int] | None = None
    pick = -1
    for i, s in enumerate(ss):
        if vetoed[i] or not s.fam or index._group(s.fam) != grp or s.ctry != ctry:
            continue
        if t - s.t_first > span:
            continue
        if not reading.reaction and place and s.place and s.place != place:
            if not (region and s.region == region and (wide or s.wide)):
                continue
        slot = cand[i]
        words = set(table.pt[slot].tolist()) | set(table.et[slot].tolist())
        if s.place:
            words |= index._place_terms(s.place)
        shared = len(ref & words)
        key = (shared, not s.rec.pending, score[i], s.n)
        if shared and (best is None or key > best):
            best, pick = key, i
    if best is None:
        return None
    hours = (t - ss[pick].t_last) / 3600.0
    why = (
        f"aftermath: refers back to the story's event ({best[0]} word(s) of the reference held by it),"
        f" {hours:.0f} h after its latest report, score {score[pick]:.2f}"
    )
    return cand[pick], float(score[pick]), why


def consider(
    index: _Index,
    article: Article,
    c: Classification | None,
    slot: int | None,
    codes: tuple[int, int, int, int],
    wide: bool,
    t: float,
) -> tuple[bool, tuple[int, float, str] | None]:
    """For a report classified with a family, a country and a severity that joined no story
    (``slot`` None) or only a held one: whether it is a reaction (``reaction_hold``), and the story
    it joins by its back-reference when it joined none (``reference_join``)."""
    cfg = index.config
    fam, ctry = codes[0], codes[1]
    if not (fam and ctry and c is not None and c.severity != Severity.none and cfg.reference_span_hours):
        return False, None
    if slot is not None and not index.table.record(slot).pending:
        return False, None
    reading = read(f"{article.title}\n{article.body}")
    got = reference_join(index, reading, t, codes, wide) if slot is None else None
    # a report that gives a toll of its own tells of harm, maybe a fresh attack that only mentions
    # an earlier one ("two men attacked after signing condolences for the victims of ..."): it is
    # never held as a reaction (it may still join the event it names by `reference_join`)
    own_harm = bool(c.fatalities or c.injured)
    return reading.reaction and cfg.reaction_hold and not own_harm, got
