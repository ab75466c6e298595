"""A hypothetical vetoes only the clause it governs.

The `hypothetical` context (config/rules.yaml: warnings, threats, plans, "would be") marks a whole
sentence, which is right when it opens the sentence ("Officials warned that a sarin attack would kill
thousands"). When it opens an adjunct clause after a main clause told as fact ("The regime launched a
sarin attack on the town, killing 40, after warning that more chemical weapons would be sent"), it
governs that clause only: the warning came before, and the attack is told in the indicative. The
rules then read the sentence without that clause (`without_governed_clauses`, called by
reading.py's `rules_reading`): its veto and its own words of an event (a feared attack) both go,
and the main clause is read as it is. Only when the main clause holds no word of a hypothetical
itself (a modal, "if", a warning, a plan, a drill): "Rebels could launch a sarin attack, after
warning that ..." stays vetoed."""

from __future__ import annotations

import re

# the adjunct clause: after a comma, an optional time ("days after"), a subordinator or nothing, up to
# five words, then the hypothetical's opener ("after warning that", "as officials had warned", "warning
# that", "days after the group threatened to"). Not a predicate joined by "and" ("Geologists mapped the
# fault of the quake, which killed 73,000, and warn it could break again"): its subject is the main
# clause's, which may tell no event of its own
_OPENER = (
    r"(?:warn(?:ed|ing|s)?|threat(?:ened|ening|ens)|vow(?:ed|ing|s)|pledg(?:ed|ing|es)|promis(?:ed|ing|es))"
)
_GOVERNED = re.compile(
    r",\s+(?:(?:just|only|shortly|soon|hours|days|weeks|months|a day|a week)\s+)?"
    r"(?:(?:after|before|while|as|since|when|amid|despite|following)\s+(?:[\w'-]+\s+){0,4}?)?"
    + _OPENER
    + r"\b[^.;!?\n]*",
    re.I,
)
# a vow or a threat joined by "and" to a main clause told as fact, whose subject made it after acting
# ("Militants killed three soldiers in an ambush and vowed to carry out more attacks"); not a warning, which
# may be a forecast by others ("... the quake, which killed 73,000, and warn it could break again")
_VOWED = re.compile(
    r",?\s+and\s+(?:then\s+)?(?:vow(?:ed|s)|threaten(?:ed|s)|pledg(?:ed|es)|promis(?:ed|es))"
    r"\b[^.;!?\n]*",
    re.I,
)
# a main clause that is itself hypothetical keeps the sentence's veto
_MAIN_HYPOTHETICAL = re.compile(
    r"\b(?:would|could|might|may|will|shall|should|can|must|if|unless|whether|warn\w*|threat\w*|vow\w*|"
    r"plan\w*|plot\w*|drill\w*|exercise\w*|simulat\w*|fear\w*|risk\w*|prepar\w*|ready)\b",
    re.I,
)
_SENTENCE_END = re.compile(r"[.;!?\n]")
# quick pre-test: the openers' stems
_STEMS = ("warn", "threat", "vow", "pledg", "promis")


def without_governed_clauses(raw: str) -> tuple[str, list[str]]:
    """The text without each hypothetical adjunct clause that follows a main clause told as fact,
    and those clauses."""
    low = raw.lower()
    if not any(s in low for s in _STEMS):
        return raw, []
    cuts: list[tuple[int, int]] = []
    found = sorted([*_GOVERNED.finditer(raw), *_VOWED.finditer(raw)], key=lambda m: m.start())
    for m in found:
        if cuts and m.start() < cuts[-1][1]:
            continue
        start = max((mm.end() for mm in _SENTENCE_END.finditer(raw, 0, m.start())), default=0)
        main = raw[start : m.start()]
        if len(main.split()) < 4 or _MAIN_HYPOTHETICAL.search(main):
            continue
        cuts.append(m.span())
    return cut_spans(raw, cuts)


def cut_spans(raw: str, cuts: list[tuple[int, int]]) -> tuple[str, list[str]]:
    """The text without the spans ``cuts`` (in order, not overlapping), and those spans (leading
    commas and spaces off). Also the cut of reading.py's earlier-event and protest-subject clauses."""
    if not cuts:
        return raw, []
    out, last, gone = [], 0, []
    for a, b in cuts:
        out.append(raw[last:a])
        gone.append(raw[a:b].lstrip(", "))
        last = b
    out.append(raw[last:])
    return "".join(out), gone
