"""scripts/kafka-local and the broker it runs.

The `broker` tests assume the broker is already running (`scripts/kafka-local start`) on
NEWSALERT_KAFKA_BROKER, default 127.0.0.1:9092. They check what the project relies on:
kafka-python can create a 4-partition topic, auto-creation is off, and aiokafka (faust's
transport) can produce to and consume from every partition.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import uuid
from pathlib import Path

import pytest

from newsalert.testing import BROKER

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "scripts" / "kafka-local"


def run_script(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT), *args], capture_output=True, text=True, timeout=120, cwd=REPO_ROOT
    )


def test_script_is_valid_bash_and_executable():
    assert os.access(SCRIPT, os.X_OK)
    assert subprocess.run(["bash", "-n", str(SCRIPT)], capture_output=True).returncode == 0


def test_help_lists_every_command():
    result = run_script("--help")
    assert result.returncode == 0
    for command in ("fetch", "start", "stop", "status", "restart", "wipe"):
        assert command in result.stdout


def test_unknown_command_is_a_usage_error():
    result = run_script("frobnicate")
    assert result.returncode == 2
    assert "Usage" in result.stderr


def test_status_on_an_unused_port_says_not_running(tmp_path):
    env = {
        **os.environ,
        "NEWSALERT_KAFKA_PORT": "1",  # privileged, never a broker of ours
        "NEWSALERT_KAFKA_DATA_DIR": str(tmp_path / "data"),
    }
    result = subprocess.run(
        ["bash", str(SCRIPT), "status"], capture_output=True, text=True, timeout=60, env=env
    )
    assert result.returncode == 1
    assert "not running" in result.stdout


@pytest.fixture
def admin():
    from kafka.admin import KafkaAdminClient

    client = KafkaAdminClient(bootstrap_servers=BROKER, client_id="newsalert-test-broker-script")
    yield client
    client.close()


@pytest.fixture
def topic(admin):
    from kafka.admin import NewTopic

    name = f"newsalert.test.broker-script.{uuid.uuid4().hex[:12]}"
    admin.create_topics([NewTopic(name, num_partitions=4, replication_factor=1)], wait_for_metadata=True)
    yield name
    admin.delete_topics([name])


@pytest.mark.broker
def test_status_reports_running():
    if BROKER != "127.0.0.1:9092" and "NEWSALERT_KAFKA_PORT" not in os.environ:
        pytest.skip("broker is not the script's default; status would look at another port")
    result = run_script("status")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("running (pid ")


@pytest.mark.broker
def test_broker_config_matches_what_the_project_expects(admin):
    from kafka.admin import ConfigResource, ConfigResourceType

    broker_id = str(admin.describe_cluster()["brokers"][0]["broker_id"])
    wanted = ["auto.create.topics.enable", "num.partitions"]
    configs = admin.describe_configs(
        [ConfigResource(ConfigResourceType.BROKER, broker_id, configs=wanted)], config_filter="all"
    )["broker"][broker_id]
    assert configs["auto.create.topics.enable"]["value"] == "false"
    assert configs["num.partitions"]["value"] == "4"


@pytest.mark.broker
def test_kafka_python_creates_a_four_partition_topic(admin, topic):
    (description,) = admin.describe_topics([topic])
    assert description["error_code"] == 0
    assert sorted(p["partition_index"] for p in description["partitions"]) == [0, 1, 2, 3]


@pytest.mark.broker
async def test_aiokafka_produces_and_consumes_on_every_partition(topic):
    from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

    producer = AIOKafkaProducer(bootstrap_servers=BROKER, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        sent = set()
        for partition in range(4):
            for i in range(5):
                value = f"p{partition}-m{i}".encode()
                await producer.send_and_wait(topic, value, key=b"k", partition=partition)
                sent.add(value)
    finally:
        await producer.stop()

    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=BROKER,
        group_id=f"{topic}.group",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        received: dict[bytes, int] = {}

        async def drain() -> None:
            async for message in consumer:
                received[message.value] = message.partition
                if len(received) == len(sent):
                    return

        await asyncio.wait_for(drain(), timeout=30)
        await consumer.commit()
    finally:
        await consumer.stop()

    assert set(received) == sent
    assert set(received.values()) == {0, 1, 2, 3}


@pytest.mark.broker
def test_kafka_python_produces_and_consumes(topic):
    from kafka import KafkaConsumer, KafkaProducer, TopicPartition

    producer = KafkaProducer(bootstrap_servers=BROKER, acks="all")
    for partition in range(4):
        producer.send(topic, value=f"kp-{partition}".encode(), partition=partition)
    producer.flush(timeout=30)
    producer.close()

    consumer = KafkaConsumer(
        bootstrap_servers=BROKER,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        consumer_timeout_ms=10_000,
    )
    consumer.assign([TopicPartition(topic, p) for p in range(4)])
    values = set()
    for message in consumer:
        values.add(message.value)
        if len(values) == 4:
            break
    consumer.close()
    assert values == {f"kp-{p}".encode() for p in range(4)}
