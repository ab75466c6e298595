"""One incident, one story: the reports of an area event (a flood, a quake, a fire) that no text
test joined to a story.

The incidents are kept per family group (the families that may describe one event: an explosion
read as a bombing in one report and as an industrial disaster in another) and country, one per
region (``places.region_of``: a state, a province; 0 for the country as a whole). An incident is
its **head** story (the first story of the region while the incident lives) and the time of its
latest report (``live``): every report of the group and country recorded in a story of a
compatible region keeps it alive, whichever story it joined.

A report joins the best-scoring live incident of its group and country (or, for a short post, of
a country its text names: "Chile's navy issues a tsunami alert after the Costa Rica quake"):

- place as a hierarchy: the regions must agree when both sides have one; a report that names only
  the country may join any region's incident, a placed report the country-level one;
- time as a decay: ``d = exp(-gap² / 2σ²)`` over the gap since the incident's latest report, and
  the join score is ``d × (1 + evidence)``, joined at 0.5. ``σ`` is set so that a short post with no
  text evidence at all (family, country, compatible region) joins up to ``incident_hours`` after the
  incident's latest report; evidence lets it join later: the same place (1) or region (0.5), names
  shared besides the country's own (0.5 each, two at most), the cosine to the head story (x 2);
  capped at 2, so nothing joins beyond 1.6 x ``incident_hours``;
- a full article (not a short text) needs text evidence besides the family and country: the same
  place or region, a shared name, or a cosine of ``evidence_min_cos``; a report of a compatible
  family that is not itself an incident family (a bombing or an attack joining a disaster) the
  same, but the region alone is no evidence for it;
- both sides naming years, none within ``years_gap`` of the other's: two events;
- the story then spans at most ``incident_span_hours``; once that is used up, the next story of
  the region becomes the incident's head (one alert per ``incident_span_hours`` at most).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

import numpy as np

from streams.dedup.config import DedupConfig
from streams.dedup.features import Features
from streams.dedup.slots import Slot, SlotTable
from streams.dedup.vocabulary import Vocab

THETA = 0.5  # the join score needed
EV_MAX = 2.0  # evidence cap
SAME_PLACE, SAME_REGION, PER_NAME, COS_WEIGHT = 1.0, 0.5, 0.5, 2.0


class Head:
    """A live incident: its head story (slot and id) and the time of its latest report."""

    __slots__ = ("slot", "sid", "live")

    def __init__(self, slot: int, sid: str, live: float) -> None:
        self.slot, self.sid, self.live = slot, sid, live


class Incidents:
    """The live incidents of one index, by (family group, country) and region codes."""

    def __init__(self, cfg: DedupConfig, table: SlotTable, vocab: Vocab) -> None:
        self.config = cfg
        self.table = table
        self.vocab = vocab
        self.heads: dict[int, dict[int, dict[int, Head]]] = {}  # group -> country -> region -> head
        # the heads that became large (``scale`` > 1), by (group, country, region): what
        # ``large_countries`` looks at instead of every head
        self.large: dict[tuple[int, int, int], Head] = {}
        # the distance in km between the centres of two regions (codes), None when unknown (the
        # index that codes the regions sets it)
        self.km: Callable[[int, int], float | None] = lambda a, b: None
        self.near_span = cfg.incident_near_minutes * 60.0 if cfg.incident_near_km else 0.0
        h = cfg.incident_hours * 3600.0
        self.sigma = h / math.sqrt(2 * math.log(1 / THETA)) if h else 0.0
        # beyond this gap nothing joins: d(gap) * (1 + EV_MAX) < THETA
        self.horizon = self.sigma * math.sqrt(2 * math.log((1 + EV_MAX) / THETA))
        # a named incident: one shared name (evidence PER_NAME) joins up to incident_named_hours
        n = cfg.incident_named_hours * 3600.0
        self.sigma_named = n / math.sqrt(2 * math.log((1 + PER_NAME) / THETA)) if n else 0.0
        self.horizon_named = self.sigma_named * math.sqrt(2 * math.log((1 + EV_MAX) / THETA))
        self.span = cfg.incident_span_hours * 3600.0

    def scale(self, hs: Slot) -> float:
        """How much longer a large incident lasts: 1 + log2(n / incident_large_reports) for a head
        story of n >= incident_large_reports reports, else 1 (its decay scales and span are
        multiplied by it; a large incident covers its whole country too)."""
        big = self.config.incident_large_reports
        n = len(hs.rec.reports)
        return 1.0 + math.log2(n / big) if big and n >= big else 1.0

    def apart(self, a: int, b: int) -> bool:
        """Whether two regions lie too far apart for a large incident of one to cover the other
        (``incident_large_km``; 0: never)."""
        km = self.km(a, b) if self.config.incident_large_km else None
        return km is not None and km > self.config.incident_large_km

    def near(self, a: int, b: int, t: float, live: float, k: float) -> bool:
        """Whether a report at ``t`` in region ``b`` is of the area of an incident of region ``a``
        whose latest report came at ``live``: their centres within ``incident_near_km``, within
        ``incident_near_minutes`` (times the incident's scale ``k``) of that report, and neither
        time a date alone (midnight to the second: a date cannot tell the incident was the news)."""
        if not (self.near_span and a and b) or abs(t - live) > self.near_span * k:
            return False
        if t % 86400.0 == 0.0 or live % 86400.0 == 0.0:
            return False
        km = self.km(a, b)
        return km is not None and km <= self.config.incident_near_km

    def _head(self, h: Head) -> Slot | None:
        if self.table.sid.get(h.sid) != h.slot:
            return None  # evicted
        return self.table.slots[h.slot]

    def note(self, grp: int, slot: int, t: float, may_head: bool = True) -> None:
        """A report at ``t`` was recorded in the story at ``slot`` (in family group ``grp``, with a
        country): it keeps the incidents of its region and the country-level one alive, or makes
        the story the head of its region when no incident of the region lives (``may_head``: the
        story is of an incident family, not only of a compatible one)."""
        s = self.table.slots[slot]
        assert s is not None
        regions = self.heads.setdefault(grp, {}).setdefault(s.ctry, {})
        for reg in (s.region, 0) if s.region else (0,):
            h = regions.get(reg)
            hs = self._head(h) if h is not None else None
            if h is not None and hs is not None and (h.slot == slot or self._alive(h, hs, t)):
                if t > h.live:
                    h.live = t
            elif reg == s.region and may_head:
                regions[reg] = Head(slot, s.rec.story_id, t)
            h = regions.get(reg)
            if h is not None and h.slot == slot and self.scale(s) > 1.0:
                self.large[grp, s.ctry, reg] = h

    def _alive(self, h: Head, hs: Slot, t: float) -> bool:
        k = self.scale(hs)
        return t - h.live <= self.horizon * k and max(t, hs.t_last) - min(t, hs.t_first) <= self.span * k

    def large_countries(self, t: float) -> set[int]:
        """The countries of the large incidents (``scale`` > 1) alive at ``t`` and active: their
        latest report that may alert within the unscaled horizon (a large disaster gone quiet
        holds back no post about another country, although it still takes its own late posts)."""
        out: set[int] = set()
        for key, h in list(self.large.items()):
            grp, ctry, reg = key
            hs = self._head(h)
            if hs is None or self.heads.get(grp, {}).get(ctry, {}).get(reg) is not h:
                del self.large[key]  # evicted, or no longer the head of its region
            elif ctry not in out and self._alive(h, hs, t) and t - h.live <= self.horizon:
                out.add(ctry)
        return out

    def _candidates(
        self, grp: int, ctries: list[int], region: int, bridge: bool
    ) -> Iterator[tuple[int, int, Head, bool]]:
        """(country, region, head, whether the area agrees) of the incidents the report may join:
        those of its countries first, then (``bridge``) those of every other country and region of
        its group, which need names in common. Evicted heads are dropped on the way."""
        by_ctry = self.heads.get(grp)
        if not by_ctry:
            return
        for ctry in ctries:
            for reg, h in by_ctry.get(ctry, {}).items():
                yield ctry, reg, h, not (region and reg and reg != region)
        if bridge or (region and self.near_span):  # (a neighbouring country's: ``near``)
            for ctry, regions in list(by_ctry.items()):
                for reg, h in list(regions.items()):
                    if self._head(h) is None:
                        del regions[reg]
                    elif ctry not in ctries or (region and reg and reg != region):
                        yield ctry, reg, h, False
                if not regions:
                    del by_ctry[ctry]

    def find(
        self,
        f: Features,
        t: float,
        grp: int,
        ctries: list[int],
        place: int,
        region: int,
        plain: bool,
        country_terms: Callable[[int], frozenset[int]],
        place_terms: Callable[[int], frozenset[int]],
        other_family: bool = False,
    ) -> tuple[int | None, float, str]:
        """The head story of the incident the report joins (slot), its score and the evidence, or
        (None, 0, ""). ``ctries``: the report's country first, then the others its text names (a
        short post); ``plain``: a short post of an incident family (no text evidence needed, and
        it may bridge to another place on names in common); ``country_terms``: the term ids of a
        country's own names (no evidence); ``place_terms``: the term ids of a place's name (a
        report that names the incident's place, whatever place the classifier gave it, is of its
        area: "Houston firms hit by the Colorado floods"); ``other_family``: the report is of a
        compatible family that has no incidents of its own (a bombing, an attack): the region alone
        is no evidence for it (a shooting in Denver is not part of the Colorado floods)."""
        cfg = self.config
        best: tuple[float, int, str] | None = None
        cos_ready = False
        ents = set(f.ents.tolist()) if f.ents.shape[0] else set()
        terms: set[int] | None = None
        own: set[int] | None = None
        for ctry, reg, h, area in self._candidates(grp, ctries, region, plain):
            s = self._head(h)
            if s is None or s.ctry != ctry:
                continue
            gap = t - h.live if t >= h.live else max(0.0, s.t_first - t)
            k = self.scale(s)
            if (
                gap > max(self.horizon, self.horizon_named) * k
                or max(t, s.t_last) - min(t, s.t_first) > self.span * k
            ):
                continue
            if f.years and s.years and f.years.isdisjoint(s.years):
                if min(abs(a - b) for a in f.years for b in s.years) >= cfg.years_gap:
                    continue
            same_place = bool(place) and s.place == place
            if not same_place and s.place:
                pt = place_terms(s.place)
                if pt:
                    if terms is None:
                        terms = set(f.tids.tolist())
                    if terms.issuperset(pt) and (ctry == ctries[0] or area or plain):
                        same_place = area = True
            if area and place and s.place and not same_place and not (region and reg == region):
                area = False  # two places of unknown regions
            if k > 1.0 and ctry in ctries and not (region and reg and self.apart(reg, region)):
                area = True  # a large incident covers its country, up to incident_large_km away
            near = not area and self.near(reg, region, t, h.live, k)
            area = area or near
            names = 0
            if ents:
                if own is None:  # the names besides the report's countries' own
                    own = ents.difference(*(country_terms(c) for c in ctries))
                mine = own if ctry in ctries else own - country_terms(ctry)
                names = len(mine.intersection(self.table.et[h.slot].tolist())) if mine else 0
            if not area and not (plain and names):
                continue
            if gap > self.horizon * k and not names:
                continue  # beyond the decay of an unnamed incident
            if not cos_ready:
                sc = self.table.scratch_for(self.vocab.n)
                if f.w is not None and f.tids.shape[0]:
                    sc[f.tids] = f.w
                cos_ready = True
            cos = float(np.add.reduce(self.table.scratch[self.table.pt[h.slot]] * self.table.pw[h.slot]))
            if area:
                ev = SAME_PLACE if same_place else SAME_REGION if region and reg == region else 0.0
                what = (
                    "same place"
                    if same_place
                    else "same region"
                    if ev
                    else "a region near"
                    if near
                    else "same country"
                )
                if not plain and not (
                    (same_place if other_family else ev) or names or cos >= cfg.evidence_min_cos
                ):
                    continue
            else:  # another place or country: names in common and words in common
                if cos < cfg.evidence_min_cos_without_place:
                    continue
                ev, what = 0.0, "names across places"
            ev = min(EV_MAX, ev + PER_NAME * min(names, 2) + COS_WEIGHT * cos)
            sigma = (max(self.sigma, self.sigma_named) if names else self.sigma) * k
            score = math.exp(-0.5 * (gap / sigma) ** 2) * (1.0 + ev)
            if score >= THETA and (best is None or score > best[0]):
                why = (
                    f"same incident: {what}, {names} shared name(s), cosine {cos:.2f}, "
                    f"{gap / 60:.0f} min after its latest report, score {score:.2f}"
                )
                best = (score, h.slot, why)
        if cos_ready and f.w is not None and f.tids.shape[0]:
            self.table.scratch[f.tids] = 0.0
        if best is None:
            return None, 0.0, ""
        return best[1], best[0], best[2]

    def elsewhere(
        self,
        grp: int,
        ctry: int,
        region_in: Callable[[int], int],
        find: Callable[[int, int], tuple[int | None, float, str]],
    ) -> tuple[int | None, float, str]:
        """A report placed at a name that the country of a live incident of its group has too,
        read there (``region_in``: the region of the name in a country, 0 when it has no such
        place; ``find``: ``find`` for a country and region): "Cartagena" is Spain's, not
        Colombia's, while floods in Murcia are the news. The first incident it joins, or (None, 0,
        "")."""
        for c2 in list(self.heads.get(grp, {})):
            r2 = region_in(c2) if c2 != ctry else 0
            if r2:
                got = find(c2, r2)
                if got[0] is not None:
                    return got
        return None, 0.0, ""

    def merged(self, into: int, other: int) -> None:
        """The story at ``other`` was merged into the one at ``into`` (a late merge): the
        incidents it headed are now headed by ``into`` (call it before ``other`` is dropped)."""
        s, o = self.table.slots[into], self.table.slots[other]
        assert s is not None and o is not None
        for by_ctry in self.heads.values():
            for regions in by_ctry.values():
                for h in regions.values():
                    if h.slot == other and h.sid == o.rec.story_id:
                        h.slot, h.sid = into, s.rec.story_id
        # (the survivor's reports grow when the records merge: ``note`` marks it large then)

    def rebuild(self, groups: dict[int, int], incident_fams: frozenset[int]) -> None:
        """The incidents of the stories held (after ``StoryIndex.restore``): each story of an
        incident family noted at its last report, in the order of their first reports."""
        self.heads.clear()
        self.large.clear()
        slots = self.table.slots
        held = sorted(
            (s.t_first, s.t_last, i)
            for i, s in enumerate(slots)
            if s is not None and s.ctry and s.fam in incident_fams
        )
        for _, t_last, i in held:
            s = slots[i]
            assert s is not None
            self.note(groups.get(s.fam, s.fam), i, t_last)
