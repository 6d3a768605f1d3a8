"""The real `salesbot serve` Server with Slack configured, driven by signed requests against the fake Web API.

Import the `slack` fixture into a test module: `from tests.e2e.slack_harness import slack  # noqa: F401`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import pytest_asyncio
from sqlalchemy import and_, func, or_, select

from bot.bootstrap import App
from bot.channels.slack import SlackChannel
from bot.serve import Server, build_server
from core.clock import FixedClock
from core.models import InboundMessage, OutboxMessage, User
from core.services import invites, outbox, users
from tests.fakes import slack_events as se
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_objects import SlackMessage

SECRET = "e2e-signing-secret"
ALICE = se.DEFAULT_USER_ID  # U0USER, alice@example.com
ALICE_DM = se.dm_channel_for(ALICE)


@dataclass
class SlackHarness:
    fake: FakeSlack
    app: App
    server: Server
    clock: FixedClock

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}/slack/events"

    @property
    def channel(self) -> SlackChannel:
        channel = self.server.channels["slack"]
        assert isinstance(channel, SlackChannel)
        return channel

    # -- people -------------------------------------------------------------------------------------

    def add_user(self, name: str, *, role: str = "rep", team: str | None = "East", lang: str = "en",
                 email: str | None = None) -> int:
        with self.app.core.system() as system:
            session = system.session
            user = users.add_user(system, name, role=role, team=team, language=lang,
                                  email=email)
            session.flush()
            return user.id

    def link(self, user_id: int, slack_user: str) -> None:
        with self.app.core.system() as system:
            session = system.session
            user = session.get(User, user_id)
            assert user is not None
            users.link(system, user, "slack", slack_user)

    def invite(self, user_id: int) -> str:
        with self.app.core.system() as system:
            session = system.session
            user = session.get(User, user_id)
            assert user is not None
            return invites.create(system, user)

    # -- Slack → app ----------------------------------------------------------------------------------

    async def post(self, request: se.SlackRequest, **kwargs: Any) -> se.AppResponse:
        return await se.post_to_app(self.url, request, SECRET, **kwargs)

    async def dm(self, text: str, *, user: str = ALICE, event_id: str | None = None, **kwargs: Any
                 ) -> se.AppResponse:
        response = await self.post(se.event_request(se.message_event(text, user=user), event_id=event_id), **kwargs)
        assert response.status == 200, response
        return response

    async def press(self, message: SlackMessage, label: str, *, user: str = ALICE) -> se.AppResponse:
        button = next(b for b in message.buttons() if label in b["text"]["text"])
        request = se.block_actions_request(action_id=button["action_id"], value=button["value"], user=user,
                                           message=message.message, response_url=self.fake.response_url())
        response = await self.post(request)
        assert response.status == 200, response
        return response

    # -- waiting and looking ----------------------------------------------------------------------------

    async def said(self, n: int, channel: str = ALICE_DM) -> list[SlackMessage]:
        """All bot messages in `channel` once there are at least n (and the outbox has settled)."""
        await self.fake.wait_for_messages(channel, n)
        await self.settle()
        return self.fake.messages_in(channel)

    async def settle(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Until acknowledged work is done and the outbox holds nothing due or being sent."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        await asyncio.sleep(0.02)
        while loop.time() < deadline:
            busy = self.channel.busy
            if not busy and await asyncio.to_thread(self.due_count) == 0:
                return
            await asyncio.sleep(0.02)
        raise AssertionError(f"not settled after {timeout}s; calls: {[c.method for c in self.fake.calls[-10:]]}")

    def due_count(self) -> int:
        with self.app.core.system() as system:
            session = system.session
            return int(session.scalar(
                select(func.count(OutboxMessage.id)).where(or_(
                    OutboxMessage.status == "sending",  # being sent right now
                    and_(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= self.clock.now())))
            ) or 0)

    def unsent(self) -> int:
        with self.app.core.system() as system:
            return outbox.unsent_count(system)

    def count(self, model: type, *where: Any) -> int:
        with self.app.core.system() as system:
            session = system.session
            return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)

    def inbound(self) -> list[InboundMessage]:
        with self.app.core.system() as system:
            session = system.session
            rows = session.scalars(select(InboundMessage).order_by(InboundMessage.id)).all()
            session.expunge_all()
            return list(rows)


async def start_slack(make_app: Callable[..., App], fake: FakeSlack, clock: FixedClock, **overrides: Any
                      ) -> SlackHarness:
    settings: dict[str, Any] = {"slack_bot_token": fake.bot_token, "slack_signing_secret": SECRET,
                                "slack_api_url": fake.api_url, **overrides}
    app = make_app(**settings)
    server = build_server(app)
    await server.start()
    return SlackHarness(fake, app, server, clock)


@pytest_asyncio.fixture
async def slack(make_app: Callable[..., App], fake_slack: FakeSlack, clock: FixedClock
                ) -> AsyncIterator[SlackHarness]:
    harness = await start_slack(make_app, fake_slack, clock)
    try:
        yield harness
    finally:
        await harness.server.stop()
