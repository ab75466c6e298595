"""Which held story a report joins: candidate lookup, scoring and the join decision.

Matching, cheapest first (the first that fires wins; every decision carries type and score):

1. ``url``            the same canonical URL (tracking parameters stripped) as a story's report;
2. ``content``        the same normalised text (title + body) as a story's report;
3. ``near_duplicate`` syndicated copies / light rewrites: MinHash (64 perms, datasketch's affine32
                      scheme, over word 3-shingles; unigrams+bigrams for short texts) of the
                      candidate stories, verified by the estimated Jaccard;
4. ``same_event``     different wording of one event: TF-IDF cosine (IDF learned online) between
                      the article and each candidate story's centroid (the mean of all its reports,
                      truncated to its heaviest terms; a higher threshold for short texts),
                      plus shared rare names; vetoes on category family, country, time and
                      disjoint years; a margin over the second-best story; or, for short posts,
                      the classifier's evidence (same family, country, place or target, within
                      hours, and a shared name other than the country's own; with no place or
                      target on either side, a higher cosine instead of the place).

A text with fewer than ``min_content_terms`` distinct terms besides date and time words (a
headline feed whose "headline" is a dateline) is matched only by steps 1-2.

Candidates come from the inverted index (``postings.Postings``) over each story's heaviest terms
and names; at most ``max_candidates`` are scored in full. Only whole-article work (cosines against
all candidates, MinHash comparisons) goes through numpy; the per-candidate tests are plain Python.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache
from typing import cast

import numpy as np

from streams.classify.gazetteer import gazetteer
from streams.dedup.config import DedupConfig
from streams.dedup.features import Features, extract_features
from streams.dedup.minhash import minhash_values
from streams.dedup.postings import Postings
from streams.dedup.slots import Slot, SlotTable
from streams.dedup.vetoes import (
    WHY_DATELINE,
    WHY_FAMILY,
    WHY_NO_CANDIDATE,
    all_vetoed,
    mergeable,
    veto,
    why_new,
)
from streams.dedup.vocabulary import Vocab
from streams.dedup.weights import idf
from streams.textnorm import term_of

_SUM = np.add.reduce  # ndarray.sum without its Python-level wrapper

# (kind, score, slot of the story joined or None, why no story was joined)
Found = tuple[str, float, int | None, str | None]


def same_place_close(place: int, story_place: int, t: float, t_last: float, close_minutes: float) -> bool:
    """Whether a report at ``t`` naming place ``place`` (a code; 0: none) comes within
    ``close_minutes`` of the latest report (``t_last``) of a story placed there: while a city is
    the news, the place is the evidence, not the cosine (``evidence_close_minutes``). Not when
    either time is a date alone (midnight to the second, as ACLED's notes are dated): a date
    cannot tell that two reports came within the hour."""
    if not (place > 0 and story_place == place and close_minutes > 0):
        return False
    return abs(t - t_last) <= close_minutes * 60.0 and t % 86400.0 != 0.0 and t_last % 86400.0 != 0.0


def large_factor(n: int, big: int) -> float:
    """How much longer a story of ``n`` reports is followed on the classifier's evidence:
    1 + log2(n / big) for n >= big (``evidence_large_reports``; 0: off), else 1."""
    return 1.0 + math.log2(n / big) if big and n >= big else 1.0


@lru_cache(maxsize=1)
def country_words() -> dict[str, frozenset[str]]:
    """Lower-case ISO code -> the index terms of the words that name the country or its people
    (the gazetteer's country names and demonyms: "costa", "rica", "russian"...)."""
    words: dict[str, set[str]] = {}
    for key, place in gazetteer().index.items():
        if place.kind in ("country", "demonym"):
            words.setdefault(place.country.lower(), set()).update(t for w in key if (t := term_of(w.lower())))
    return {iso: frozenset(ws) for iso, ws in words.items()}


class Matcher:
    """The join decision of one index, over its state (``table``, ``postings``, ``vocab``).
    ``countries``: the index's country codes (code -> lower-case ISO code)."""

    def __init__(
        self, cfg: DedupConfig, vocab: Vocab, table: SlotTable, postings: Postings, countries: list[str]
    ) -> None:
        self.config = cfg
        self.vocab = vocab
        self.table = table
        self.postings = postings
        self.countries = countries
        self.groups: dict[int, int] = {}  # family code -> code of its group of compatible families
        self.incident_groups: frozenset[int] = frozenset()  # (set by the index)
        # the last match's late merges: (slot of another held story that is one event with the
        # story joined, why), set by ``match`` (docs/stories.md, "Late merge")
        self.bridged: list[tuple[int, str]] = []
        # the last match's candidates when it joined none by text: (slots, their Slots, vetoes,
        # scores), read by the aftermath join (streams/dedup/aftermath.py); None otherwise
        self.scored: tuple[list[int], list[Slot], list[str | None], list[float]] | None = None
        # an experiment's hooks (tools/learn_join.py; None in production): a learned join decision
        # over the best candidate's features (``join_features``) in place of the threshold, and a
        # trace of those features with the candidate story's article ids
        self.join_model: Callable[[list[float]], bool] | None = None
        self.trace: list[tuple[list[float], list[str]]] | None = None
        # thresholds compared with float32 cosines, as numpy compares them (in float32)
        self._ev_cos = float(np.float32(cfg.evidence_min_cos))
        self._ev_cos_np = float(np.float32(cfg.evidence_min_cos_without_place))
        # (country, place) codes -> the slot of the story of an event family placed there last
        # given a report of an event (``note_place``): always a candidate of a report of an event
        # there within evidence_close_minutes, however many stories of other words the place's
        # name draws (a dense stream fills max_candidates with placeless posts naming the city)
        self.by_place: dict[tuple[int, int], int] = {}

    def note_place(self, slot: int, s: Slot) -> None:
        """Remember the story in ``slot`` as the latest of an event family at its country and place."""
        if s.fam and s.place:
            self.by_place[(s.ctry, s.place)] = slot

    def rebuild_places(self) -> None:
        """``by_place`` from the held stories (after a restore): the latest story of an event family
        at each place, as the reports had left it."""
        self.by_place.clear()
        slots = self.table.slots
        for _, slot in sorted((s.t_last, i) for i, s in enumerate(slots) if s is not None):
            s = slots[slot]
            assert s is not None
            self.note_place(slot, s)

    def place_story(self, t: float, fam: int, ctry: int, place: int) -> int | None:
        """The held story of an event family last given a report at the report's country and
        place, within same_event_hours of ``t`` (its slot), or None: a candidate of the evidence
        rules (``evidence_close_minutes``) and of the aftermath reading (a report referring back
        to the event there, a day later, when the city's name draws stories of other words)."""
        if not (fam and place and self.config.evidence_close_minutes):
            return None
        slot = self.by_place.get((ctry, place))
        if slot is None:
            return None
        s = self.table.slots[slot] if slot < len(self.table.slots) else None
        if s is None or not s.fam or (s.ctry, s.place) != (ctry, place):
            return None
        if abs(t - s.t_last) > self.config.same_event_hours * 3600.0:
            return None
        return slot

    def candidates(self, f: Features) -> list[int]:
        """The stories sharing the most weight with the article's heaviest terms (and names): the
        sum of the article's weights of the shared index terms; at most ``max_candidates``, best
        first, ties in the order of the first hit (the order of all when there are no more)."""
        cfg = self.config
        w = f.w
        if w is None or w.shape[0] == 0:
            return []
        k = cfg.query_terms
        if w.shape[0] > k:
            top = w.argpartition(-k)[-k:]
            if f.epos.shape[0]:  # the article's names too: a short post shares little else
                sel = np.zeros(w.shape[0], np.bool_)  # (the union, in index order)
                sel[top] = True
                sel[f.epos] = True
                top = sel.nonzero()[0]
            q, wq = f.tids[top], w[top]
        else:
            q, wq = f.tids, w
        self.postings.fit(self.vocab.lex.n)
        return self.postings.top(q, wq, cfg.max_candidates)

    def match(
        self,
        f: Features,
        t: float,
        fam: int,
        ctry: int,
        place: int,
        target: int,
        region: int = 0,
        wide: bool = False,
    ) -> Found:
        """The story the report joins (its slot), how and with which score, or why none. ``t``:
        the report's time (seconds); ``fam``, ``ctry``, ``place``, ``target``: the codes of its
        classification (0: none); ``region``: its place's region (0: none), ``wide``: its place is
        that whole region (a state), which holds the place of a story of that region."""
        cfg = self.config
        table = self.table
        keys = table.keys
        self.bridged = []
        self.scored = None
        if f.curl is not None:
            slot = keys.get("\x00u:" + f.curl)
            if slot is not None:
                return "url", 1.0, slot, None
        slot = keys.get(f.chash)
        if slot is not None:
            return "content", 1.0, slot, None
        if f.n_content < cfg.min_content_terms:
            return "new", 0.0, None, WHY_DATELINE
        cand = self.candidates(f)
        near = self.place_story(t, fam, ctry, place)
        if near is not None and near not in cand:
            cand.append(near)
        if not cand:
            return "new", 0.0, None, WHY_NO_CANDIDATE
        nc = len(cand)
        ca = np.array(cand, dtype=np.intp)
        # near duplicates: MinHash of the candidates' first reports
        mh = f.mh
        if mh is None:
            f.mh = mh = minhash_values(f.shingles, cfg.num_perm).astype(np.uint16)  # the stored width
        eq = _SUM(table.mh[ca] == mh, axis=1)
        j = int(eq.argmax())
        jac = int(eq[j]) / cfg.num_perm
        if jac >= cfg.near_dup_threshold:
            return "near_duplicate", jac, cand[j], None
        # same event: vetoes first (family, country, time), per candidate in Python
        slots = table.slots
        ss = cast("list[Slot]", [slots[c] for c in cand])  # candidates are held stories
        hs = cfg.same_event_hours * 3600.0
        groups = self.groups
        vetoed = [veto(s, t, fam, ctry, hs, groups) for s in ss]
        if all(vetoed):
            return "new", 0.0, None, all_vetoed(ss[0], cast("str", vetoed[0]))
        sc = table.scratch_for(self.vocab.n)
        tids = f.tids
        sc[tids] = f.w
        cos32 = _SUM(sc[table.pt[ca]] * table.pw[ca], axis=1)
        sc[tids] = 0.0
        cos = cos32.tolist()
        ents = f.ents
        ew = cfg.entity_weight
        if ew:
            ent_sc = self._entity_scores(f, ca).tolist()
            score = [((1.0 - ew) * cos32[i] + ew * ent_sc[i]).item() for i in range(nc)]
        else:
            score = list(cos)  # (1 - 0) * cos + 0 * names: the cosine
        if cfg.key_names and ents.shape[0]:
            conflict = self._names_conflict(f, ca)
            score = [x * cfg.names_penalty if c else x for x, c in zip(score, conflict, strict=True)]
        fy = f.years
        fm = f.months
        if fy or fm:
            yp, mp = cfg.years_penalty, cfg.months_penalty
            for i, s in enumerate(ss):
                if fy:
                    yrs = s.years
                    if (
                        yrs
                        and fy.isdisjoint(yrs)
                        and min(abs(a - b) for a in fy for b in yrs) >= cfg.years_gap
                    ):
                        score[i] *= yp
                if fm:  # both name months, none in common
                    sm = s.months
                    if sm and not sm & fm:
                        score[i] *= mp
        for i in range(nc):
            if vetoed[i]:
                score[i] = 0.0
        best = max(score)
        b = score.index(best)
        second = max(score[:b] + score[b + 1 :]) if nc > 1 else 0.0
        th = cfg.join_threshold(f.short)
        joins = best >= th
        if self.join_model is not None or self.trace is not None:
            x = self.join_features(f, ca, b, score, cos, second)
            if self.trace is not None:
                self.trace.append((x, [r.article_id for r in table.record(cand[b]).reports]))
            if self.join_model is not None:
                joins = best > 0 and self.join_model(x)
        if joins and best - second >= cfg.margin:
            if cfg.late_merge and nc > 1:
                self._bridges(b, ca, ss, score, vetoed, th)
            return "same_event", best, cand[b], None
        if joins and cfg.late_merge and second >= th:
            # within the margin of another story it also matches: the report bridges them when
            # the stories agree with each other, else it is ambiguous (a new story, as before)
            self._bridges(b, ca, ss, score, vetoed, th)
            if self.bridged:
                return "same_event", best, cand[b], None
        # classifier evidence: same family, country, place or target, close in time, a shared name
        if fam:
            # same place or target office and a shared name; without place/target on either
            # side, evidence_names_without_place shared names and a higher cosine. A report that
            # names no country (a post) may join so a story of its family that has one
            # (docs/stories.md, "Who may open an alert")
            eh = cfg.evidence_hours * 3600.0
            big = cfg.evidence_large_reports
            eset = set(ents.tolist()) if ents.shape[0] else None
            if eset:  # the country's own name is no evidence: both sides already name it
                term = self.vocab.term
                eset -= {term.get(w) for w in country_words().get(self.countries[ctry], ())}
            et = table.et[ca].tolist() if eset else []
            e, e_names, e_pt, e_in = -1, 0, False, False
            for i, s in enumerate(ss):
                # a large story (n >= evidence_large_reports) is followed longer, as a large
                # incident: 1 + log2(n / evidence_large_reports) times (same_event_hours at most)
                k = large_factor(s.n, big)
                # within evidence_close_minutes of its latest report, a story of another family at
                # the report's place joins too: one event read two ways (a toll read as a disaster
                # beside a bombing, a "fusillade" as a clash beside a shooting, a grenade thrown in
                # a shoot-out)
                close = same_place_close(place, s.place, t, s.t_last, cfg.evidence_close_minutes * k)
                anyfam = close and cfg.evidence_close_any_family
                if (vetoed[i] and not (anyfam and vetoed[i] == WHY_FAMILY)) or not (
                    (s.fam == fam or anyfam)
                    and (s.ctry == ctry if ctry else s.ctry > 0)
                    and abs(t - s.t_last) <= eh * k
                ):
                    continue
                n_shared = sum(1 for x in et[i] if x in eset) if eset else 0
                # a place and the whole region it lies in ("Boston" and "Massachusetts") within
                # evidence_hours: one event of the family there, whatever the words
                inside = region > 0 and s.region == region and (wide or s.wide) and s.place != place
                same_pt = (place > 0 and s.place == place) or (target > 0 and s.target == target) or inside
                no_pt = (place == 0 and target == 0) or (s.place == 0 and s.target == 0)
                if (
                    inside
                    or (same_pt and n_shared >= 1 and (close or cos[i] >= self._ev_cos))
                    or (no_pt and n_shared >= cfg.evidence_names_without_place and cos[i] >= self._ev_cos_np)
                ):
                    if e < 0 or score[i] > score[e]:
                        e, e_names, e_pt, e_in = i, n_shared, same_pt, inside
            if e >= 0:  # the real score, and the evidence that decided
                what = (
                    "a place in the whole region named"
                    if e_in
                    else "same place or target"
                    if e_pt
                    else "no place or target"
                )
                why = f"classifier evidence: same family and country, {what}, {e_names} shared name(s)"
                return "same_event", float(score[e]), cand[e], f"{why}, score {score[e]:.2f}"
        self.scored = (cand, ss, vetoed, score)
        return "new", 0.0, None, why_new(cfg, ss[b], best, cos[b], second, f.short)

    def join_features(
        self, f: Features, ca: np.ndarray, b: int, score: list[float], cos: list[float], second: float
    ) -> list[float]:
        """What a learned join decision reads of the best candidate ``b``: its score (after the
        years and months penalties), its cosine, the names' overlap (idf weighted), the second
        best score, whether the text is short, the story's size (log of its reports) and whether
        a penalty applied."""
        ent = float(self._entity_scores(f, ca)[b]) if f.ents.shape[0] else 0.0
        s = self.table.slots[int(ca[b])]
        n = s.n if s is not None else 1
        return [
            score[b],
            cos[b],
            ent,
            second,
            float(f.short),
            float(np.log1p(n)),
            float(score[b] < cos[b] - 1e-6),
        ]

    def _bridges(
        self, b: int, ca: np.ndarray, ss: list[Slot], score: list[float], vetoed: list[str | None], th: float
    ) -> None:
        """The other candidates that are one event with candidate ``b`` (the story joined): the
        report scores at least ``th`` with them too (a bridging report), or their centroid and
        ``b``'s reach ``merge_centroid_cos`` (converging stories); either way the two stories must
        agree with each other (``vetoes.mergeable``). Sets ``bridged``."""
        cfg = self.config
        table = self.table
        sb = ss[b]
        pt = table.pt[ca[b]]
        pt = pt[pt >= 0]
        sc = table.scratch_for(self.vocab.n)
        sc[pt] = table.pw[ca[b]][: pt.shape[0]]
        ccos = _SUM(sc[table.pt[ca]] * table.pw[ca], axis=1).tolist()
        sc[pt] = 0.0
        out = []
        for i, s in enumerate(ss):
            if i == b or vetoed[i] or s is sb:
                continue
            bridge = score[i] >= th and ccos[i] >= cfg.merge_bridge_cos
            if not (bridge or ccos[i] >= cfg.merge_centroid_cos):
                continue
            if not mergeable(sb, s, cfg, self.groups, self.incident_groups):
                continue
            why = (
                f"bridging report: scores {score[b]:.2f} and {score[i]:.2f}"
                if bridge
                else f"converging stories: centroid cosine {ccos[i]:.2f}"
            )
            out.append((int(ca[i]), why))
        self.bridged = out

    def _entity_scores(self, f: Features, ca: np.ndarray) -> np.ndarray:
        """Overlap coefficient of the names, idf weighted (only when ``entity_weight`` > 0)."""
        ents = f.ents
        if not ents.shape[0]:
            return np.zeros(ca.shape[0])
        table = self.table
        table.scratch_for(self.vocab.n)
        es = table.escratch
        eidf = idf(self.vocab, ents).astype(np.float32)
        es[ents] = eidf
        et = table.et[ca]
        shared = es[et]
        es[ents] = 0.0
        sw = shared.sum(axis=1)
        story_w = np.where(et >= 0, idf(self.vocab, np.maximum(et, 0)), 0.0).sum(axis=1)
        denom = np.minimum(story_w, float(eidf.sum()))
        return np.where(denom > 0, sw / np.maximum(denom, 1e-9), 0.0)

    def _names_conflict(self, f: Features, ca: np.ndarray) -> list[bool]:
        """Two events of one kind: the article's main names are nowhere in the story and the
        story's main names nowhere in the article (only when ``key_names`` > 0)."""
        cfg = self.config
        table = self.table
        ents = f.ents
        assert f.w is not None
        ew = f.w[f.epos]
        a_key = ents[np.argsort(-ew)[: cfg.key_names]]
        pt, et = table.pt[ca], table.et[ca]
        hit_a = np.isin(pt, a_key).any(axis=1) | np.isin(et, a_key).any(axis=1)
        table.scratch_for(self.vocab.n)
        mark = table.mark
        mark[f.tids] = True
        s_key = et[:, : cfg.key_names]
        hit_s = mark[s_key].any(axis=1)
        mark[f.tids] = False
        return cast("list[bool]", (~hit_a & ~hit_s & (s_key[:, 0] >= 0)).tolist())


def near_duplicate_score(text_a: str, text_b: str, config: DedupConfig | None = None) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets (the index's near-dup score)."""
    cfg = config or DedupConfig()
    fa = extract_features("", text_a, None, cfg)
    fb = extract_features("", text_b, None, cfg)
    if fa.chash == fb.chash:
        return 1.0
    ma = minhash_values(fa.shingles, cfg.num_perm)
    mb = minhash_values(fb.shingles, cfg.num_perm)
    return float(np.count_nonzero(ma == mb)) / cfg.num_perm


def near_duplicate(text_a: str, text_b: str, config: DedupConfig | None = None) -> bool:
    """The index's near-duplicate decision for two texts."""
    cfg = config or DedupConfig()
    return near_duplicate_score(text_a, text_b, cfg) >= cfg.near_dup_threshold
