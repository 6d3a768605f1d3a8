"""Telegram updates → the one IncomingMessage: ids that survive redelivery, group addressing, files.

Pure functions over PTB objects; no network and no database, so they are unit-tested directly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from telegram import CallbackQuery, Chat, MaybeInaccessibleMessage, Message, MessageEntity, Update, User

from bot.messages import IncomingMessage

CHANNEL = "telegram"
GROUP_TYPES = (Chat.GROUP, Chat.SUPERGROUP)


def message_key(message: Message) -> str:
    """Telegram numbers messages per chat, so chat + message id is unique and a redelivered update maps to it."""
    return f"{message.chat.id}:{message.message_id}"


def callback_key(query: CallbackQuery) -> str:
    return f"cb:{query.id}"


def is_group(chat: Chat) -> bool:
    return chat.type in GROUP_TYPES


def _entities(message: Message) -> dict[MessageEntity, str]:
    # PTB slices entity text by UTF-16 offsets, as Telegram counts them (an emoji before @bot shifts them).
    found = dict(message.parse_entities())
    found.update(message.parse_caption_entities())
    return found


def mentions_bot(message: Message, username: str, bot_id: int) -> bool:
    handle = f"@{username}".casefold()
    for entity, text in _entities(message).items():
        if entity.type == MessageEntity.MENTION and text.casefold() == handle:
            return True
        if entity.type == MessageEntity.TEXT_MENTION and entity.user is not None and entity.user.id == bot_id:
            return True
    return False


def strip_mention(text: str, username: str) -> str:
    """"@salesbot tell me about Acme" → "tell me about Acme" (the handle means nothing to the parser)."""
    without = re.sub(rf"(?i)@{re.escape(username)}\b", " ", text)
    return re.sub(r"[ \t]{2,}", " ", without).strip()


@dataclass(frozen=True)
class Command:
    name: str
    args: str


def parse_command(message: Message, username: str) -> Command | None:
    """`/name[@bot] args` at the start of the text; None when it is not a command, or one for another bot."""
    text = message.text or ""
    entity = next((e for e in message.entities if e.type == MessageEntity.BOT_COMMAND and e.offset == 0), None)
    if entity is None or not text.startswith("/"):
        return None
    head = message.parse_entity(entity)
    name, _, target = head[1:].partition("@")
    if target and target.casefold() != username.casefold():
        return None
    return Command(name.casefold(), text[len(head):].strip())


def sender_language(raw: Mapping[str, Any]) -> str | None:
    """The sender's Telegram app language from a raw update, for people we do not know yet: zh-* → zh, en-* → en."""
    body = raw.get("message") or raw.get("callback_query") or {}
    code = str((body.get("from") or {}).get("language_code") or "").casefold()
    if code.startswith("zh"):
        return "zh"
    if code.startswith("en"):
        return "en"
    return None


def seconds(value: int | float | timedelta | None) -> float | None:
    # Durations are ints today and timedeltas under PTB_TIMEDELTA (PTB's next major version).
    if value is None:
        return None
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


@dataclass(frozen=True)
class Media:
    """An audio attachment to hand to transcription (voice note, audio file, or a document that is audio)."""

    file_id: str
    size: int | None
    mime_type: str | None
    duration: float | None
    file_name: str | None


def audio_of(message: Message) -> Media | None:
    if message.voice is not None:
        voice = message.voice
        return Media(voice.file_id, voice.file_size, voice.mime_type or "audio/ogg", seconds(voice.duration), None)
    if message.audio is not None:
        audio = message.audio
        return Media(audio.file_id, audio.file_size, audio.mime_type, seconds(audio.duration), audio.file_name)
    document = message.document
    if document is not None and (document.mime_type or "").startswith("audio/"):
        return Media(document.file_id, document.file_size, document.mime_type, None, document.file_name)
    return None


EVIDENCE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "application/pdf"})


def evidence_of(message: Message) -> Media | None:
    """A photo (its largest size) or a document that is a picture or a PDF: evidence to attach."""
    if message.photo:
        photo = message.photo[-1]
        return Media(photo.file_id, photo.file_size, "image/jpeg", None, f"photo-{photo.file_unique_id}.jpg")
    document = message.document
    if document is not None and (document.mime_type or "") in EVIDENCE_TYPES:
        return Media(document.file_id, document.file_size, document.mime_type, None, document.file_name)
    return None


def has_other_content(message: Message) -> bool:
    """Photos, stickers, videos, locations…: content we cannot use (service messages are not content)."""
    try:
        return message.effective_attachment is not None
    except AttributeError:
        return False


def incoming(update: Update, message: MaybeInaccessibleMessage, sender: User, *, key: str, text: str | None = None,
             action: str | None = None, mentioned: bool = False) -> IncomingMessage:
    """The IncomingMessage for `message` (for a button press: the message the button is on)."""
    group = is_group(message.chat)
    return IncomingMessage(
        channel=CHANNEL,
        chat_id=str(message.chat.id),
        sender_id=str(sender.id),
        message_id=key,
        text=text,
        action=action,
        is_group=group,
        mentioned=mentioned,
        # In a group, the private replies (the card) go to the sender's private chat, so the conversation
        # lives there and the card's buttons and a typed "yes" both find it.
        conversation_id=str(sender.id) if group else None,
        # A button press has no date of its own; `message.date` is when the bot's card was sent.
        received_at=None if action else message.date,
        raw=raw_update(update),
    )


def raw_update(update: Update) -> dict[str, Any]:
    # Through JSON so the inbox can store it as is (dates become timestamps).
    raw: dict[str, Any] = json.loads(update.to_json())
    return raw
