"""The feed poller: every feed of config/feeds.yaml, fetched politely, its new items produced once.

Each feed has its own clock: after a good poll it waits its interval (+- jitter); after a failure
the wait doubles per failure in a row, up to `backoff_max`, and never ends before a Retry-After.
A global semaphore caps the fetches in flight (and aiohttp's connector the ones per host).
One feed's trouble never stops another: every failure is caught, counted and scheduled.

Order of a good poll: fetch -> parse (in a worker thread) -> leave out seen items -> produce and
wait for the acknowledgement -> mark the items seen and keep the ETag/Last-Modified. A failed
produce marks nothing and keeps the old validators, so the next poll offers the items again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import random
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from streams.models import utcnow
from streams.settings import ConfigError
from streams.sources import metrics as m
from streams.sources.config import FeedsFile
from streams.sources.feeds import convert_feed, feed_articles
from streams.sources.fetch import FetchResult, fetch, user_agent
from streams.sources.fulltext import available as fulltext_available
from streams.sources.fulltext import fill_in_full_text
from streams.sources.items import FeedInfo, Produced
from streams.sources.language import detect_article_language
from streams.sources.seen import SeenStore
from streams.sources.sink import Sink
from streams.sources.state import FeedState, PollResult, health, next_delay

log = logging.getLogger(__name__)


class Poller:
    def __init__(
        self,
        config: FeedsFile,
        sink: Sink,
        seen: SeenStore,
        *,
        detect: Callable[[str, str], str | None] | None = detect_article_language,
        rng: random.Random | None = None,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = utcnow,
        startup_spread: float = 10.0,
    ) -> None:
        for i, f in enumerate(config.feeds):
            if f.fulltext and f.enabled and not fulltext_available():
                raise ConfigError(
                    f"feeds[{i}] {f.name!r}, fulltext: needs trafilatura; pip install 'newsalert[fulltext]' "
                    "or set fulltext: false"
                )
        self.config = config
        self.polling = config.polling
        self.sink = sink
        self.seen = seen
        self.detect = detect
        self.rng = rng or random.Random()
        self.clock = clock
        self.now = now
        self.states = {
            f.name: FeedState(f, config.interval_of(f)) for f in config.enabled()
        }  # fmt: skip
        start = clock()
        for s in self.states.values():  # the first round is spread out, not one burst
            s.next_due = start + self.rng.uniform(0, min(startup_spread, s.interval))
        self._sem = asyncio.Semaphore(self.polling.concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._in_flight: set[str] = set()  # fingerprints of items being produced now
        self._session: aiohttp.ClientSession | None = None
        self._pool: ProcessPoolExecutor | None = None

    async def __aenter__(self) -> Poller:
        if self.polling.workers:
            ctx = multiprocessing.get_context("spawn")  # no fork of a process with threads
            self._pool = ProcessPoolExecutor(self.polling.workers, mp_context=ctx)
        connector = aiohttp.TCPConnector(limit=self.polling.concurrency, limit_per_host=0, ttl_dns_cache=300)
        self._session = aiohttp.ClientSession(
            connector=connector, headers={"User-Agent": user_agent(self.polling.user_agent)}
        )
        return self

    async def warm_up(self) -> None:
        """Start the worker processes and load the language models in each (else the first polls
        wait for that)."""
        if self._pool is None:
            await asyncio.to_thread(detect_article_language, "warm the language models up", "")
            return
        loop = asyncio.get_running_loop()
        info = FeedInfo(name="warm-up")
        doc = b'<rss version="2.0"><channel><item><title>Warm the models up</title></item></channel></rss>'
        jobs = [
            loop.run_in_executor(self._pool, convert_feed, doc, info, self.now(), True, {}, frozenset())
            for _ in range(self.polling.workers * 2)
        ]
        await asyncio.gather(*jobs)

    def forget(self) -> None:
        """Drop what the poller knows of each feed's last document (validators, recent keys)."""
        for s in self.states.values():
            s.etag = s.last_modified = None
            s.recent = set()

    async def __aexit__(self, *exc: object) -> None:
        if self._session is not None:
            await self._session.close()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        await self.seen.persist()

    # ------------------------------------------------------------------ one feed
    async def poll_feed(self, state: FeedState) -> PollResult:
        """Fetch one feed, produce its new items; never raises (but for cancellation)."""
        name = state.feed.name
        state.running = True
        try:
            async with self._limits(state.feed.url):
                assert self._session is not None, "use the Poller as 'async with Poller(...)'"
                res = await fetch(
                    self._session,
                    state.feed.url,
                    etag=state.etag,
                    last_modified=state.last_modified,
                    timeout=self.polling.timeout,
                    max_bytes=self.polling.max_bytes,
                )
            m.FEED_FETCH_SECONDS.observe(res.seconds)
            state.polls += 1
            state.last_attempt = self.now()
            state.last_status = res.status
            if res.status is not None:
                m.FEED_HTTP_STATUS.labels(name).set(res.status)
            if not res.ok:
                return self._failed(
                    state, res.status, res.error_kind or "connection", res.error, res.retry_after
                )
            if res.status == 304 or res.body is None:
                m.FEED_POLLS.labels(name, "not_modified").inc()
                self._succeeded(state, res)
                return PollResult(name, res.status)
            return await self._produce(state, res)
        except Exception as e:  # a bug must not stop the other feeds: count it and go on
            log.exception("feed %s: unexpected error", name)
            return self._failed(state, None, "internal", f"{type(e).__name__}: {e}", None)
        finally:
            state.running = False

    async def _produce(self, state: FeedState, res: FetchResult) -> PollResult:
        name = state.feed.name
        fetched_at = self.now()
        info = FeedInfo(
            name=name,
            source=state.feed.source,
            language=state.feed.language,
            tags=state.feed.tags,
            url=res.url,
        )
        assert res.body is not None
        matched: list[str] = []
        if self._pool is not None:  # parse in a worker process; the seen store stays here
            parsed, produced, skipped, matched = await asyncio.get_running_loop().run_in_executor(
                self._pool,
                convert_feed,
                res.body,
                info,
                fetched_at,
                self.detect is not None,
                res.headers,
                frozenset(state.recent),
            )
            known = [p for p in produced if self.seen.seen(p.seen_keys)]
            produced = [p for p in produced if not self.seen.seen(p.seen_keys)]
            matched += [k for p in known for k in p.seen_keys]
        else:
            parsed, produced, skipped = await asyncio.to_thread(
                feed_articles, res.body, info, fetched_at, self.detect, res.headers, self.seen.seen
            )
        if parsed.error:
            return self._failed(state, res.status, "not_a_feed", parsed.error, None)
        if parsed.warning and not produced:
            return self._failed(state, res.status, "malformed", parsed.warning, None)
        # the same item twice in one document, or in two feeds being produced at this moment, goes once
        fresh: list[Produced] = []
        batch: set[str] = set()
        for p in produced:  # seen again: another feed may have produced it while this one was parsed
            if not any(k in batch or k in self._in_flight for k in p.seen_keys) and not self.seen.seen(
                p.seen_keys
            ):
                fresh.append(p)
                batch.update(p.seen_keys)
        self._in_flight |= batch
        try:
            if state.feed.fulltext and fresh:
                await self._fill_in_full_text(fresh)
            await self.sink.send([(p.key, p.value) for p in fresh])
        except Exception as e:
            return self._failed(state, res.status, "produce", f"{type(e).__name__}: {e}", None)
        else:
            for p in fresh:
                self.seen.add(p.seen_keys)
                m.count_language(p.language)
        finally:
            self._in_flight -= batch
        try:
            await self.seen.persist()
        except Exception as e:  # the articles are out; a restart before the next write may repeat them
            log.warning("feed %s: seen items not written yet (%s); tried again after the next poll", name, e)
        if self._pool is not None:
            state.recent = set(matched).union(*(p.seen_keys for p in produced))
        if parsed.warning:  # a broken document: what could be read went out; the break is counted
            m.FEED_ERRORS.labels(name, "malformed").inc()
        self._succeeded(state, res, parsed.warning)
        m.FEED_POLLS.labels(name, "ok").inc()
        m.FEED_ITEMS.labels(name).inc(len(fresh))
        if skipped:
            m.FEED_ITEMS_SKIPPED.labels(name).inc(len(skipped))
        undated = sum(1 for p in fresh if p.date_estimated)
        if undated:
            m.FEED_ITEMS_UNDATED.labels(name).inc(undated)
        dated = [p.published_at for p in fresh if not p.date_estimated]
        if dated:
            m.FEED_LAG.labels(name).set(max(0.0, (self.now() - max(dated)).total_seconds()))
        state.items_total += len(fresh)
        return PollResult(
            name,
            res.status,
            new=len(fresh),
            skipped=len(skipped),
            error_kind="malformed" if parsed.warning else None,
            error=parsed.warning,
            records=fresh,
        )

    async def _fill_in_full_text(self, items: list[Produced]) -> None:
        """Replace teasers by the linked pages' text (a feed with fulltext: true)."""
        assert self._session is not None
        await fill_in_full_text(items, self._session, self._limits, self.polling)

    @contextlib.asynccontextmanager
    async def _limits(self, url: str) -> AsyncIterator[None]:
        """A slot of `url`'s host, then one of the global cap, around a fetch (so the wait for
        either is no part of the fetch's timeout)."""
        host = self._hosts.setdefault(urlsplit(url).netloc.lower(), asyncio.Semaphore(self.polling.per_host))
        async with host, self._sem:
            yield

    def _succeeded(self, state: FeedState, res: FetchResult, warning: str | None = None) -> None:
        """A good poll (`warning`: a broken document whose items before the break went out)."""
        if res.status != 304:  # a 304 may omit the validators; the old ones still hold
            state.etag, state.last_modified = res.etag, res.last_modified
        state.failures = 0
        state.last_success = self.now()
        state.last_error_kind, state.last_error = ("malformed", warning) if warning else (None, None)
        m.FEED_LAST_SUCCESS.labels(state.feed.name).set(state.last_success.timestamp())
        m.FEED_FAILURES.labels(state.feed.name).set(0)
        state.next_due = self.clock() + next_delay(
            state.interval, 0, self.rng, self.polling.jitter, self.polling.backoff_max
        )

    def _failed(
        self, state: FeedState, status: int | None, kind: str, error: str | None, retry_after: float | None
    ) -> PollResult:
        name = state.feed.name
        state.failures += 1
        state.last_error_kind, state.last_error = kind, error
        m.FEED_POLLS.labels(name, "error").inc()
        m.FEED_ERRORS.labels(name, kind).inc()
        m.FEED_FAILURES.labels(name).set(state.failures)
        delay = next_delay(
            state.interval,
            state.failures,
            self.rng,
            self.polling.jitter,
            self.polling.backoff_max,
            retry_after,
        )
        state.next_due = self.clock() + delay
        log.warning("feed %s: %s: %s; next try in %.0f s", name, kind, error, delay)
        return PollResult(name, status, error_kind=kind, error=error)

    # ------------------------------------------------------------------ all feeds
    async def poll_once(self, names: list[str] | None = None) -> list[PollResult]:
        """Poll every enabled feed (or `names`) now, at most `concurrency` at a time."""
        states = [self.states[n] for n in names] if names else list(self.states.values())
        return list(await asyncio.gather(*(self.poll_feed(s) for s in states)))

    async def run(self, stop: asyncio.Event, on_result: Callable[[PollResult], Any] | None = None) -> None:
        """Poll each feed when it is due until `stop` is set; then let the polls in flight finish."""
        tasks: set[asyncio.Task[PollResult]] = set()

        def done(t: asyncio.Task[PollResult]) -> None:
            tasks.discard(t)
            if on_result is not None and not t.cancelled() and t.exception() is None:
                on_result(t.result())

        while not stop.is_set():
            now = self.clock()
            for s in self.states.values():
                if not s.running and s.next_due <= now:
                    s.running = True
                    t = asyncio.create_task(self.poll_feed(s))
                    tasks.add(t)
                    t.add_done_callback(done)
            waiting = [s.next_due for s in self.states.values() if not s.running]
            sleep = min(waiting) - self.clock() if waiting else 1.0
            try:
                await asyncio.wait_for(stop.wait(), timeout=min(max(sleep, 0.05), 1.0))
            except TimeoutError:
                pass
        if tasks:
            await asyncio.wait(tasks, timeout=self.polling.timeout + 30)

    def status(self) -> list[dict[str, Any]]:
        """Each feed's health, as `newsalert feeds status` prints it."""
        now = self.clock()
        return [health(s, now) for s in self.states.values()]
