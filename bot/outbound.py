"""The outbound port: what a channel adapter offers to whoever delivers messages (the outbox worker)."""

from __future__ import annotations

from typing import Any, Protocol

from bot.messages import Reply


class RetryLater(Exception):
    """The platform is rate-limiting or unreachable; try again after `after` seconds (None: use backoff)."""

    def __init__(self, reason: str, after: float | None = None) -> None:
        super().__init__(reason)
        self.after = after


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


def reply_payload(reply: Reply) -> dict[str, Any]:
    return reply.model_dump(mode="json")


def reply_from_payload(payload: dict[str, Any]) -> Reply:
    return Reply.model_validate(payload)
