"""Which partitions the worker seeks to their beginning after a rebalance (streams.fastfaust)."""

from __future__ import annotations

from kafka import TopicPartition

from streams.fastfaust import never_committed


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
