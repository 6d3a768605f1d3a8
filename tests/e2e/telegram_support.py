"""Shared parts of the Telegram e2e tests: the real `salesbot serve` Server with the Telegram channel pointed at
the fake Bot API, users linked the way people link (invite code → /start), and waits that need no sleeps."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import func, select

from bot.bootstrap import App
from bot.channels.telegram import TelegramChannel
from bot.serve import Server, build_server
from core.models import InboundMessage, OutboxMessage, User
from core.services import customers, deals, invites, outbox, users
from tests.factories import acting
from tests.fakes import DEFAULT_TIMEOUT, DEFAULT_USER, FakeTelegram, SentMessage, TgUser

SECRET = "e2e_Secret-token"
WEBHOOK_URL = "https://salesbot.example.com/telegram/webhook"
# Keeps the Updater's shutdown quick; the long poll is cancelled on stop anyway.
POLL_TIMEOUT = 2.0


@dataclass
class Telegram:
    """One test's world: the fake Bot API, the app (real DB), and the running Server (restartable)."""

    fake: FakeTelegram
    app: App
    mode: str
    server: Server | None = None
    servers: list[Server] = field(default_factory=list)

    @property
    def channel(self) -> TelegramChannel:
        assert self.server is not None
        channel = self.server.channels["telegram"]
        assert isinstance(channel, TelegramChannel)
        return channel

    @property
    def webhook_url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.port}/telegram/webhook"

    async def start(self) -> Server:
        server = build_server(self.app)
        channel = server.channels["telegram"]
        assert isinstance(channel, TelegramChannel)
        channel.poll_timeout = POLL_TIMEOUT
        channel.first_retry = 0.1  # reconnecting after an outage: quick, so tests wait little
        channel.backlog.first_retry, channel.backlog.max_retry = 0.05, 0.4
        await server.start()
        self.server = server
        self.servers.append(server)
        return server

    async def stop(self) -> None:
        if self.server is not None:
            await self.server.stop()
            self.server = None

    async def restart(self) -> Server:
        await self.stop()
        return await self.start()

    # -- people and data -----------------------------------------------------------------------------

    def add_user(self, name: str, *, lang: str = "en", role: str = "rep", team: str = "East") -> int:
        core = self.app.core
        with core.system() as system:
            user = users.add_user(system, name, role=role, team=team, language=lang)
            return user.id

    def invite(self, name: str) -> str:
        core = self.app.core
        with core.system() as system:
            return invites.create(system, users.require_by_name(system, name))

    def link(self, name: str, tg_user: TgUser) -> None:
        core = self.app.core
        with core.system() as system:
            users.link(system, users.require_by_name(system, name), "telegram", str(tg_user.id))

    def add_customer(self, owner: str, name: str) -> int:
        core = self.app.core
        with core.system() as system:
            user = users.require_by_name(system, owner)
        with acting(core, user) as ctx:
            return customers.create(ctx, name).id

    def add_deal(self, owner: str, customer_id: int, title: str, stage: str = "proposal") -> int:
        core = self.app.core
        with core.system() as system:
            user = users.require_by_name(system, owner)
        with acting(core, user) as ctx:
            return deals.create(ctx, customer_id, title, stage=stage).id

    def user_id(self, name: str) -> int:
        with self.app.core.system() as system:
            session = system.session
            found = session.scalar(select(User.id).where(User.name == name))
            assert found is not None
            return found

    # -- observing -----------------------------------------------------------------------------------

    def unsent(self) -> int:
        with self.app.core.system() as system:
            return outbox.unsent_count(system)

    def outbox_rows(self) -> list[OutboxMessage]:
        with self.app.core.system() as system:
            session = system.session
            return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all())

    def inbound_count(self) -> int:
        with self.app.core.system() as system:
            session = system.session
            return int(session.scalar(select(func.count(InboundMessage.id))) or 0)

    async def wait_outbox_empty(self) -> None:
        await eventually(lambda: self.unsent() == 0, what="outbox delivered")

    async def say(self, text: str, user: TgUser = DEFAULT_USER, n: int | None = None) -> list[SentMessage]:
        """Send a private message (polling: pushed; webhook: posted) and wait for the bot's next reply(ies)."""
        before = len(self.fake.sent_to(user.id))
        await self.deliver(self.fake.text_update(text, user=user))
        return await self.replies_after(user.id, before, n or 1)

    async def deliver(self, update: dict[str, Any]) -> None:
        """Hand an update to the bot the way the current mode receives it."""
        if self.mode == "polling":
            self.fake.push_update(update)
            return
        from tests.fakes import post_webhook_update

        status, _ = await post_webhook_update(self.webhook_url, update, secret_token=SECRET)
        assert status == 200

    async def replies_after(self, chat_id: int, before: int, n: int = 1) -> list[SentMessage]:
        sent = await self.fake.wait_for_messages(chat_id, before + n)
        return sent[before:]

    async def press(self, card: SentMessage, *, data: str | None = None, text: str | None = None,
                    user: TgUser = DEFAULT_USER, n: int = 1) -> list[SentMessage]:
        before = len(self.fake.sent_to(card.chat_id))
        await self.deliver(self.fake.callback_update(card, data=data, text=text, user=user))
        return await self.replies_after(card.chat_id, before, n)

    def advance(self, seconds: float) -> None:
        """Move the app's clock (outbox retries become due) and nudge the worker."""
        clock: Any = self.app.core.clock
        clock.advance(timedelta(seconds=seconds))
        if self.server is not None:
            self.server.worker.wake()


Factory = Callable[..., App]


async def eventually(predicate: Callable[[], object], *, timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109
                     what: str = "condition") -> None:
    """For database-side conditions (the fake's own waits only wake on its HTTP traffic): poll briefly."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.01)


def telegram_settings(fake: FakeTelegram, mode: str) -> dict[str, Any]:
    settings: dict[str, Any] = {"telegram_token": fake.token, "telegram_api_url": fake.root, "telegram_mode": mode}
    if mode == "webhook":
        settings.update(telegram_webhook_url=WEBHOOK_URL, telegram_webhook_secret=SECRET)
    return settings


@pytest_asyncio.fixture
async def world(request: pytest.FixtureRequest, make_app: Factory, fake_telegram: FakeTelegram,
                   monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Telegram]:
    """A started Server in polling mode (parametrize indirectly with "webhook" for webhook mode)."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # what the channel sets; restored after the test
    mode = getattr(request, "param", "polling")
    started = Telegram(fake_telegram, make_app(**telegram_settings(fake_telegram, mode)), mode)
    await started.start()
    try:
        yield started
    finally:
        await started.stop()


async def link_by_invite(world: Telegram, name: str, user: TgUser = DEFAULT_USER) -> list[SentMessage]:
    """What a person does: open the deep link t.me/<bot>?start=<code>, which sends "/start <code>"."""
    code = world.invite(name)
    before = len(world.fake.sent_to(user.id))
    await world.deliver(world.fake.command_update("start", code, user=user))
    return await world.replies_after(user.id, before)
