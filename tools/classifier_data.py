"""The classifier's data: the frozen test split, the labelled sources, and their labels.

The split rule (`frozen`) is the one definition used by training, tuning and evaluation: a
record is in the FROZEN TEST split when the SHA-256 of its text (title, a line break, body;
UTF-8) read as a number is 0 modulo 4 (first 8 hex digits) -- about 25 % of every source.
Records that share a text (ACLED codes one note for several events; BBC repeats 103
articles) fall on the same side. Nothing in the frozen split is trained on or tuned on.

Sources (each record: text, label, language, source name, weight):

- tests/corpus/labelled{,_es,_fr}.jsonl: the project's corpora (category or none);
- ../shared/eval/acled2016_africa.jsonl: ACLED 2016 event types mapped to the taxonomy
  (battles -> armed_clash; remote violence by its weapon; violence against civilians ->
  attack, or abduction when the note says so; riots and protests with deaths ->
  deadly_unrest, without deaths by the note's words; strategic developments and
  non-violent transfers -> none);
- ../shared/eval/bbc_dev.jsonl: every section -> none (ordinary news);
- ../shared/eval/crisislex_dev.jsonl: posts on real disasters that tell of people or
  infrastructure hit -> disaster, posts not related to the crisis -> none (a sample);
- tools/synth_events.py: short reports written from templates in English, Spanish and
  French, for the kinds the real data has too few of.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = ROOT.parent / "shared" / "eval"
CORPORA = {
    "en": ROOT / "tests" / "corpus" / "labelled.jsonl",
    "es": ROOT / "tests" / "corpus" / "labelled_es.jsonl",
    "fr": ROOT / "tests" / "corpus" / "labelled_fr.jsonl",
}


def frozen(title: str, body: str) -> bool:
    """Is this text in the frozen test split (about 25 %)?"""
    h = hashlib.sha256(f"{title}\n{body}".encode()).hexdigest()
    return int(h[:8], 16) % 4 == 0


def fold_of(title: str, body: str, k: int) -> int:
    """The cross-validation fold (0 .. k-1) of a text outside the frozen split."""
    h = hashlib.sha256(f"{title}\n{body}".encode()).hexdigest()
    return int(h[8:16], 16) % k


@dataclass
class Item:
    id: str
    title: str
    body: str
    label: str  # a category or "none"
    language: str
    source: str  # corpus_en, acled, bbc, crisislex, synth, ...
    weight: float = 1.0
    record: dict | None = None  # the original record (gold fields for evaluation)

    @property
    def frozen(self) -> bool:
        return frozen(self.title, self.body)


def _jsonl(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def corpus_items(lang: str) -> list[Item]:
    return [
        Item(
            r["id"],
            r.get("title") or "",
            r.get("body") or "",
            r["category"] or "none",
            lang,
            f"corpus_{lang}",
            1.0,
            r,
        )
        for r in _jsonl(CORPORA[lang])
    ]


_AIR = re.compile(
    r"\b(?:air ?strikes?|air ?raids?|airstrikes?|drones?|jets?|warplanes?|aircraft|helicopters?|"
    r"air force|bombers?|aerial)\b",
    re.I,
)
_ARTILLERY = re.compile(r"\b(?:mortars?|shell(?:s|ing|ed)?|artillery|rockets?|missiles?|bombard\w*)\b", re.I)
_EXPLOSIVE = re.compile(
    r"\b(?:ied|ieds|bombs?|bombing|explosive\w*|grenades?|land ?mines?|mines?|"
    r"suicide|detonat\w*|blast|explosion)\b",
    re.I,
)
_ABDUCT = re.compile(r"\b(?:abduct\w*|kidnap\w*|hostages?)\b", re.I)
_RIOT = re.compile(
    r"\b(?:riot\w*|violen\w*|clash\w*|tear ?gas|teargas|injur\w*|wound\w*|loot\w*|torch\w*|"
    r"burn\w*|ston\w*|attack\w*|beat\w*|vandal\w*|rubber bullets|live ammunition|barricad\w*)\b",
    re.I,
)


def acled_label(r: dict) -> str | None:
    """The taxonomy label of an ACLED 2016 event, or None when the note cannot tell it."""
    et, text, dead = r["event_type"], r["body"], r.get("fatalities") or 0
    if et.startswith("Battle"):
        return "armed_clash"
    if et == "Remote violence":
        if _AIR.search(text):
            return "air_strike"
        if _ARTILLERY.search(text):
            return "shelling"
        if _EXPLOSIVE.search(text):
            return "bombing"
        return None
    if et == "Violence against civilians":
        if _ABDUCT.search(text):
            return "abduction"
        if _EXPLOSIVE.search(text):
            return "bombing"
        return "attack"
    if et == "Riots/Protests":
        if dead > 0:
            return "deadly_unrest"
        return "deadly_unrest" if _RIOT.search(text) else "none"
    if et in ("Strategic development", "Non-violent transfer of territory"):
        return "none"
    return None


def acled_items(eval_dir: Path = EVAL_DIR) -> list[Item]:
    out = []
    for r in _jsonl(eval_dir / "acled2016_africa.jsonl"):
        lab = acled_label(r)
        if lab is not None:
            out.append(Item(r["id"], r.get("title") or "", r["body"], lab, "en", "acled", 1.0, r))
    return out


def bbc_items(eval_dir: Path = EVAL_DIR) -> list[Item]:
    return [
        Item(r["id"], r.get("title") or "", r["body"], "none", "en", "bbc", 0.5, r)
        for r in _jsonl(eval_dir / "bbc_dev.jsonl")
    ]


def crisislex_items(eval_dir: Path = EVAL_DIR, n_pos: int = 1500, n_neg: int = 500) -> list[Item]:
    """A sample (seeded, spread over the crises) of the disaster posts and of the unrelated ones."""
    pos: dict[str, list[dict]] = {}
    neg = []
    seen: set[str] = set()
    for r in _jsonl(eval_dir / "crisislex_dev.jsonl"):
        body = re.sub(r"https?://\S+|@\w+|^RT\b:?", "", r["body"]).strip()
        key = body.lower()
        if len(body) < 25 or key in seen:
            continue
        seen.add(key)
        r = {**r, "body": body}
        if r["informativeness"] == "Related and informative" and r["information_type"] in (
            "Affected individuals",
            "Infrastructure and utilities",
        ):
            pos.setdefault(r["event"], []).append(r)
        elif r["informativeness"] == "Not related":
            neg.append(r)
    rng = random.Random(18)
    per = max(1, n_pos // max(1, len(pos)))
    chosen = [r for ev in sorted(pos) for r in rng.sample(pos[ev], min(per, len(pos[ev])))]
    chosen_neg = rng.sample(neg, min(n_neg, len(neg)))
    out = [Item(r["id"], "", r["body"], "disaster", "xx", "crisislex", 0.5, r) for r in chosen]
    out += [Item(r["id"], "", r["body"], "none", "xx", "crisislex", 0.5, r) for r in chosen_neg]
    return out


def synth_items() -> list[Item]:
    from tools.synth_events import generate

    return [
        Item(f"synth-{i}", t, b, lab, lang, "synth", 0.6, None)
        for i, (t, b, lab, lang) in enumerate(generate())
    ]


def all_items(eval_dir: Path = EVAL_DIR, synth: bool = True) -> list[Item]:
    items = corpus_items("en") + corpus_items("es") + corpus_items("fr")
    if eval_dir.exists():
        items += acled_items(eval_dir) + bbc_items(eval_dir) + crisislex_items(eval_dir)
    if synth:
        items += synth_items()
    return items
