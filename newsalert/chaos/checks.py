"""The result record of a scenario and the checks against ground truth (pure: data in, findings out).

Losses and duplicates are counted the way a subscriber sees them:

* alerts topic, per ground-truth event: an event that the clean run alerts but whose latest alert
  (over the stories holding its reports) lacks some of its reports, or that has no alert at all, is
  a loss; every alert of an event beyond the clean run's count is a duplicate (e.g. the event
  alerted again as a new story), and so is every extra copy of a (story_id, version). A stricter
  check compares the alerts one by one with the clean run's (story ids come from a story's first
  article, so they match when each event's reports arrive in order);
* deliveries: a (story_id, version) of the alerts topic that a subscription did not get is a loss; the
  same delivery twice under one idempotency key is tolerated (the receiver drops it) but counted; one
  (story_id, version, subscription) under two different keys is a duplicate no receiver can drop.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from newsalert.chaos.corpus import ExpectedAlert, event_of

SHOW = 5  # offending keys quoted in a check's detail


@dataclass
class Check:
    name: str
    ok: bool
    detail: str = ""


@dataclass
class Result:
    """One scenario run: what was injected, what was lost or repeated, and each check."""

    scenario: str
    faults: int = 0
    fault_kind: str = ""
    losses: int = 0
    duplicates: int = 0
    tolerated: int = 0  # repeats a receiver drops by idempotency key
    checks: list[Check] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        self.checks.append(Check(name, bool(ok), detail))
        return bool(ok)

    def report(self) -> str:
        lines = [
            f"{self.scenario}: {self.faults} x {self.fault_kind}, {self.losses} lost, "
            f"{self.duplicates} duplicated, {self.tolerated} tolerated repeats, {self.seconds:.0f} s"
        ]
        lines += [f"  [{'ok' if c.ok else 'FAIL'}] {c.name}: {c.detail}" for c in self.checks]
        lines += [f"  {k}: {v}" for k, v in self.details.items()]
        return "\n".join(lines)


def _show(items: Iterable[Any]) -> str:
    items = list(items)
    more = f" (+{len(items) - SHOW} more)" if len(items) > SHOW else ""
    return ", ".join(str(i) for i in items[:SHOW]) + more


def _key(a: dict[str, Any]) -> tuple[str, int]:
    return str(a["story_id"]), int(a["version"])


def _reports(a: dict[str, Any]) -> frozenset[str]:
    return frozenset(str(r["article_id"]) for r in a.get("reports", []))


def check_alerts(
    result: Result,
    alerts: list[dict[str, Any]],
    expected: dict[tuple[str, int], ExpectedAlert],
    stored: set[str] | None = None,
) -> None:
    """The alerts topic against the ground truth: nothing repeated, nothing lost, nothing extra.

    `stored`: the article ids held in the stories at the end (the stories table), when known. A
    report missing from its event's latest alert but held in the stories came late (a crash made
    the stream read it after the event's other reports, and it changed nothing material, so no new
    version was due): it is counted apart, as a late report, not as a loss."""
    seen: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for a in alerts:
        seen[_key(a)].append(a)
    repeated = {k: len(v) for k, v in seen.items() if len(v) > 1}
    conflicting = [k for k, v in seen.items() if len({_reports(a) for a in v}) > 1]
    repeats = sum(n - 1 for n in repeated.values())
    result.check(
        "alerts: no (story_id, version) twice",
        not repeated,
        f"{len(repeated)} repeated ({repeats} extra copies, {len(conflicting)} with different reports): "
        f"{_show(f'{s}:v{v} x{n}' for (s, v), n in repeated.items())}"
        if repeated
        else f"{len(seen)} distinct alerts",
    )
    # the exact alerts of the clean run: same story ids, versions, reasons and reports
    lost = [k for k in expected if k not in seen]
    wrong = [
        k
        for k, e in expected.items()
        if k in seen
        and all(_reports(a) != e.reports or a["update_reason"] != e.update_reason for a in seen[k])
    ]
    extra = [k for k in seen if k not in expected]
    # with the stories known, a difference from the clean run is shown, not failed: a crash may make
    # the stream read an event's reports out of order (losses and repeats are checked apart)
    result.check(
        "alerts: exactly the clean run's alerts (story, version, reason, reports)"
        + (" [shown, not failed: order after a crash]" if stored is not None else ""),
        (not lost and not wrong and not extra) or stored is not None,
        f"{len(lost)} of {len(expected)} missing: {_show(f'{s}:v{v}' for s, v in lost)}; "
        f"{len(wrong)} differ: {_show(_diff(k, expected[k], seen[k]) for k in wrong)}; "
        f"{len(extra)} not in the clean run: {_show(_describe(seen[k][0]) for k in extra)}"
        if lost or wrong or extra
        else f"all {len(expected)}",
    )
    # what a subscriber sees per event: alerted, complete, and not more often than in the clean run
    lacking = _incomplete_events(seen, expected)
    alerted = {event_of(r) for copies in seen.values() for a in copies for r in _reports(a)}
    late = {ev: m for ev, m in lacking.items() if stored is not None and ev in alerted and m <= stored}
    incomplete = [f"{ev} lacks {sorted(m)}" for ev, m in lacking.items() if ev not in late]
    result.check(
        "alerts: every event alerted, its latest alert listing all its reports"
        + (" (or a late report held in its story)" if stored is not None else ""),
        not incomplete,
        (f"{len(incomplete)} events: {_show(incomplete)}" if incomplete else "all events complete")
        + (
            f"; {len(late)} with late reports: {_show(f'{ev} {sorted(m)}' for ev, m in late.items())}"
            if late
            else ""
        ),
    )
    want = Counter(event_of(next(iter(e.reports))) for e in expected.values())
    want_new = Counter(event_of(next(iter(e.reports))) for e in expected.values() if e.update_reason == "new")
    got: dict[str, set[tuple[str, int]]] = defaultdict(set)
    got_new: dict[str, set[str]] = defaultdict(set)
    for k, copies in seen.items():
        for ev in {event_of(r) for a in copies for r in _reports(a)}:
            got[ev].add(k)
            if any(a["update_reason"] == "new" for a in copies):
                got_new[ev].add(k[0])
    # alerts beyond the clean run's count, or "new" alerts beyond its count (an update that came as
    # a new story): whichever is more, per event
    more = {
        ev: n
        for ev in set(got) | set(got_new)
        if (n := max(len(got[ev]) - want[ev], len(got_new[ev]) - want_new[ev])) > 0
    }
    renew = sorted(ev for ev, sids in got_new.items() if len(sids) > want_new[ev])
    result.check(
        "alerts: no event alerted (or alerted as new) more often than in the clean run",
        not more,
        f"{sum(more.values())} extra alerts for {len(more)} events ({len(renew)} alerted as new again): "
        f"{_show(f'{ev} +{n}' for ev, n in sorted(more.items()))}"
        if more
        else "none",
    )
    # a report in no story is counted once, by check_stories
    result.losses += sum(
        1
        for ev, m in lacking.items()
        if ev not in late and (stored is None or ev not in alerted or m & stored)
    )
    result.duplicates += repeats + sum(more.values())
    result.details.update(
        alerts_on_topic=len(alerts), alerts_expected=len(expected), alerts_missing=len(lost),
        alerts_differing=len(wrong), alerts_not_in_clean_run=len(extra), alerts_repeated=repeats,
        events_incomplete=len(incomplete), events_alerted_more=len(more), events_new_again=len(renew),
        events_with_late_reports=len(late),
    )  # fmt: skip


def _describe(a: dict[str, Any]) -> str:
    return f"{a['story_id']}:v{a['version']} {a['update_reason']} [{', '.join(sorted(_reports(a)))}]"


def _diff(k: tuple[str, int], e: ExpectedAlert, got: list[dict[str, Any]]) -> str:
    g = got[0]
    return (
        f"{k[0]}:v{k[1]} expected {e.update_reason} {sorted(e.reports)}, "
        f"got {g['update_reason']} {sorted(_reports(g))}"
    )


def _latest_reports(items: Iterable[tuple[str, int, frozenset[str]]]) -> dict[str, set[str]]:
    """event -> its reports in the latest version of each story that holds them."""
    top: dict[tuple[str, str], tuple[int, set[str]]] = {}
    for sid, v, reports in items:
        for ev in {event_of(r) for r in reports}:
            mine = {r for r in reports if event_of(r) == ev}
            cur = top.get((ev, sid))
            if cur is None or v > cur[0]:
                top[(ev, sid)] = (v, mine)
            elif v == cur[0]:
                cur[1].update(mine)
    out: dict[str, set[str]] = defaultdict(set)
    for (ev, _), (_, mine) in top.items():
        out[ev] |= mine
    return out


def _incomplete_events(
    seen: dict[tuple[str, int], list[dict[str, Any]]], expected: dict[tuple[str, int], ExpectedAlert]
) -> dict[str, set[str]]:
    """Events whose reports in their latest expected version are not all in their latest alert,
    with the reports missing."""
    want = _latest_reports((e.story_id, e.version, e.reports) for e in expected.values())
    got = _latest_reports((sid, v, _reports(a)) for (sid, v), copies in seen.items() for a in copies)
    return {ev: r - got[ev] for ev, r in want.items() if not r <= got[ev]}


def check_stories(result: Result, stored: set[str], reports: Iterable[str]) -> None:
    """Every report of every event is held in a story at the end (the stories table): a report
    in none was lost, whatever the alerts show."""
    missing = sorted(set(reports) - stored)
    result.check(
        "stories: every report held in a story",
        not missing,
        f"{len(missing)} reports in no story: {_show(missing)}" if missing else f"all {len(stored)} held",
    )
    result.losses += len(missing)
    result.details["reports_in_no_story"] = len(missing)


def stored_stories(changelog: Iterable[tuple[bytes | None, bytes | None]]) -> dict[str, tuple[int, set[str]]]:
    """story_id -> (alert version, article ids) of the stories at the end, from the stories
    table's changelog records (key, value) in order: the latest value of each key, a tombstone
    (empty value) removing it."""
    latest: dict[bytes | None, bytes | None] = {}
    for key, value in changelog:
        latest[key] = value
    out: dict[str, tuple[int, set[str]]] = {}
    for value in latest.values():
        if value:
            story = json.loads(value)["story"]
            ids = {str(r["article_id"]) for r in story.get("reports", [])}
            out[str(story["story_id"])] = (int(story.get("version", 0)), ids)
    return out


def held_reports(stories: dict[str, tuple[int, set[str]]]) -> set[str]:
    """The article ids held in `stories` (from stored_stories)."""
    return {r for _, ids in stories.values() for r in ids}


def stored_reports(changelog: Iterable[tuple[bytes | None, bytes | None]]) -> set[str]:
    """The article ids in the stories at the end (see stored_stories)."""
    return held_reports(stored_stories(changelog))


def check_stored_alerts(
    result: Result, stories: dict[str, tuple[int, set[str]]], alerts: list[dict[str, Any]]
) -> None:
    """Every story the table holds as alerted (version >= 1) has that version on the alerts topic:
    the dedup stage decided the alert, so a version missing from the topic was lost."""
    on_topic = {_key(a) for a in alerts}
    lost = sorted((sid, v) for sid, (v, _) in stories.items() if v >= 1 and (sid, v) not in on_topic)
    alerted = sum(1 for v, _ in stories.values() if v >= 1)
    result.check(
        "alerts: every alerted story's stored version is on the topic",
        not lost,
        f"{len(lost)} of {alerted} missing: {_show(f'{s}:v{v}' for s, v in lost)}"
        if lost
        else f"all {alerted} alerted stories ({len(stories) - alerted} held back)",
    )
    result.losses += len(lost)
    result.details["stored_versions_not_on_topic"] = len(lost)


def check_deliveries(
    result: Result,
    alerts: list[dict[str, Any]],
    delivered: list[dict[str, Any]],
    subscriptions: list[str],
    what: str,
) -> None:
    """Delivered records (story_id, version, subscription, idempotency_key) against the alerts topic:
    every alert reached every subscription, and never under two keys."""
    wanted = sorted({_key(a) for a in alerts})
    keys: dict[tuple[str, int, str], Counter[str]] = defaultdict(Counter)
    for d in delivered:
        keys[(str(d["story_id"]), int(d["version"]), str(d["subscription"]))][str(d["idempotency_key"])] += 1
    missing = [(s, v, sub) for sub in subscriptions for s, v in wanted if (s, v, sub) not in keys]
    two_keys = {k: dict(c) for k, c in keys.items() if len(c) > 1}
    same_key = sum(n - 1 for c in keys.values() for n in c.values())
    result.check(
        f"{what}: every alert delivered",
        not missing,
        f"{len(missing)} of {len(wanted) * len(subscriptions)} not delivered: "
        f"{_show(f'{s}:v{v}:{sub}' for s, v, sub in missing)}"
        if missing
        else f"{len(wanted)} alerts x {len(subscriptions)} subscription(s) delivered",
    )
    result.check(
        f"{what}: no delivery under two idempotency keys",
        not two_keys,
        f"{len(two_keys)}: {_show(two_keys.items())}"
        if two_keys
        else f"{same_key} repeats under the same key (tolerated)",
    )
    result.losses += len(missing)
    result.duplicates += sum(len(c) - 1 for c in two_keys.values())
    result.tolerated += same_key
    result.details[f"{what}_delivered"] = len(delivered)
    result.details[f"{what}_missing"] = len(missing)
    result.details[f"{what}_same_key_repeats"] = same_key
