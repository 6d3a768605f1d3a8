"""Sends outgoing webhook deliveries (a task of `salesbot serve` and `salesbot api`): fans new events out to
the subscriptions, posts each due delivery signed (HMAC-SHA256 over "<timestamp>.<body>"), and records the
outcome — 2xx is sent; anything else (an error status, a refused connection, a timeout) is retried with backoff
(`core.services.webhooks.BACKOFF`) until the attempts run out and the delivery is kept as failed."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import aiohttp

from bot.api.settings import ApiSettings
from core.context import CoreGateway
from core.services import webhooks

log = logging.getLogger(__name__)


class WebhookWorker:
    def __init__(self, core: CoreGateway, settings: ApiSettings) -> None:
        self.core = core
        self.settings = settings
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    def _claim(self) -> list[webhooks.Outgoing]:
        with self.core.system() as system:
            webhooks.fan_out(system)
        with self.core.system() as system:
            return webhooks.claim_due(system)

    def _record(self, outgoing: webhooks.Outgoing, status: int | None, error: str | None) -> None:
        with self.core.system() as system:
            if error is None and status is not None:
                webhooks.mark_sent(system, outgoing.id, status)
                return
            retry = webhooks.mark_failed_attempt(system, outgoing.id, outgoing.attempts, error or "failed", status,
                                                 max_attempts=self.settings.webhook_max_attempts)
        # The URL's query may carry a credential: log the delivery, never the URL or the body.
        log.warning("webhook delivery %s (%s) failed: %s; %s", outgoing.id, outgoing.event, error,
                    f"retry at {retry.isoformat()}" if retry else "given up")

    async def _send(self, client: aiohttp.ClientSession, outgoing: webhooks.Outgoing) -> None:
        stamp = str(int(self.core.clock.now().timestamp()))
        headers = {"Content-Type": "application/json", webhooks.TIMESTAMP_HEADER: stamp,
                   webhooks.SIGNATURE_HEADER: webhooks.sign(outgoing.secret, stamp, outgoing.body),
                   webhooks.EVENT_HEADER: outgoing.event, webhooks.DELIVERY_HEADER: str(outgoing.id)}
        status: int | None = None
        error: str | None = None
        try:
            async with client.post(outgoing.url, data=outgoing.body, headers=headers, allow_redirects=False) as reply:
                status = reply.status
                if not 200 <= status < 300:
                    error = f"HTTP {status}"
        except (aiohttp.ClientError, TimeoutError, OSError, ValueError) as exc:
            error = type(exc).__name__
        await asyncio.to_thread(self._record, outgoing, status, error)

    async def tick(self) -> int:
        """One round: returns how many deliveries were attempted."""
        due = await asyncio.to_thread(self._claim)
        if not due:
            return 0
        timeout = aiohttp.ClientTimeout(total=self.settings.webhook_timeout)
        async with aiohttp.ClientSession(timeout=timeout) as client:
            await asyncio.gather(*(self._send(client, outgoing) for outgoing in due))
        return len(due)

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await self.tick()
            except Exception:
                log.exception("webhook worker round failed")
            self._wake.clear()
            waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self._wake.wait())]
            with contextlib.suppress(TimeoutError):
                await asyncio.wait(waiters, timeout=self.settings.webhook_poll_seconds,
                                   return_when=asyncio.FIRST_COMPLETED)
            for waiter in waiters:
                waiter.cancel()
