import email
import email.policy

from alerts.formatting import console_text, email_message, headline, slack_payload
from alerts.subscriptions import parse_subscriptions
from alerts.templates import render_template
from alerts.testing import sample_alert


def test_headline_exact():
    a = sample_alert()
    assert headline(a) == (
        "[FLASH] assassination_attempt · Iraq (Baghdad) · 0 dead · 3 sources — "
        "Gunmen fire on minister's convoy in Baghdad"
    )
    u = sample_alert(version=2, update_reason="fatalities_rose", fatalities=4, country=None, place=None)
    assert "unknown location · 4 dead" in headline(u) and "(update v2: fatalities_rose)" in headline(u)
    m = sample_alert(version=2, update_reason="merged").model_copy(update={"merged_into": "s-1"})
    assert headline(m).endswith("(update v2: merged into story s-1)")


def test_console_details():
    text = console_text(sample_alert())
    lines = text.splitlines()
    assert lines[0].startswith("[FLASH]")
    assert all(line.startswith("    ") for line in lines[1:])
    assert "story st-1 v1" in text
    assert "- ap: ap: Gunmen" in text and "<https://ap.example.com/story/st-1>" in text
    assert "· 3 independent sources" in text


def test_template_styles():
    sub = parse_subscriptions(
        {
            "subscriptions": [
                {
                    "name": "t",
                    "channel": {"type": "console"},
                    "template": "{SEVERITY}/{category} in {location}: {title} ({sources})",
                }
            ]
        }
    ).subscriptions[0]
    assert console_text(sample_alert(), sub, details=False) == (
        "FLASH/assassination_attempt in Iraq (Baghdad): Gunmen fire on minister's convoy in Baghdad (3)"
    )
    assert (
        render_template("$SEVERITY $country", "dollar", {"SEVERITY": "URGENT", "country": "IQ"})
        == "URGENT IQ"
    )


def test_slack_blocks():
    p = slack_payload(sample_alert(title="A <b>&</b> B"))
    assert p["text"].startswith("[FLASH]")
    kinds = [b["type"] for b in p["blocks"]]
    assert kinds[0] == "header" and "context" in kinds
    fields = " ".join(f["text"] for f in p["blocks"][2]["fields"])
    assert (
        "FLASH" in fields
        and "assassination_attempt" in fields
        and "Iraq (Baghdad)" in fields
        and "*Sources*\n3" in fields
    )
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in p["blocks"][1]["text"]["text"]
    assert "<https://reuters.example.com/story/st-1|reuters>" in p["blocks"][3]["text"]["text"]


def test_email_parts_escaped():
    a = sample_alert(title="Attack <script>alert(1)</script> & more\nBcc: x@evil.example")
    msg = email_message(a, None, "from@example.org", ["to@example.org"], "st-1:1:m")
    parsed = email.message_from_bytes(msg.as_bytes(), policy=email.policy.default)
    assert parsed.get_content_type() == "multipart/alternative"
    parts = {
        p.get_content_type(): p.get_payload(decode=True).decode()
        for p in parsed.walk()
        if not p.is_multipart()
    }
    assert "<script>" in parts["text/plain"]
    assert "<script>" not in parts["text/html"] and "&lt;script&gt;" in parts["text/html"]
    assert "&amp; more" in parts["text/html"]
    assert "\n" not in str(parsed["Subject"]) and parsed["Bcc"] is None
    assert str(parsed["Subject"]).startswith("[FLASH] assassination_attempt · Iraq (Baghdad)")
    assert parsed["Message-ID"].endswith("@newsalert>")
