"""The one inbound message type every channel produces (replies are `core.outbound.Reply`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class AudioRef:
    """Where a voice note or audio file can be fetched from; the channel adapter knows how."""

    url: str
    mime_type: str | None = None
    size: int | None = None
    duration: float | None = None
    file_name: str | None = None


@dataclass(frozen=True)
class InboundFile:
    """A photo or PDF sent in chat, already downloaded by the channel (within the upload limit)."""

    data: bytes
    file_name: str
    mime_type: str | None = None


@dataclass(frozen=True)
class IncomingMessage:
    channel: str
    chat_id: str
    sender_id: str
    message_id: str
    text: str | None = None
    audio: AudioRef | None = None
    # A photo or PDF to keep as evidence (attachments); its caption, if any, is `text`.
    file: InboundFile | None = None
    # Data of a pressed button (e.g. "confirm:<proposal id>"); `text` then holds its typed fallback.
    action: str | None = None
    is_group: bool = False
    mentioned: bool = False
    # Whose conversation this continues, when not the chat's own: a group mention continues the sender's
    # private conversation, so the card sent to them privately can be confirmed there. None: `chat_id`.
    conversation_id: str | None = None
    received_at: datetime | None = None
    raw: Mapping[str, Any] = field(default_factory=dict)
