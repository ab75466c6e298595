"""Cross-source story deduplication: the story index (``StoryIndex``) and its knobs
(``DedupConfig``); ``streams.assign`` runs a report through it and the story lifecycle.

Modules, one job each: ``config`` (knobs), ``tokens`` (hashing tokenizer), ``vocabulary`` (term
ids and per-index term statistics), ``minhash`` (signatures and shingles), ``features`` (what
the index knows of one text), ``weights`` (tf-idf and names), ``slots`` (the stories held),
``postings`` (inverted index), ``vetoes`` (same-event vetoes and reasons), ``matcher`` (the join
decision), ``index`` (``StoryIndex``).
"""

from streams.dedup.config import DedupConfig
from streams.dedup.index import Match, Prepared, StoryIndex, story_id_for
from streams.dedup.matcher import near_duplicate

__all__ = [
    "DedupConfig",
    "Match",
    "Prepared",
    "StoryIndex",
    "near_duplicate",
    "story_id_for",
]
