"""Helpers for the notification tests: people with linked chats, a tick, the outbox as a list, a fake channel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import count
from typing import Any

from sqlalchemy import select

from bot.assistant import Assistant
from bot.conversation import Conversation
from bot.handlers import default_actions, default_handlers, default_slash_commands
from bot.intents.base import IntentParser
from bot.messages import IncomingMessage
from core.clock import FixedClock
from core.context import CoreGateway
from core.models import Notification, OutboxMessage, User
from core.outbound import Reply, RetryLater
from core.services import preferences, users
from notifications.engine import NotificationEngine, TickReport
from tests.factories import add_user

# One Telegram chat turn: text (or a pressed button's action) from a sender's Telegram id.
Say = Callable[..., list[Reply]]


def person(core: CoreGateway, name: str, role: str = "rep", *, team: str | None = "East", lang: str = "en",
           tz: str | None = "Asia/Shanghai", telegram: str | None = None, slack: str | None = None,
           **prefs: Any) -> User:
    user = add_user(core, name, role=role, team=team, lang=lang, tz=tz)
    with core.system() as system:
        if telegram:
            users.link(system, user, "telegram", telegram)
        if slack:
            users.link(system, user, "slack", slack)
        if prefs:
            preferences.apply(system, user.id, preferences.PrefChanges(**prefs))
    return user


def chat(core: CoreGateway, parser: IntentParser) -> Say:
    """The real conversation (handlers, button actions, slash commands) behind a Telegram private chat."""
    conversation = Conversation(core, parser, default_handlers(), default_actions(), default_slash_commands())
    assistant = Assistant(core, conversation, "en")
    counter = count(1)

    def send(text: str = "", action: str | None = None, sender: str = "100") -> list[Reply]:
        message = IncomingMessage(channel="telegram", chat_id=sender, sender_id=sender,
                                  message_id=str(next(counter)), text=text, action=action)
        return assistant.handle_sync(message)

    return send


def tick(core: CoreGateway, at: datetime | None = None, **engine_args: Any) -> TickReport:
    clock = core.clock
    if at is not None:
        assert isinstance(clock, FixedClock)
        clock.set(at)
    engine_args.setdefault("charts", False)
    return NotificationEngine(core, **engine_args).tick()


def outbox_rows(core: CoreGateway) -> list[OutboxMessage]:
    with core.system() as system:
        session = system.session
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def texts(core: CoreGateway) -> list[str]:
    return [str(row.payload["text"]) for row in outbox_rows(core)]


def notes(core: CoreGateway, kind: str | None = None) -> list[Notification]:
    with core.system() as system:
        session = system.session
        query = select(Notification).order_by(Notification.id)
        if kind:
            query = query.where(Notification.kind == kind)
        return list(session.scalars(query))


@dataclass
class FakePort:
    """A channel that records what it was asked to send; `down=True` makes it refuse (the platform is down)."""

    name: str = "telegram"
    sent: list[tuple[str, Reply]] = field(default_factory=list)
    down: bool = False

    async def send(self, chat_id: str, reply: Reply) -> str:
        if self.down:
            raise RetryLater("platform down", after=30)
        self.sent.append((chat_id, reply))
        return str(len(self.sent))

    async def edit(self, chat_id: str, message_id: str, reply: Reply) -> None:
        return None
