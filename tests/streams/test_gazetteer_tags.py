"""A hashtag that ends in a country's ISO code after a name ("#MaringPH") gives the country of a
post that names no place (streams/classify/gazetteer.py ``tag_country``, read by the classifier
when the gazetteer finds nothing)."""

from __future__ import annotations

from datetime import UTC, datetime

from streams.assign import assign
from streams.classify.engine import default_classifier
from streams.classify.gazetteer import tag_country
from streams.dedup import DedupConfig, StoryIndex
from streams.models import Article

BULLETIN = "Storm bulletin: tropical depression “#MaringPH” to bring heavy rain, flood warnings issued"


def test_a_storm_tag_with_a_country_code_gives_the_country() -> None:
    assert tag_country(BULLETIN) == "PH"
    assert tag_country("Floods rising in the city #RubyPH.") == "PH"
    assert tag_country("Strong quake felt #TemblorCR #TemblorCR") == "CR"


def test_no_hint_from_tags_that_are_not_a_name_and_a_code() -> None:
    assert tag_country("New #iPhoneSE out") is None  # the name is not capitalised
    assert tag_country("#PrayForPH") is None  # words, not one name
    assert tag_country("#NSWRFS crews responding") is None  # letters, no name
    assert tag_country("#SGHaze update") is None  # the code leads
    assert tag_country("#yycflood") is None
    assert tag_country("#TyphoonXX") is None  # XX is no country
    assert tag_country("mail me at team#MaringPH") is None  # not a tag
    assert tag_country("#MaringPH and #PabloUS") is None  # two countries: no hint


def test_the_classifier_reads_the_tag_only_when_the_text_names_no_place() -> None:
    clf = default_classifier()
    t = datetime(2013, 8, 17, 3, 0, tzinfo=UTC)
    c = clf.classify(Article(id="a", source="s", body=BULLETIN, published_at=t))
    assert c.category is not None and c.location.country == "PH" and c.location.place is None
    assert any("hashtag" in r for r in c.reasons)
    text = "Tropical storm floods Taipei, thousands evacuated #MaringPH"
    c = clf.classify(Article(id="b", source="s", body=text, published_at=t))
    assert c.location.country == "TW"  # the place named wins over the tag


def test_a_tagged_bulletin_opens_an_alerting_story_alone() -> None:
    clf = default_classifier()
    idx = StoryIndex(DedupConfig())
    a = Article(id="a", source="s", body=BULLETIN, published_at=datetime(2013, 8, 17, 3, 0, tzinfo=UTC))
    d, rec = assign(idx, a, clf.classify(a))
    assert d.update == "new" and not rec.pending and rec.country == "PH"
    # before: no country, a pending story (placeless posts held back) that never alerted alone


def test_a_place_is_confirmed_by_its_region_or_country_and_no_other_country() -> None:
    clf = default_classifier()
    t = datetime(2013, 6, 20, 12, 0, tzinfo=UTC)

    def read(text: str):
        return clf.classify(Article(id="x", source="s", body=text, published_at=t))

    c = read("Canmore declares a state of emergency, flooding forces residents out #Alberta")
    assert (c.location.country, c.location.place, c.place_confirmed) == ("CA", "Canmore", True)
    assert read("Strong earthquake felt in Iloilo, Philippines, walls cracked").place_confirmed
    # hard negatives: the place alone, named twice, or beside a place of another country
    c = read("A helicopter crashed onto a pub roof in Glasgow tonight")
    assert c.location.place == "Glasgow" and not c.place_confirmed
    assert not read("A helicopter crashed onto a pub in Glasgow, Glasgow police say").place_confirmed
    c = read("Flooding near Taylor Field in Regina, help for the Alberta flood victims")
    assert not (c.location.country == "US" and c.place_confirmed)
    assert not read("Floods in Alberta").place_confirmed  # a region, no place


def test_a_hashtag_of_another_country_leaves_the_place_unconfirmed() -> None:
    clf = default_classifier()
    t = datetime(2013, 8, 20, 9, 0, tzinfo=UTC)

    def read(text: str):
        return clf.classify(Article(id="x", source="s", body=text, published_at=t))

    assert read("Flooding in Springfield, Illinois, homes under water").place_confirmed
    # the same place beside a storm tag of the Philippines: a place read in the wrong country?
    c = read("Flooding in Springfield, Illinois, homes under water #KikoPH")
    assert c.location.country == "US" and not c.place_confirmed
