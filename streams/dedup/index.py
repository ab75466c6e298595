"""Cross-source story deduplication: a pure, in-memory, bounded story index.

The index answers, online and in arrival order, which held story a report joins:
``StoryIndex.match(article, classification)`` gives a ``Match`` (the story, or none; how, with
which score, and why no story was joined); once the story lifecycle (``streams.stories``) has
merged the report into that story's record (or made the new story's), ``StoryIndex.record``
adds the report to the index. ``streams.assign.assign`` does the three steps in order; the
matching itself is ``matcher.Matcher``'s.

Layout: words are interned to integer term ids once (per process, ``vocabulary.Lexicon``);
document frequencies and case counts are numpy arrays indexed by term id (per index,
``vocabulary.Vocab``). Each story is a slot (``slots.SlotTable``): its centroid, names and MinHash
in arrays, its record and the scalars the matcher tests per candidate in a ``slots.Slot``.
Candidates come from an inverted index over each story's heaviest terms (``postings.Postings``).
A pydantic ``Story`` is only built for a story a caller asks for (``story_of``, ``get``: a small
cache keeps the last ones, so ``get`` returns the same object until the story changes).

Batches (``prepare``): runs of up to 64 articles whose ids the index does not hold (a possible
repeat goes alone). A run's text features, names and tf-idf come from one numpy pass over its
texts, new words getting their term ids in one-by-one order and each article's statistics being
the run's start values plus the counts of the articles before it. Matching and merging stay per
article, in order: the decisions are the one-by-one path's (``tests/streams/test_dedup_batch.py``).

Speed: ``python bench/dedup_bench.py``. Every decision is the all-numpy version's (a 20k-article
trace, ECB+, the seeds); the candidate lookup is checked in ``tests/streams/test_dedup_index.py``.

State is bounded by a time window (relative to the newest event time seen, so replays are
deterministic) and a maximum number of stories, evicted oldest first.
"""

from __future__ import annotations

import heapq
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from datetime import datetime
from itertools import islice

import numpy as np

from streams.dedup import aftermath
from streams.dedup.codes import Codes, story_id_for, ts
from streams.dedup.config import DedupConfig
from streams.dedup.features import Features, drop_background_dates, extract_features, text_run
from streams.dedup.incidents import Incidents
from streams.dedup.match import Match, reposted
from streams.dedup.matcher import Matcher, country_words
from streams.dedup.places import CountryNames, region_km, region_of, whole_region
from streams.dedup.postings import Postings
from streams.dedup.slots import SlotTable
from streams.dedup.vocabulary import Vocab, days_mask, days_of
from streams.dedup.weights import weigh, weigh_run
from streams.models import Article, Classification, Location, Severity, Story
from streams.stories import StoryRecord, absorb_record, event_time, record_of_story, story_of_record
from streams.taxonomy import Taxonomy, load_taxonomy
from streams.textnorm import term_of

_RUN = 64  # at most this many articles per run of text features (larger runs: larger temporaries, no faster)

# an article's text features computed with its run (``StoryIndex.prepare``), and its terms'
# document frequencies after it
Prepared = tuple[Features, np.ndarray]
Item = tuple[Article, Classification | None]


class StoryIndex:
    """In-memory story index. Not thread-safe: one per worker/partition. ``taxonomy``: the
    categories' families (reports of different families are never one event); default: the
    shipped config/categories.yaml."""

    def __init__(
        self, config: DedupConfig | None = None, vocab: Vocab | None = None, taxonomy: Taxonomy | None = None
    ):
        self.config = cfg = config or DedupConfig()
        self.taxonomy = taxonomy or load_taxonomy()
        self.vocab = vocab or Vocab()  # per index: df and case statistics are state
        self.table = SlotTable(cfg)
        self.postings = Postings(cfg.posting_cap)
        self._heap: list[tuple[float, int]] = []
        self._newest: float | None = None
        self._evicted_in_add: list[str] = []
        self._cache: OrderedDict[str, Story] = OrderedDict()  # oldest first (popitem: O(1))
        self.pending: set[str] = set()  # ids of the stories held back (``StoryRecord.pending``)
        self._fam = Codes()
        self._ctry = Codes()
        self._place = Codes()
        self._region = Codes()
        self.matcher = Matcher(cfg, self.vocab, self.table, self.postings, self._ctry.value)
        # families that may describe one event: family code -> the code of its group (the first
        # family of its compatible_families entry); a group with an incident family has incidents
        self._groups = self.matcher.groups
        self._group_rep = {f.lower(): g[0].lower() for g in cfg.compatible_families for f in g}
        self._incident_fams = frozenset(self._fam(x) for x in cfg.incident_families)
        self._incident_grps = frozenset(self._group(x) for x in self._incident_fams)
        self.incidents = Incidents(cfg, self.table, self.vocab)
        self.incidents.km = self._regions_km
        self.matcher.incident_groups = self._incident_grps
        # the final records of the stories merged away by the last report (``merged``)
        self.merged: list[StoryRecord] = []
        self._country_names = CountryNames(self.vocab.lex)
        # country code -> the term ids of its names' words, and the words not in the lexicon yet
        self._cterms: dict[int, tuple[frozenset[int], tuple[str, ...]]] = {}
        self._pterms: dict[int, frozenset[int]] = {}  # place code -> its name's term ids

    # ------------------------------------------------------------------ stories held

    def __len__(self) -> int:
        return len(self.table.sid)

    def __contains__(self, story_id: object) -> bool:
        return story_id in self.table.sid

    def get(self, story_id: str) -> Story | None:
        s = self._cache.get(story_id)
        if s is not None:
            return s
        slot = self.table.sid.get(story_id)
        if slot is None:
            return None
        s_ = self.table.slots[slot]
        assert s_ is not None
        return self.story_of(s_.rec)

    def stories(self) -> Iterator[Story]:
        for sid in list(self.table.sid):
            s = self.get(sid)
            assert s is not None
            yield s

    def story_of(self, rec: StoryRecord) -> Story:
        """The ``Story`` model of a record (cached: ``get`` returns it until the story changes)."""
        s = story_of_record(rec)
        slot = self.table.sid.get(rec.story_id)
        if slot is not None:  # the text profile, kept with the stored story for a faithful restore
            tids, weights, names = self.table.profile(slot)
            words = self.vocab.lex.words
            s.profile = {words[t]: round(w, 4) for t, w in zip(tids, weights, strict=True)}
            s.profile_names = [words[t] for t in names]
            held = self.table.slots[slot]
            s.profile_days = days_of(held.days) if held is not None else None
        cache = self._cache
        cache.pop(rec.story_id, None)
        cache[rec.story_id] = s
        if len(cache) > self.config.story_cache:
            cache.popitem(last=False)
        return s

    def hours_behind(self, article: Article) -> float:
        """How many hours the report's event time lies behind the newest event time seen (0 when
        it is the newest): beyond ``window_hours`` no story of its time is held any more."""
        if self._newest is None:
            return 0.0
        return max(0.0, (self._newest - ts(event_time(article))) / 3600.0)

    def drain_evicted(self) -> list[str]:
        """Story ids that ``match`` or ``record`` evicted by themselves (window or size) since the
        last call, so a caller that mirrors the stories in a table can delete them there too."""
        out, self._evicted_in_add = self._evicted_in_add, []
        return out

    def restore(self, stories: Iterable[Story]) -> None:
        """Rebuild the index from persisted stories (e.g. a Faust changelog table on recovery).

        Stories keep no article bodies: a restored story is indexed by its reports' article ids,
        URLs and titles, and its text profile (centroid terms and names) is the one it was stored
        with (``Story.profile``), when it has one.
        """
        table = self.table
        stories = list(stories)
        # a story merged into another (a late merge) is not held again: its final state says so
        # (``merged_into``), or the survivor's ``merged_from`` does when that final state was lost
        gone = {x for st in stories for x in st.merged_from}
        for story in stories:
            if story.merged_into is not None or story.story_id in gone:
                continue
            self._restore_one(story)
        # a merge whose loser's final state was stored but not the survivor's (the loser is
        # written first): the survivor takes the loser again
        into = {st.story_id: st.merged_into for st in stories if st.merged_into is not None}
        for story in stories:
            target = story.merged_into
            if target is None or story.story_id in gone:
                continue
            seen = {story.story_id}
            while target not in table.sid and target in into and target not in seen:
                seen.add(target)
                target = into[target]
            slot = table.sid.get(target)
            if slot is None or story.story_id in table.record(slot).merged_from:
                continue
            survivor = table.record(slot)
            loser_slot = self._restore_one(story)
            absorb_record(survivor, table.record(loser_slot), self.taxonomy, "merge redone on restore")
            self._absorb_slots(slot, loser_slot, survivor)
        if self._newest is not None:
            self.evictts(self._newest)
        self.incidents.rebuild(self._groups, self._incident_fams)
        self.matcher.rebuild_places()

    def _restore_one(self, story: Story) -> int:
        """Hold a persisted story again (its slot): indexed by its reports' titles and URLs."""
        cfg, vocab, table = self.config, self.vocab, self.table
        if story.story_id in table.sid:
            self._drop(table.sid[story.story_id])
        rec = record_of_story(story)
        rec.merged_into = None
        t_last = ts(story.last_seen)
        slot = table.new(rec, ts(story.first_seen), t_last)
        if rec.pending:
            self.pending.add(rec.story_id)
        self._set_codes(slot, story.category, story.location.country, story.location.place, story.target)
        if self._newest is None or t_last > self._newest:
            self._newest = t_last
        for r in story.reports:
            f = extract_features(r.title, "", r.url, cfg, vocab, count=True)
            weigh(vocab, f, cfg.entity_boost)
            drop_background_dates(f, cfg)
            self._fold(slot, r.article_id, f)
        if story.profile:  # the profile it had (bodies included), not the headlines' one
            lex = vocab.lex
            self.table.set_profile(
                slot,
                [lex.term_id(t) for t in story.profile],
                list(story.profile.values()),
                [lex.term_id(t) for t in story.profile_names or ()],
            )
            vocab.fit()
            terms = self.table.new_index_terms(slot)
            if terms:
                self.postings.fit(lex.n)
                self.postings.add(slot, terms)
        if story.profile_days:  # the weekdays its reports named (bodies included)
            held = table.slots[slot]
            assert held is not None
            held.days |= days_mask(story.profile_days)
        heapq.heappush(self._heap, (t_last, slot))
        return slot

    def evict(self, now: datetime) -> list[str]:
        """Drop stories whose last report is older than the window before ``now`` (and, beyond
        ``max_stories``, the oldest ones). Returns the evicted story ids."""
        return self.evictts(ts(now))

    def evictts(self, now_ts: float) -> list[str]:
        cutoff = now_ts - self.config.window_hours * 3600.0
        out: list[str] = []
        heap = self._heap
        slots = self.table.slots
        sid = self.table.sid
        while heap:
            ts, slot = heap[0]
            s = slots[slot]
            if s is None or s.t_last != ts:
                heapq.heappop(heap)  # stale entry
                continue
            if ts < cutoff or len(sid) > self.config.max_stories:
                heapq.heappop(heap)
                out.append(s.rec.story_id)
                out.extend(s.rec.merged_from)  # their final states leave the table with it
                self._drop(slot)
                continue
            break
        if len(heap) > 4 * len(sid) + 1024:
            self._heap = [(s.t_last, i) for i, s in enumerate(slots) if s is not None]
            heapq.heapify(self._heap)
        return out

    # ------------------------------------------------------------------ matching

    def prepare(
        self, items: Iterable[Item]
    ) -> Iterator[tuple[Article, Classification | None, Prepared | None]]:
        """(article, classification, text features computed with its run or None), in order, for
        ``match``: matching each article before the next is drawn gives the decisions of matching
        them one by one. The features come in runs of articles that cannot be repeats of an
        article held (their id is not in the index when the run starts, nor earlier in the run):
        ``match`` answers a repeat before its features, so a run stops before a possible repeat,
        which takes the one-by-one path. New words then get their term ids in the order
        one-by-one processing gives them.

        The articles are only read (``id``, ``source``, ``url``, ``title``, ``body``,
        ``published_at``, ``ingested_at``): trusted input may come as ``Article.model_construct``
        objects, without validation."""
        it = iter(items)
        while chunk := list(islice(it, _RUN)):
            yield from self._prepare(chunk)

    def _prepare(self, items: list[Item]) -> Iterator[tuple[Article, Classification | None, Prepared | None]]:
        keys = self.table.keys
        cfg, vocab = self.config, self.vocab
        i, n = 0, len(items)
        while i < n:
            j = i
            seen: set[str] = set()
            while j < n and j - i < _RUN:
                aid = items[j][0].id
                if aid in keys or aid in seen or aid[:1] == "\x00":  # ("\x00u:": a URL key)
                    break
                seen.add(aid)
                j += 1
            if j == i:
                a, c = items[i]
                yield a, c, None
                i += 1
                continue
            run = items[i:j]
            tr = text_run([(a.title, a.body, a.url) for a, _ in run], cfg, vocab.lex)
            vocab.fit()
            dfs = weigh_run(vocab, tr, cfg.entity_boost)
            for (a, c), (f, _), d in zip(run, tr.out, dfs, strict=True):
                yield a, c, (f, d)
            i = j

    def match(
        self, article: Article, classification: Classification | None = None, prepared: Prepared | None = None
    ) -> Match:
        """Which held story the report joins (online, no look-ahead). Reads the report into the
        index's term statistics (and evicts the stories its time pushes out of the window): a
        match must be followed by ``record`` before the next one. ``prepared``: its features from
        ``prepare``."""
        cfg = self.config
        self.merged = []
        t = ts(event_time(article))
        newest = self._newest
        if newest is None or t > newest:
            self._newest = newest = t
        if self._heap and self._heap[0][0] < newest - cfg.window_hours * 3600.0:
            self._evicted_in_add.extend(self.evictts(newest))
        table = self.table
        slot = table.keys.get(article.id)
        if slot is not None:  # a repeat of an article already held changes nothing
            rec = table.record(slot)
            return Match("url" if article.url is not None else "content", 1.0, rec.story_id, rec, None, True)
        vocab = self.vocab
        if prepared is None:
            f = extract_features(article.title, article.body, article.url, cfg, vocab, count=True)
            weigh(vocab, f, cfg.entity_boost)
        else:  # features, names and tf-idf computed with the run (prepare), the counts stored now
            f = prepared[0]
            vocab.n_docs += 1
            if f.tl:
                vocab.df[f.tids] = prepared[1]
        drop_background_dates(f, cfg)
        c = classification
        if c is not None:
            fam = self._fam(self.taxonomy.family(c.category))
            loc = c.location
            ctry = self._ctry(loc.country) if loc is not None else 0
            place = self._place(loc.place) if loc is not None else 0
            target = self._place(c.target)
            if fam:
                self._group(fam)  # (its group known to the vetoes)
        else:
            fam = ctry = place = target = 0
            loc = None
        region = self._region(region_of(loc.country, loc.place)) if loc is not None and place else 0
        wide = loc is not None and whole_region(loc.country, loc.place)
        kind, score, slot, why = self.matcher.match(f, t, fam, ctry, place, target, region, wide)
        copy_of = slot if kind in ("near_duplicate", "content") and reposted(article.body) else None
        # a report naming a country that joins no story by text, or a short one that joins only a
        # pending story (placeless posts held back, that it would release as a second alert),
        # joins its live incident
        held_back = slot is not None and f.short and table.record(slot).pending
        bridged = self.matcher.bridged
        if (
            (slot is None or held_back)
            and ctry
            and cfg.incident_hours
            and self._group(fam) in self._incident_grps
        ):
            pending_slot = slot if held_back else None
            inc_slot, found_score, found = self._same_incident(f, fam, ctry, place, loc, t)
            # no live incident: the report keeps the held story it matched by text (it was
            # dropped, and the report opened a story of its own beside the held one)
            if inc_slot is not None:
                slot = inc_slot
                kind, score, why = "same_incident", found_score, found
                bridged = []
                if pending_slot is not None and pending_slot != slot and cfg.late_merge:
                    # the pending story the report matched by text is of the incident: one story
                    bridged = [(pending_slot, "a report of the incident matched it by text")]
        # a report referring back to an event it did not join by text (streams/dedup/aftermath.py)
        reaction, got = aftermath.consider(self, article, c, slot, (fam, ctry, place, region), wide, t)
        if got is not None:
            (slot, score, why), kind, bridged = got, "same_event", []
        if slot is None:
            sid = story_id_for(article.id)
            if sid in table.sid:  # same article id after eviction of its story: a new story
                sid = story_id_for(f"{article.id}@{t}")
            m = Match(kind, score, sid, None, why)
            m._codes = (fam, ctry, place, target)
        else:
            rec = table.record(slot)
            m = Match(kind, score, rec.story_id, rec, why)  # why: the evidence of a join, or None
            m.merges = [(table.record(i), w) for i, w in bridged if i != slot]
        m.short, m.reaction, m.copy = f.short, reaction, copy_of is not None and copy_of == slot
        if slot is None and f.short and ctry and cfg.foreign_corroborate_reports > 1:
            large = self.incidents.large_countries(t)
            # (a place its text confirms is no passing mention: config.foreign_confirmed)
            m.foreign = (
                bool(large)
                and ctry not in large
                and not (cfg.foreign_confirmed and c is not None and c.place_confirmed)
            )
        m._aid, m._f, m._t, m._slot, m._classified = (
            article.id,
            f,
            t,
            -1 if slot is None else slot,
            c is not None,
        )
        m._event = c is None or c.severity != Severity.none
        return m

    def record(self, m: Match, rec: StoryRecord) -> None:
        """Add the matched report to its story: ``rec`` is the story's record with the report
        merged in (``m.record``), or the new story's."""
        if m.repeat:
            return
        cfg, table = self.config, self.table
        t: float = m._t
        self._cache.pop(rec.story_id, None)  # the cached model is out of date
        if rec.pending:
            self.pending.add(rec.story_id)
        else:
            self.pending.discard(rec.story_id)
        if m.record is None:
            slot = table.new(rec, t, t)
            s = table.slots[slot]
            assert s is not None
            # the record's codes are the classification's (a new record takes them as they are)
            s.fam, s.ctry, s.place, s.target = m._codes
            self._fold(slot, m._aid, m._f)
            heapq.heappush(self._heap, (t, slot))
            s.region = self._region(region_of(rec.country, rec.place))
            s.wide = whole_region(rec.country, rec.place)
            self._note_incident(slot, t)
            if len(table.sid) > cfg.max_stories:
                newest = self._newest
                assert newest is not None  # (set by match)
                self._evicted_in_add.extend(self.evictts(newest))
            return
        slot = m._slot
        s = table.slots[slot]
        assert s is not None
        if t > s.t_last:
            s.t_last = t
            heapq.heappush(self._heap, (t, slot))
        if t < s.t_first:
            s.t_first = t
        if m._classified:
            self._set_codes(slot, rec.category, rec.country, rec.place, rec.target)
        self._fold(slot, m._aid, m._f)
        if m._event:  # a report that is no event (a routine bulletin, an aftermath post) joins
            self._note_incident(slot, t)  # its incident but does not keep it alive

    def absorb(self, m: Match, survivor: StoryRecord, loser: StoryRecord) -> None:
        """A late merge in the index: the loser's slot folds into the survivor's (centroid, names,
        keys, times: ``SlotTable.merge``), the loser leaves the index, the incidents it headed
        pass to the survivor, and the match ``m`` now leads to the survivor. The records are
        merged already (``stories.merge_records``); the loser's final record is kept in
        ``merged`` until the next ``match``."""
        table = self.table
        ks, kl = table.sid[survivor.story_id], table.sid[loser.story_id]
        self.incidents.merged(ks, kl)
        self._absorb_slots(ks, kl, survivor)
        m._slot, m.record, m.story_id = ks, survivor, survivor.story_id
        self.merged.append(loser)

    def _absorb_slots(self, ks: int, kl: int, survivor: StoryRecord) -> None:
        """The slot part of a late merge: ``kl`` folds into ``ks`` and leaves the index."""
        table = self.table
        table.merge(ks, kl, self.vocab)
        self._drop(kl)
        self._set_codes(ks, survivor.category, survivor.country, survivor.place, survivor.target)
        s = table.slots[ks]
        assert s is not None
        heapq.heappush(self._heap, (s.t_last, ks))
        terms = table.new_index_terms(ks)
        if terms:
            self.postings.fit(self.vocab.lex.n)
            self.postings.add(ks, terms)
        self._cache.pop(survivor.story_id, None)
        if survivor.pending:
            self.pending.add(survivor.story_id)
        else:
            self.pending.discard(survivor.story_id)

    def _regions_km(self, a: int, b: int) -> float | None:
        """The distance in km between the centres of two regions (codes), or None (unknown)."""
        return 0.0 if a == b else region_km(self._region.value[a], self._region.value[b])

    def _group(self, fam: int) -> int:
        """The code of the family's group of compatible families (itself when it has none)."""
        g = self._groups.get(fam)
        if g is None:
            name = self._fam.value[fam]
            g = self._groups[fam] = self._fam(self._group_rep.get(name, name)) if fam else 0
        return g

    def _note_incident(self, slot: int, t: float) -> None:
        """Tell the incidents a report at ``t`` was recorded in the story (when it has a country
        and a family of an incident group)."""
        s = self.table.slots[slot]
        assert s is not None
        self.matcher.note_place(slot, s)
        if s.ctry and s.fam and self.config.incident_hours:
            grp = self._group(s.fam)
            if grp in self._incident_grps:
                self.incidents.note(grp, slot, t, s.fam in self._incident_fams)

    def _country_terms(self, ctry: int) -> frozenset[int]:
        """The term ids of the words of the country's own names (no evidence of one event)."""
        got = self._cterms.get(ctry)
        if got is None:
            got = (frozenset(), tuple(country_words().get(self._ctry.value[ctry], ())))
        ids, waiting = got
        if waiting:  # words the stream has not shown yet: look them up again
            term = self.vocab.term
            found = [term[w] for w in waiting if w in term]
            if found or ctry not in self._cterms:
                ids = ids.union(found)
                waiting = tuple(w for w in waiting if w not in term)
                self._cterms[ctry] = (ids, waiting)
        return ids

    def _place_terms(self, place: int) -> frozenset[int]:
        """The term ids of the words of a place's name (empty until the stream has seen them all)."""
        got = self._pterms.get(place)
        if got is None:
            term = self.vocab.term
            ids = [term.get(t) for w in self._place.value[place].split() if (t := term_of(w))]
            if None in ids:
                return frozenset()
            got = self._pterms[place] = frozenset(i for i in ids if i is not None)
        return got

    def _same_incident(
        self, f: Features, fam: int, ctry: int, place: int, loc: Location | None, t: float
    ) -> tuple[int | None, float, str]:
        """The live incident the report joins (``incidents.Incidents.find``): its head story's
        slot, the score and the evidence, or (None, 0, "")."""
        ctries = [ctry]
        if f.short:  # a post may name the incident's country beside its own
            code = self._ctry.code
            for iso in self._country_names.named(f.tids):
                c = code.get(iso)
                if c is not None and c not in ctries:
                    ctries.append(c)
        r = region_of(loc.country, loc.place) if loc is not None else None
        region = self._region(r)  # coded even when no story holds it yet: its distance counts
        other, grp = fam not in self._incident_fams, self._group(fam)
        plain, terms, pt = f.short and not other, self._country_terms, self._place_terms
        got = self.incidents.find(f, t, grp, ctries, place, region, plain, terms, pt, other)
        if got[0] is None and loc is not None and loc.place:  # (``Incidents.elsewhere``)
            name, elsewhere = loc.place, self.incidents.elsewhere
            return elsewhere(
                grp,
                ctry,
                lambda c: self._region(region_of(self._ctry.value[c], name)),
                lambda c, r: self.incidents.find(f, t, grp, [c], place, r, plain, terms, pt, other),
            )
        return got

    # ------------------------------------------------------------------ bookkeeping

    def _set_codes(
        self, slot: int, category: str | None, country: str | None, place: str | None, target: str | None
    ) -> None:
        s = self.table.slots[slot]
        assert s is not None
        s.fam = self._fam(self.taxonomy.family(category))
        s.ctry = self._ctry(country)
        s.place = self._place(place)
        s.region = self._region(region_of(country, place))
        s.wide = whole_region(country, place)
        s.target = self._place(target)

    def _fold(self, slot: int, article_id: str, f: Features) -> None:
        """Fold a report into its story's slot; index the story's new heaviest terms while it has
        few reports."""
        cfg = self.config
        n = self.table.fold(slot, article_id, f, self.vocab)
        if n < cfg.reindex_reports and f.n_content >= cfg.min_content_terms:
            terms = self.table.new_index_terms(slot)
            if terms:
                self.postings.fit(self.vocab.lex.n)
                self.postings.add(slot, terms)

    def _drop(self, slot: int) -> None:
        s = self.table.drop(slot)
        if s is None:
            return
        self._cache.pop(s.rec.story_id, None)
        self.pending.discard(s.rec.story_id)
        if s.terms:
            self.postings.remove(slot, np.frombuffer(s.terms, np.intc))
