"""Building a Command from possibly imperfect slots (rules, LLM): keep what validates, drop what does not."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from bot.intents.command import Command, Unknown
from bot.intents.schema import command_from


def safe_command(intent: str, slots: dict[str, Any], *, commands: Mapping[str, type[Command]] | None = None) -> Command:
    """Validate; a slot that fails validation is dropped rather than losing the whole command. An intent
    outside `commands` (default: the registered ones) is `unknown`."""
    slots = {k: v for k, v in slots.items() if v is not None and v != ""}
    for _ in range(len(slots) + 1):
        try:
            return command_from(intent, slots, commands=commands)
        except ValidationError as exc:
            bad = {str(err["loc"][1]) for err in exc.errors() if len(err["loc"]) > 1}
            if not bad or not bad & slots.keys():
                break
            slots = {k: v for k, v in slots.items() if k not in bad}
    try:
        return command_from(intent, {}, commands=commands)
    except ValidationError:
        return Unknown()
