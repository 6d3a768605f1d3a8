"""State and Web API method implementations of the fake Slack.

No HTTP here: ``WebApi.call`` takes decoded parameters and returns the
response fields, or raises ``SlackError`` (sent as HTTP 200
``{"ok": false, "error": code}``, which slack_sdk turns into SlackApiError).
"""

from __future__ import annotations

import itertools
import mimetypes

from .slack_events import APP_ID, BOT_ID, BOT_USER_ID, TEAM_DOMAIN, TEAM_ID, dm_channel_for, new_ts
from .slack_objects import JSONDict, SlackFile, SlackMessage, SlackUpload, file_info

MAX_BLOCKS, MAX_TEXT = 50, 40_000


class SlackError(Exception):
    """An API-level error code such as ``channel_not_found``."""


def resolve_channel(channel: str) -> str:
    """Posting to a user id posts into the bot's DM with that user."""
    return dm_channel_for(channel) if channel[:1] in ("U", "W") else channel


class WebApi:
    def __init__(self) -> None:
        #: Set once the server is bound; file and upload URLs point at it.
        self.root = ""
        self.messages: list[SlackMessage] = []
        self.ephemeral: list[SlackMessage] = []
        self.home_views: dict[str, JSONDict] = {}
        self.files: dict[str, SlackFile] = {}
        self.uploads: list[SlackUpload] = []
        self.users: dict[str, JSONDict] = {}
        self.ids = itertools.count(1)

    def call(self, method: str, params: JSONDict) -> JSONDict:
        handler = getattr(self, "m_" + method.replace(".", "_"), None)
        if handler is None:
            raise SlackError("unknown_method")
        result: JSONDict = handler(params)
        return result

    def message(self, channel: str, ts: str) -> SlackMessage:
        found = next((m for m in self.messages if m.channel == channel and m.ts == ts), None)
        if found is None:
            raise LookupError(f"no message {ts} in {channel}")
        return found

    # -- methods ("m_" + Slack method name with dots as underscores) ------------------

    def m_auth_test(self, params: JSONDict) -> JSONDict:
        # Bolt reads bot_id/user_id from here to ignore the bot's own events.
        return {
            "url": f"https://{TEAM_DOMAIN}.slack.com/",
            "team": "Fake Sales",
            "user": "salesbot",
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _bot_message(self, params: JSONDict, ts: str) -> JSONDict:
        text, blocks = params.get("text"), params.get("blocks")
        if not text and not blocks and not params.get("attachments"):
            raise SlackError("no_text")
        if blocks is not None and (not isinstance(blocks, list) or len(blocks) > MAX_BLOCKS):
            raise SlackError("invalid_blocks")
        if text and len(str(text)) > MAX_TEXT:
            raise SlackError("msg_too_long")
        message: JSONDict = {
            "type": "message",
            "text": text or "",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "ts": ts,
            "team": TEAM_ID,
        }
        for key in ("blocks", "attachments", "thread_ts", "metadata"):
            if params.get(key) is not None:
                message[key] = params[key]
        return message

    def m_chat_postMessage(self, params: JSONDict) -> JSONDict:
        channel = resolve_channel(str(params.get("channel") or ""))
        if not channel:
            raise SlackError("channel_not_found")
        ts = new_ts()
        message = self._bot_message(params, ts)
        self.messages.append(SlackMessage(channel, ts, {**message, "channel": channel}, params))
        return {"channel": channel, "ts": ts, "message": message}

    def m_chat_update(self, params: JSONDict) -> JSONDict:
        channel = resolve_channel(str(params.get("channel") or ""))
        try:
            stored = self.message(channel, str(params.get("ts")))
        except LookupError:
            raise SlackError("message_not_found") from None
        message = self._bot_message(params, stored.ts)
        message["edited"] = {"user": BOT_USER_ID, "ts": new_ts()}
        stored.history.append(stored.message)
        stored.message = {**message, "channel": channel}
        return {"channel": channel, "ts": stored.ts, "text": message["text"], "message": message}

    def m_chat_postEphemeral(self, params: JSONDict) -> JSONDict:
        channel = resolve_channel(str(params.get("channel") or ""))
        if not channel:
            raise SlackError("channel_not_found")
        if not params.get("user"):
            raise SlackError("user_not_in_channel")
        ts = new_ts()
        message = self._bot_message(params, ts)
        self.ephemeral.append(SlackMessage(channel, ts, message, params, ephemeral_user=str(params["user"])))
        return {"message_ts": ts}

    def m_views_publish(self, params: JSONDict) -> JSONDict:
        view = params.get("view")
        if not params.get("user_id") or not isinstance(view, dict) or view.get("type") != "home":
            raise SlackError("invalid_arguments")
        published = {
            "id": f"V{next(self.ids):08d}",
            "team_id": TEAM_ID,
            "type": "home",
            "blocks": view.get("blocks", []),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "hash": new_ts(),
            "app_id": APP_ID,
            "bot_id": BOT_ID,
        }
        self.home_views[str(params["user_id"])] = published
        return {"view": published}

    def m_conversations_open(self, params: JSONDict) -> JSONDict:
        users = [u for u in str(params.get("users") or "").split(",") if u]
        if params.get("channel"):
            return {"channel": {"id": params["channel"]}, "already_open": True}
        if not users:
            raise SlackError("users_list_not_supplied")
        channel_id = dm_channel_for(users[0]) if len(users) == 1 else "G" + "".join(sorted(users))[:10]
        return {"no_op": True, "already_open": True, "channel": {"id": channel_id}}

    def m_users_info(self, params: JSONDict) -> JSONDict:
        user = self.users.get(str(params.get("user")))
        if user is None:
            raise SlackError("user_not_found")
        return {"user": user}

    def m_files_info(self, params: JSONDict) -> JSONDict:
        stored = self.files.get(str(params.get("file")))
        if stored is None:
            raise SlackError("file_not_found")
        return {"file": stored.info, "comments": [], "response_metadata": {"next_cursor": ""}}

    def m_files_getUploadURLExternal(self, params: JSONDict) -> JSONDict:
        filename, length = params.get("filename"), params.get("length")
        if not filename or length is None:
            raise SlackError("invalid_arguments")
        file_id = f"F{next(self.ids):08d}"
        name = str(filename)
        info = file_info(
            self.root,
            file_id,
            name=name,
            title=None,
            mimetype=mimetypes.guess_type(name)[0] or "application/octet-stream",
            filetype=name.rsplit(".", 1)[-1],
            size=int(length),
            user=BOT_USER_ID,
        )
        self.files[file_id] = SlackFile(file_id, None, info)
        return {"upload_url": f"{self.root}/upload/v1/{file_id}", "file_id": file_id}

    def m_files_completeUploadExternal(self, params: JSONDict) -> JSONDict:
        entries = params.get("files")
        if not isinstance(entries, list) or not entries:
            raise SlackError("invalid_arguments")
        channel = params.get("channel_id") or (str(params.get("channels") or "").split(",")[0] or None)
        completed = []
        for entry in entries:
            stored = self.files.get(str(entry.get("id")))
            if stored is None or stored.data is None:
                raise SlackError("file_not_found")  # never uploaded to the upload URL
            if entry.get("title"):
                stored.info["title"] = entry["title"]
            if channel:
                stored.info["channels"] = [channel]
            completed.append(stored.info)
            self.uploads.append(
                SlackUpload(
                    file_id=stored.file_id,
                    channel=channel,
                    title=entry.get("title"),
                    filename=stored.info["name"],
                    data=stored.data,
                    initial_comment=params.get("initial_comment"),
                    thread_ts=params.get("thread_ts"),
                )
            )
        return {"files": completed}
