"""The knobs of the story index (``DedupConfig``), and the ones the runtime settings set."""

from __future__ import annotations

from pydantic import BaseModel, Field, model_validator

from streams.settings import Settings


class DedupConfig(BaseModel):
    """Knobs of the story index. Defaults are tuned for precision over recall."""

    window_hours: float = Field(72, gt=0)
    max_stories: int = Field(200_000, ge=1)
    same_event_hours: float = Field(48, gt=0)  # max gap between a report and its story
    # near duplicates (MinHash)
    num_perm: int = Field(64, ge=16)
    near_dup_threshold: float = Field(0.5, gt=0, le=1)  # estimated Jaccard of shingle sets
    short_text_tokens: int = Field(30, ge=1)  # fewer content tokens: unigram+bigram shingles
    # a text with fewer distinct terms than this besides dates and times (a dateline, "Updated
    # 12:46 PM") is matched only exactly (URL, content), never as near duplicate or same event
    min_content_terms: int = Field(2, ge=0)
    # same event
    same_event_threshold: float = Field(
        0.39, gt=0, le=1
    )  # cosine to the story centroid (+ names), after penalties
    # ... for a short text (fewer than short_text_tokens tokens: a headline, a post, a one-line
    # note): with few words, two shared names alone lift the cosine over the threshold
    short_same_event_threshold: float = Field(0.65, gt=0, le=1)
    margin: float = Field(0.03, ge=0, le=1)  # best story must beat the second best by this much
    entity_weight: float = Field(0.0, ge=0, le=1)  # weight of the shared-names score
    entity_boost: float = Field(2.5, ge=1)  # tf-idf boost of names in the vectors
    years_gap: int = Field(2, ge=1)  # ... and no year named on one side within this many of one on the other
    years_penalty: float = Field(0.3, ge=0, le=1)  # factor when both mention years, none shared
    # a report naming more years than this reads as background (a career, a history): it takes no
    # years penalty and adds no years to its story
    years_max: int = Field(2, ge=1)
    # factor when both name months, none shared (0.8: chosen by 4-fold cross-validation over the
    # ECB+ topics, python -m tools.eval_dedup --knob-folds months_penalty=...; docs/stories.md)
    months_penalty: float = Field(0.8, ge=0, le=1)
    months_max: int = Field(2, ge=1)  # ... the same rule as years_max, for the months a report names
    profile_terms: int = Field(32, ge=8)  # centroid terms kept per story
    story_names: int = Field(8, ge=1)  # names kept per story (heaviest in the centroid, then rarest)
    key_names: int = Field(0, ge=0)  # main names compared for the distinct-names penalty (0: off)
    names_penalty: float = Field(0.5, ge=0, le=1)  # factor when neither side has the other's main names
    index_terms: int = Field(12, ge=1)  # heaviest centroid terms put in the inverted index
    query_terms: int = Field(20, ge=1)  # heaviest article terms looked up
    posting_cap: int = Field(16, ge=1)  # stories kept per term (most recent)
    max_candidates: int = Field(6, ge=1)  # candidates scored in full
    reindex_reports: int = Field(4, ge=1)  # reports after which a story's index terms are frozen
    # classifier evidence (short posts, tweets): same family+country+(place|target)+time+a name
    evidence_hours: float = Field(12, gt=0)
    # ... times 1 + log2(n / evidence_large_reports) for a story of n >= evidence_large_reports
    # reports (a bombing that draws hundreds of posts is talked of for days; 0: off)
    evidence_large_reports: int = Field(5, ge=0)
    evidence_min_cos: float = Field(0.1, ge=0, le=1)
    # ... but within this many minutes of the story's latest report a report of its family,
    # country and place with a shared name joins whatever the cosine: while a city is the news its
    # name is in every post, its weight falls, and the posts' other words differ (the toll, the
    # suspect, the police); two events of one family in one city within the hour are rare; a large
    # story (evidence_large_reports) is followed longer, as for evidence_hours (0: off)
    evidence_close_minutes: float = Field(60, ge=0)
    # ... and within it a story of another event family there joins too (one event read two ways)
    evidence_close_any_family: bool = True
    # ... when neither side has a place or target: this many shared names and this cosine
    evidence_names_without_place: int = Field(1, ge=1)
    evidence_min_cos_without_place: float = Field(0.25, ge=0, le=1)
    story_cache: int = Field(2048, ge=1)  # Story models kept for get()
    # one incident (streams/dedup/incidents.py): a report of an incident family (or a family
    # compatible with one) naming a country that joins no story by its text joins the live
    # incident of its family group, country and region. The join score decays with the gap since
    # the incident's latest report (Gaussian): a short post with no text evidence joins up to
    # incident_hours after it, evidence (place, names, cosine) up to 1.6 x incident_hours (0: off)
    incident_hours: float = Field(24, ge=0)
    # ... for these families only: an area event (a flood, a quake) is one incident per region and
    # day; two attacks in one country on one day are two events (ACLED codes several a day)
    incident_families: tuple[str, ...] = ("disaster",)
    incident_span_hours: float = Field(168, gt=0)
    # a named incident ("Typhoon Haiyan", "#HighParkFire"): a report that shares a name with the
    # incident's head story (besides the countries' own) decays over this scale instead: a short post
    # with that one name and no other evidence joins up to incident_named_hours after the incident's
    # latest report, within incident_span_hours of its start (0: off). A named event is followed for
    # days; the names keep two disasters of one region apart
    incident_named_hours: float = Field(48, ge=0)
    # a large incident (its head story holds n >= incident_large_reports reports) covers its whole
    # country (any region agrees) and lasts longer: its decay scales and span are multiplied by
    # 1 + log2(n / incident_large_reports) (0: off)
    incident_large_reports: int = Field(5, ge=0)
    # ... the regions of its country whose centres lie within this many km of its own region's
    # (0: the whole country): floods across neighbouring provinces are one incident, a blast two
    # days after a bombing at the other end of the country is not
    incident_large_km: float = Field(800, ge=0)
    # an area event strikes a region at once, across borders: while an incident is the news (within
    # incident_near_minutes of its latest report, times 1 + log2(n / incident_large_reports) for a
    # large one; never on dates alone), a report of its group placed in a region whose centre lies
    # within incident_near_km of the incident's region, in its country or the next, is of its area
    # (a quake felt in Cap-Haitien and in Dajabon across the border; 0: off)
    incident_near_km: float = Field(200, ge=0)
    incident_near_minutes: float = Field(120, ge=0)
    # families that may describe one event: never vetoed as "another event family", and a report
    # of one may join an incident of another (with text evidence). An explosion is a bombing in
    # one report and an industrial disaster in the next
    compatible_families: tuple[tuple[str, ...], ...] = (("disaster", "explosive"),)
    # who may open an alert: a story that names no place and no country alerts only once a burst
    # formed: burst_reports reports from burst_sources independent sources within burst_minutes
    burst_reports: int = Field(3, ge=1)
    burst_sources: int = Field(2, ge=1)
    burst_minutes: float = Field(30, gt=0)
    # a short post (a social post) that names a place or a country and opens a story alone may be
    # held too: it waits until corroborate_reports reports (any sources) lie within
    # corroborate_minutes, or a full report joins it. 1 (the default): it alerts at once. Off by
    # default: one-line wire notes (ACLED) are short too, and most would never alert
    corroborate_reports: int = Field(1, ge=1)
    corroborate_minutes: float = Field(60, gt=0)
    # ... and while a large incident lives (incident_large_reports), a short post that names a
    # country none of the large live incidents is in and opens a story alone waits for this many
    # reports within corroborate_minutes, or a full report (1: off). A post about another country
    # than the dominant incidents is most often a passing mention or a place misread
    foreign_corroborate_reports: int = Field(2, ge=1)
    # ... but not a post whose place its text confirms (``Classification.place_confirmed``: the
    # place and its country, region or another place of it, no other country: "Canmore, Alta.
    # declares state of emergency", "Earthquake in Iloilo, Philippines")
    foreign_confirmed: bool = True
    # late merge (docs/stories.md): two held stories found to be one event merge, the older one
    # (an alerted one first) surviving. A bridging report: it scores at least its join threshold
    # with both; converging stories: the centroid of the story a report joins and that of another
    # candidate reach a cosine of merge_centroid_cos. Either needs the two stories to agree with
    # each other: family group, country, place, time (same_event_hours), years and months
    late_merge: bool = True
    merge_centroid_cos: float = Field(0.5, gt=0, le=1)
    # ... and a bridging report's two stories need this centroid cosine between each other too
    merge_bridge_cos: float = Field(0.0, ge=0, le=1)
    # ... and two stories that both name weekdays (their reports' full weekday names), none in
    # common, do not merge (vetoes.mergeable)
    merge_weekdays: bool = True
    # aftermath reports (streams/dedup/aftermath.py): a report that refers back to an event ("after
    # the marathon bombing") and joins no story by its text joins the active story of its family
    # (and country) holding the words of that reference, within same_event_hours of its latest
    # report and reference_span_hours of its first (0: off); a report whose own act is a reaction
    # (a vigil, security raised) never opens an alerting story and never releases a held one
    reference_span_hours: float = Field(72, ge=0)
    reaction_hold: bool = True

    @model_validator(mode="after")
    def _burst_sources_fit(self) -> DedupConfig:
        if self.burst_sources > self.burst_reports:
            raise ValueError(
                f"burst_sources ({self.burst_sources}) cannot exceed burst_reports ({self.burst_reports})"
            )
        return self

    def partition_family(self, family: str) -> str:
        """The family that keys a report on the classified topic: the first family of its group of
        compatible families (itself when it has none), so that every report that may join a story
        lands on the partition that holds it."""
        for group in self.compatible_families:
            if family in group:
                return group[0]
        return family

    def join_threshold(self, short: bool) -> float:
        """The same-event score a text needs to join a story (``short``: a short text)."""
        return self.short_same_event_threshold if short else self.same_event_threshold

    @classmethod
    def from_settings(cls, settings: Settings) -> DedupConfig:
        """The knobs that the runtime settings set (``dedup_*``); the rest keep their defaults."""
        knobs = {
            "window_hours": settings.dedup_window_hours,
            "max_stories": settings.dedup_max_stories,
            "same_event_threshold": settings.dedup_same_event_threshold,
            "short_same_event_threshold": settings.dedup_short_same_event_threshold,
            "incident_hours": settings.dedup_incident_hours,
            "burst_reports": settings.dedup_burst_reports,
            "burst_sources": settings.dedup_burst_sources,
            "burst_minutes": settings.dedup_burst_minutes,
            "corroborate_reports": settings.dedup_corroborate_reports,
            "corroborate_minutes": settings.dedup_corroborate_minutes,
        }
        return cls(**{k: v for k, v in knobs.items() if v is not None})
