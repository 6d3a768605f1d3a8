"""The adapter's own bookkeeping in the database: inbox claims for messages it answers itself (/start, /settings,
files it cannot use), who a Telegram account belongs to, and notes queued for a group.

All of it runs in worker threads: the database is synchronous and the event loop must keep serving updates.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta

from bot.messages import IncomingMessage
from core.context import CoreGateway, actor_for
from core.outbound import Reply, reply_payload
from core.services import inbox, outbox, users

from .receiving import CHANNEL


@dataclass(frozen=True)
class Person:
    user_id: int
    name: str
    language: str
    timezone: str


class Accounts:
    def __init__(self, core: CoreGateway) -> None:
        self.core = core

    async def claim(self, message: IncomingMessage) -> int | None:
        """Store the message in the inbox; None when this update was seen before (then it is not answered again)."""
        return await asyncio.to_thread(self._claim, message)

    def _claim(self, message: IncomingMessage) -> int | None:
        with self.core.system() as system:
            return inbox.record(
                system, channel=message.channel, platform_message_id=message.message_id,
                chat_id=message.chat_id, sender_id=message.sender_id, text=message.text, raw=dict(message.raw),
            )

    async def finish(self, inbound_id: int, status: str, user_id: int | None) -> None:
        await asyncio.to_thread(self._finish, inbound_id, status, user_id)

    def _finish(self, inbound_id: int, status: str, user_id: int | None) -> None:
        with self.core.system() as system:
            inbox.finish(system, inbound_id, status=status, user_id=user_id)

    async def card_owner(self, chat_id: str, message_id: str) -> int | None:
        """The user a message we sent to this chat answered (None: nobody in particular, or not ours)."""
        return await asyncio.to_thread(self._card_owner, chat_id, message_id)

    def _card_owner(self, chat_id: str, message_id: str) -> int | None:
        with self.core.system() as system:
            return outbox.recipient_of(system, CHANNEL, chat_id, message_id)

    async def person(self, sender_id: str) -> Person | None:
        return await asyncio.to_thread(self._person, sender_id)

    def _person(self, sender_id: str) -> Person | None:
        with self.core.system() as system:
            user = users.user_for_identity(system, CHANNEL, sender_id)
            if user is None:
                return None
            # The effective zone (own, else the team's, else the default) is what the user's dates are shown in.
            actor = actor_for(user, self.core.defaults)
            return Person(user.id, user.name, user.language, actor.timezone)

    async def recent_group(self, sender_id: str, within: timedelta) -> tuple[int, str] | None:
        """The group the sender last wrote to us in — if that was their latest message and a recent one."""
        return await asyncio.to_thread(self._recent_group, sender_id, within)

    def _recent_group(self, sender_id: str, within: timedelta) -> tuple[int, str] | None:
        with self.core.system() as system:
            latest = inbox.latest_from(system, CHANNEL, sender_id)
        if latest is None:
            return None
        inbound_id, chat_id, received_at = latest
        if chat_id == sender_id or received_at < self.core.clock.now() - within:
            return None
        return inbound_id, chat_id

    async def queue_note(self, chat_id: str, reply: Reply, dedupe_key: str) -> bool:
        """Queue a message for a chat; once per `dedupe_key`, however often the cause repeats."""
        return await asyncio.to_thread(self._queue_note, chat_id, reply, dedupe_key)

    def _queue_note(self, chat_id: str, reply: Reply, dedupe_key: str) -> bool:
        with self.core.system() as system:
            queued = outbox.enqueue(system, channel=CHANNEL, chat_id=chat_id,
                                    payload=reply_payload(reply), dedupe_key=dedupe_key)
        return queued is not None
