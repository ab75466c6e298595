"""The tables' changelog topics are created with the project's topics, before any worker starts,
with the names, partition counts and clean-up policy Faust gives them.

Left to Faust, a changelog was created by the worker's first table write and for a moment listed
with 0 partitions, and Faust's partition check failed the agent (docs/reliability.md)."""

from __future__ import annotations

import pytest

from newsalert.app import create_app
from newsalert.topics import consumed_topics, project_topics
from streams.topics import admin_client


@pytest.mark.broker
def test_every_table_changelog_exists_before_a_worker_starts(make_namespace):
    from kafka.admin import ConfigResource, ConfigResourceType

    ns = make_namespace(classified_partitions=4)  # creates the project's topics, as the CLI does
    app = create_app(ns.settings)
    faust_changelogs = {
        t.changelog_topic.get_topic_name(): t.changelog_topic.partitions for t in app.tables.values()
    }
    assert any(name.endswith("-stories-changelog") for name in faust_changelogs)
    assert any("-delivered_jsonl-" in name for name in faust_changelogs)
    ours = {n: k for n, k, _ in project_topics(ns.settings) if n.endswith("-changelog")}
    assert ours == faust_changelogs

    admin = admin_client(ns.settings)
    try:
        described = {d["name"]: d for d in admin.describe_topics(list(ours))}
        for name, partitions in ours.items():
            assert described[name]["error_code"] == 0, name
            assert len(described[name]["partitions"]) == partitions, name
        res = admin.describe_configs(
            [ConfigResource(ConfigResourceType.TOPIC, n, configs=["cleanup.policy"]) for n in ours]
        )
        res = res["topic"]
        assert {n: res[n]["cleanup.policy"]["value"] for n in ours} == dict.fromkeys(ours, "compact")
    finally:
        admin.close()
    # the group's lag is read over the topics it consumes, which the changelogs are not
    assert not any(n.endswith("-changelog") for n, _ in consumed_topics(ns.settings))
