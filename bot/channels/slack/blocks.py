"""Reply → Block Kit: text sections, an actions block for the choices, and the text fallback Slack requires."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from core.outbound import Reply

JSON = dict[str, Any]

# Every button of ours has an action_id with this prefix (one Bolt listener matches them all); the
# suffix keeps action_ids unique within a message, as Slack requires.
ACTION_PREFIX = "salesbot:"
CHOICES_BLOCK = "salesbot_choices"

# Block Kit limits: 3000 characters of section text, 75 of a button label, 2000 of a button value,
# 50 blocks per message, 25 elements per actions block; 40,000 characters of message text.
SECTION_LIMIT = 3000
LABEL_LIMIT = 75
VALUE_LIMIT = 2000
MAX_BLOCKS = 50
MAX_BUTTONS = 25
TEXT_LIMIT = 40_000


def escape(text: str) -> str:
    """Slack reads <, > and & as markup (<!channel>, <@U…>, links); a customer name must never ping anyone."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _chunks(text: str, size: int) -> list[str]:
    """Split at line breaks where possible, so a long card stays readable."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > size:
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:size])
            line = line[size:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > size:
            parts.append(current)
            current = line
        else:
            current = candidate
    if current or not parts:
        parts.append(current)
    return parts


def section(text: str) -> JSON:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text or " ", "verbatim": True}}


def encode_value(action: str, fallback: str) -> str:
    return json.dumps({"a": action, "f": fallback}, ensure_ascii=False, separators=(",", ":"))[:VALUE_LIMIT]


@dataclass(frozen=True)
class PressedButton:
    action: str
    fallback: str


def decode_value(value: str | None) -> PressedButton | None:
    """The action behind a pressed button; None for anything we did not render."""
    if not value:
        return None
    try:
        data = json.loads(value)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("a"), str) or not data["a"]:
        return None
    fallback = data.get("f")
    return PressedButton(data["a"], fallback if isinstance(fallback, str) else "")


def button(label: str, action: str, fallback: str, index: int) -> JSON:
    element: JSON = {
        "type": "button",
        "action_id": f"{ACTION_PREFIX}{index}",
        "text": {"type": "plain_text", "text": label[:LABEL_LIMIT] or "·", "emoji": True},
        "value": encode_value(action, fallback),
    }
    if action.startswith("confirm:"):
        element["style"] = "primary"
    return element


@dataclass(frozen=True)
class Rendered:
    text: str
    blocks: list[JSON]


def render(reply: Reply) -> Rendered:
    """The message for chat.postMessage / chat.update. `text` is the notification and no-blocks fallback."""
    body = escape(reply.text)
    blocks = [section(chunk) for chunk in _chunks(body, SECTION_LIMIT)]
    choices = reply.choices[:MAX_BUTTONS]
    if choices:
        blocks = blocks[: MAX_BLOCKS - 1]
        elements = [button(c.label, c.action, c.fallback, n) for n, c in enumerate(choices)]
        blocks.append({"type": "actions", "block_id": CHOICES_BLOCK, "elements": elements})
        labels = "  ".join(f"[{escape(c.label)}]" for c in choices)
        body = f"{body}\n{labels}"
    else:
        blocks = blocks[:MAX_BLOCKS]
    return Rendered(body[:TEXT_LIMIT] or " ", blocks)
