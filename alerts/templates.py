"""Message templates of subscriptions (``template`` / ``template_style`` in subscriptions.yaml).

Fields (all strings; empty when unknown):

    severity  SEVERITY  category  title  country  country_name  place  location
    fatalities  injured  sources (count)  source_names  story_id  version  alert_id
    update_reason  url (first report URL)  emitted_at (ISO 8601)  subscription

``template_style: format`` (default) uses ``str.format`` syntax (``{SEVERITY} {title}``; no
attribute or index access); ``template_style: dollar`` uses ``string.Template``
(``$SEVERITY $title``). An unknown field is a start-up error (:func:`check_template`).
The values of the fields for an alert are made by ``alerts.formatting.template_fields``.
"""

from __future__ import annotations

import string
from typing import Any

TEMPLATE_FIELDS = (
    "severity",
    "SEVERITY",
    "category",
    "title",
    "country",
    "country_name",
    "place",
    "location",
    "fatalities",
    "injured",
    "sources",
    "source_names",
    "story_id",
    "version",
    "alert_id",
    "update_reason",
    "url",
    "emitted_at",
    "subscription",
)


class _SafeFormatter(string.Formatter):
    """str.format without attribute/index access (``{title.__class__}`` is refused)."""

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> Any:
        if not field_name.isidentifier():
            raise ValueError(f"template field {field_name!r}: only plain names are allowed")
        if field_name not in kwargs:
            raise KeyError(field_name)
        return kwargs[field_name], field_name


def render_template(template: str, style: str, fields: dict[str, str]) -> str:
    if style == "dollar":
        return string.Template(template).substitute(fields)
    return _SafeFormatter().vformat(template, (), fields)


def check_template(template: str, style: str) -> None:
    """Raise ValueError naming the bad field; called by the config validation."""
    sample = {f: "x" for f in TEMPLATE_FIELDS}
    try:
        render_template(template, style, sample)
    except KeyError as e:
        raise ValueError(
            f"template: unknown field {e.args[0]!r} (known: {', '.join(TEMPLATE_FIELDS)})"
        ) from None
    except (ValueError, IndexError) as e:
        raise ValueError(f"template: {e}") from None
