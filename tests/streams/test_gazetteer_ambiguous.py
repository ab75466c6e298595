"""A place name of several countries, none much bigger than the others ("San Marcos": Colombia, El
Salvador, Texas, Guatemala), is read in one of them only when the text settles it (another place,
the country, a dateline). Otherwise the report names no place: it opens no alerting story of the
wrong country, and joins or waits as a report without a place does."""

from __future__ import annotations

import io
import json

import pytest

from streams.batch import dedup_records
from streams.classify.engine import default_classifier
from streams.classify.gazetteer import gazetteer


def test_a_name_of_several_countries_of_like_size_is_ambiguous_unless_one_dominates():
    g = gazetteer()
    san_marcos = g.index[("San", "Marcos")]
    assert g.ambiguous(("San", "Marcos"), san_marcos)
    assert not g.ambiguous(("Kingston",), g.index[("Kingston",)])  # Jamaica's, seven times the next
    assert not g.ambiguous(("Baghdad",), g.index[("Baghdad",)])  # one country only


@pytest.mark.parametrize(
    "text,country",
    [
        ("Evacuan el hospital de San Marcos, atienden a los heridos en la calle", None),
        ("Flood in San Marcos kills 3", None),
        ("Earthquake kills 5 in San Marcos, Guatemala", "GT"),  # the country settles it
        ("Terremoto en San Marcos, casas caídas en San Pedro Sacatepéquez", "GT"),  # another place
        ("Bomb blast in San Marcos, Texas", "US"),
        ("Shooting in Kingston leaves 3 dead", "JM"),  # one reading dominates
    ],
)
def test_the_country_of_an_ambiguous_name_comes_from_the_text(text: str, country: str | None):
    c = default_classifier().classify_text("", text)
    assert c.category is not None
    assert c.location.country == country, c.reasons
    if country is None:
        assert c.location.place is None
        assert any("a name of several countries" in r for r in c.reasons), c.reasons


def test_posts_naming_an_ambiguous_place_open_no_alert_of_another_country():
    """The quake's first report names San Marcos with Guatemala; later posts name San Marcos alone.
    Read in Texas (the bigger of two like-sized readings), they opened a second alerting story."""
    recs = [
        ("a", "Fuerte sismo en San Marcos, Guatemala: casas caídas en San Pedro Sacatepéquez", "16:36"),
        ("b", "Se reportan muertos en San Marcos por el sismo", "16:45"),
        ("c", "Evacuan el hospital de San Marcos tras el sismo, atienden a los heridos en la calle", "16:50"),
    ]
    text = "".join(
        json.dumps({"id": i, "source": f"s-{i}", "body": b, "published_at": f"2012-11-07T{t}:00Z"}) + "\n"
        for i, b, t in recs
    )
    out = io.StringIO()
    dedup_records(io.StringIO(text), out, io.StringIO())
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [r["update"] for r in rows].count("new") == 1, rows
    assert rows[0]["update"] == "new"
