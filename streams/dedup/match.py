"""The story index's answer for one report (``StoryIndex.match``): the story it joins or why none."""

from __future__ import annotations

import re

from streams.dedup.features import Features
from streams.stories import StoryRecord

# the form of a repost: a retweet ("RT @user: ..."), a share "via @user", a text with a link
REPOST_RE = re.compile(r"^\s*RT @\w+|\bvia @\w+|https?://")


def reposted(text: str) -> bool:
    """Whether a text has the form of a repost of someone's post (a retweet, a share "via", a link)."""
    return REPOST_RE.search(text) is not None


class Match:
    """The index's answer for one report: the story it joins (``record``; None when it opens a
    new story, ``story_id`` being then the new story's id), how (``kind``: url, content,
    near_duplicate, same_event, or new) and with which score, or why it joins none
    (``reason``). ``repeat``: the index holds this article already (``kind`` url or content,
    nothing to merge or record). The rest is what ``StoryIndex.record`` needs."""

    __slots__ = (
        "kind",
        "score",
        "story_id",
        "record",
        "reason",
        "repeat",
        "short",
        "foreign",
        "reaction",
        "_aid",
        "_f",
        "_t",
        "_codes",
        "_slot",
        "_classified",
        "_event",
        "merges",
        "copy",
    )
    _aid: str
    _f: Features
    _t: float
    _codes: tuple[int, int, int, int]
    _slot: int  # the story joined (-1: a new story)
    _classified: bool
    _event: bool  # the report may alert (unclassified, or a severity): it keeps incidents alive

    def __init__(
        self,
        kind: str,
        score: float,
        story_id: str,
        record: StoryRecord | None,
        reason: str | None,
        repeat: bool = False,
    ) -> None:
        self.kind = kind
        self.score = score
        self.story_id = story_id
        self.record = record
        self.reason = reason
        self.repeat = repeat
        self.short = False  # a short text (a post, a headline): set by ``StoryIndex.match``
        # a short post opening a story about a country none of the large live incidents is in,
        # while one lives (``DedupConfig.foreign_corroborate_reports``): set by ``StoryIndex.match``
        self.foreign = False
        # the report's own act is an aftermath of an earlier event (streams/dedup/aftermath.py)
        self.reaction = False
        # held stories found to be one event with the story joined (a late merge), and why
        self.merges: list[tuple[StoryRecord, str]] = []
        # the report is a repost (``reposted``) of the story's first report, matched as a near
        # duplicate: it corroborates nothing (``assign``)
        self.copy = False
        self._event = True
