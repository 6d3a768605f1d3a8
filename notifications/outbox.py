"""Outbox delivery: take due rows, send them through their channel, retry with backoff, mark them sent.

Order is kept per chat: if one message to a chat must wait, the ones after it wait too. A platform's rate limit
(`retry_after`) is honoured up to `max_retry_after` seconds; a longer one is capped there (the message and the
chat's later ones wait in the outbox and try again then), so one chat never stops for a day and other chats
keep flowing. A message that a channel delivered in part (RetryLater.resume) continues where it stopped.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Protocol

from core.context import CoreGateway
from core.outbound import ChannelPort, PermanentFailure, Reply, RetryLater, reply_from_payload
from core.services import outbox
from core.services.outbox import Claimed

log = logging.getLogger(__name__)


@dataclass
class DeliveryStats:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    dropped: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: DeliveryStats) -> None:
        self.sent += other.sent
        self.retried += other.retried
        self.failed += other.failed
        self.dropped += other.dropped
        self.errors += other.errors


class SendGuard(Protocol):
    """Checks a push right before it is sent (notifications.guard.PushGuard): the reply to send, or None."""

    def applies(self, row: Claimed) -> bool: ...

    def review(self, row: Claimed) -> GuardVerdict: ...


class GuardVerdict(Protocol):
    @property
    def reply(self) -> Reply | None: ...

    @property
    def reason(self) -> str: ...


@dataclass(frozen=True)
class Backoff:
    base: float = 2.0
    cap: float = 300.0

    def delay(self, attempts: int) -> float:
        # Exponential with full jitter: many rows failing together do not retry in lockstep.
        return random.uniform(self.base, min(self.cap, self.base * 2 ** max(attempts, 0)))


class OutboxWorker:
    def __init__(self, core: CoreGateway, channels: dict[str, ChannelPort], *, batch: int = 200,
                 concurrency: int = 16, lease: timedelta = outbox.DEFAULT_LEASE, backoff: Backoff | None = None,
                 idle_poll: float = 1.0, guard: SendGuard | None = None, max_retry_after: float = 300.0) -> None:
        self.core = core
        self.max_retry_after = max_retry_after
        self.guard = guard
        self.channels = channels
        self.batch = batch
        self.lease = lease
        self.backoff = backoff or Backoff()
        self.idle_poll = idle_poll
        self._limit = asyncio.Semaphore(concurrency)
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                stats = await self.deliver_once()
            except Exception:
                log.exception("outbox delivery round failed")
                stats = DeliveryStats()
            if stats.sent or stats.retried or stats.failed or stats.dropped:
                continue
            self._wake.clear()
            waiters = [asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(stop.wait())]
            await asyncio.wait(waiters, timeout=self.idle_poll, return_when=asyncio.FIRST_COMPLETED)
            for waiter in waiters:
                waiter.cancel()

    async def deliver_once(self) -> DeliveryStats:
        """One round: claim what is due for the channels this process runs, deliver it, record the outcome."""
        if not self.channels:
            return DeliveryStats()
        claimed = await asyncio.to_thread(self._claim)
        chats: OrderedDict[tuple[str, str], list[Claimed]] = OrderedDict()
        for row in claimed:
            chats.setdefault((row.channel, row.chat_id), []).append(row)
        results = await asyncio.gather(*(self._deliver_chat(rows) for rows in chats.values()))
        total = DeliveryStats()
        for result in results:
            total.add(result)
        return total

    def _claim(self) -> list[Claimed]:
        with self.core.system() as system:
            return outbox.claim_due(system, limit=self.batch, lease=self.lease,
                                    channels=sorted(self.channels))

    async def _deliver_chat(self, rows: list[Claimed]) -> DeliveryStats:
        stats = DeliveryStats()
        async with self._limit:
            for index, row in enumerate(rows):
                delay = await self._deliver_one(row, stats)
                if delay is not None:
                    # Keep the chat's order: everything after a message that must wait, waits as long.
                    for later in rows[index + 1:]:
                        await asyncio.to_thread(self._record_retry, later.id, delay, "waiting for an earlier message")
                    stats.retried += len(rows) - index - 1
                    break
        return stats

    async def _deliver_one(self, row: Claimed, stats: DeliveryStats) -> float | None:
        port = self.channels[row.channel]
        reply = reply_from_payload(row.payload)
        try:
            # Pushes are re-checked against what the recipient may see now, not when they were queued.
            if self.guard is not None and self.guard.applies(row):
                verdict = await asyncio.to_thread(self.guard.review, row)
                if verdict.reply is None:
                    await asyncio.to_thread(self._record_dropped, row.id, verdict.reason)
                    stats.dropped += 1
                    return None
                reply = verdict.reply
            if reply.resolves:
                await self._close_proposal(port, row, reply.resolves)
            resume = getattr(port, "resume", None)  # core.outbound.ResumablePort
            if row.resume is not None and callable(resume):
                message_id = await resume(row.chat_id, reply, row.resume)
            else:
                message_id = await port.send(row.chat_id, reply)
        except RetryLater as exc:
            delay = self.backoff.delay(row.attempts) if exc.after is None else min(exc.after, self.max_retry_after)
            await asyncio.to_thread(self._record_retry, row.id, delay, f"retry: {exc}", exc.resume)
            stats.retried += 1
            return delay
        except PermanentFailure as exc:
            log.warning("outbox %s to %s:%s failed permanently: %s", row.id, row.channel, row.chat_id, exc)
            await asyncio.to_thread(self._record_failure, row.id, str(exc))
            stats.failed += 1
            stats.errors.append(str(exc))
            return None
        except Exception as exc:  # an adapter bug or an unexpected transport error: retry, never lose
            log.exception("outbox %s: unexpected error", row.id)
            delay = self.backoff.delay(row.attempts)
            await asyncio.to_thread(self._record_retry, row.id, delay, repr(exc))
            stats.retried += 1
            return delay
        await asyncio.to_thread(self._record_sent, row.id, message_id)
        stats.sent += 1
        return None

    async def _close_proposal(self, port: ChannelPort, row: Claimed, proposal_id: str) -> None:
        """Remove the buttons of a decided proposal card so no stale Confirm remains (in the chat the card
        landed in: a push addressed to a user id lands in their DM, where the decision comes from)."""
        found = await asyncio.to_thread(self._proposal_message, port.name, row.chat_id, proposal_id, row.user_id)
        if found is None:
            return
        chat_id, message_id, card = found
        try:
            await port.edit(chat_id, message_id, Reply(text=card.text, private=card.private))
        except RetryLater:
            raise
        except Exception:  # too old to edit, already edited: the decision itself still goes out
            log.info("could not edit proposal message %s in %s", message_id, chat_id, exc_info=True)

    def _proposal_message(self, channel: str, chat_id: str, proposal_id: str, user_id: int | None
                          ) -> tuple[str, str, Reply] | None:
        with self.core.system() as system:
            found = outbox.proposal_message(system, channel, chat_id, proposal_id, user_id=user_id)
        return None if found is None else (found.chat_id, found.message_id, reply_from_payload(found.payload))

    def _record_sent(self, outbox_id: int, message_id: str | None) -> None:
        with self.core.system() as system:
            outbox.mark_sent(system, outbox_id, message_id)

    def _record_retry(self, outbox_id: int, delay: float, error: str, resume: str | None = None) -> None:
        with self.core.system() as system:
            outbox.mark_retry(system, outbox_id, timedelta(seconds=delay), error, resume=resume)

    def _record_dropped(self, outbox_id: int, reason: str) -> None:
        with self.core.system() as system:
            outbox.mark_dropped(system, outbox_id, reason)

    def _record_failure(self, outbox_id: int, error: str) -> None:
        with self.core.system() as system:
            outbox.mark_failed(system, outbox_id, error)
