"""State and method implementations of the fake Telegram Bot API.

No HTTP here: ``BotApi.call`` takes decoded parameters and returns the
``result`` or raises ``TgApiError``.  Validations mirror real API errors that
bite in production (4096-char limit, "message is not modified", 64-byte
callback_data, answering a callback twice, blocked users, https webhooks).
Unknown chats are created on demand, so proactive sends to a user id work.
"""

from __future__ import annotations

import itertools
import json
import re
import time
from typing import Any

from ._server import UploadedFile
from .telegram_objects import (
    JSONDict,
    SentMessage,
    StoredFile,
    TgChat,
    TgUser,
    chat_member_dict,
    inline_buttons,
    message_dict,
)
from .telegram_wire import TgApiError, bad_request

CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
        "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
    }
)  # fmt: skip
DEFAULT_UPDATE_TYPES_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
MAX_TEXT, MAX_CAPTION, MAX_CALLBACK_DATA = 4096, 1024, 64
MAX_DOWNLOAD = 20 * 1024 * 1024  # getFile refuses bigger files for bots
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


class BotApi:
    def __init__(self, token: str, bot_username: str, bot_first_name: str) -> None:
        self.token = token
        # The numeric prefix of a bot token is the bot's user id.
        self.bot = TgUser(int(token.split(":")[0]), bot_first_name, bot_username, None, None, is_bot=True)
        self.chats: dict[int, TgChat] = {}
        self.users: dict[int, TgUser] = {self.bot.id: self.bot}
        self.messages: dict[tuple[int, int], JSONDict] = {}
        self.sent: list[SentMessage] = []
        self.files: dict[str, StoredFile] = {}
        self.updates: list[JSONDict] = []
        self.allowed_updates: list[str] | None = None
        self.open_callback_queries: set[str] = set()
        self.callback_answers: list[JSONDict] = []
        self.webhook: JSONDict | None = None
        self.commands: dict[str, list[JSONDict]] = {}
        self.members: dict[tuple[int, int], str] = {}
        self.blocked_chats: set[int] = set()
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._file_ids = itertools.count(1)

    # -- bookkeeping used by the server and the update builders -------------

    def next_message_id(self, chat_id: int) -> int:
        # Message ids are per chat in Telegram (private chats and groups).
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def remember(self, message: JSONDict) -> None:
        chat = message["chat"]
        self.chats.setdefault(chat["id"], TgChat(**{k: chat.get(k) for k in TgChat.__dataclass_fields__}))
        if "from" in message:
            sender = message["from"]
            self.users.setdefault(sender["id"], TgUser(**{k: sender.get(k) for k in TgUser.__dataclass_fields__}))
        self.messages[(chat["id"], message["message_id"])] = message

    def add_file(self, data: bytes, file_path: str | None = None) -> StoredFile:
        n = next(self._file_ids)
        stored = StoredFile(f"FAKE-FILE-{n:06d}", f"FAKE-U-{n:06d}", file_path or f"documents/file_{n}", data)
        self.files[stored.file_id] = stored
        return stored

    def chat(self, chat_id: Any) -> TgChat:
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            for chat in self.chats.values():
                if chat.username == chat_id[1:]:
                    return chat
            raise bad_request("chat not found")
        if not isinstance(chat_id, int):
            raise bad_request("chat not found")
        if chat_id not in self.chats:
            user = self.users.get(chat_id)
            if chat_id > 0:
                self.chats[chat_id] = TgChat.private(user or TgUser(chat_id, f"User{chat_id}"))
            else:
                self.chats[chat_id] = TgChat(chat_id, "group", title=f"Group {chat_id}")
        return self.chats[chat_id]

    def deliverable(self, limit: int) -> list[JSONDict]:
        """Pending updates respecting ``allowed_updates`` (filtered ones are
        forgotten, as Telegram never stores them)."""
        allowed = set(self.allowed_updates or ())

        def wanted(update: JSONDict) -> bool:
            kind = next(k for k in update if k != "update_id")
            return kind in allowed if allowed else kind not in DEFAULT_UPDATE_TYPES_EXCLUDED

        self.updates = [u for u in self.updates if wanted(u)]
        return self.updates[:limit]

    def confirm(self, offset: int) -> None:
        if offset < 0:  # "-N": keep only the last N updates
            self.updates = self.updates[offset:]
        elif offset:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]

    # -- dispatch -------------------------------------------------------------

    def call(self, method: str, params: dict[str, Any]) -> Any:
        handler = getattr(self, "m_" + method, None)
        if handler is None:
            raise TgApiError(404, "Not Found")
        return handler(params)

    def _target(self, params: dict[str, Any]) -> TgChat:
        if "chat_id" not in params:
            raise bad_request("chat_id is empty")
        chat = self.chat(params["chat_id"])
        if chat.id in self.blocked_chats:
            raise TgApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    def _record_sent(self, method: str, chat: TgChat, params: dict[str, Any], **fields: Any) -> JSONDict:
        markup = params.get("reply_markup")
        _validate_markup(markup)
        reply_to = None
        if isinstance(reply := params.get("reply_parameters"), dict):
            reply_to = self.messages.get((chat.id, reply.get("message_id", 0)))
        message = message_dict(
            message_id=self.next_message_id(chat.id),
            chat=chat,
            sender=self.bot,
            reply_to_message=reply_to,
            # The API echoes only inline keyboards back in the Message.
            reply_markup=markup if inline_buttons(markup) else None,
            **fields,
        )
        self.remember(message)
        upload = next((p for p in params.values() if isinstance(p, UploadedFile)), None)
        self.sent.append(SentMessage(chat.id, message["message_id"], method, message, params, markup, upload))
        return message

    # -- methods (names after "m_" are the Bot API method names) --------------

    def m_getMe(self, params: dict[str, Any]) -> JSONDict:
        return {
            **self.bot.to_dict(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,  # privacy mode on, as by default
            "supports_inline_queries": False,
        }

    def m_sendMessage(self, params: dict[str, Any]) -> JSONDict:
        chat = self._target(params)
        text = params.get("text")
        if not text or not str(text).strip():
            raise bad_request("message text is empty")
        if len(str(text)) > MAX_TEXT:
            raise bad_request("message is too long")
        return self._record_sent("sendMessage", chat, params, text=str(text), entities=params.get("entities"))

    def _send_media(self, kind: str, params: dict[str, Any]) -> JSONDict:
        chat = self._target(params)
        caption = params.get("caption")
        if caption and len(caption) > MAX_CAPTION:
            raise bad_request("message caption is too long")
        source = params.get(kind)
        if isinstance(source, UploadedFile):
            stored = self.add_file(source.data, f"{kind}s/file_{len(self.files) + 1}")
            name, mime = source.filename, source.content_type
        elif isinstance(source, str) and source in self.files:
            stored, name, mime = self.files[source], None, None
        elif isinstance(source, str) and source.startswith(("http://", "https://")):
            stored, name, mime = self.add_file(b"", f"{kind}s/by_url"), source.rsplit("/", 1)[-1], None
        else:
            raise bad_request(f"there is no {kind} in the request")
        media: Any = stored.to_dict()  # a list of sizes for photos
        if kind == "photo":
            media = [{**media, "width": 90, "height": 90}, {**media, "width": 800, "height": 600}]
        elif kind in ("document", "audio"):
            media.update(file_name=name or "file", mime_type=mime or "application/octet-stream")
        elif kind == "voice":
            media.update(duration=int(params.get("duration") or 1), mime_type="audio/ogg")
        else:
            media.update(width=640, height=360, duration=int(params.get("duration") or 1))
        return self._record_sent("send" + kind.capitalize(), chat, params, caption=caption, **{kind: media})

    def m_sendPhoto(self, params: dict[str, Any]) -> JSONDict:
        return self._send_media("photo", params)

    def m_sendDocument(self, params: dict[str, Any]) -> JSONDict:
        return self._send_media("document", params)

    def m_sendVoice(self, params: dict[str, Any]) -> JSONDict:
        return self._send_media("voice", params)

    def m_sendAudio(self, params: dict[str, Any]) -> JSONDict:
        return self._send_media("audio", params)

    def m_sendVideo(self, params: dict[str, Any]) -> JSONDict:
        return self._send_media("video", params)

    def _edit(self, params: dict[str, Any], text: str | None) -> JSONDict:
        if params.get("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")  # inline mode is not faked
        chat = self.chat(params.get("chat_id"))
        sent = next((s for s in self.sent if s.chat_id == chat.id and s.message_id == params.get("message_id")), None)
        if sent is None:
            raise bad_request("message to edit not found")
        if text is not None and sent.text is None:
            raise bad_request("there is no text in the message to edit")
        markup = params.get("reply_markup")
        _validate_markup(markup)
        # Omitting reply_markup in an edit REMOVES the inline keyboard.
        new_markup = markup if inline_buttons(markup) else None
        new_text = sent.text if text is None else text
        if new_text == sent.text and new_markup == sent.message.get("reply_markup"):
            raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        edited = {k: v for k, v in sent.message.items() if k != "reply_markup"}
        edited.update({"text": new_text} if new_text is not None else {})
        edited["edit_date"] = int(time.time())
        if new_markup:
            edited["reply_markup"] = new_markup
        sent.history.append(sent.message)
        sent.message, sent.reply_markup = edited, new_markup
        self.remember(edited)
        return edited

    def m_editMessageText(self, params: dict[str, Any]) -> JSONDict:
        text = params.get("text")
        if not text:
            raise bad_request("message text is empty")
        return self._edit(params, str(text))

    def m_editMessageReplyMarkup(self, params: dict[str, Any]) -> JSONDict:
        return self._edit(params, None)

    def m_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        query_id = params.get("callback_query_id")
        if query_id not in self.open_callback_queries:
            raise bad_request("query is too old and response timeout expired or query ID is invalid")
        self.open_callback_queries.discard(query_id)
        self.callback_answers.append(params)
        return True

    def m_sendChatAction(self, params: dict[str, Any]) -> bool:
        self._target(params)
        if params.get("action") not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    def m_getFile(self, params: dict[str, Any]) -> JSONDict:
        stored = self.files.get(str(params.get("file_id")))
        if stored is None:
            raise bad_request("invalid file_id")
        if len(stored.data) > MAX_DOWNLOAD:
            raise bad_request("file is too big")
        return {**stored.to_dict(), "file_path": stored.file_path}

    def m_setWebhook(self, params: dict[str, Any]) -> bool:
        url = str(params.get("url") or "")
        secret = params.get("secret_token")
        if url and not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise bad_request("secret token contains unallowed characters")
        if params.get("drop_pending_updates"):
            self.updates.clear()
        self.webhook = {"url": url, "secret_token": secret, "allowed_updates": params.get("allowed_updates")}
        if not url:
            self.webhook = None
        return True

    def m_deleteWebhook(self, params: dict[str, Any]) -> bool:
        if params.get("drop_pending_updates"):
            self.updates.clear()
        self.webhook = None
        return True

    def m_getWebhookInfo(self, params: dict[str, Any]) -> JSONDict:
        info: JSONDict = {
            "url": "",
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates),
        }
        if self.webhook:
            info.update(url=self.webhook["url"], max_connections=40)
            if self.webhook["allowed_updates"]:
                info["allowed_updates"] = self.webhook["allowed_updates"]
        return info

    def m_setMyCommands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise bad_request('field "commands" must be an Array')
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(command.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
        self.commands[_scope_key(params)] = commands
        return True

    def m_getMyCommands(self, params: dict[str, Any]) -> list[JSONDict]:
        return self.commands.get(_scope_key(params), [])

    def m_deleteMyCommands(self, params: dict[str, Any]) -> bool:
        self.commands.pop(_scope_key(params), None)
        return True

    def m_getChat(self, params: dict[str, Any]) -> JSONDict:
        return self.chat(params.get("chat_id")).to_full_info()

    def m_getChatMember(self, params: dict[str, Any]) -> JSONDict:
        chat = self.chat(params.get("chat_id"))
        user = self.users.get(params.get("user_id"))  # type: ignore[arg-type]
        if user is None:
            raise bad_request("user not found")
        return chat_member_dict(user, self.members.get((chat.id, user.id), "member"))

    def m_getChatAdministrators(self, params: dict[str, Any]) -> list[JSONDict]:
        chat = self.chat(params.get("chat_id"))
        if chat.type == "private":
            raise bad_request("there are no administrators in the private chat")
        return [
            chat_member_dict(self.users[uid], status)
            for (cid, uid), status in self.members.items()
            if cid == chat.id and status in ("creator", "administrator")
        ]

    def m_close(self, params: dict[str, Any]) -> bool:
        return True

    def m_logOut(self, params: dict[str, Any]) -> bool:
        return True


#: Lower-cased name -> canonical name; the Bot API matches names case-insensitively.
METHOD_NAMES = {name[2:].lower(): name[2:] for name in dir(BotApi) if name.startswith("m_")}
METHOD_NAMES["getupdates"] = "getUpdates"  # served by the HTTP layer (long-poll)


def _scope_key(params: dict[str, Any]) -> str:
    return json.dumps([params.get("scope") or {"type": "default"}, params.get("language_code") or ""])


def _validate_markup(markup: Any) -> None:
    for button in inline_buttons(markup if isinstance(markup, dict) else None):
        data = button.get("callback_data")
        if data is not None and len(str(data).encode()) > MAX_CALLBACK_DATA:
            raise bad_request("BUTTON_DATA_INVALID")
