"""A request from Slack, before Bolt sees it: the signature, the body, the inbox key and what of it is stored.

The signature is checked on the exact bytes before anything is parsed; an unsigned request costs one short log
line and nothing else. A signed one is parsed defensively (malformed or absurdly nested bodies are refused with
400, never a traceback), and what is stored keeps no token, no response URL and no invite code.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from slack_sdk.signature import Clock, SignatureVerifier

from core.services.invites import seal

JSON = dict[str, Any]

# `link CODE` / `绑定 CODE` as a whole message, after an optional mention of the bot (slash commands: the text).
_LINK = re.compile(r"^(\s*(?:<@[^<>]+>\s*)*(?:link|绑定)\s+)(\S+)(\s*)$", re.IGNORECASE)
# Keys of a payload that are secrets or capabilities (the legacy verification token, URLs that post as the bot)
# or a bulky copy of the text (blocks repeat an invite code too): never stored.
_DROPPED = frozenset({"token", "authorizations", "response_url", "response_urls", "message", "state", "blocks",
                      "enterprise", "is_enterprise_install"})


class BadRequest(ValueError):
    """Signed, but not a body we can read."""


def verified(signing_secret: str, body: bytes, headers: Mapping[str, str], *, now: float | None = None) -> bool:
    """Slack's v0 signature over the exact body, at most 5 minutes old. Anything malformed is just invalid."""
    timestamp = headers.get("X-Slack-Request-Timestamp", "")
    signature = headers.get("X-Slack-Signature", "")
    if not signing_secret or not signature or not timestamp.isdigit() or len(timestamp) > 12:
        return False
    verifier = SignatureVerifier(signing_secret, clock=_Clock(now)) if now is not None else SignatureVerifier(
        signing_secret)
    try:
        return verifier.is_valid(body, timestamp, signature)
    except (ValueError, TypeError, UnicodeError):
        return False


class _Clock(Clock):
    def __init__(self, now: float) -> None:
        self._now = now

    def now(self) -> float:
        return self._now


def parse(body: bytes, content_type: str) -> JSON:
    """The payload of an Events API, interactivity or slash command request."""
    try:
        text = body.decode("utf-8")
        if content_type.startswith("application/json"):
            data = json.loads(text)
        else:
            form = {k: v[0] for k, v in parse_qs(text, keep_blank_values=True, max_num_fields=200).items()}
            data = json.loads(form["payload"]) if "payload" in form else form
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise BadRequest(type(exc).__name__) from None
    if not isinstance(data, dict):
        raise BadRequest("not an object")
    return data


@dataclass(frozen=True)
class Envelope:
    """One thing Slack told us, as the inbox stores it: its key, who and where, and the sanitised payload."""

    key: str
    kind: str  # event | action | command
    sender: str
    chat: str
    text: str | None
    payload: JSON


def envelope(data: JSON) -> Envelope | None:
    """The storable envelope of a payload; None for kinds we do not handle (they are acknowledged and dropped)."""
    kind = data.get("type")
    if kind == "event_callback" and isinstance(data.get("event"), dict) and data.get("event_id"):
        event = dict(data["event"])
        text = event.get("text")
        if isinstance(text, str):
            event["text"] = seal_link_code(text)
        payload = {**_kept(data), "event": _kept(event)}
        return Envelope(f"ev:{data['event_id']}", "event", _str(event.get("user")), _str(event.get("channel")),
                        event.get("text") if isinstance(event.get("text"), str) else None, payload)
    if kind == "block_actions" and isinstance(data.get("actions"), list) and data["actions"]:
        who = data.get("user")
        user = _str(who.get("id") if isinstance(who, dict) else None)
        action = data["actions"][0] if isinstance(data["actions"][0], dict) else {}
        key = f"act:{user}:{action.get('action_ts') or data.get('trigger_id')}"
        container = data.get("container")
        chat = _str(container.get("channel_id")) if isinstance(container, dict) else ""
        return Envelope(key, "action", user, chat, None, _kept(data))
    if "command" in data and "user_id" in data and ("trigger_id" in data or "text" in data):
        command = _kept(data)
        command["text"] = seal_link_code(_str(data.get("text")))
        key = f"cmd:{data.get('trigger_id') or data.get('user_id')}"
        return Envelope(key, "command", _str(data.get("user_id")), _str(data.get("channel_id")), command["text"],
                        command)
    return None


def seal_link_code(text: str) -> str:
    """`link CODE` → `link sha256:…`: the stored text still redeems the invite, but never shows the code."""
    match = _LINK.match(text)
    if match is None or match.group(2).startswith("sha256:"):
        return text
    return f"{match.group(1)}{seal(match.group(2))}{match.group(3)}"


def _kept(data: Mapping[str, Any]) -> JSON:
    return {k: v for k, v in data.items() if k not in _DROPPED}


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def short(value: object, limit: int = 80) -> str:
    """A bounded, escaped rendering of untrusted input for a log line (newlines cannot forge lines)."""
    return repr(value)[:limit]


def now() -> float:
    return time.time()
