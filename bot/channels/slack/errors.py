"""Slack Web API failures, sorted into what the outbox can do about them: wait and retry, or give up."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError

from core.outbound import PermanentFailure, RetryLater

# The request itself is wrong or its target is gone: sending it again would fail the same way.
PERMANENT_ERRORS = frozenset({
    "channel_not_found", "not_in_channel", "is_archived", "invalid_blocks", "invalid_blocks_format",
    "msg_too_long", "no_text", "too_many_attachments", "user_not_found", "user_not_in_channel",
    "cannot_dm_bot", "message_not_found", "cant_update_message", "edit_window_closed", "invalid_arguments",
    "restricted_action", "account_inactive", "invalid_channel", "channel_is_archived",
})


def classify(error: BaseException) -> RetryLater | PermanentFailure:
    """What an exception from slack_sdk or its transport means for delivery."""
    if isinstance(error, SlackApiError):
        response = error.response
        status = int(getattr(response, "status_code", 200) or 200)
        code = str(response.get("error") or "") if hasattr(response, "get") else ""
        if status == 429 or code == "ratelimited":
            return RetryLater("slack rate limit", _retry_after(response))
        if status >= 500:
            return RetryLater(f"slack unavailable ({status})")
        if code in PERMANENT_ERRORS:
            return PermanentFailure(f"slack: {code}")
        # Anything else (invalid_auth after a token rotation, fatal_error, an error code we have not met):
        # the message is kept and retried with backoff rather than lost.
        return RetryLater(f"slack: {code or status}")
    if isinstance(error, aiohttp.ClientError | asyncio.TimeoutError | OSError):
        # slack_sdk raises the transport's own errors when the connection is refused or reset.
        return RetryLater(f"slack unreachable: {type(error).__name__}")
    # e.g. a failed raw upload inside files_upload_v2
    return RetryLater(f"slack client: {type(error).__name__}: {error}")


def _retry_after(response: object) -> float | None:
    headers = getattr(response, "headers", None) or {}
    value = headers.get("Retry-After") or headers.get("retry-after")
    if isinstance(value, list):
        value = value[0] if value else None
    try:
        return max(0.0, float(value)) if value is not None else None
    except (TypeError, ValueError):
        return None


@asynccontextmanager
async def delivery_errors() -> AsyncIterator[None]:
    """Turn whatever a Web API call raised into RetryLater or PermanentFailure for the outbox."""
    try:
        yield
    except (TimeoutError, SlackClientError, aiohttp.ClientError, OSError) as exc:
        raise classify(exc) from exc
