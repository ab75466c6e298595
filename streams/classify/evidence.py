"""What the rules must read in a text before the model alone may raise some categories there.

The model reads words, not the pattern a rule wants: "Investors flooded into property stocks as houses
sold" holds a flood verb and a place people live in, and the model gives it p disaster 0.90, while no
disaster rule forms. For the categories the model learnt largely from the words around events
(`Blend.raise_evidence`: English disasters, learnt from the hashtags of crisis posts), a raise by the
model alone (decide.py) needs the text to tell harm the rules can read: a word of death, injury or
toll (`counts.hint_sentences`), or of damage done to places and people (destroyed, collapsed,
evacuated, trapped, swept away). A figurative flood ("fans flooded into the streets", "emails flooded
in") tells neither."""

from __future__ import annotations

import re

from streams.classify.counts import hint_sentences
from streams.classify.text import Doc

# the stems of words of damage done by a hazard (read on lower-cased tokens)
_DAMAGE = re.compile(
    r"(?:destroy|damag|collaps|evacuat|swept|sweep|trapped|strand|rescu|missing|homeless|displac|"
    r"flatten|gutted|razed|devastat|submerg|marooned|uproot|wash(?:ed|es)\b|buried|inundat)"
)
_SEEN: dict[str, bool] = {}


def harm_read(doc: Doc | None) -> bool:
    """Does the text tell harm: a word of death, injury or toll, or of damage to places and people?"""
    if doc is None:
        return True  # (nothing to read: the raise stands as before)
    if hint_sentences(doc.tokens, doc.sent_of):
        return True
    seen = _SEEN
    for t in set(doc.tokens):
        hit = seen.get(t)
        if hit is None:
            hit = _DAMAGE.match(t) is not None
            if len(seen) < 100_000:
                seen[t] = hit
        if hit:
            return True
    return False
