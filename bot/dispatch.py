"""From a platform event to queued replies: run the assistant, pick each reply's chat, queue it in the outbox.

In a group chat, a reply that carries customer data goes to the sender privately instead, and the group
only hears that it did — nothing a fellow member may not see is ever posted there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bot.assistant import Assistant
from bot.messages import IncomingMessage
from core.context import CoreGateway
from core.i18n import t
from core.outbound import Reply, reply_payload
from core.services import outbox, users


class Dispatcher:
    def __init__(self, core: CoreGateway, assistant: Assistant, wake: Callable[[], None] = lambda: None) -> None:
        self.core = core
        self.assistant = assistant
        self.wake = wake

    async def process(self, message: IncomingMessage, *, private_chat_id: str | None = None) -> list[Reply]:
        """Handle one inbound message and queue its replies; returns them (for logs and tests)."""
        replies = await self.assistant.handle(message)
        if replies:
            await self.deliver(message, replies, private_chat_id=private_chat_id)
        return replies

    async def deliver(self, message: IncomingMessage, replies: list[Reply], *,
                      private_chat_id: str | None = None) -> None:
        await asyncio.to_thread(self._enqueue, message, replies, private_chat_id)
        self.wake()

    def _enqueue(self, message: IncomingMessage, replies: list[Reply], private_chat_id: str | None) -> None:
        moved = False
        with self.core.system() as system:
            # Each reply row names the person it answers: in a group, only they may press its buttons, and a
            # decision finds their card wherever it was delivered (a push to their user id, a DM).
            user = users.user_for_identity(system, message.channel, message.sender_id) if message.sender_id else None
            user_id = user.id if user is not None else None
            for reply in replies:
                chat = message.chat_id
                if message.is_group and reply.private:
                    if private_chat_id is None:
                        continue  # no private route: drop rather than leak into the group
                    chat, moved = private_chat_id, True
                outbox.enqueue(system, channel=message.channel, chat_id=chat, payload=reply_payload(reply),
                               user_id=user_id)
            if moved:
                # Same session: a second one would wait on this one's write lock (SQLite: "database is locked").
                lang = user.language if user is not None else self.assistant.default_language
                note = Reply(text=t(lang, "group.replied_privately"), private=False)
                outbox.enqueue(system, channel=message.channel, chat_id=message.chat_id,
                               payload=reply_payload(note), user_id=user_id)
