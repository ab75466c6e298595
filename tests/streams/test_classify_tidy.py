"""Text as scraped pages and feeds give it: runs of spaces, no-break spaces, typographic quotes,
HTML entities, Windows line ends and hard-wrapped lines read as the clean text does."""

from __future__ import annotations

import pytest

from streams.classify.engine import default_classifier
from streams.classify.text import single_spaced, tidy, tokenize

TITLE = "Car bomb hits market in Kandahar"  # the toll is the body's
BODY = (
    "A car bomb exploded at a crowded market in Kandahar on Friday, killing 12 people and wounding 30, "
    "police said. No group has claimed the attack."
)


def _key(title: str, body: str) -> tuple:
    c = default_classifier().classify_text(title, body)
    return c.category, c.severity, c.fatalities, c.injured, c.location.country


@pytest.mark.parametrize(
    "messy",
    [
        lambda t: t.replace(" ", "  "),  # runs of spaces
        lambda t: t.replace(" ", "\u00a0"),  # no-break spaces of a web page
        lambda t: t.replace(" ", "\t"),
        lambda t: t.replace("killing 12", "killing\n12").replace("and wounding", "and\nwounding"),  # wrapped
        lambda t: t.replace(". ", ".\r\n"),  # Windows line ends
        lambda t: t.replace("in Kandahar", "in\nKandahar"),  # wrapped after a word that ends no sentence
        lambda t: t.replace(",", " ,").replace(".", " ."),  # tokenised ("killing 12 people , police said .")
        lambda t: t.replace("'", "\u2019").replace("No group", "&ldquo;No group&rdquo;"),
    ],
)
def test_a_messy_text_reads_as_the_clean_one(messy):
    clean = _key(TITLE, BODY)
    assert clean[0] == "bombing" and clean[2] == 12
    assert _key(messy(TITLE), messy(BODY)) == clean


def test_tidy_joins_a_wrapped_line_and_keeps_sentence_ends():
    assert tidy("gunmen killed\nfive people") == "gunmen killed five people"
    assert tidy("gunmen killed \n 5 people") == "gunmen killed 5 people"
    # a break after a full stop, before a capital, or a paragraph break still ends the sentence
    assert tidy("Five were killed.\nthe mayor said") == "Five were killed.\nthe mayor said"
    assert tidy("Bomb blast in Kabul\nPolice say five dead") == "Bomb blast in Kabul\nPolice say five dead"
    assert tidy("first paragraph\n\nsecond one") == "first paragraph\n\nsecond one"
    assert tidy("shot dead by the\nTaliban in\nKunduz") == "shot dead by the Taliban in Kunduz"


def test_tidy_makes_quotes_entities_and_spaces_plain_and_leaves_a_clean_text_as_it_is():
    assert tidy("the soldiers\u2019 bodies, 10\u201312 dead") == "the soldiers' bodies, 10-12 dead"
    assert tidy("AT&amp;T&#39;s office") == "AT&T's office"
    assert tidy("four\u00a0killed\u2009today") == "four killed today"
    clean = "Gunmen killed five people & fled."
    assert tidy(clean) is clean
    assert single_spaced("killed   five\t people") == "killed five people"
    assert single_spaced(clean) is clean
    tokenised = "84 people , mostly police , were killed ."
    assert single_spaced(tokenised) == "84 people, mostly police, were killed."
    assert single_spaced("a rise of .5 per cent") == "a rise of .5 per cent"


def test_a_wrapped_text_gives_no_event_where_the_clean_one_gives_none():
    # the hard negative: a wrap joins only words of one sentence, so a figurative text stays none
    text = "The striker fired a shot that killed\noff the contest as the hosts beat the visitors 3-0."
    assert default_classifier().classify_text("", text).category is None
    assert default_classifier().classify_text("", text.replace("\n", " ")).category is None


def test_a_post_written_in_lower_case_keeps_its_sentences_apart():
    # a full stop before a word in lower case ends no sentence in agency copy ("Corp. said"), but
    # in a text that capitalises nothing it does: the second sentence's arrest or denial no longer
    # reaches back to the event of the first
    clf = default_classifier()
    post = (
        "a local journalist was abducted at a checkpoint near afrin on sunday by armed men. "
        "the faction denied any role."
    )
    c = clf.classify_text("", post)
    assert c.category == "abduction", c.reasons
    assert [s[:9] for s in tokenize(post).sentences] == ["a local j", "the facti"]
    assert len(tokenize("u.s. troops fired on the convoy. two dead").sentences) == 2


def test_agency_copy_still_reads_a_full_stop_before_lower_case_as_no_break():
    assert len(tokenize("Police in Boston, Mass. said two people died").sentences) == 1
    # and an arrest told in the same sentence as the shooting still vetoes it in lower case
    post = "police arrested a man suspected of shooting two taxi drivers last year in durban."
    assert default_classifier().classify_text("", post).category is None


def test_a_text_in_capitals_reads_its_places():
    # the gazetteer reads names by their capitals; a text in capitals is read again with its words
    # capitalised as names are, once nothing was found as written (a code such as LAX first)
    clf = default_classifier()
    for title, country, place in [
        ("EXPLOSION IN KABUL KILLS 5", "AF", "Kabul"),
        ("BREAKING: GUNMEN KILL 12 IN MAIDUGURI MARKET", "NG", "Maiduguri"),
        ("SHOOTING AT LAX TERMINAL 3", "US", "Los Angeles"),
    ]:
        c = clf.classify_text(title, "")
        assert (c.location.country, c.location.place) == (country, place), (title, c.reasons)


def test_a_text_in_capitals_with_no_place_gets_none():
    c = default_classifier().classify_text("BOMB BLAST KILLS 3 AT MARKET", "")
    assert c.category == "bombing" and c.location.country is None, c.reasons
