"""The bounded pool that runs voice jobs: claims what is due, never more at once than it has slots.

Slots are `VoiceConfig.slots` (cores ÷ threads per transcription), so transcriptions never use more CPU
threads than the machine has. The loop wakes when a note arrives (`wake`, callable from any thread), when a
job finishes, or every `idle_poll` seconds to pick up jobs of other processes and expired leases. Now and then
it deletes audio past its retention.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence

from bot.voice_jobs.service import VoiceService

log = logging.getLogger(__name__)


class VoiceWorker:
    def __init__(self, service: VoiceService, *, channels: Sequence[str] | None = None, idle_poll: float = 2.0,
                 purge_every: float = 600.0, check_model: bool = False) -> None:
        self.service = service
        self.channels = list(channels) if channels is not None else None
        self.idle_poll = idle_poll
        self.purge_every = purge_every
        self.check_model = check_model
        self._wake = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._active: set[asyncio.Task[None]] = set()
        self._last_purge = 0.0

    def wake(self) -> None:
        """Safe from any thread (the assistant accepts notes in worker threads)."""
        loop = self._loop
        if loop is None:
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._wake.set()
        else:
            with contextlib.suppress(RuntimeError):  # loop closed: nothing to wake
                loop.call_soon_threadsafe(self._wake.set)

    async def run(self, stop: asyncio.Event) -> None:
        self._loop = asyncio.get_running_loop()
        checking = asyncio.create_task(self._check_model()) if self.check_model else None
        try:
            while not stop.is_set():
                try:
                    await self._fill()
                    await self._maybe_purge()
                except Exception:
                    log.exception("voice worker round failed")
                self._wake.clear()
                waiters = [asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(stop.wait())]
                await asyncio.wait([*waiters, *self._active], timeout=self.idle_poll,
                                   return_when=asyncio.FIRST_COMPLETED)
                for waiter in waiters:
                    waiter.cancel()
        finally:
            if checking is not None:
                checking.cancel()
            for task in list(self._active):
                task.cancel()
            # A job cut short here keeps its lease; the next worker resumes it once the lease runs out.
            await asyncio.gather(*self._active, return_exceptions=True)

    async def _fill(self) -> None:
        while len(self._active) < self.service.config.slots:
            claim = await asyncio.to_thread(self.service.claim_next, self.channels)
            if claim is None:
                return
            task = asyncio.create_task(self.service.process(claim), name=f"voice-job-{claim.job_id}")
            self._active.add(task)
            task.add_done_callback(self._active.discard)

    async def run_one(self, job_id: int) -> bool:
        """Process one job now if it can be claimed (the console's own note); False when someone else has it."""
        claim = await asyncio.to_thread(self.service.claim, job_id)
        if claim is None:
            return False
        await self.service.process(claim)
        return True

    async def _maybe_purge(self) -> None:
        if time.monotonic() - self._last_purge < self.purge_every:
            return
        self._last_purge = time.monotonic()
        purged = await asyncio.to_thread(self.service.purge_audio)
        if purged:
            log.info("deleted the audio of %s voice notes past retention", purged)

    async def _check_model(self) -> None:
        """At start, load the speech model in the background: a missing one is reported now, naming the fix."""
        loop = asyncio.get_running_loop()
        error = await loop.run_in_executor(self.service.executor, self.service.check_model)
        if error:
            log.error("voice notes cannot be transcribed: %s", error)
