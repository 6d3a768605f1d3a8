"""Fake Slack Web API server for slack_sdk / slack-bolt tests.

Point the SDK at it with ``AsyncWebClient(token=fake.bot_token,
base_url=fake.api_url)``; ``api_url`` ends with ``/api/`` because slack_sdk
joins ``base_url + "chat.postMessage"``.  The same server hosts the upload
URLs of ``files_upload_v2``, the ``url_private`` downloads and capture-only
``response_url`` endpoints, so nothing ever leaves 127.0.0.1.

Like Slack, API errors are HTTP 200 with ``{"ok": false, "error": ...}``;
only rate limits (429 + ``Retry-After``) and outages use other statuses.
"""

from __future__ import annotations

import contextlib
import json
from http import HTTPStatus

from aiohttp import web

from ._server import DEFAULT_TIMEOUT, Failure, FakeServer, html_error, json_response, read_params
from .slack_events import BOT_USER_ID, DEFAULT_USER_ID, TEAM_ID
from .slack_methods import SlackError, WebApi, resolve_channel
from .slack_objects import (
    JSONDict,
    ResponseUrlPost,
    SlackFile,
    SlackMessage,
    SlackUpload,
    file_info,
    user_info,
)

DEFAULT_BOT_TOKEN = "xoxb-0000000000-fake-bot-token"
#: Pseudo method names for non-API endpoints (usable with ``fail_next``).
DOWNLOAD, UPLOAD, RESPONSE_URL = "<download>", "<upload>", "<response_url>"
#: Parameters that arrive JSON-encoded when sent as form/query fields.
_JSON_PARAMS = ("blocks", "attachments", "view", "files", "metadata")


class FakeSlack(FakeServer):
    """In-memory Slack workspace: records calls, stores what the bot posted."""

    outage_status = 503

    def __init__(self, bot_token: str) -> None:
        super().__init__()
        self.bot_token = bot_token
        self.api = WebApi()
        self.responses: list[ResponseUrlPost] = []
        self.add_user(DEFAULT_USER_ID, name="alice", email="alice@example.com", real_name="Alice Buyer")
        self.add_user(BOT_USER_ID, name="salesbot", email=None, is_bot=True)

    @classmethod
    async def start(cls, *, bot_token: str = DEFAULT_BOT_TOKEN) -> FakeSlack:
        fake = cls(bot_token)
        await fake._start_server()
        fake.api.root = fake.root
        return fake

    @property
    def api_url(self) -> str:
        """``base_url`` for ``AsyncWebClient`` (trailing slash required)."""
        return f"{self.root}/api/"

    # -- HTTP layer -----------------------------------------------------------------

    def _register_routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/api/{method}", self._handle_api)
        app.router.add_post("/upload/v1/{file_id}", self._handle_upload)
        app.router.add_get("/files-pri/{team_file}/{rest:.+}", self._handle_download)
        app.router.add_post("/actions/{hook:.+}", self._handle_response_url)

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        params = await read_params(request)
        for key in _JSON_PARAMS:
            if isinstance(params.get(key), str):
                # Left as is if invalid; the method then reports invalid_* errors.
                with contextlib.suppress(ValueError):
                    params[key] = json.loads(params[key])

        async def impl() -> web.StreamResponse:
            token = _bearer(request) or params.get("token")
            try:
                if not token:
                    raise SlackError("not_authed")
                if token != self.bot_token:
                    raise SlackError("invalid_auth")
                result = self.api.call(method, params)
            except SlackError as exc:
                return json_response({"ok": False, "error": str(exc)})
            return json_response({"ok": True, **result})

        return await self._dispatch(request, method, params, impl)

    async def _handle_upload(self, request: web.Request) -> web.StreamResponse:
        file_id = request.match_info["file_id"]
        data = await request.read()

        async def impl() -> web.StreamResponse:
            if file_id not in self.files:
                return web.Response(status=404, text="not found", content_type="text/plain")
            self.files[file_id].data = data
            self.files[file_id].info["size"] = len(data)
            # slack_sdk reads text/plain bodies as text; Slack answers this way.
            return web.Response(text=f"OK - {len(data)}", content_type="text/plain")

        return await self._dispatch(request, UPLOAD, {"file_id": file_id, "size": len(data)}, impl)

    async def _handle_download(self, request: web.Request) -> web.StreamResponse:
        file_id = request.match_info["team_file"].removeprefix(f"{TEAM_ID}-")

        async def impl() -> web.StreamResponse:
            # Real Slack answers an unauthenticated url_private request with
            # an HTML login page (200!); the fake says 401 so mistakes are loud.
            if _bearer(request) != self.bot_token:
                return web.Response(status=401, text="missing or invalid bearer token")
            stored = self.files.get(file_id)
            if stored is None or stored.data is None:
                return web.Response(status=404, text="file not found")
            return web.Response(body=stored.data, content_type=stored.info["mimetype"])

        return await self._dispatch(request, DOWNLOAD, {"file_id": file_id}, impl)

    async def _handle_response_url(self, request: web.Request) -> web.StreamResponse:
        params = await read_params(request)

        async def impl() -> web.StreamResponse:
            self.responses.append(ResponseUrlPost(str(request.url), params))
            return web.Response(text="ok", content_type="text/plain")

        return await self._dispatch(request, RESPONSE_URL, params, impl)

    def _render_failure(self, failure: Failure) -> web.Response:
        if failure.status == 429:
            retry_after = 1 if failure.retry_after is None else failure.retry_after
            body = {"ok": False, "error": failure.message or "ratelimited"}
            return json_response(body, status=429, headers={"Retry-After": str(retry_after)})
        if failure.status >= 500 and failure.message is None:
            return html_error(failure.status, HTTPStatus(failure.status).phrase)
        return json_response({"ok": False, "error": failure.message or "internal_error"}, failure.status)

    # -- test controls: state ---------------------------------------------------------

    @property
    def messages(self) -> list[SlackMessage]:
        """Messages the bot posted (chat.postMessage), all channels, in order."""
        return self.api.messages

    @property
    def ephemeral(self) -> list[SlackMessage]:
        return self.api.ephemeral

    @property
    def home_views(self) -> dict[str, JSONDict]:
        """Latest App Home view published per user id."""
        return self.api.home_views

    @property
    def files(self) -> dict[str, SlackFile]:
        return self.api.files

    @property
    def uploads(self) -> list[SlackUpload]:
        """Files shared by the bot via files_upload_v2 (completed uploads)."""
        return self.api.uploads

    @property
    def users(self) -> dict[str, JSONDict]:
        return self.api.users

    def add_user(
        self,
        user_id: str,
        *,
        name: str,
        email: str | None,
        real_name: str | None = None,
        is_bot: bool = False,
        tz: str = "Europe/Berlin",
    ) -> JSONDict:
        """Make ``users.info`` know a user (``U0USER``/alice and the bot exist)."""
        self.users[user_id] = user_info(user_id, name=name, email=email, real_name=real_name, is_bot=is_bot, tz=tz)
        return self.users[user_id]

    def add_file(
        self,
        data: bytes,
        *,
        name: str = "audio_message.webm",
        mimetype: str = "audio/webm",
        filetype: str = "webm",
        subtype: str | None = "slack_audio",
        user: str = DEFAULT_USER_ID,
        title: str | None = None,
    ) -> JSONDict:
        """A file a *user* shared (default: a voice clip).  Returns the file
        object to embed in events (``audio_message_event``)."""
        file_id = f"F{next(self.api.ids):08d}"
        info = file_info(
            self.root,
            file_id,
            name=name,
            title=title,
            mimetype=mimetype,
            filetype=filetype,
            size=len(data),
            user=user,
            subtype=subtype,
        )
        self.files[file_id] = SlackFile(file_id, data, info)
        return dict(info)

    def response_url(self) -> str:
        """A ``response_url`` for payloads whose posts land in ``.responses``."""
        return f"{self.root}/actions/{TEAM_ID}/{next(self.api.ids)}"

    def messages_in(self, channel: str) -> list[SlackMessage]:
        return [m for m in self.messages if m.channel == channel]

    def message(self, channel: str, ts: str) -> SlackMessage:
        return self.api.message(resolve_channel(channel), ts)

    # -- waiting ------------------------------------------------------------------------

    async def wait_for_messages(
        self,
        channel: str,
        n: int = 1,
        *,
        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109
    ) -> list[SlackMessage]:
        """Wait until the bot posted ``n`` messages in ``channel`` (a user id
        is mapped to the DM channel, as chat.postMessage does)."""
        channel = resolve_channel(channel)
        return await self.wait_until(
            lambda: msgs if len(msgs := self.messages_in(channel)) >= n else None,
            timeout=timeout,
            what=f"{n} message(s) in {channel}",
        )

    async def wait_for_uploads(
        self,
        n: int = 1,
        *,
        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109
    ) -> list[SlackUpload]:
        return await self.wait_until(
            lambda: self.uploads if len(self.uploads) >= n else None, timeout=timeout, what=f"{n} upload(s)"
        )

    async def wait_for_responses(
        self,
        n: int = 1,
        *,
        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109
    ) -> list[ResponseUrlPost]:
        return await self.wait_until(
            lambda: self.responses if len(self.responses) >= n else None,
            timeout=timeout,
            what=f"{n} response_url post(s)",
        )


def _bearer(request: web.Request) -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return (token.strip() or None) if scheme == "Bearer" else None
