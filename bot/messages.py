"""The one inbound and the one outbound message type every channel speaks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


@dataclass(frozen=True)
class AudioRef:
    """Where a voice note or audio file can be fetched from; the channel adapter knows how."""

    url: str
    mime_type: str | None = None
    size: int | None = None
    duration: float | None = None
    file_name: str | None = None


@dataclass(frozen=True)
class IncomingMessage:
    channel: str
    chat_id: str
    sender_id: str
    message_id: str
    text: str | None = None
    audio: AudioRef | None = None
    # Data of a pressed button (e.g. "confirm:<proposal id>"); `text` then holds its typed fallback.
    action: str | None = None
    is_group: bool = False
    mentioned: bool = False
    # Whose conversation this continues, when not the chat's own: a group mention continues the sender's
    # private conversation, so the card sent to them privately can be confirmed there. None: `chat_id`.
    conversation_id: str | None = None
    received_at: datetime | None = None
    raw: Mapping[str, Any] = field(default_factory=dict)


class Choice(BaseModel):
    """A button. `fallback` is what a user can type instead (every choice works without buttons)."""

    label: str
    action: str
    fallback: str


class ImageRef(BaseModel):
    """An image to send: PNG bytes, and a file name the console uses when saving it."""

    # Base64 in JSON, so a reply with a chart survives a round trip through the outbox.
    model_config = ConfigDict(ser_json_bytes="base64", val_json_bytes="base64")

    data: bytes
    filename: str = "chart.png"
    caption: str | None = None


class Reply(BaseModel):
    text: str
    choices: list[Choice] = Field(default_factory=list)
    image: ImageRef | None = None
    # Set on a proposal card; a later reply with `resolves` equal to it may replace that card's buttons.
    proposal_id: str | None = None
    resolves: str | None = None
    # False for replies that carry no customer data (help, errors, questions) — safe in a group chat.
    private: bool = True
