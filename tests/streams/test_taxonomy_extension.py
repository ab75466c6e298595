"""A category added only in a copy of config/categories.yaml (with one rule in a copy of
config/rules.yaml) classifies and deduplicates with no code change: its family and its rank come
from the YAML."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from streams.assign import assign
from streams.batch import dedup_records
from streams.classify.engine import Classifier
from streams.dedup import StoryIndex
from streams.models import Article, Severity
from streams.settings import CONFIG_DIR
from streams.taxonomy import Taxonomy, load_taxonomy

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
ARSON_RULE = """  - id: arson.set_fire
    category: arson
    weight: 5
    any: [set fire to, set on fire, torched, arsonists]
"""
# one incident, two reports: the attack on the traders, then the burning of the market
ATTACK = Article(
    id="k1",
    source="Reuters",
    published_at=T0,
    title="Gunmen kill two traders at Kasuwan Magani market in Kaduna",
    body="Gunmen attacked the Kasuwan Magani market in southern Kaduna on Tuesday, killing two traders and "
    "wounding five, police spokesman Mohammed Jalige said. The attackers arrived on motorcycles shortly "
    "after dawn and opened fire on traders setting up their stalls. Residents fled into the surrounding "
    "bush. Jalige said officers had been deployed to the area and that a search for the gunmen was "
    "under way.",
)
ARSON = Article(
    id="k2",
    source="Daily Trust",
    published_at=T0 + timedelta(hours=3),
    title="Kasuwan Magani market torched in southern Kaduna",
    body="Attackers torched dozens of stalls at the Kasuwan Magani market in southern Kaduna on Tuesday, "
    "police spokesman Mohammed Jalige said. Traders said the men set fire to shops selling grain and "
    "fabric before escaping on motorcycles. Smoke could be seen from neighbouring villages as traders "
    "tried to save their goods.",
)


def _config(tmp_path: Path, family: str, rank: int) -> Path:
    """A config dir whose categories.yaml and rules.yaml are the shipped ones plus ``arson``."""
    d = tmp_path / f"config-{family}-{rank}"
    d.mkdir()
    categories = (CONFIG_DIR / "categories.yaml").read_text(encoding="utf-8")
    categories += (
        "  arson:\n"
        "    description: Buildings, vehicles or crops set on fire on purpose.\n"
        f"    family: {family}\n"
        f"    rank: {rank}\n"
    )
    (d / "categories.yaml").write_text(categories, encoding="utf-8")
    rules = (CONFIG_DIR / "rules.yaml").read_text(encoding="utf-8")
    assert rules.rstrip().splitlines()[-1].startswith("    ")  # the rules list is the file's last key
    (d / "rules.yaml").write_text(rules + ARSON_RULE, encoding="utf-8")
    return d


def _classifier(d: Path) -> Classifier:
    return Classifier(rules_path=d / "rules.yaml", categories_path=d / "categories.yaml")


def _story_stage(d: Path, articles: list[Article]) -> tuple[list, StoryIndex]:
    """The decisions of the story stage (``assign``, as the batch and the worker run it) with the
    config dir's classifier and taxonomy."""
    clf = _classifier(d)
    index = StoryIndex(taxonomy=load_taxonomy(d / "categories.yaml"))
    return [assign(index, a, clf.classify(a))[0] for a in articles], index


def test_the_shipped_config_has_no_arson():
    assert "arson" not in load_taxonomy()  # the category below exists only in the copies


def test_a_new_category_classifies_with_its_severity(tmp_path):
    clf = _classifier(_config(tmp_path, "attack", 2))
    c = clf.classify(ARSON)
    assert c.category == "arson"
    assert c.severity == Severity.alert and c.fatalities is None  # no death reported
    assert c.location.country == "NG"
    assert clf.family("arson") == "attack"
    k = clf.classify(ATTACK)  # the other report stays an attack, with its toll
    assert k.category == "attack" and k.severity == Severity.urgent and k.fatalities == 2


def test_a_new_category_joins_a_story_of_its_family(tmp_path):
    d = _config(tmp_path, "attack", 2)
    (k, a), _ = _story_stage(d, [ATTACK, ARSON])
    assert k.match == "new" and k.update == "new"
    assert a.story_id == k.story_id and a.match == "same_event" and a.duplicate
    # the same through `newsalert dedup`'s batch path (JSONL in, one line per article out)
    lines = "".join(
        json.dumps(
            {
                "id": x.id,
                "source": x.source,
                "title": x.title,
                "body": x.body,
                "published_at": x.published_at.isoformat() if x.published_at else None,
            }
        )
        + "\n"
        for x in (ATTACK, ARSON)
    )
    out = io.StringIO()
    res = dedup_records(
        io.StringIO(lines),
        out,
        io.StringIO(),
        taxonomy=load_taxonomy(d / "categories.yaml"),
        classifier=_classifier(d),
    )
    assert res == (2, 0)
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [r["category"] for r in rows] == ["attack", "arson"]
    assert rows[1]["story_id"] == rows[0]["story_id"] and rows[1]["match"] == "same_event"


def test_a_new_category_of_its_own_family_does_not_join(tmp_path):
    d = _config(tmp_path, "arson", 2)
    assert Taxonomy.load(d / "categories.yaml").family("arson") == "arson"
    (k, a), index = _story_stage(d, [ATTACK, ARSON])
    assert a.story_id != k.story_id and a.match == "new"
    assert a.reason == f"nearest story {k.story_id}: another event family"
    assert len(index) == 2


ARSON_2 = Article(
    id="k3",
    source="Premium Times",
    published_at=T0 + timedelta(hours=4),
    title="Arsonists torch Kasuwan Magani market stalls in southern Kaduna",
    body="Arsonists set fire to dozens of stalls at the Kasuwan Magani market in southern Kaduna on "
    "Tuesday, police spokesman Mohammed Jalige said, as traders tried to save grain and fabric.",
)


@pytest.mark.parametrize(
    ("rank", "order", "category", "updates"),
    [
        # the story's category is the consensus of its reports, each weighing 1 + its severity's
        # rank: the urgent attack report (3) outweighs the alert-level arson report (2) in any order
        (2, (ATTACK, ARSON), "attack", ["new", None]),
        (2, (ARSON, ATTACK), "attack", ["new", "category_changed"]),
        # two arson reports (2 + 2) outweigh the attack (3): the category changes, an update
        (2, (ATTACK, ARSON, ARSON_2), "arson", ["new", None, "category_changed"]),
        (1, (ATTACK, ARSON, ARSON_2), "arson", ["new", None, "category_changed"]),
    ],
)
def test_the_story_category_is_the_consensus_of_its_reports(tmp_path, rank, order, category, updates):
    d = _config(tmp_path, "attack", rank)
    decisions, index = _story_stage(d, list(order))
    assert len({x.story_id for x in decisions}) == 1
    assert [x.update for x in decisions] == updates
    story = index.get(decisions[0].story_id)
    assert story is not None and story.category == category
    assert story.version == sum(u is not None for u in updates)
