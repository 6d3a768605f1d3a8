"""Fake Telegram Bot API server for python-telegram-bot (PTB) tests.

Point PTB at it with::

    fake = await FakeTelegram.start()
    app = (Application.builder().token(fake.token)
           .base_url(fake.base_url).base_file_url(fake.base_file_url).build())

PTB appends the token to ``base_url`` (``"{root}/bot" + token``) and then
``/{method}``; getFile's relative ``file_path`` is prefixed the same way with
``base_file_url``.  So the fake serves ``/bot{token}/{method}`` and
``/file/bot{token}/{file_path}``, exactly like api.telegram.org.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from http import HTTPStatus
from typing import Any

from aiohttp import web

from ._server import DEFAULT_TIMEOUT, Failure, FakeServer, html_error, json_response, read_params
from .telegram_methods import METHOD_NAMES, BotApi
from .telegram_objects import (
    DEFAULT_GROUP,
    DEFAULT_USER,
    JSONDict,
    SentMessage,
    StoredFile,
    TgChat,
    TgUser,
    entities_for,
    message_dict,
)
from .telegram_wire import TgApiError, coerce_params

DEFAULT_TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijk"
#: Pseudo method name under which file downloads are recorded / can be failed.
DOWNLOAD = "<download>"
_CONFLICT_OTHER_POLL = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
)


class FakeTelegram(FakeServer):
    """In-memory Telegram: records calls, stores bot messages, queues updates."""

    outage_status = 502  # what Telegram's nginx front answers when the backend is down

    def __init__(self, token: str, bot_username: str, bot_first_name: str) -> None:
        super().__init__()
        self.api = BotApi(token, bot_username, bot_first_name)
        self._update_ids = itertools.count(1000)
        self._callback_ids = itertools.count(1)
        self._poll_generation = 0

    @classmethod
    async def start(
        cls,
        *,
        token: str = DEFAULT_TOKEN,
        bot_username: str = "salesbot_test_bot",
        bot_first_name: str = "SalesBot",
    ) -> FakeTelegram:
        fake = cls(token, bot_username, bot_first_name)
        await fake._start_server()
        return fake

    # -- configuration for PTB -----------------------------------------------

    @property
    def url(self) -> str:
        return self.root

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder.base_url`` (PTB appends the token)."""
        return f"{self.root}/bot"

    @property
    def base_file_url(self) -> str:
        """For ``ApplicationBuilder.base_file_url`` (PTB appends the token)."""
        return f"{self.root}/file/bot"

    @property
    def token(self) -> str:
        return self.api.token

    @property
    def bot_user(self) -> TgUser:
        return self.api.bot

    # -- HTTP layer -------------------------------------------------------------

    def _register_routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._handle_download)

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        raw = request.match_info["method"]
        method = METHOD_NAMES.get(raw.lower(), raw)
        params = coerce_params(await read_params(request))

        async def impl() -> web.StreamResponse:
            try:
                if request.match_info["token"] != self.token:
                    raise TgApiError(401, "Unauthorized")
                if method == "getUpdates":
                    result: Any = await self._get_updates(params)
                else:
                    result = self.api.call(method, params)
            except TgApiError as exc:
                return json_response(exc.body(), status=exc.code)
            return json_response({"ok": True, "result": result})

        return await self._dispatch(request, method, params, impl)

    async def _handle_download(self, request: web.Request) -> web.StreamResponse:
        file_path = request.match_info["file_path"]

        async def impl() -> web.StreamResponse:
            stored = next((f for f in self.api.files.values() if f.file_path == file_path), None)
            if request.match_info["token"] != self.token or stored is None:
                return json_response({"ok": False, "error_code": 404, "description": "Not Found"}, 404)
            return web.Response(body=stored.data, content_type="application/octet-stream")

        return await self._dispatch(request, DOWNLOAD, {"file_path": file_path}, impl)

    def _render_failure(self, failure: Failure) -> web.Response:
        status = failure.status
        if status == 429:
            retry_after = 1 if failure.retry_after is None else failure.retry_after
            description = failure.message or f"Too Many Requests: retry after {retry_after}"
            return json_response(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": description,
                    "parameters": {"retry_after": retry_after},
                },
                status=429,
            )
        if status >= 500 and failure.message is None:
            return html_error(status, HTTPStatus(status).phrase)
        description = failure.message or HTTPStatus(status).phrase
        return json_response({"ok": False, "error_code": status, "description": description}, status)

    async def _get_updates(self, params: dict[str, Any]) -> list[JSONDict]:
        """Long poll: answer at once if updates are pending, else wait up to
        ``timeout`` seconds for ``push_update``.  A newer getUpdates ends an
        older one with 409, as Telegram does with two bot instances."""
        if self.api.webhook:
            raise TgApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()  # lets a previous, still waiting poll notice it lost
        if isinstance(params.get("allowed_updates"), list):
            self.api.allowed_updates = params["allowed_updates"]
        self.api.confirm(int(params.get("offset") or 0))
        limit = max(1, min(100, int(params.get("limit") or 100)))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + float(params.get("timeout") or 0)
        while True:
            changed = self._changed
            batch = self.api.deliverable(limit)
            if batch or self._closing or loop.time() >= deadline:
                return batch
            if generation != self._poll_generation:
                raise TgApiError(409, _CONFLICT_OTHER_POLL)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), deadline - loop.time())

    # -- test controls: state -------------------------------------------------------

    @property
    def sent(self) -> list[SentMessage]:
        """Every message the bot sent, all chats, in order."""
        return self.api.sent

    @property
    def callback_answers(self) -> list[JSONDict]:
        """Parameters of each successful answerCallbackQuery."""
        return self.api.callback_answers

    @property
    def webhook(self) -> JSONDict | None:
        """``{"url", "secret_token", "allowed_updates"}`` after setWebhook."""
        return self.api.webhook

    @property
    def commands(self) -> dict[str, list[JSONDict]]:
        return self.api.commands

    def sent_to(self, chat_id: int) -> list[SentMessage]:
        return [m for m in self.api.sent if m.chat_id == chat_id]

    def add_file(self, data: bytes, file_path: str | None = None) -> str:
        """Store a file users "uploaded"; returns its ``file_id`` for getFile."""
        return self.api.add_file(data, file_path).file_id

    def file(self, file_id: str) -> StoredFile:
        return self.api.files[file_id]

    def block_chat(self, chat_id: int, blocked: bool = True) -> None:
        """Sends to this chat fail with 403 "bot was blocked by the user"."""
        (self.api.blocked_chats.add if blocked else self.api.blocked_chats.discard)(chat_id)

    def set_chat_member(self, chat_id: int, user: TgUser, status: str) -> None:
        """Status for getChatMember / getChatAdministrators: creator,
        administrator, member, left or kicked."""
        self.api.users.setdefault(user.id, user)
        self.api.members[(chat_id, user.id)] = status

    # -- test controls: incoming updates ----------------------------------------------

    def push_update(self, update: JSONDict) -> JSONDict:
        """Queue an update for getUpdates (``update_id`` added if missing)."""
        update.setdefault("update_id", next(self._update_ids))
        # Hand-built updates: learn their chat/user and accept answers to them.
        if isinstance(message := update.get("message"), dict):
            self.api.remember(message)
        if isinstance(query := update.get("callback_query"), dict):
            self.api.open_callback_queries.add(str(query.get("id")))
        self.api.updates.append(update)
        self._notify()
        return update

    def _incoming(self, user: TgUser, chat: TgChat | None, **fields: Any) -> JSONDict:
        chat = chat or TgChat.private(user)
        message = message_dict(message_id=self.api.next_message_id(chat.id), chat=chat, sender=user, **fields)
        self.api.remember(message)
        return {"update_id": next(self._update_ids), "message": message}

    def text_update(
        self, text: str, *, user: TgUser = DEFAULT_USER, chat: TgChat | None = None, **fields: Any
    ) -> JSONDict:
        """A user's text message (private chat with ``user`` by default)."""
        return self._incoming(user, chat, text=text, **fields)

    def command_update(
        self, command: str, args: str = "", *, user: TgUser = DEFAULT_USER, chat: TgChat | None = None
    ) -> JSONDict:
        """``/command args`` with its ``bot_command`` entity, e.g. ``/start CODE``
        (deep link).  In groups the command is addressed ``/cmd@botname``."""
        head = "/" + command.lstrip("/")
        if chat is not None and chat.type != "private":
            head += "@" + (self.bot_user.username or "")
        text = f"{head} {args}".rstrip()
        return self._incoming(user, chat, text=text, entities=entities_for(text, head, "bot_command")[:1])

    def group_text_update(
        self,
        text: str,
        *,
        mention_bot: bool = False,
        user: TgUser = DEFAULT_USER,
        chat: TgChat = DEFAULT_GROUP,
    ) -> JSONDict:
        """A group message; with ``mention_bot`` the text contains ``@botname``
        (prepended if absent) with ``mention`` entities at UTF-16 offsets."""
        handle = "@" + (self.bot_user.username or "")
        if mention_bot and handle not in text:
            text = f"{handle} {text}"
        entities = entities_for(text, handle, "mention") if mention_bot else []
        return self._incoming(user, chat, text=text, entities=entities or None)

    def voice_update(
        self,
        data: bytes,
        *,
        duration: int = 2,
        mime_type: str = "audio/ogg",
        user: TgUser = DEFAULT_USER,
        chat: TgChat | None = None,
    ) -> JSONDict:
        """A voice note; ``data`` becomes downloadable via getFile."""
        stored = self.api.add_file(data, f"voice/file_{len(self.api.files) + 1}.oga")
        voice = {**stored.to_dict(), "duration": duration, "mime_type": mime_type}
        return self._incoming(user, chat, voice=voice)

    def callback_update(
        self,
        message: SentMessage,
        *,
        data: str | None = None,
        text: str | None = None,
        user: TgUser = DEFAULT_USER,
    ) -> JSONDict:
        """The user presses an inline button (by ``callback_data`` or label)
        of a message the bot sent.  Raises ``LookupError`` if the message's
        current keyboard has no such button, like a real client could not."""
        button = message.button(text=text, data=data)
        query_id = f"{next(self._callback_ids)}{message.chat_id}"
        self.api.open_callback_queries.add(query_id)
        query = {
            "id": query_id,
            "from": user.to_dict(),
            "message": message.message,
            "chat_instance": f"ci{message.chat_id}",
            "data": button.get("callback_data"),
        }
        return {"update_id": next(self._update_ids), "callback_query": query}

    def push_text(self, text: str, **kwargs: Any) -> JSONDict:
        return self.push_update(self.text_update(text, **kwargs))

    def push_command(self, command: str, args: str = "", **kwargs: Any) -> JSONDict:
        return self.push_update(self.command_update(command, args, **kwargs))

    def push_group_text(self, text: str, **kwargs: Any) -> JSONDict:
        return self.push_update(self.group_text_update(text, **kwargs))

    def push_voice(self, data: bytes, **kwargs: Any) -> JSONDict:
        return self.push_update(self.voice_update(data, **kwargs))

    def push_callback(self, message: SentMessage, **kwargs: Any) -> JSONDict:
        return self.push_update(self.callback_update(message, **kwargs))

    # -- waiting --------------------------------------------------------------------------

    async def wait_for_messages(
        self,
        chat_id: int,
        n: int = 1,
        *,
        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109
    ) -> list[SentMessage]:
        """Wait until the bot sent at least ``n`` messages to ``chat_id``."""
        return await self.wait_until(
            lambda: msgs if len(msgs := self.sent_to(chat_id)) >= n else None,
            timeout=timeout,
            what=f"{n} message(s) to chat {chat_id}",
        )

    async def wait_for_updates_consumed(self, *, timeout: float = DEFAULT_TIMEOUT) -> None:  # noqa: ASYNC109
        """Wait until getUpdates confirmed (offset past) every queued update."""
        await self.wait_until(lambda: not self.api.updates, timeout=timeout, what="updates consumed")
