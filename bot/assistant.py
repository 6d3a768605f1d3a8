"""The one entry point every channel calls: store the message, find the user, run the conversation."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Protocol

from bot.conversation import Conversation, Turn
from bot.messages import IncomingMessage
from core.context import CoreGateway
from core.i18n import t
from core.outbound import Reply
from core.services import inbox, users

log = logging.getLogger(__name__)


def guess_language(text: str | None, default: str) -> str:
    """For people we do not know yet: answer in the script they wrote in."""
    if not text:
        return default
    return "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"


class VoiceIntake(Protocol):
    """Takes a voice note as a durable job and answers at once ("🎙 transcribing…"); bot.voice_jobs."""

    def accept(self, message: IncomingMessage, user_id: int, language: str) -> list[Reply]: ...


class FileIntake(Protocol):
    """Keeps a photo or PDF sent in chat as an attachment and says where it went; bot.attachments_intake."""

    def accept(self, message: IncomingMessage, user_id: int, language: str) -> list[Reply]: ...


class Assistant:
    def __init__(self, core: CoreGateway, conversation: Conversation, default_language: str,
                 voice: VoiceIntake | None = None, files: FileIntake | None = None) -> None:
        self.core = core
        self.conversation = conversation
        self.default_language = default_language
        self.voice = voice
        self.files = files

    async def handle(self, message: IncomingMessage) -> list[Reply]:
        """Process one inbound message; the database work runs in a worker thread."""
        return await asyncio.to_thread(self.handle_sync, message)

    def handle_sync(self, message: IncomingMessage) -> list[Reply]:
        user_id: int | None = None
        language: str | None = None
        # Stored (and committed) before anything else happens to it; who sent it is read in the same breath. A
        # channel that stored it already (before acknowledging it) has claimed the row for processing: adopted.
        with self.core.system() as system:
            inbound_id = inbox.claimed(system, message.channel, message.message_id)
            if inbound_id is None:
                inbound_id = inbox.record(
                    system, channel=message.channel, platform_message_id=message.message_id,
                    chat_id=message.chat_id, sender_id=message.sender_id, text=message.text,
                    raw=_jsonable(message.raw),
                )
            if inbound_id is not None:
                user = users.user_for_identity(system, message.channel, message.sender_id)
                if user is not None:
                    user_id, language = user.id, user.language
        if inbound_id is None:
            log.info("duplicate %s message %s ignored", message.channel, message.message_id)
            return []
        if user_id is None or language is None:
            self._finish(inbound_id, "rejected", None)
            lang = guess_language(message.text, self.default_language)
            return [Reply(text=t(lang, "access.unknown_user"), private=False)]
        try:
            if message.file is not None and self.files is not None:
                replies = self.files.accept(message, user_id, language)
            elif message.audio is not None and not message.text:
                if self.voice is None:
                    replies = [Reply(text=t(language, "voice.not_available"), private=False)]
                else:
                    replies = self.voice.accept(message, user_id, language)
            else:
                conversation = message.conversation_id or message.chat_id
                turn = Turn(user_id, message.channel, conversation, message.text or "", message.action)
                replies = self.conversation.handle(turn)
        except Exception as exc:
            log.exception("message %s failed", inbound_id)
            self._finish(inbound_id, "failed", user_id, repr(exc)[:500])
            return [Reply(text=t(language, "error.internal"), private=False)]
        self._finish(inbound_id, "processed", user_id)
        return replies

    def _finish(self, inbound_id: int, status: str, user_id: int | None, error: str | None = None) -> None:
        with self.core.system() as system:
            inbox.finish(system, inbound_id, status=status, user_id=user_id, error=error)


def _jsonable(raw: Any) -> dict[str, Any]:
    try:
        return dict(json.loads(json.dumps(dict(raw), default=str)))
    except (TypeError, ValueError):
        return {"repr": repr(raw)[:2000]}
