"""Records and object shapes of the fake Slack Web API."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from .slack_events import TEAM_DOMAIN, TEAM_ID

JSONDict = dict[str, Any]


@dataclass
class SlackMessage:
    """A message the bot posted (``chat.postMessage`` / ``chat.postEphemeral``).

    ``message`` is the current Slack message object; ``chat.update`` replaces
    it and pushes the old one onto ``history``.  For ephemeral messages
    ``ephemeral_user`` is the only user who sees it.
    """

    channel: str
    ts: str
    message: JSONDict
    params: JSONDict
    ephemeral_user: str | None = None
    history: list[JSONDict] = field(default_factory=list)

    @property
    def text(self) -> str | None:
        return self.message.get("text")

    @property
    def blocks(self) -> list[JSONDict]:
        blocks = self.message.get("blocks")
        return blocks if isinstance(blocks, list) else []

    @property
    def thread_ts(self) -> str | None:
        return self.message.get("thread_ts")

    def buttons(self) -> list[JSONDict]:
        """Interactive elements of ``actions`` blocks (and section accessories)."""
        found: list[JSONDict] = []
        for block in self.blocks:
            found += [e for e in block.get("elements", []) if e.get("type") == "button"]
            accessory = block.get("accessory")
            if isinstance(accessory, dict) and accessory.get("type") == "button":
                found.append(accessory)
        return found

    def button(self, *, action_id: str | None = None, text: str | None = None) -> JSONDict:
        for candidate in self.buttons():
            label = candidate.get("text", {}).get("text")
            if (action_id is None or candidate.get("action_id") == action_id) and (text is None or label == text):
                return candidate
        available = [(b.get("action_id"), b.get("text", {}).get("text")) for b in self.buttons()]
        raise LookupError(f"no button action_id={action_id!r} text={text!r}; available: {available}")


@dataclass
class SlackFile:
    """A file the fake knows: uploaded by the bot or added by a test."""

    file_id: str
    data: bytes | None  # None until the bytes reach the upload URL
    info: JSONDict


@dataclass(frozen=True)
class SlackUpload:
    """One file shared by the bot through ``files_upload_v2``."""

    file_id: str
    channel: str | None
    title: str | None
    filename: str
    data: bytes
    initial_comment: str | None
    thread_ts: str | None


@dataclass(frozen=True)
class ResponseUrlPost:
    """A JSON body the app POSTed to a ``response_url`` from ``FakeSlack.response_url()``."""

    url: str
    payload: JSONDict


def file_info(
    root: str,
    file_id: str,
    *,
    name: str,
    title: str | None,
    mimetype: str,
    filetype: str,
    size: int,
    user: str,
    subtype: str | None = None,
    channels: list[str] | None = None,
) -> JSONDict:
    """A ``file`` object; ``url_private*`` point at the fake and need the bot token."""
    now = int(time.time())
    base = f"{root}/files-pri/{TEAM_ID}-{file_id}"
    info: JSONDict = {
        "id": file_id,
        "created": now,
        "timestamp": now,
        "name": name,
        "title": title or name,
        "mimetype": mimetype,
        "filetype": filetype,
        "pretty_type": filetype.upper(),
        "user": user,
        "user_team": TEAM_ID,
        "editable": False,
        "size": size,
        "mode": "hosted",
        "is_external": False,
        "external_type": "",
        "is_public": False,
        "public_url_shared": False,
        "display_as_bot": False,
        "username": "",
        "url_private": f"{base}/{name}",
        "url_private_download": f"{base}/download/{name}",
        "permalink": f"https://{TEAM_DOMAIN}.slack.com/files/{user}/{file_id}/{name}",
        "channels": channels or [],
        "groups": [],
        "ims": [],
        "has_rich_preview": False,
    }
    if subtype:
        info["subtype"] = subtype
        if subtype == "slack_audio":
            info["media_display_type"] = "audio"
    return info


def user_info(
    user_id: str,
    *,
    name: str,
    email: str | None,
    real_name: str | None = None,
    is_bot: bool = False,
    tz: str = "Europe/Berlin",
) -> JSONDict:
    real = real_name or name.title()
    profile: JSONDict = {
        "real_name": real,
        "display_name": name,
        "first_name": real.split(" ")[0],
        "last_name": " ".join(real.split(" ")[1:]),
        "team": TEAM_ID,
    }
    if email is not None:  # only visible with users:read.email; bots have none
        profile["email"] = email
    return {
        "id": user_id,
        "team_id": TEAM_ID,
        "name": name,
        "deleted": False,
        "real_name": real,
        "tz": tz,
        "tz_offset": 3600,
        "is_admin": False,
        "is_bot": is_bot,
        "is_app_user": False,
        "updated": int(time.time()),
        "profile": profile,
    }
