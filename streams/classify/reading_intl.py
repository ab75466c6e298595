"""What the French rules read besides the text as written: a relative clause in the imperfect set off by
commas after its noun ("le ministre, qui rentrait d'une cérémonie dans le nord avec sa délégation, a été
visé par des tirs") tells what the person was doing, the background of the sentence; the rules read the
sentence without it, so that the subject and its verb stand within a rule's window. A relative clause
in another tense ("le maire, qui a été blessé par balle, est hospitalisé") may tell the event itself
and stays."""

from __future__ import annotations

import re

# ", qui [se|s'|ne|n'|y|en] <verb in the imperfect> ... ," up to the next comma (a clause of up to 200
# characters, with no sentence end in it); the imperfect: -ait, -aient
_FR_BACKGROUND = re.compile(
    r", (?:qui|lequel|laquelle|lesquels|lesquelles) (?:(?:se|ne|y|en|lui|leur) |[sn][’'])?"
    r"\w+(?:ait|aient)\b[^,.;:!?()]{0,200}(?=,)"
)


def without_background_clauses(raw: str, lang: str) -> tuple[str, list[str]]:
    """The text without its background relative clauses (French only), and those clauses."""
    if lang != "fr" or "qui" not in raw and "quel" not in raw:
        return raw, []
    gone = [m.group(0).lstrip(", ") for m in _FR_BACKGROUND.finditer(raw)]
    if not gone:
        return raw, []
    return _FR_BACKGROUND.sub("", raw), gone
