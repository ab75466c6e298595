"""Who did what, in English: two readings that keep a rule from taking a person's description for the event.

- A relative clause in the active pluperfect after its noun ("The gunman who had shot the activist last year
  was killed in a police encounter") tells what that person did before: the background of the sentence, whose
  event is told by the main verb after it. The rules read the sentence without it (`without_background`), so
  the activist's shooting is not read as the event. A clause in the passive ("a suspect who had been wanted
  for murder") or in another tense ("the gunman who shot dead an activist on Tuesday escaped") stays.
- A noun that names people by the crime they are said to commit ("kidnappers", "abductors") tells who the
  victims were when it is the object of a killing or a capture ("vigilantes shot dead two suspected
  kidnappers", "two kidnappers were lynched"): no kidnapping is told. The rules read it as "suspects"
  (`victims_by_crime`); the kidnappers as the subject who acts ("kidnappers abducted two farmers") stay.
"""

from __future__ import annotations

import re

# "<noun> who had <verb, not 'been'> ..." up to a main verb in the passive or a copula after it
_BACKGROUND = re.compile(
    r",?\s+who\s+had\s+(?!been\b)[a-z]+\b[^.;:!?()\n]{0,160}?,?(?=\s+(?:was|were|has\s+been|have\s+been)\s)",
    re.I,
)
# a killing or a capture done to people, then up to four words of their description
_HARM = (
    r"(?:shot\s+dead|shot\s+and\s+killed|killed|lynched|beat\s+to\s+death|beaten\s+to\s+death|burned\s+alive|"
    r"burnt\s+alive|hacked\s+to\s+death|stoned\s+to\s+death|gunned\s+down|neutrali[sz]ed|eliminated|executed|"
    r"arrested|captured|apprehended|nabbed|caught)"
)
_CRIME_NOUN = r"(?:kidnappers?|abductors?|hostage[\s-]takers?)"
_AS_OBJECT = re.compile(
    r"\b(?P<verb>"
    + _HARM
    + r")(?P<gap>(?:\s+(?!and\b|or\b|who\b)[\w'-]+){0,4}?\s+)(?P<noun>"
    + _CRIME_NOUN
    + r")\b",
    re.I,
)
_AS_SUBJECT = re.compile(
    r"\b(?P<noun>" + _CRIME_NOUN + r")(?P<rest>\s+(?:were|was)\s+(?:also\s+|later\s+)?" + _HARM + r")\b",
    re.I,
)
_STEMS = ("kidnapper", "abductor", "hostage-taker", "hostage taker")


def _suspects(noun: str) -> str:
    return "suspects" if noun.lower().endswith("s") else "suspect"


def without_background(raw: str) -> tuple[str, list[str]]:
    """The text without its background relative clauses (active pluperfect), and those clauses."""
    if "who had" not in raw.lower():
        return raw, []
    gone = [m.group(0).strip(", ") for m in _BACKGROUND.finditer(raw)]
    if not gone:
        return raw, []
    return _BACKGROUND.sub("", raw), gone


def victims_by_crime(raw: str) -> str:
    """The text with a crime's agent noun read as "suspects" where the people it names are the ones
    killed or captured."""
    low = raw.lower()
    if not any(s in low for s in _STEMS):
        return raw
    out = _AS_OBJECT.sub(lambda m: m.group("verb") + m.group("gap") + _suspects(m.group("noun")), raw)
    return _AS_SUBJECT.sub(lambda m: _suspects(m.group("noun")) + m.group("rest"), out)
