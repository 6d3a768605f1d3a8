"""Slack payloads → the pieces of an IncomingMessage: plain text, the message key, which events count."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Any

JSON = dict[str, Any]

# Slack writes mentions and links as <…> markup and escapes &, < and > (the text we get is mrkdwn).
_MARKUP = re.compile(r"<([^<>]*)>")
_LINK_WORD = re.compile(r"^\s*(?:link|绑定)\s+(\S+)\s*$", re.IGNORECASE)
_LINK_ALONE = re.compile(r"^\s*(?:link|绑定)\s*$", re.IGNORECASE)

# Message subtypes that are a person writing to us; edits, deletions, joins and bot posts are not.
_USER_SUBTYPES = frozenset({None, "file_share", "thread_broadcast"})


def plain_text(text: str | None, bot_user_id: str | None = None) -> str:
    """What the person typed: the bot mention removed, links and mentions as readable words."""
    if not text:
        return ""

    def replace(match: re.Match[str]) -> str:
        inner = match.group(1)
        target, _, label = inner.partition("|")
        if bot_user_id and target == f"@{bot_user_id}":
            return " "
        if target.startswith(("@", "#")):
            return (target[0] + label) if label else target
        if target.startswith("!"):
            return "@" + (label or target[1:].split("^")[0])
        if target.startswith("mailto:"):
            return label or target.removeprefix("mailto:")
        return label or target

    cleaned = _MARKUP.sub(replace, text)
    return " ".join(html.unescape(cleaned).split())


def link_code(text: str) -> str | None:
    """The code of a `link CODE` message (also `绑定 CODE`); None when the message is something else."""
    match = _LINK_WORD.match(text)
    return match.group(1) if match else None


def is_bare_link(text: str) -> bool:
    return bool(_LINK_ALONE.match(text))


def is_user_message(event: JSON) -> bool:
    """A message a person wrote (not an edit, a deletion, a channel join or another bot's post)."""
    if event.get("bot_id") or event.get("subtype") not in _USER_SUBTYPES:
        return False
    return bool(event.get("user"))


def is_bot_dm(event: JSON) -> bool:
    """message.im events come only from the bot's own DMs; their channel is that DM."""
    return event.get("channel_type") == "im" or str(event.get("channel", "")).startswith("D")


def received_at(ts: str | None) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(ts), tz=UTC) if ts else None
    except (TypeError, ValueError, OverflowError):
        return None


def event_key(body: JSON, event: JSON) -> str:
    """The inbox key: Slack's event_id, the same on every redelivery of one event."""
    event_id = body.get("event_id")
    if event_id:
        return f"ev:{event_id}"
    # Socket Mode and the Events API always send event_id; this keeps a hand-made payload processable.
    return f"msg:{event.get('channel')}:{event.get('ts')}"


def action_key(body: JSON, action: JSON) -> str:
    user = (body.get("user") or {}).get("id", "")
    return f"act:{user}:{action.get('action_ts') or body.get('trigger_id')}"


def command_key(command: JSON) -> str:
    return f"cmd:{command.get('trigger_id') or command.get('user_id')}"


def trimmed_raw(payload: JSON) -> JSON:
    """What the inbox keeps of a payload: the event, without Slack's bulky rendering of the text."""
    return {k: v for k, v in payload.items() if k not in ("blocks", "authorizations", "token")}
