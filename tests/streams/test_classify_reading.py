"""The quick pre-tests of reading.py's protest clause agree with the pattern they guard: every
verb of protest that PROTEST_SUBJECT reads holds one of `_PROTEST_VERBS` (the substring test of
`rules_reading`) and a token of `PROTEST_TOKENS` (the pre-test's word test of the engine), so
neither can skip a text whose protest subject the pattern would leave out."""

from __future__ import annotations

import itertools
import re

from streams.classify.reading import _PROTEST_VERBS, PROTEST_TOKENS, PROTEST_VERB, rules_reading

STEMS = ["protest", "demonstrat", "march", "rall", "sit", "sit-in", "sit in", "vigil", "boycott", "gather"]
ENDINGS = ["", "s", "es", "ed", "ing", "ion", "ions", "y", "ies", "ied", "ying", "-ins", " ins", "ered"]


def _forms() -> list[str]:
    verb = re.compile(PROTEST_VERB)
    out = [s + e for s, e in itertools.product(STEMS, ENDINGS) if verb.fullmatch(s + e)]
    return [*out, "went on strike"] if verb.fullmatch("went on strike") else out


def test_the_forms_cover_the_pattern():
    forms = _forms()
    assert len(forms) >= 25  # protest(s/ed/ing), demonstrat..., march..., rall..., sit-in(s), ...
    assert {"protested", "demonstrations", "rallied", "sit-ins", "vigils", "went on strike"} <= set(forms)


def test_every_verb_of_protest_passes_both_pre_tests():
    for form in _forms():
        assert any(v in form for v in _PROTEST_VERBS), form
        tokens = set(re.findall(r"[a-z0-9]+", form))
        assert tokens & {t.decode() for t in PROTEST_TOKENS}, form


def test_the_subject_is_left_out_for_every_verb():
    for form in _forms():
        text = f"Hundreds {form} in the capital against the air strikes that killed 12 people."
        r = rules_reading(text, "en")
        assert r.about and "killed 12" in r.about[0], (form, r)
        assert "killed" not in r.text, form
