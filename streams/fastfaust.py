"""Cheaper Faust per-message machinery for the worker (measured with bench/e2e.py; see bench/README.md).

Faust spends more CPU per message than our validation does. These costs are not needed here:

- `Consumer._drain_messages` hands every single message to the conductor through
  `Service.wait_first(callback(message), suspend_flow.wait())`, which creates four asyncio tasks
  per message (the callback, the suspend event, the stopped and the crashed events) and cancels
  three of them. `FastDrainConsumer` fetches as Faust does, then does the same with one
  `wait_first` per fetched batch: the batch is delivered message by message, in the same order, by
  one task that is abandoned (and delivers nothing more) when the flow is suspended (rebalance) or
  the consumer stops, exactly like the per-message wait was.
  Read offsets, gap tracking and `broker_commit_every` are handled per message as before.
- A message for an agent goes through a channel queue, an Event, the stream iterator, sensors
  and acking before the agent sees it. The raw topic (every article) needs none of that:
  `DirectConductor.handle(topic, handler)` calls the handler from the conductor and acknowledges
  the message when it returns (same consumer group, flow control and commits). Faust's per-message
  lock around the callback look-up is only taken while the look-up map is being rebuilt.
- The default `Monitor` sensor records per-message and per-event timings (deques, dicts, time
  calls) for Faust's web UI, which the worker does not run (`web_enabled=False`); our own
  Prometheus metrics are in streams/metrics.py. `QuietMonitor` keeps the rebalance/commit hooks
  and the stream inbound time (the consumer's stalled-stream check reads it) and drops the
  other per-message ones.
- Topics whose messages are plain bytes still go through the codec registry twice per message;
  `RawSchema` returns the bytes as they came.
- `faust.Worker` installs a terminal spinner that sets the root logger to DEBUG (the spinner spins
  on every record), so every `log.debug(...)` in aiokafka and Faust built a LogRecord that the
  WARNING handler then threw away. `quiet_root_logger` removes the spinner handler and puts the
  root logger back at its handlers' level.

One fix besides the speed: after a rebalance `FastDrainConsumer.seek_to_committed` also seeks the
stream partitions that were never committed, to their beginning; otherwise a report that Faust
dropped during the rebalance on such a partition was skipped until a restart.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from time import monotonic
from typing import Any, cast

from faust import Schema
from faust import streams as faust_streams
from faust.sensors.monitor import Monitor
from faust.transport.conductor import Conductor
from faust.transport.consumer import CONSUMER_FETCHING
from faust.transport.drivers.aiokafka import Consumer as AIOKafkaConsumer
from faust.types.tuples import ack_lock
from mode.utils.futures import notify

from streams.positions import (
    STUCK_SECONDS,
    Positions,
    head_is_done,
    never_committed,
    position_error,
)


class FastDrainConsumer(AIOKafkaConsumer):
    """aiokafka consumer of Faust with one `wait_first` per fetched batch instead of per message,
    and a seek after each rebalance that also covers partitions that never had a commit."""

    async def seek_to_committed(self) -> Mapping[Any, int]:
        """Seek every assigned partition to its committed offset, and the stream partitions that
        were never committed to their beginning.

        Faust drops records it has already fetched when a rebalance stops the flow (in `getmany`,
        and here in an abandoned hand-over) and relies on this seek, run after every rebalance, to
        read them again. aiokafka's seek skips a partition without a committed offset, so on such
        a partition (a new topic, a quiet partition, the first seconds of a new group) the
        dropped records were skipped until a restart: a report could wait for ever in the raw
        topic. Seeking those partitions to their beginning reads them again, at least once, as
        for any partition (the same report read twice joins its own story and alerts nobody twice).
        """
        committed = await super().seek_to_committed()
        # every partition reads again from its committed offset: what was acknowledged since is read
        # again, and its old acknowledgements (from an earlier generation, or skipped messages that
        # Faust's stream acknowledges unprocessed) must not move the next commit past it
        for tp in committed:
            self._forget_acks(tp)
        # the position of each partition now: its committed offset, or its beginning (0; a
        # beginning deleted by retention is found and passed over by `_in_position`)
        self._positions.reset({tp: offset or 0 for tp, offset in committed.items()})
        fresh = never_committed(committed, self.app.topics.acks_enabled_for)
        if fresh:
            try:
                await self._thread.seek_to_beginning(*fresh)
            except Exception as e:  # a new rebalance took them away: its own seek covers them
                self.log.warning(
                    "could not seek %d never-committed partitions to their beginning: %r", len(fresh), e
                )
        return committed

    def ack(self, message: Any) -> bool:
        """Faust's acknowledgement, except while the flow is stopped (a rebalance) and for a message
        fetched in an earlier consumer generation.

        Faust's stream acknowledges those messages without processing them (it skips messages of
        an old generation, and any message while the flow is stopped), and it commits what is
        acknowledged during the rebalance with no committed offset to hold the commit back: the
        messages skipped were lost. Not counted as done here, they are read again after the
        rebalance, from the committed offset; so is a message that finished during the rebalance
        (read twice, it joins its own story and alerts nobody twice)."""
        if message.generation_id != self.app.consumer_generation_id or not self.app.flow_control.is_active():
            with ack_lock:
                if not message.acked:
                    message.acked = True
                    self._unacked_messages.discard(message)
                    notify(self._waiting_for_ack)
            return False
        return cast(bool, super().ack(message))

    def _new_offset(self, tp: Any) -> int | None:
        """Faust's next offset to commit, without its off-by-one at the head.

        The committed offset is the next one to read. Faust lets the commit move on when the
        lowest acknowledged offset is the committed one plus one, so one unprocessed message at
        the committed offset was passed over."""
        acked = self._acked[tp]
        committed = self._committed_offset[tp]
        if committed is None:
            committed = self._positions.floor.get(tp)
        if acked and committed is not None:
            gap = self._gap.get(tp)
            lowest = min(min(acked), gap.begin()) if gap else min(acked)
            if not head_is_done(committed, lowest):
                self._positions.hold(tp, committed, monotonic())
                return None
        self._positions.release(tp)
        return cast("int | None", super()._new_offset(tp))

    async def _in_position(self, tp: Any, offset: int) -> bool:
        """Whether a message fetched from an acknowledged topic may be handed over.

        Offsets of these (non-compacted, non-transactional) topics have no holes: a message past
        the one due means the fetch position is wrong (records of an earlier assignment, a seek
        that lost a race with a rebalance). Faust would record the hole as done and commit past
        it, losing the messages in it. The partition is read again from the offset due, once
        (False: skip the rest of this batch of the partition). A hole found again at the same
        place is real (deleted by retention): it is passed over, and its offsets count as done."""
        want = self._positions.due.get(tp)
        if want is None or offset <= want:
            return True
        sought = self._positions.sought
        where = f"{tp.topic}[{tp.partition}]"
        if position_error(want, offset, sought.get(tp)):
            sought[tp] = want
            self.log.warning(
                "%s: fetched offset %d where %d was due; reading again from %d", where, offset, want, want
            )
            await self._seek_back(tp, want)
            return False
        self.log.warning(
            "%s: offsets %d-%d are not in the partition (deleted?); passed over", where, want, offset - 1
        )
        self._acked[tp].append(want)
        self._acked_index[tp].add(want)
        if offset - 1 > want:
            await self._add_gap(tp, want + 1, offset - 1)
        self._read_offset[tp] = offset - 1  # the message at `offset` is not taken as read already
        return True

    @property
    def _positions(self) -> Positions:
        positions: Positions | None = self.__dict__.get("_newsalert_positions")
        if positions is None:
            positions = self.__dict__["_newsalert_positions"] = Positions()
        return positions

    async def _read_holes_again(self) -> None:
        """Read again from the committed offset of every partition whose commit has been held there
        for `HOLE_SECONDS` while later messages were done, and whose message at the committed
        offset no stream is processing: it was handed over and dropped (Faust's stream can drop
        one at a rebalance). Reading it again is safe: every stage is idempotent."""
        in_flight = {(m.tp, m.offset) for m in list(self._unacked_messages)}
        for tp, committed in self._positions.holes(monotonic(), in_flight):
            self.log.warning(
                "%s[%d]: offset %d is not done nor being processed, while later ones are done;"
                " reading again from %d",
                tp.topic, tp.partition, committed, committed,
            )  # fmt: skip
            await self._read_again_from(tp, committed)

    async def _read_stuck_again(self) -> None:
        """Read again from the committed offset every partition `Positions.stuck` finds, while the
        flow is active (stopped, by a rebalance or a lost broker, the seek that follows reads
        everything again from the committed offsets: the quiet clocks start again after it)."""
        if not self.app.flow_control.is_active() or self.__dict__.get("_newsalert_committing"):
            # a commit in progress holds the acknowledged offsets it is committing (Faust takes
            # them out of `_acked`): they are not missing; one that hangs means the broker is away
            self._positions.quiet.clear()
            return
        busy = {m.tp.topic for m in list(self._unacked_messages)}
        acked = {tp for tp, offsets in self._acked.items() if offsets}
        now = monotonic()
        ends = {tp: self._end_offset(tp) for tp in self._positions.due}
        for tp, committed in self._positions.stuck(now, self._committed_offset, acked, busy, ends=ends):
            handed = self._positions.due.get(tp, committed) > committed
            if not handed and not await self._fetched_past(tp, committed):
                continue  # not fetched yet (a slow or absent broker): nothing was dropped
            self.log.warning(
                "%s[%d]: messages from offset %d were %s %.0f s ago and none is done nor being"
                " processed; reading again from %d",
                tp.topic, tp.partition, committed,
                "handed over" if handed else "in the partition but not handed over", STUCK_SECONDS, committed,
            )  # fmt: skip
            await self._read_again_from(tp, committed)

    async def _fetched_past(self, tp: Any, offset: int) -> bool:
        """Whether the consumer's fetch position of `tp` lies past `offset`."""
        try:
            position = await asyncio.wait_for(self.position(tp), timeout=1.0)
        except Exception:  # taken away, or the broker does not answer: leave it to the next check
            return False
        return position is not None and position > offset

    def _end_offset(self, tp: Any) -> int | None:
        """The partition's end offset as the consumer last saw it (None: not known yet)."""
        try:
            return cast("int | None", self.highwater(tp))
        except Exception:  # not assigned any more, or no fetch answered yet
            return None

    async def commit(self, *args: Any, **kwargs: Any) -> bool:
        """Faust's commit, marked as in progress while it runs (see `_read_stuck_again`)."""
        d = self.__dict__
        d["_newsalert_committing"] = d.get("_newsalert_committing", 0) + 1  # the timer's and ours
        try:
            return cast(bool, await super().commit(*args, **kwargs))
        finally:
            d["_newsalert_committing"] -= 1

    async def describe_positions(self) -> str:
        """One line on where each partition of an acknowledged topic stands that has messages past
        its committed offset (for the log when a worker has lag and consumes nothing)."""
        d = self.__dict__
        parts = []
        for tp, due in sorted(self._positions.due.items(), key=lambda x: (x[0].topic, x[0].partition)):
            high = self._end_offset(tp)
            committed = self._committed_offset.get(tp)
            if high is None or (committed or 0) >= high:
                continue
            in_flight = sum(1 for m in list(self._unacked_messages) if m.tp == tp)
            try:
                position = await asyncio.wait_for(self.position(tp), timeout=1.0)
            except Exception:
                position = None
            paused = tp in self._paused_partitions
            parts.append(
                f"{tp.topic}[{tp.partition}] committed {committed} due {due} read {self._read_offset.get(tp)}"
                f" end {high} acks {len(self._acked.get(tp) or ())} in flight {in_flight}"
                f" held {self._positions.held.get(tp, (None,))[0]} quiet {tp in self._positions.quiet}"
                f" position {position} paused {paused}"
            )
        flow = self.app.flow_control.is_active()
        return f"flow active {flow}, commits in progress {d.get('_newsalert_committing', 0)}: " + (
            "; ".join(parts) or "no partition behind its end"
        )

    async def _read_again_from(self, tp: Any, offset: int) -> None:
        """Read `tp` again from `offset` (its committed one): its acknowledgements are forgotten,
        `offset` is due again, and the consumer seeks back to it."""
        self._forget_acks(tp)
        self._positions.due[tp] = offset
        await self._seek_back(tp, offset)

    def _forget_acks(self, tp: Any) -> None:
        """Drop Faust's acknowledgements and holes of `tp`: it is read again from its committed offset."""
        self._acked.pop(tp, None)
        self._acked_index.pop(tp, None)
        self._gap.pop(tp, None)

    async def _seek_back(self, tp: Any, offset: int) -> None:
        """Seek `tp` to `offset` in the consumer's own thread, as the seeks after a rebalance do."""
        try:
            await self._thread.seek_wait({tp: offset})
        except Exception as e:  # taken by a rebalance: its own seek covers it
            self.log.warning("could not seek %s[%d] to %d: %r", tp.topic, tp.partition, offset, e)
            return
        # as Faust's seek after a rebalance: the messages from `offset` on are handed over again
        # (below the read offset they would be taken as handed over already, and dropped)
        self._read_offset[tp] = offset

    async def _drain_messages(self, fetcher: Any) -> None:  # pragma: no cover - runs in the worker
        callback = self.callback
        getmany = self.getmany
        consumer_should_stop = self._stopped.is_set
        fetcher_should_stop = fetcher._stopped.is_set
        get_read_offset = self._read_offset.__getitem__
        set_read_offset = self._read_offset.__setitem__
        set_flag = self.diag.set_flag
        unset_flag = self.diag.unset_flag
        commit_every = self._commit_every
        acks_enabled_for = self.app.topics.acks_enabled_for
        sleep = asyncio.sleep
        # the raw topic is handled right here (DirectConductor): let other tasks in every 10 messages
        yield_every = 10
        # the message being handed over when a wait is abandoned: its read offset is still set,
        # as Faust does after an abandoned per-message wait
        current: list[Any] = [None]
        due = self._positions.due
        dropped: dict[Any, int] = {}  # messages not handed over again, per partition

        # live[0]: the hand-over may go on; live[1]: it handed over the whole batch
        async def deliver(batch: list[tuple[Any, Any]], live: list[bool]) -> None:
            num_since_yield = 0
            skipped: set[Any] = set()  # partitions sought back: the rest of their batch is stale
            for tp, message in batch:
                if not live[0]:  # abandoned: never deliver more of this batch
                    return
                if tp in skipped:
                    continue
                num_since_yield += 1
                if num_since_yield > yield_every:
                    await sleep(0)
                    num_since_yield = 0
                    if not live[0]:
                        return
                offset = message.offset
                acked_topic = acks_enabled_for(message.topic)
                if acked_topic and not await self._in_position(tp, offset):
                    skipped.add(tp)  # sought back: the rest of this batch of tp is stale
                    continue
                r_offset = get_read_offset(tp)
                if r_offset is None or offset >= r_offset:
                    # no hole is recorded here, unlike Faust: `_in_position` has checked the offset
                    # against the one due (a read offset put back by a seek that raced this
                    # hand-over made Faust count messages handed over but never finished as done)
                    if commit_every is not None and self._n_acked >= commit_every:
                        self._n_acked = 0
                        await self.commit()
                    current[0] = (tp, offset)
                    await callback(message)
                    if not live[0]:
                        return
                    current[0] = None
                    set_read_offset(tp, offset)
                    if acked_topic:
                        due[tp] = offset + 1
                else:  # fetched again below the read offset (a seek back): taken already
                    n = dropped[tp] = dropped.get(tp, 0) + 1
                    if n & (n - 1) == 0:  # 1, 2, 4, 8 ...: visible, never a flood
                        self.log.info(
                            "%s[%d]: offset %d is below the read offset %d: not handed again (%d so far)",
                            tp.topic, tp.partition, offset, r_offset, n,
                        )  # fmt: skip
            live[1] = True

        try:
            next_stuck_check = monotonic() + 1.0
            while not (consumer_should_stop() or fetcher_should_stop()):
                if self._positions.held:
                    await self._read_holes_again()
                if monotonic() >= next_stuck_check:
                    next_stuck_check = monotonic() + 1.0
                    await self._read_stuck_again()
                set_flag(CONSUMER_FETCHING)
                ait = getmany(timeout=1.0)
                # as Faust: getmany may return at once in a loop; let other tasks run
                await self.sleep(0)
                if not self.should_stop:
                    # fetched as Faust does it (outside the wait that a suspension abandons: getmany
                    # itself seeks back when the flow stops), then handed over in one task
                    batch = [item async for item in ait]
                    if batch:
                        current[0] = None
                        live = [True, False]
                        try:
                            await self.wait_first(deliver(batch, live), self.suspend_flow.wait())
                        finally:
                            live[0] = False
                        if current[0] is not None:  # abandoned mid-message (flow suspended or stopping)
                            set_read_offset(*current[0])
                            current[0] = None
                        if not live[1] and not self.should_stop:
                            self.log.info(
                                "flow stopped (rebalance) before %d fetched messages of %s were all "
                                "handed over; the seek after the rebalance reads them again",
                                len(batch),
                                sorted({f"{tp.topic}[{tp.partition}]" for tp, _ in batch}),
                            )
                unset_flag(CONSUMER_FETCHING)
        except self.consumer_stopped_errors:
            if self.transport.app.should_stop:
                self.log.info("Broker stopped consumer, shutting down...")
                return
            raise
        except asyncio.CancelledError:
            if self.transport.app.should_stop:
                self.log.info("Consumer shutting down for user cancel.")
                return
            raise
        except Exception as exc:
            self.log.exception("Drain messages raised: %r", exc)
            raise
        finally:
            unset_flag(CONSUMER_FETCHING)


DirectHandler = Callable[[Any], Awaitable[None]]


class DirectConductor(Conductor):
    """Faust's topic conductor, plus topics handled directly (`handle`).

    A message of a directly handled topic is passed to its handler in the consumer's hand-over
    task and acknowledged when the handler returns, instead of being queued for a Stream that an
    agent iterates (channel queue, Event, stream iterator, sensors, acking: the largest part of
    Faust's cost per message). It is the same consumer and consumer group, the same
    flow control (a rebalance stops the hand-over before the next message), the same commits of
    acknowledged offsets, so it is at-least-once exactly like an agent: a message whose handler
    did not finish (crash, rebalance) is not acknowledged and is consumed again. A handler must
    not raise (the pipeline's dead-letters whatever it cannot process); if one does, the message
    is not acknowledged and the worker stops with the error, so the message is read again by the
    next owner of its partition instead of being lost.
    """

    def __init__(self, app: Any, **kwargs: Any) -> None:
        self._direct: dict[str, DirectHandler] = {}
        super().__init__(app, **kwargs)

    def handle(self, topic: Any, handler: DirectHandler) -> None:
        """Subscribe to `topic` (a faust Topic) and pass each of its messages to `handler`."""
        for name in topic.topics:
            self._direct[name] = handler
        self.add(topic)

    def _compile_message_handler(self) -> Any:
        # Faust takes an asyncio.Lock around the (topic, partition) -> callback look-up of every
        # message; the lock only matters while the map is being rebuilt
        get_callback_for_tp = self._tp_to_callback.__getitem__
        lock = self._tp_to_callback_lock

        async def on_message(message: Any) -> None:
            if lock.locked():
                async with lock:
                    callback = get_callback_for_tp(message.tp)
            else:
                callback = get_callback_for_tp(message.tp)
            return await callback(message)

        return on_message

    def _build_handler(self, tp: Any, channels: Any) -> Any:
        handler = self._direct.get(tp.topic)
        if handler is None:
            return super()._build_handler(tp, channels)
        acquire_flow_control = self.app.flow_control.acquire
        consumer = self.app.consumer
        # the consumer's stalled-stream check reads when a partition last delivered a message
        inbound_time = self.app.monitor.stream_inbound_time
        log = logging.getLogger("newsalert")

        async def on_message(message: Any) -> None:
            await acquire_flow_control()
            inbound_time[tp] = monotonic()
            try:
                await handler(message)
            except Exception as e:
                log.error(
                    "handler of %s failed at offset %s: %r; stopping, unacknowledged", tp, message.offset, e
                )
                await self.app.crash(e)
                raise
            consumer.ack(message)

        return on_message


class QuietMonitor(Monitor):
    """Faust's Monitor without the per-message bookkeeping (kept: rebalance and commit hooks)."""

    def on_message_in(self, tp: Any, offset: int, message: Any) -> None:
        pass

    def on_stream_event_in(self, tp: Any, offset: int, stream: Any, event: Any) -> None:
        # kept: the consumer's "stream is not processing" check reads it
        self.stream_inbound_time[tp] = monotonic()

    def on_stream_event_out(self, tp: Any, offset: int, stream: Any, event: Any, state: Any = None) -> None:
        pass

    def on_message_out(self, tp: Any, offset: int, message: Any) -> None:
        pass

    def on_table_get(self, table: Any, key: Any) -> None:
        pass

    def on_table_set(self, table: Any, key: Any, value: Any) -> None:
        pass

    def on_table_del(self, table: Any, key: Any) -> None:
        pass

    def on_send_initiated(self, producer: Any, topic: str, message: Any, keysize: int, valsize: int) -> Any:
        return None

    def on_send_completed(self, producer: Any, state: Any, metadata: Any) -> None:
        pass

    def track_tp_end_offset(self, tp: Any, offset: int) -> None:
        pass


class RawSchema(Schema):
    """Bytes in, bytes out: what the "raw" codec does, without the codec registry per message."""

    def __init__(self) -> None:
        super().__init__(key_type=bytes, value_type=bytes, key_serializer="raw", value_serializer="raw")

    def loads_key(self, app: Any, message: Any, *, loads: Any = None, serializer: Any = None) -> Any:
        return message.key

    def loads_value(self, app: Any, message: Any, *, loads: Any = None, serializer: Any = None) -> Any:
        return message.value


def install(app: Any) -> DirectConductor:
    """Use FastDrainConsumer and DirectConductor for `app` (right after creating it)."""
    transport = cast(Any, app.transport)
    transport.Consumer = FastDrainConsumer
    # Faust's Cython stream iterator acknowledges events inline, past Consumer.ack: the Python one
    # calls it, so FastDrainConsumer.ack sees every acknowledgement (read at each `async for`)
    faust_streams._CStreamIterator = None
    transport.Conductor = DirectConductor
    conductor = app.topics
    if not isinstance(conductor, DirectConductor):
        raise RuntimeError("fastfaust.install must run before the app's conductor is created")
    return conductor


def quiet_root_logger() -> None:
    """Undo faust.Worker's spinner: drop its handler and set the root level to the handlers' own."""
    root = logging.getLogger()
    handlers = [h for h in root.handlers if type(h).__name__ != "SpinnerHandler"]
    root.handlers = handlers
    levels = [h.level for h in handlers if h.level]
    root.setLevel(min(levels) if levels else logging.WARNING)
