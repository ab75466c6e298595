"""Which partitions the worker seeks to their beginning after a rebalance (streams.fastfaust)."""

from __future__ import annotations

from kafka import TopicPartition

from streams.positions import Positions, head_is_done, never_committed, position_error


def acked(topic: str) -> bool:
    # as Faust's conductor: stream topics are acknowledged, changelogs and the leader topic are not
    return not (topic.endswith("-changelog") or topic.endswith("__assignor-__leader"))


def test_stream_partitions_without_a_commit_start_from_their_beginning():
    committed = {
        TopicPartition("na.raw", 0): None,  # never committed
        TopicPartition("na.raw", 1): 0,  # committed "read from 0": aiokafka would not seek it
        TopicPartition("na.raw", 2): 17,  # committed: aiokafka seeks it
        TopicPartition("na.classified", 3): None,
    }
    assert sorted(never_committed(committed, acked)) == [
        TopicPartition("na.classified", 3),
        TopicPartition("na.raw", 0),
        TopicPartition("na.raw", 1),
    ]


def test_changelogs_are_left_to_faust_recovery():
    committed = {
        TopicPartition("newsalert-stories-changelog", 0): None,
        TopicPartition("newsalert-__assignor-__leader", 0): None,
    }
    assert never_committed(committed, acked) == []


def test_a_message_past_the_one_due_is_a_wrong_position_the_first_time():
    # committed 40: offset 41 or 45 first means the fetch skipped 40 (a stale position)
    assert position_error(40, 41, None)
    assert position_error(40, 45, 12)
    # the one due, or an older one (read again, dropped by Faust's read-offset check)
    assert not position_error(40, 40, None)
    assert not position_error(40, 39, None)


def test_a_hole_found_again_after_reading_back_is_real():
    # sought back to 40 once and still 45 comes first: deleted by retention, passed over
    assert not position_error(40, 45, 40)
    # nothing known of the partition yet (never committed, read from its beginning)
    assert not position_error(None, 45, None)


def test_the_commit_passes_the_committed_offset_only_when_that_message_is_done():
    # committed 17 = the next offset to read; done: 18, 19 (17 was dropped unprocessed)
    assert not head_is_done(17, 18)  # Faust's own check let this one through (18 - 17 is not > 1)
    assert head_is_done(17, 17)
    assert head_is_done(17, 12)  # older acknowledgements: Faust's own bookkeeping drops them


def test_a_held_partition_is_read_again_only_when_its_head_is_not_being_processed():
    p = Positions()
    p.reset({"raw-0": 40, "raw-1": 0})
    assert p.due == {"raw-0": 40, "raw-1": 0} and p.floor == p.due
    p.hold("raw-0", 40, now=100.0)
    p.hold("raw-0", 40, now=101.5)  # still held at the same place: the clock is not restarted
    assert p.holes(101.9, in_flight=set(), after=2.0) == []
    # offset 40 is in a stream's hands (a slow delivery): wait for it
    assert p.holes(103.0, in_flight={("raw-0", 40)}, after=2.0) == []
    assert p.holes(103.0, in_flight=set(), after=2.0) == [("raw-0", 40)]
    assert p.held == {}  # released: the caller reads it again


def test_a_hold_moves_with_the_commit_and_a_release_or_seek_clears_it():
    p = Positions()
    p.hold("c-3", 18, now=10.0)
    p.hold("c-3", 19, now=11.0)  # committed moved on, held again later: a new hold
    assert p.holes(12.5, in_flight=set(), after=2.0) == []
    p.release("c-3")
    assert p.held == {}
    p.hold("c-3", 19, now=11.0)
    p.reset({"c-3": 19})  # a rebalance sought everything back to the committed offsets
    assert p.held == {} and p.sought == {}


def test_a_partition_handed_over_with_nothing_done_is_read_again_after_a_quiet_spell():
    c0, c1 = TopicPartition("classified", 0), TopicPartition("classified", 1)
    p = Positions()
    p.reset({c0: 40, c1: 7})
    p.due[c0] = 80  # 40 messages handed over from the committed 40, none acknowledged
    committed = {c0: 40, c1: 7}
    assert p.stuck(100.0, committed, acked=set(), busy_topics=set(), after=10.0) == []
    assert p.stuck(105.0, committed, acked=set(), busy_topics=set(), after=10.0) == []
    assert p.stuck(110.0, committed, acked=set(), busy_topics=set(), after=10.0) == [(c0, 40)]
    assert p.quiet == {}  # handed to the caller, which reads it again
    # c1: nothing handed past its commit, never stuck
    assert p.stuck(200.0, committed, acked=set(), busy_topics=set(), after=10.0) == []


def test_a_busy_agent_acknowledgements_or_a_moving_commit_are_not_stuck():
    c0 = TopicPartition("classified", 0)
    p = Positions()
    p.reset({c0: 40})
    p.due[c0] = 80
    # the agent is at work on a message of the topic: the rest waits in its queue
    p.stuck(100.0, {c0: 40}, acked=set(), busy_topics={"classified"}, after=10.0)
    assert p.stuck(120.0, {c0: 40}, acked=set(), busy_topics={"classified"}, after=10.0) == []
    # acknowledgements pending: the head check (`held`) decides
    assert p.stuck(140.0, {c0: 40}, acked={c0}, busy_topics=set(), after=10.0) == []
    # the commit moved on: the quiet spell starts again
    p.stuck(150.0, {c0: 40}, acked=set(), busy_topics=set(), after=10.0)
    assert p.stuck(159.0, {c0: 60}, acked=set(), busy_topics=set(), after=10.0) == []
    assert p.stuck(168.0, {c0: 60}, acked=set(), busy_topics=set(), after=10.0) == []
    assert p.stuck(169.0, {c0: 60}, acked=set(), busy_topics=set(), after=10.0) == [(c0, 60)]
    # never committed: the offset the partition was sought to counts
    p.reset({c0: 0})
    p.due[c0] = 5
    p.stuck(300.0, {c0: None}, acked=set(), busy_topics=set(), after=10.0)
    assert p.stuck(310.0, {c0: None}, acked=set(), busy_topics=set(), after=10.0) == [(c0, 0)]


def test_messages_past_the_commit_that_were_never_handed_over_are_read_again_after_a_quiet_spell():
    # seen after a restart: raw[0] committed 1, its message at offset 1 in the partition (end 2),
    # never handed over (due 1), nothing acknowledged or in flight, and no later message to come
    r0, r1 = TopicPartition("raw", 0), TopicPartition("raw", 1)
    p = Positions()
    p.reset({r0: 1, r1: 5})
    committed = {r0: 1, r1: 5}
    ends = {r0: 2, r1: 5}  # r1: read to its end
    assert p.stuck(100.0, committed, acked=set(), busy_topics=set(), after=10.0, ends=ends) == []
    assert p.stuck(110.0, committed, acked=set(), busy_topics=set(), after=10.0, ends=ends) == [(r0, 1)]
    # without the end offsets (not known yet), nothing past the commit is known: never stuck
    p.reset({r0: 1, r1: 5})
    p.stuck(200.0, committed, acked=set(), busy_topics=set(), after=10.0)
    assert p.stuck(220.0, committed, acked=set(), busy_topics=set(), after=10.0) == []
    # a message past the commit that an agent holds, or whose acknowledgement waits for the commit
    p.stuck(300.0, committed, acked=set(), busy_topics={"raw"}, after=10.0, ends=ends)
    assert p.stuck(320.0, committed, acked=set(), busy_topics={"raw"}, after=10.0, ends=ends) == []
    assert p.stuck(340.0, committed, acked={r0}, busy_topics=set(), after=10.0, ends=ends) == []
