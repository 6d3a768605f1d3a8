"""A raw Telegram update → what the inbox stores of it, before PTB or the assistant see it.

Pure functions over the update's JSON (no PTB, no network): the inbox key (the same for a retried webhook and for
a message re-polled under a new update id), who sent it and where, and the update with any invite code sealed —
`/start CODE` is stored as `/start sha256:…`, which still redeems the invite but never shows the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from core.services.invites import seal

JSON = dict[str, Any]

# `/start CODE` (also `/start@bot CODE`), and a code typed as `link CODE`: the whole text.
_START = re.compile(r"^(/start(?:@\w+)?\s+)(\S+)(\s*)$", re.IGNORECASE)
_LINK = re.compile(r"^(\s*(?:link|绑定)\s+)([A-Za-z0-9_-]{16,64})(\s*)$", re.IGNORECASE)


class BadUpdate(ValueError):
    """The body is JSON but not an update we can read."""


@dataclass(frozen=True)
class Entry:
    key: str
    chat_id: str
    sender_id: str
    text: str | None
    update: JSON  # sealed: safe to store


def entry(update: object) -> Entry | None:
    """The inbox entry for an update; None for kinds we do not handle (acknowledged, not stored)."""
    if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
        raise BadUpdate("not an update")
    if "message" in update:
        message = update["message"]
        chat, sender = _chat_and_sender(message)
        text = message.get("text") if isinstance(message.get("text"), str) else None
        sealed = seal_codes(text) if text is not None else None
        stored = dict(update)
        if sealed != text:
            stored["message"] = {**message, "text": sealed}
        caption = message.get("caption")
        return Entry(f"{chat}:{message['message_id']}", str(chat), sender,
                     sealed if sealed is not None else caption if isinstance(caption, str) else None, stored)
    if "callback_query" in update:
        query = update["callback_query"]
        if not isinstance(query, dict) or not isinstance(query.get("id"), str):
            raise BadUpdate("callback query without an id")
        sender = _user_id(query.get("from"))
        card = query.get("message")
        card_chat = card.get("chat") if isinstance(card, dict) else None
        chat_id = card_chat.get("id") if isinstance(card_chat, dict) else None
        return Entry(f"cb:{query['id']}", str(chat_id or sender), sender, None, dict(update))
    return None


GROUP_TYPES = ("group", "supergroup")


def group_chatter(update: JSON, username: str, bot_id: int) -> bool:
    """A group message that neither mentions the bot nor is a command: not for us, so not even stored. (Only
    decidable once the bot's username is known; before that everything is stored and ignored when processed.)"""
    message = update.get("message")
    if not isinstance(message, dict) or (message.get("chat") or {}).get("type") not in GROUP_TYPES:
        return False
    for field, entities_field in (("text", "entities"), ("caption", "caption_entities")):
        text = message.get(field)
        entities = message.get(entities_field)
        if not isinstance(text, str) or not isinstance(entities, list):
            continue
        units = text.encode("utf-16-le")
        for entity in entities:
            if not isinstance(entity, dict):
                continue
            kind, offset, length = entity.get("type"), entity.get("offset"), entity.get("length")
            if kind == "text_mention" and (entity.get("user") or {}).get("id") == bot_id:
                return False
            if not isinstance(offset, int) or not isinstance(length, int):
                continue
            word = units[offset * 2:(offset + length) * 2].decode("utf-16-le", errors="replace").casefold()
            if kind == "mention" and word == f"@{username}".casefold():
                return False
            if kind == "bot_command" and offset == 0:
                target = word.partition("@")[2]
                if not target or target == username.casefold():
                    return False
    return True


def seal_codes(text: str) -> str:
    for pattern in (_START, _LINK):
        match = pattern.match(text)
        if match is not None and not match.group(2).startswith("sha256:"):
            return f"{match.group(1)}{seal(match.group(2))}{match.group(3)}"
    return text


def _chat_and_sender(message: object) -> tuple[int, str]:
    if not isinstance(message, dict) or not isinstance(message.get("message_id"), int):
        raise BadUpdate("message without an id")
    chat = message.get("chat")
    if not isinstance(chat, dict) or not isinstance(chat.get("id"), int) or not isinstance(message.get("date"), int):
        raise BadUpdate("message without a chat or a date")
    sender = message.get("from")
    return chat["id"], _user_id(sender) if sender is not None else ""


def _user_id(user: object) -> str:
    if not isinstance(user, dict) or not isinstance(user.get("id"), int):
        raise BadUpdate("no sender")
    return str(user["id"])
