"""The quick pre-tests of reading.py's protest clause agree with the pattern they guard: every
verb of protest that PROTEST_SUBJECT reads holds one of `_PROTEST_VERBS` (the substring test of
`rules_reading`) and a token of `PROTEST_TOKENS` (the pre-test's word test of the engine), so
neither can skip a text whose protest subject the pattern would leave out."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

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


def _earlier_event_texts() -> list[str]:
    texts = [
        "Police defused a car bomb on Monday, two days after a bomb killed 5 people. Talks resumed.",
        "The two sides signed a ceasefire after fighting that killed 600 people; aid arrived.",
        "Gunmen attacked a village after dark, killing 4. Police arrested 20 after the clashes.",
        "Officials detained a commander in connection with an ambush in which seven officers were killed.",
        "The group opened an office in the town, which it took control of in January.",
        "The army \u2019signed\u2019 a truce \u2014 after clashes that killed 3 \u00e9lite troops.",
        "No hint here. Nothing is cut.",
        "\u0130stanbul: police arrested two men accused of the attack last week.",  # lower() lengthens \u0130
    ]
    for name in ("labelled.jsonl", "labelled_es.jsonl", "labelled_fr.jsonl"):
        for line in (
            (Path(__file__).resolve().parents[1] / "corpus" / name).read_text(encoding="utf-8").splitlines()
        ):
            r = json.loads(line)
            texts.append(f"{r.get('title') or ''}.\n{r.get('body') or ''}")
    return texts


@pytest.mark.parametrize("scanner", [True, False], ids=["hyperscan", "plain"])
def test_the_earlier_events_are_cut_as_the_clause_by_clause_definition_cuts(scanner, monkeypatch):
    """The fast reading (the clauses holding a hint and a verb's stem, found by their offsets,
    with Hyperscan or without) cuts what reading every clause cuts."""
    from streams.classify import reading
    from streams.classify.reading import _without_earlier_events, _without_earlier_events_slow

    if not scanner:
        monkeypatch.setattr(reading, "_HINT_SCANNER", None)
    elif reading._HINT_SCANNER is None:
        pytest.skip("hyperscan is not installed")
    texts = _earlier_event_texts()
    cut = 0
    for t in texts:
        got = _without_earlier_events(t)
        assert got == _without_earlier_events_slow(t), t
        cut += bool(got[1])
    assert _without_earlier_events(texts[0])[1]  # a cut is made where one is due
    assert cut > 20


def test_every_verb_of_a_strategic_development_passes_the_stems_gate():
    from streams.classify.reading import _VERB_STEMS, DATED_VERB, STRATEGIC_VERB

    # one phrase per alternative of the two verb patterns: each is read by its pattern, and the
    # gate in front of them lets it through
    phrases = (
        "signed agreed announced extended declared created established "
        "protested demonstrated marched rallied gathered appointed suspended closed imposed".split()
        + [
            "held a vigil",
            "held an rally",
            "opened an office",
            "opened its base",
            "set up",
            "held talks",
            "resumed talks",
        ]
        + "defused dismantled deactivated detained arrested apprehended released surrendered sentenced "
        "charged convicted".split()
        + ["neutralised an ied", "neutralized a bomb", "handed over"]
    )
    for ph in phrases:
        assert (
            STRATEGIC_VERB.search(ph)
            or DATED_VERB.search(ph)
            or ph in ("held", "resumed", "talks", "set", "up")
        )
        assert any(v in ph for v in _VERB_STEMS), ph


def test_a_year_the_text_was_published_in_dates_no_earlier_event():
    """ "The 2026 floods have killed 12" in a report of 2026 is this year's event; the same words in
    a report of 2030, or of an unknown year, tell an earlier one (history)."""
    from streams.classify import default_classifier
    from streams.classify.reading import DATED, _with_dated_years

    body = "The 2026 floods have killed 12 people in the north of the country, officials said."
    assert _with_dated_years(body, 2026) == body
    assert _with_dated_years(body, 2027).startswith(f"The {DATED} 2026 floods")
    assert _with_dated_years(body).startswith(f"The {DATED} 2026 floods")
    clf = default_classifier()
    now = clf.classify_text("Death toll rises in the north", body, year=2026)
    assert now.category == "disaster" and now.fatalities == 12
    later = clf.classify_text("Death toll rises in the north", body, year=2030)
    assert later.category is None and any("history" in r for r in later.reasons)


def test_the_year_of_an_article_comes_from_its_publish_time():
    from datetime import UTC, datetime

    from streams.classify import default_classifier
    from streams.models import Article

    body = "The 2026 floods have killed 12 people in the north of the country, officials said."
    art = Article(
        id="y1",
        source="wire",
        title="Death toll rises in the north",
        body=body,
        url="https://example.org/y1",
        published_at=datetime(2026, 12, 7, 9, 0, tzinfo=UTC),
    )
    assert default_classifier().classify(art).category == "disaster"
