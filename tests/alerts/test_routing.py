from datetime import UTC, datetime, timedelta

from alerts.routing import RoutingState, route
from alerts.silences import Silence
from alerts.subscriptions import parse_subscriptions
from alerts.testing import sample_alert

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def cfg(*subs, silences=()):
    return parse_subscriptions(
        {
            "subscriptions": [{"channel": {"type": "console"}, **s} for s in subs],
            "silences": list(silences),
        }
    )


def names(deliveries):
    return [d.subscription for d in deliveries]


def test_filters_and_reasons():
    c = cfg(
        {"name": "all"},
        {"name": "flash-only", "min_severity": "flash"},
        {"name": "protests", "categories": ["protest"]},
        {"name": "iraq", "countries": ["iq"]},
        {"name": "france", "countries": ["FR"]},
        {"name": "kw", "keywords": ["CONVOY", "ship"]},
        {"name": "kw-miss", "keywords": ["earthquake"]},
        {"name": "src", "sources": ["ap"]},
        {"name": "src-miss", "sources": ["bbc"]},
    )
    a = sample_alert(severity="urgent")
    ds, _, reasons = route(a, c, RoutingState(), NOW)
    assert names(ds) == ["all", "iraq", "kw", "src"]
    text = "\n".join(reasons)
    assert "flash-only: skipped: severity urgent < min_severity flash" in text
    assert "protests: skipped: category assassination_attempt" in text
    assert "france: skipped: country IQ" in text
    assert "kw-miss: skipped: no keyword in title" in text
    assert "src-miss: skipped: no report from the listed sources" in text
    d = ds[0]
    assert d.idempotency_key == f"{a.story_id}:{a.version}:all" and d.channel == "console"


def test_below_default_min_severity_and_updates_flag():
    c = cfg({"name": "all"}, {"name": "new-only", "updates": False})
    assert route(sample_alert(severity="none"), c, RoutingState(), NOW)[0] == []
    upd = sample_alert(version=2, update_reason="fatalities_rose")
    ds, _, reasons = route(upd, c, RoutingState(), NOW)
    assert names(ds) == ["all"]
    assert any("new-only: skipped: update" in r for r in reasons)


def test_silences():
    c = cfg(
        {"name": "a"},
        {"name": "b"},
        silences=[
            {
                "id": "s1",
                "matcher": {"country": "IQ", "subscription": "a"},
                "expires_at": "2025-03-01T13:00:00Z",
            },
            {
                "id": "s2",
                "matcher": {"keyword": "CONVOY", "subscription": "b"},
                "expires_at": "2025-03-01T11:00:00Z",
            },
        ],
    )
    ds, _, reasons = route(sample_alert(), c, RoutingState(), NOW)
    assert names(ds) == ["b"]  # s1 active for a; s2 expired
    assert any(r.startswith("a: silenced by s1") for r in reasons)
    later = NOW + timedelta(hours=2)
    assert names(route(sample_alert(), c, RoutingState(), later)[0]) == ["a", "b"]


def test_extra_silences_story_id():
    c = cfg({"name": "a"})
    s = Silence.model_validate({"matcher": {"story_id": "st-9"}, "expires_at": "2030-01-01T00:00:00Z"})
    assert route(sample_alert("st-9"), c, RoutingState(), NOW, extra_silences=[s])[0] == []
    assert len(route(sample_alert("st-8"), c, RoutingState(), NOW, extra_silences=[s])[0]) == 1


def test_rate_limit_window_and_flash_bypass():
    c = cfg({"name": "r", "rate_limit": {"max": 2, "window_seconds": 60}})
    st = RoutingState()
    sent = []
    for i in range(4):
        ds, st, reasons = route(sample_alert(f"s{i}", severity="urgent"), c, st, NOW + timedelta(seconds=i))
        sent.append(len(ds))
    assert sent == [1, 1, 0, 0]
    assert "rate limit (2 per 60s reached)" in reasons[0]
    # flash bypasses
    assert len(route(sample_alert("f", severity="flash"), c, st, NOW + timedelta(seconds=5))[0]) == 1
    # window slides
    ds, st, _ = route(sample_alert("late", severity="urgent"), c, st, NOW + timedelta(seconds=61))
    assert len(ds) == 1


def test_cooldown_per_story():
    c = cfg({"name": "c", "cooldown_seconds": 300})
    st = RoutingState()
    ds, st, _ = route(sample_alert("s", 1, severity="urgent"), c, st, NOW)
    assert len(ds) == 1
    ds, st, reasons = route(sample_alert("s", 2, severity="urgent"), c, st, NOW + timedelta(seconds=10))
    assert ds == [] and "cooldown" in reasons[0]
    # another story is not affected
    assert len(route(sample_alert("t", 1, severity="urgent"), c, st, NOW + timedelta(seconds=10))[0]) == 1
    # flash bypasses
    assert len(route(sample_alert("s", 3, severity="flash"), c, st, NOW + timedelta(seconds=20))[0]) == 1
    ds, st, _ = route(sample_alert("s", 4, severity="urgent"), c, st, NOW + timedelta(seconds=400))
    assert len(ds) == 1


def test_route_is_pure():
    c = cfg({"name": "r", "rate_limit": {"max": 1, "window_seconds": 60}, "cooldown_seconds": 30})
    st0 = RoutingState()
    a = sample_alert(severity="urgent")
    r1 = route(a, c, st0, NOW)
    r2 = route(a, c, st0, NOW)
    assert st0 == RoutingState()
    assert [d.model_dump() for d in r1[0]] == [d.model_dump() for d in r2[0]]
    assert r1[1] == r2[1] and r1[2] == r2[2]


def test_state_is_pruned():
    c = cfg({"name": "r", "rate_limit": {"max": 100, "window_seconds": 60}, "cooldown_seconds": 30})
    st = RoutingState()
    for i in range(50):
        _, st, _ = route(sample_alert(f"s{i}", severity="urgent"), c, st, NOW)
    assert len(st.last_story) == 50
    _, st, _ = route(sample_alert("x", severity="urgent"), c, st, NOW + timedelta(seconds=120))
    assert len(st.last_story) == 1 and len(st.sent["r"]) == 1
