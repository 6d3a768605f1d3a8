"""What salesbot says, and the port a channel offers to say it: the contract between core and the adapters.

Handlers, jobs and pushes produce a `Reply` (text, buttons with a typed fallback, an optional image or file); the outbox
stores it as JSON; each channel adapter implements `ChannelPort` and renders it for its platform (Slack Block
Kit, a Telegram inline keyboard, numbered choices in the console). Core defines the port, adapters implement
it — nothing here knows any platform.
"""

from __future__ import annotations

from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field


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


class DocumentRef(BaseModel):
    """A file to send (an invoice, a signed contract, a photo sent back): its bytes, name and media type."""

    model_config = ConfigDict(ser_json_bytes="base64", val_json_bytes="base64")

    data: bytes
    filename: str
    media_type: str = "application/octet-stream"
    caption: str | None = None


class Reply(BaseModel):
    text: str
    choices: list[Choice] = Field(default_factory=list)
    image: ImageRef | None = None
    document: DocumentRef | None = None
    # Set on a proposal card; a later reply with `resolves` equal to it may replace that card's buttons.
    proposal_id: str | None = None
    resolves: str | None = None
    # False for replies that carry no customer data (help, errors, questions) — safe in a group chat.
    private: bool = True


class RetryLater(Exception):
    """The platform is rate-limiting or unreachable; try again after `after` seconds (None: use backoff).

    `resume`: part of the message went out before the failure (a long text split across several platform
    messages). The outbox keeps this opaque token and hands it to `ResumablePort.resume` next time, so the
    parts already delivered are not sent again."""

    def __init__(self, reason: str, after: float | None = None, *, resume: str | None = None) -> None:
        super().__init__(reason)
        self.after = after
        self.resume = resume


class PermanentFailure(Exception):
    """The message can never be delivered as is (chat gone, bot blocked, invalid request)."""


class ChannelPort(Protocol):
    name: str

    async def send(self, chat_id: str, reply: Reply) -> str:
        """Deliver a reply; returns the platform's id of the message (for later edits)."""
        ...

    async def edit(self, chat_id: str, message_id: str, reply: Reply) -> None:
        """Replace a delivered message (e.g. a proposal card after the decision, without stale buttons)."""
        ...


class ResumablePort(ChannelPort, Protocol):
    async def resume(self, chat_id: str, reply: Reply, token: str) -> str:
        """Deliver the rest of a reply whose first parts went out (`token` from RetryLater.resume)."""
        ...


def reply_payload(reply: Reply) -> dict[str, Any]:
    return reply.model_dump(mode="json")


def reply_from_payload(payload: dict[str, Any]) -> Reply:
    return Reply.model_validate(payload)
