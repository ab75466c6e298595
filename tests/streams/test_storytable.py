"""The stories table waits for its changelog writes before an alert (streams/storytable.py)."""

from __future__ import annotations

import asyncio

import faust
import pytest

from streams.storytable import StoryTable, story_table


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
