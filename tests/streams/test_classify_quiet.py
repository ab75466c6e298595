"""Issue 18, event snippets told in words no rule has (2026-12-07, blind batch 3 of snippets,
tests/corpus c-3501..c-3600). Two general uses of the model's evidence, each with texts where it
must act and hard negatives where it must not:

- the quiet path (`Blend.quiet_raise`, `quiet_chars`): a short text in which no rule's words occur
  (the pre-test's fast path) gets the model's category when the model alone is sure of it and no
  context marks a sentence of its lead;
- the model's category over a weak rules' reading (`Blend.switch_min`).

A stub model gives fixed probabilities, so that these test the mechanism, not the shipped weights.
"""

from __future__ import annotations

import pytest

from streams.classify.decide import BLENDS, Blend
from streams.classify.engine import NO_RULE_WORDS, Classifier


class Stub:
    """A model that gives every text the same probabilities."""

    def __init__(self, **p: float):
        self.p = {"none": 1.0 - sum(p.values()), **p}
        self.calls = 0

    def proba(self, text: str) -> dict[str, float]:
        self.calls += 1
        return dict(self.p)


QUIET = BLENDS["en"]  # the shipped English blend


def test_both_are_on_for_english_only():
    assert QUIET.quiet_raise <= 0.9 and QUIET.quiet_chars >= 300 and QUIET.switch_min <= 0.9
    for lang in ("es", "fr"):
        assert BLENDS[lang].quiet_raise > 1 and BLENDS[lang].switch_min > 1


def classify(model: Stub, body: str, title: str = "", blend: Blend | None = None):
    clf = Classifier(model=model, blend={"en": blend or QUIET})  # type: ignore[arg-type]
    return clf.classify_text(title, body, "en")


# no rule's words occur in any of these (the tests below check it with the model off)
QUIET_EVENT = "Ukrainian units halted a Russian assault near the river town, the general staff said."
LONG = QUIET_EVENT + " " + " ".join(["The statement gave no further detail about the units."] * 12)


def test_quiet_texts_have_no_rule_words():
    rules_only = Classifier(model=False)
    for text in (QUIET_EVENT, LONG):
        assert rules_only.classify_text("", text, "en").reasons == [NO_RULE_WORDS]


def test_a_sure_model_raises_a_category_on_a_short_text_no_rule_reads():
    c = classify(Stub(armed_clash=0.9), QUIET_EVENT)
    assert c.category == "armed_clash" and c.severity.value == "alert"
    assert any("no rule's words" in r for r in c.reasons)


def test_the_quiet_path_counts_and_locates_as_the_rules_path_does():
    c = classify(Stub(deadly_unrest=0.9), "Police lathi-charged job aspirants in Patna; three were injured.")
    assert c.category == "deadly_unrest" and c.injured == 3 and c.location.country == "IN"


def test_an_unsure_model_leaves_the_fast_path_alone():
    c = classify(Stub(armed_clash=0.6), QUIET_EVENT)
    assert c.category is None and c.reasons == [NO_RULE_WORDS]


def test_long_news_keeps_the_fast_path_and_never_runs_the_model():
    model = Stub(armed_clash=0.99)
    c = classify(model, LONG)
    assert c.category is None and c.reasons == [NO_RULE_WORDS]
    assert model.calls == 0  # the news mix pays nothing


@pytest.mark.parametrize(
    "body",
    [
        # a threat, an arrest, a remembrance, a peaceful march: contexts of the rules mark the lead
        "The armed group threatened to halt all traffic on the highway during the vote.",
        "Police arrested two men over the assault on the river town.",
        "Residents marked the anniversary of the assault on the river town.",
        "Thousands marched peacefully through the river town.",
    ],
)
def test_a_context_in_the_lead_keeps_the_model_off(body):
    assert Classifier(model=False).classify_text("", body, "en").category is None
    c = classify(Stub(armed_clash=0.95), body)
    assert c.category is None


def test_what_a_protest_is_about_is_not_read_by_the_quiet_path():
    # the rules do not read the air strikes the demonstrators protested against; nor does the model
    c = classify(Stub(air_strike=0.95), "Demonstrators in Berlin protested against the air strikes on Gaza.")
    assert c.category is None


def test_the_quiet_path_is_off_by_default():
    c = classify(Stub(armed_clash=0.99), QUIET_EVENT, blend=Blend())
    assert c.category is None


SWITCH = QUIET


def test_a_sure_model_names_the_kind_over_a_weak_rules_reading():
    # one loose rule (miners "clashed with police" reads as armed actors fighting) against a
    # model sure the text is unrest (workers, traders and lawyers are read as a crowd by the rules
    # since batch 4 of the snippets; miners are not)
    body = "Miners clashed with police over unpaid wages at the colliery."
    assert Classifier(model=False).classify_text("", body, "en").category == "armed_clash"
    c = classify(Stub(deadly_unrest=0.9), body, blend=SWITCH)
    assert c.category == "deadly_unrest"


def test_a_strong_rules_reading_keeps_its_kind():
    body = "A car bomb exploded in a busy market, killing seven people."
    c = classify(Stub(attack=0.9), body, blend=SWITCH)
    assert c.category == "bombing"


def test_an_unsure_model_does_not_switch_the_kind():
    body = "Miners clashed with police over unpaid wages at the colliery."
    c = classify(Stub(deadly_unrest=0.7), body, blend=SWITCH)
    assert c.category == "armed_clash"


def test_the_model_makes_a_battle_of_armed_dead():
    # "gunned down" reads as an attack on people; the dead are militants and the model reads a battle
    # (without "in an encounter": since 2026-12-07 the rules read an encounter as a battle themselves)
    body = "Five militants were gunned down by security forces in the district, police said."
    assert Classifier(model=False).classify_text("", body, "en").category == "attack"
    assert classify(Stub(armed_clash=0.9), body).category == "armed_clash"
    encounter = "Five militants were gunned down by security forces in an encounter in the district."
    assert Classifier(model=False).classify_text("", encounter, "en").category == "armed_clash"


def test_the_model_makes_no_battle_of_civilian_dead():
    # the model reads the actors (fighters who stormed a place), the count reads the victims (farmers)
    body = "Al Shabaab fighters stormed a village near Afgooye and killed four farmers."
    c = classify(Stub(armed_clash=0.95), body)
    assert c.category == "attack" and any("a battle's dead are armed" in r for r in c.reasons)


def test_the_model_does_not_take_an_event_from_its_weapon():
    # explosives make a bombing whoever the victims: a bomb on a military convoy is no battle
    body = "A roadside bomb hit a military convoy near the port."
    assert Classifier(model=False).classify_text("", body, "en").category == "bombing"
    assert classify(Stub(armed_clash=0.95), body).category == "bombing"
