"""Countries named in Spanish and French (pycountry's translations of ISO 3166-1): a French report
that names only "le Maroc" has a country, so it alerts at once instead of waiting as a report
without a place. A name two countries share in translation ("Congo") is left out."""

from __future__ import annotations

import pytest

from streams.classify.engine import default_classifier
from streams.classify.gazetteer import _country_translations


@pytest.mark.parametrize(
    "title,country",
    [
        ("Un maire assassiné par balles au Mexique", "MX"),
        ("Un séisme frappe le Maroc, des centaines de morts", "MA"),
        ("Attentat en Égypte : 5 morts", "EG"),
        ("Un maire assassiné au Pérou", "PE"),
        ("Bombardeo en Siria deja cinco muertos", "SY"),
        ("Atentado en Marruecos: tres muertos", "MA"),
    ],
)
def test_a_country_named_in_spanish_or_french_is_read(title: str, country: str):
    c = default_classifier().classify_text(title, "")
    assert c.category is not None, c.reasons
    assert c.location.country == country, c.reasons


def test_a_translated_name_of_two_countries_is_left_out():
    names = _country_translations()
    assert names["Maroc"] == "MA" and names["Egipto"] == "EG" and names["Corée du Sud"] == "KR"
    assert "Congo" not in names  # the Republic of the Congo and the Democratic Republic share it
    c = default_classifier().classify_text(
        "", "At least 23 people drowned when a ferry capsized near Goma in eastern Congo."
    )
    assert c.location.country == "CD", c.reasons
