"""The stories table waits for its changelog writes before an alert, and every table of the
worker checks its changelog partitions once the metadata shows them (streams/storytable.py)."""

from __future__ import annotations

import asyncio

import faust
import pytest

from streams.app import faust_app
from streams.settings import Settings
from streams.storytable import ReadyTable, StoryTable, changelog_verdict, story_table


def test_the_table_is_defined_on_the_app_like_app_table():
    app = faust.App("t-storytable", broker="memory://")
    t = story_table(app, "stories", default=None, partitions=4, key_type=bytes, value_type=bytes)
    assert isinstance(t, StoryTable)
    assert app.tables["stories"] is t
    assert t.changelog_topic.get_topic_name() == "t-storytable-stories-changelog"


async def test_written_waits_for_every_write_since_the_last_call_and_raises_a_failure():
    app = faust.App("t-storytable-2", broker="memory://")
    t = story_table(app, "stories", default=None, partitions=4)
    loop = asyncio.get_running_loop()
    first, second = loop.create_future(), loop.create_future()
    t._unwritten += [first, second]
    waiting = asyncio.ensure_future(t.written())
    await asyncio.sleep(0.01)
    first.set_result(None)
    await asyncio.sleep(0.01)
    assert not waiting.done()  # the second write is not acknowledged yet
    second.set_result(None)
    await asyncio.wait_for(waiting, 1.0)
    assert t._unwritten == []
    # a write the producer gave up on raises (the dedup stage then stops: the report is read again)
    failed = loop.create_future()
    failed.set_exception(RuntimeError("broker gone"))
    t._unwritten.append(failed)
    with pytest.raises(RuntimeError, match="broker gone"):
        await t.written()
    # writes of an earlier event are not waited for
    t._unwritten.append(loop.create_future())
    t.forget_writes()
    await asyncio.wait_for(t.written(), 1.0)


@pytest.mark.parametrize(
    ("source_n", "change_n", "verdict"),
    [
        (4, 4, "ok"),
        (4, 0, "later"),  # the changelog was just created: its partitions are not in the metadata yet
        (4, 2, "mismatch"),
        (2, 4, "mismatch"),
        (None, 0, "ok"),  # Faust checks nothing when either side is unknown
        (4, None, "ok"),
    ],
)
def test_a_changelog_without_partitions_yet_is_checked_again_later(source_n, change_n, verdict):
    assert changelog_verdict(source_n, change_n) == verdict


def test_every_table_of_the_worker_app_checks_its_changelog_that_way(tmp_path):
    app = faust_app(Settings(data_dir=tmp_path))
    assert isinstance(app.Table("delivered_x", default=None, partitions=2), ReadyTable)
    assert issubclass(StoryTable, ReadyTable)
