"""What a channel received but has not processed yet: stored first, processed now or, failing that, later.

A channel stores every event it accepts (`store`, in the inbox, status `received`) before it answers the platform
and before anything that can fail. Then `submit` processes it at once. If it cannot be processed now (the
platform is unreachable, so nobody can be authorised or answered) the handler returns `LATER`; if processing
raises, the attempt counts as failed. Either way the event goes back to the store and the sweep (`run`) takes it
again with a growing delay, until it is processed (or, after repeated errors, marked failed and kept).

One sender's events are processed one at a time and in the order they arrived; different senders' run
concurrently, up to `concurrency` at once. Two is the default on purpose: processing is bound by the GIL and by
the database's writer (SQLite has one), so more at once does not process faster — it only makes the stores that
acknowledgements wait for queue behind processing (bench/slack_bench.py: ack p99 166 ms with 2, 825 ms with 4,
1.5 s with 32, at the same throughput).
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import weakref
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from core.context import CoreGateway
from core.services import inbox
from core.services.inbox import Stored

log = logging.getLogger(__name__)


class Outcome(enum.Enum):
    DONE = "done"  # processed (or nothing to do: the handler did not finish the row, so it is marked ignored)
    LATER = "later"  # cannot be processed now (the platform is unreachable): back to the store, no error counted


Handler = Callable[[Stored], Awaitable[Outcome]]
# What is stored of a received event: (inbox key, chat id, sender id, text, raw payload).
Entry = tuple[str, str, str, str | None, dict[str, Any]]


class Backlog:
    def __init__(self, core: CoreGateway, channel: str, handler: Handler, *, concurrency: int = 2,
                 first_retry: float = 0.5, max_retry: float = 30.0, idle_sweep: float = 30.0,
                 lease: timedelta = inbox.DEFAULT_LEASE, max_attempts: int = 5) -> None:
        self.core = core
        self.channel = channel
        self.handler = handler
        self.first_retry = first_retry
        self.max_retry = max_retry
        self.idle_sweep = idle_sweep
        self.lease = lease
        self.max_attempts = max_attempts
        self._limit = asyncio.Semaphore(concurrency)
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        self._tasks: set[asyncio.Task[None]] = set()
        self._pending: list[tuple[list[Entry], asyncio.Future[list[int | None]]]] = []
        self._writer: asyncio.Task[None] | None = None
        self._store_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"{channel}-inbox")
        self._wake = asyncio.Event()
        self._nudge = asyncio.Event()
        self._idle = False
        self._deferred = False  # something was put back since the last sweep began
        self._delay = first_retry

    # -- storing ------------------------------------------------------------------------------------------

    async def store(self, *, key: str, chat_id: str, sender_id: str, text: str | None, raw: dict[str, Any]
                    ) -> int | None:
        """Store a received event durably; None when this key was stored before (a redelivery). Raises when
        the database cannot store it — then the platform must be told to deliver it again."""
        return (await self.store_many([(key, chat_id, sender_id, text, raw)]))[0]

    async def store_many(self, entries: list[Entry]) -> list[int | None]:
        """Store events (key, chat, sender, text, raw), committed before this returns.

        Acknowledgements wait for this, so it must stay fast while processing keeps the database busy: stores
        run on a writer thread of their own (never queued behind processing work), and the stores that arrive
        while one is being written are written together, in one transaction (a group commit)."""
        future: asyncio.Future[list[int | None]] = asyncio.get_running_loop().create_future()
        self._pending.append((entries, future))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_pending())
        return await future

    async def _write_pending(self) -> None:
        loop = asyncio.get_running_loop()
        while self._pending:
            batch, self._pending = self._pending, []
            flat = [entry for entries, _ in batch for entry in entries]
            try:
                ids = await loop.run_in_executor(self._store_thread, self._store_many, flat)
            except Exception as exc:
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            start = 0
            for entries, future in batch:
                if not future.done():
                    future.set_result(ids[start:start + len(entries)])
                start += len(entries)

    def _store_many(self, entries: list[Entry]) -> list[int | None]:
        with self.core.system() as system:
            return [inbox.record(system, channel=self.channel, platform_message_id=key[:128], chat_id=chat[:64],
                                 sender_id=sender[:64], text=text, raw=raw)
                    for key, chat, sender, text, raw in entries]

    # -- processing ---------------------------------------------------------------------------------------

    def submit(self, inbound_id: int, sender_id: str) -> asyncio.Task[None]:
        """Process a stored event now (in the background, after the sender's earlier events)."""
        task = asyncio.create_task(self._process(inbound_id, sender_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    @property
    def busy(self) -> bool:
        return any(not task.done() for task in self._tasks)

    def wake(self) -> None:
        """Sweep now, or right after the sweep under way (e.g. the platform became reachable)."""
        self._delay = self.first_retry
        self._wake.set()

    def _lock(self, sender_id: str) -> asyncio.Lock:
        lock = self._locks.get(sender_id)
        if lock is None:
            lock = self._locks[sender_id] = asyncio.Lock()
        return lock

    async def _process(self, inbound_id: int, sender_id: str) -> None:
        lock = self._lock(sender_id)  # held by this coroutine's frame while it waits
        async with lock, self._limit:
            stored = await asyncio.to_thread(self._claim, inbound_id)
            if stored is None:
                return  # done already, or another worker has it
            try:
                outcome = await self.handler(stored)
            except Exception as exc:
                log.exception("%s: processing inbox message %s failed", self.channel, inbound_id)
                status = await asyncio.to_thread(self._release, inbound_id, _short(exc), True)
                if status != "failed":
                    self._defer()
                return
            if outcome is Outcome.LATER:
                await asyncio.to_thread(self._release, inbound_id, "platform unreachable", False)
                self._defer()
                return
            await asyncio.to_thread(self._settle, inbound_id)

    def _defer(self) -> None:
        self._deferred = True
        if self._idle:
            self._nudge.set()  # the sweep was idling: retry after the short delay instead

    def _claim(self, inbound_id: int) -> Stored | None:
        with self.core.system() as system:
            return inbox.claim(system, inbound_id, lease=self.lease)

    def _release(self, inbound_id: int, error: str, failed: bool) -> str:
        with self.core.system() as system:
            return inbox.release(system, inbound_id, error, failed_attempt=failed, max_attempts=self.max_attempts)

    def _settle(self, inbound_id: int) -> None:
        """A handler that had nothing to do leaves the row claimed: it was not for us."""
        with self.core.system() as system:
            if inbox.status_of(system, inbound_id) == "processing":
                inbox.finish(system, inbound_id, status="ignored")

    # -- the sweep ----------------------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Until `stop`: process what is stored and unprocessed (at once on start: what a previous run left)."""
        while not stop.is_set():
            self._wake.clear()  # a wake from now on (during the sweep too) asks for another sweep
            self._deferred = False
            try:
                await self.sweep()
            except Exception:
                log.exception("%s: inbox sweep failed", self.channel)
                self._deferred = True
            await self._pause(stop)

    async def _pause(self, stop: asyncio.Event) -> None:
        """Wait before the next sweep: long when all is well, growing while something had to be put back (the
        platform stays unreachable). A deferral seen meanwhile shortens an idle wait; `wake()` ends any wait."""
        while not stop.is_set() and not self._wake.is_set():
            if self._deferred:
                wait, self._delay = self._delay, min(self._delay * 2, self.max_retry)
            else:
                wait, self._delay = self.idle_sweep, self.first_retry
            self._idle = not self._deferred
            self._nudge.clear()
            waiters = [asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(stop.wait()),
                       asyncio.ensure_future(self._nudge.wait())]
            done, _ = await asyncio.wait(waiters, timeout=wait, return_when=asyncio.FIRST_COMPLETED)
            for waiter in waiters:
                waiter.cancel()
            self._idle = False
            if not done or not self._nudge.is_set():
                return  # time for the next sweep (or woken, or stopping)

    async def sweep(self) -> int:
        """Process the stored backlog once, in order; returns how many were taken up."""
        rows = await asyncio.to_thread(self._backlog)
        tasks = [self.submit(inbound_id, sender) for inbound_id, sender in rows]
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        return len(tasks)

    def _backlog(self) -> list[tuple[int, str]]:
        with self.core.system() as system:
            return inbox.backlog(system, self.channel)

    async def drain(self, timeout: float) -> None:  # noqa: ASYNC109 - a grace period, not a cancellation scope
        """Let events being processed finish (at stop): their replies get queued rather than cut off."""
        pending = [task for task in self._tasks if not task.done()]
        if pending:
            with contextlib.suppress(Exception):
                await asyncio.wait(pending, timeout=timeout)
        if self._writer is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._writer, timeout)


def _short(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc)[:200]}"
