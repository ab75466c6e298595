"""Routine hazard bulletins and aftermath posts: disaster reports that a news desk does not alert
on by themselves.

An earthquake report whose every magnitude is under ``quake_min_magnitude`` (config/hazards.yaml),
that gives no casualty figure and names no damage, is a routine bulletin (the automated posts of
seismological networks: "#earthquake M 2.6, Southern Alaska"). The classifier gives it no severity,
so its story waits for a report that alerts. Language-neutral: the magnitudes are read from their
usual notations ("M 4.5", "Mw: 2.8", "magnitude 5,1", "4.5 earthquake", "sismo de 4,3"), the words
come from the config file.

A disaster report that gives no casualty figure (nor a word of a toll) and speaks of the
aftermath (``aftermath_words``: fundraising and donations, funerals and mourning, anniversaries,
reconstruction, "two weeks after") tells of an incident that happened before: it gets no severity
either. It joins the incident's story as any report does; alone (days later, when the incident's
story has ended) it opens no alert of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from streams.settings import CONFIG_DIR, ConfigError

_NUM = r"(\d(?:[.,]\d{1,2})?)"
# "M 2.6", "M4.3", "Ml:3.2", "Mw: 2.8", "mb 5.1", "MAG 3.9", "magnitude 5.1", "magnitud de 4,3", "Richter 5"
_LABELLED = re.compile(
    r"(?<![A-Za-z0-9])(?:M[LlWwBbSs]?|mb|MAG|[Mm]agnitud[eo]?|[Mm]agnitude|[Mm]ag\.?|[Rr]ichter(?::?MAG)?|"
    r"[Ff]orce)\s*(?:[:=]\s*|of\s+|de\s+|di\s+)?(?:mb\s*|M[LlWw]?\s*)?" + _NUM + r"(?![\d.,]?\d)"
)
# a figure before the magnitude word or a quake word: "6.3 magnitude", "7.9 earthquake", "5,9 grados"
_BEFORE = r"(?<![\d.,])(\d[.,]\d)\s*(?:-\s*)?(?:#?(?:magnitud|grado|richter|{q}))"
# a bulletin that starts with the figure: "4.5 - offshore Maule, Chile" (read only in a quake report)
_LEAD = re.compile(r"^\W*(\d[.,]\d)\s+-\s")
# a quake word, then the figure: "Terremoto 6,6", "#Earthquake 4.5", "sismo de 4,3"
_AFTER = r"(?:{q})\w*\s+(?:of\s+|de\s+|di\s+)?(?:M\s*)?(\d[.,]\d)(?![\d.,]?\d)"


@dataclass(frozen=True)
class HazardRules:
    quake_min_magnitude: float
    quake: re.Pattern[str]
    damage: re.Pattern[str]
    before: re.Pattern[str]
    after: re.Pattern[str]
    aftermath: re.Pattern[str] | None = None
    toll: re.Pattern[str] | None = None
    named_rules: frozenset[str] = frozenset()
    impact: re.Pattern[str] | None = None

    @classmethod
    def load(cls, path: Path) -> HazardRules:
        try:
            spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            words = "|".join(re.escape(w) for w in spec["quake_words"])
            damage = "|".join(re.escape(w) for w in spec["damage_words"])
            later = "|".join(f"(?:{w})" for w in spec.get("aftermath_words") or ())
            toll = "|".join(f"(?:{w})" for w in spec.get("toll_words") or ())
            impact = "|".join(f"(?:{w})" for w in spec.get("impact_words") or ())
            return cls(
                float(spec["quake_min_magnitude"]),
                re.compile(rf"(?<!\w)(?:{words})", re.I),
                re.compile(rf"(?<!\w)(?:{damage})", re.I),
                re.compile(_BEFORE.format(q=words), re.I),
                re.compile(_AFTER.format(q=words), re.I),
                re.compile(rf"(?<!\w)(?:{later})", re.I) if later else None,
                re.compile(rf"(?<!\w)(?:{toll})", re.I) if toll else None,
                frozenset(spec.get("named_hazard_rules") or ()),
                re.compile(rf"(?<!\w)(?:{impact})", re.I) if impact else None,
            )
        except (OSError, KeyError, TypeError, ValueError, re.error, yaml.YAMLError) as e:
            raise ConfigError(f"{path}: {e}") from e

    def magnitudes(self, text: str) -> list[float]:
        """The quake magnitudes the text gives, in its usual notations."""
        found = [m.group(1) for m in _LABELLED.finditer(text)]
        found += [m.group(1) for m in self.before.finditer(text)]
        found += [m.group(1) for m in self.after.finditer(text)]
        found += [m.group(1) for m in _LEAD.finditer(text)]
        return [float(x.replace(",", ".")) for x in found]

    def routine_quake(self, text: str, fatalities: int | None, injured: int | None) -> float | None:
        """The largest magnitude of a routine quake bulletin (every magnitude under the threshold,
        no casualty figure, no damage word), else None."""
        if fatalities or injured or not self.quake.search(text):
            return None
        mags = self.magnitudes(text)
        if not mags or max(mags) >= self.quake_min_magnitude or self.damage.search(text):
            return None
        return max(mags)

    def alerting_quake(self, text: str) -> float | None:
        """The largest magnitude of a quake report that gives one of `quake_min_magnitude` or more
        (a quake that alerts by itself, whatever else the text says), else None."""
        if not self.quake.search(text):
            return None
        mags = [m for m in self.magnitudes(text) if m >= self.quake_min_magnitude]
        return max(mags) if mags else None

    def aftermath_of(self, text: str, fatalities: int | None, injured: int | None) -> str | None:
        """The aftermath words of a report with no casualty figure and no word of a toll ("donate",
        "funeral", "two weeks after"), else None."""
        if fatalities or injured or self.aftermath is None:
            return None
        m = self.aftermath.search(text)
        if m is None or (self.toll is not None and self.toll.search(text)):
            return None
        return m.group(0)

    def unharmed_hazard(
        self, text: str, fatalities: int | None, injured: int | None, rule_ids: set[str]
    ) -> str | None:
        """The hazard's name in a report that names a natural hazard and nothing it did (the engine
        asks it of news reports, a headline and a body, only): its
        category rests on `named_hazard_rules` alone, and it gives no casualty figure, no word of a
        toll, of damage or of impact, and no quake magnitude that alerts by itself. Else None."""
        if fatalities or injured or self.impact is None or not rule_ids or not rule_ids <= self.named_rules:
            return None
        for words in (self.toll, self.damage, self.impact):
            if words is not None and words.search(text):
                return None
        if any(m >= self.quake_min_magnitude for m in self.magnitudes(text)):
            return None
        return ", ".join(sorted(rule_ids))


@lru_cache(maxsize=4)
def hazard_rules(path: Path = CONFIG_DIR / "hazards.yaml") -> HazardRules:
    return HazardRules.load(path)
