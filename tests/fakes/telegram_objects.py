"""Telegram Bot API objects as plain dicts, in the shape the real API sends.

Everything here is pure data: no server, no I/O except ``post_webhook_update``.
Shapes follow https://core.telegram.org/bots/api and are kept complete enough
that python-telegram-bot's ``de_json`` accepts them (it raises ``TypeError``
when a required field such as ``Message.date`` or ``Chat.type`` is missing).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from ._server import UploadedFile

JSONDict = dict[str, Any]

#: Header Telegram sends with webhook updates when ``secret_token`` was set.
SECRET_TOKEN_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@dataclass(frozen=True)
class TgUser:
    id: int
    first_name: str
    username: str | None = None
    last_name: str | None = None
    language_code: str | None = "en"
    is_bot: bool = False

    def to_dict(self) -> JSONDict:
        data: JSONDict = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if (value := getattr(self, key)) is not None:
                data[key] = value
        return data


@dataclass(frozen=True)
class TgChat:
    id: int
    type: str  # "private" | "group" | "supergroup" | "channel"
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None

    @classmethod
    def private(cls, user: TgUser) -> TgChat:
        # In Telegram a private chat's id equals the user's id.
        return cls(user.id, "private", None, user.username, user.first_name, user.last_name)

    def to_dict(self) -> JSONDict:
        data: JSONDict = {"id": self.id, "type": self.type}
        for key in ("title", "username", "first_name", "last_name"):
            if (value := getattr(self, key)) is not None:
                data[key] = value
        return data

    def to_full_info(self) -> JSONDict:
        """``ChatFullInfo`` (getChat); PTB requires the three extra fields."""
        return {
            **self.to_dict(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }


DEFAULT_USER = TgUser(id=10001, first_name="Alice", last_name="Buyer", username="alice_buyer")
DEFAULT_GROUP = TgChat(id=-1001234567890, type="supergroup", title="Sales team")


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes

    def to_dict(self) -> JSONDict:
        return {"file_id": self.file_id, "file_unique_id": self.file_unique_id, "file_size": len(self.data)}


_ADMIN_FLAGS = (
    "can_be_edited", "is_anonymous", "can_manage_chat", "can_delete_messages", "can_manage_video_chats",
    "can_restrict_members", "can_promote_members", "can_change_info", "can_invite_users",
    "can_post_stories", "can_edit_stories", "can_delete_stories",
)  # fmt: skip


def chat_member_dict(user: TgUser, status: str) -> JSONDict:
    """A ``ChatMember`` of the given status with the fields PTB requires."""
    base: JSONDict = {"status": status, "user": user.to_dict()}
    if status == "creator":
        base["is_anonymous"] = False
    elif status == "administrator":
        base.update(dict.fromkeys(_ADMIN_FLAGS, False), can_manage_chat=True, can_delete_messages=True)
    elif status == "kicked":
        base["until_date"] = 0
    return base


def utf16_len(text: str) -> int:
    """Entity offsets/lengths are in UTF-16 code units, not code points: an
    emoji before a mention shifts the offset by 2, which naive code gets wrong."""
    return len(text.encode("utf-16-le")) // 2


def entities_for(text: str, needle: str, entity_type: str) -> list[JSONDict]:
    """One entity per occurrence of ``needle`` in ``text``."""
    entities: list[JSONDict] = []
    start = text.find(needle)
    while start != -1:
        entities.append({"type": entity_type, "offset": utf16_len(text[:start]), "length": utf16_len(needle)})
        start = text.find(needle, start + len(needle))
    return entities


def message_dict(
    *,
    message_id: int,
    chat: TgChat,
    sender: TgUser | None,
    date: int | None = None,
    **fields: Any,
) -> JSONDict:
    """A ``Message``; ``fields`` (text, entities, voice, reply_markup...) are
    copied verbatim, ``None`` values dropped as the real API omits them."""
    message: JSONDict = {
        "message_id": message_id,
        "date": int(time.time()) if date is None else date,
        "chat": chat.to_dict(),
    }
    if sender is not None:
        message["from"] = sender.to_dict()
    message.update({k: v for k, v in fields.items() if v is not None})
    return message


def inline_buttons(reply_markup: JSONDict | None) -> list[JSONDict]:
    """Flatten an ``InlineKeyboardMarkup`` into its buttons (row order)."""
    if not reply_markup:
        return []
    return [button for row in reply_markup.get("inline_keyboard", []) for button in row]


@dataclass
class SentMessage:
    """A message the bot sent (sendMessage/sendPhoto/sendDocument...).

    ``message`` is the current ``Message`` as the Bot API would return it
    (edits update it; earlier versions move to ``history``).  ``reply_markup``
    is the markup as sent, any kind (the API only echoes inline keyboards).
    """

    chat_id: int
    message_id: int
    method: str
    message: JSONDict
    params: JSONDict
    reply_markup: JSONDict | None = None
    upload: UploadedFile | None = None
    history: list[JSONDict] = field(default_factory=list)

    @property
    def text(self) -> str | None:
        return self.message.get("text")

    @property
    def caption(self) -> str | None:
        return self.message.get("caption")

    @property
    def parse_mode(self) -> str | None:
        value = self.params.get("parse_mode")
        return value if isinstance(value, str) else None

    def buttons(self) -> list[JSONDict]:
        return inline_buttons(self.reply_markup)

    def button(self, *, text: str | None = None, data: str | None = None) -> JSONDict:
        """The inline button with this label or ``callback_data``."""
        for candidate in self.buttons():
            if (text is None or candidate.get("text") == text) and (
                data is None or candidate.get("callback_data") == data
            ):
                return candidate
        available = [(b.get("text"), b.get("callback_data")) for b in self.buttons()]
        raise LookupError(f"no button text={text!r} data={data!r}; available: {available}")


async def post_webhook_update(
    url: str,
    update: JSONDict,
    *,
    secret_token: str | None = None,
    timeout: float = 5.0,  # noqa: ASYNC109 - passed to aiohttp's ClientTimeout
) -> tuple[int, str]:
    """POST ``update`` to an app's webhook endpoint the way Telegram does:
    a JSON body, plus the secret header only when ``secret_token`` is given.
    Returns ``(status, body)``; Telegram itself ignores the body."""
    headers = {"Content-Type": "application/json"}
    if secret_token is not None:
        headers[SECRET_TOKEN_HEADER] = secret_token
    async with (
        aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session,
        session.post(url, data=json.dumps(update), headers=headers) as response,
    ):
        return response.status, await response.text()
