"""Building a Command from possibly imperfect slots (rules, LLM): keep what validates, and say what did not.

A value the message gave that fails validation (a negative amount, one too large to be real, a probability over
100) is dropped from the command but kept in `rejected`, so the conversation can say so before any card —
never silently proposing the card without it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from bot.intents.command import Command, Unknown
from bot.intents.schema import command_from


def safe_command(intent: str, slots: dict[str, Any], *, commands: Mapping[str, type[Command]] | None = None) -> Command:
    """Validate; a slot that fails validation is dropped rather than losing the whole command. An intent
    outside `commands` (default: the registered ones) is `unknown`."""
    return validated(intent, slots, commands=commands)[0]


def validated(intent: str, slots: dict[str, Any], *, commands: Mapping[str, type[Command]] | None = None
              ) -> tuple[Command, dict[str, Any]]:
    """The command from the slots that validate, and the rejected slots with the values the message gave."""
    slots = {k: v for k, v in slots.items() if v is not None and v != ""}
    rejected: dict[str, Any] = {}
    for _ in range(len(slots) + 1):
        try:
            return command_from(intent, slots, commands=commands), rejected
        except ValidationError as exc:
            bad = {str(err["loc"][1]) for err in exc.errors() if len(err["loc"]) > 1}
            if not bad or not bad & slots.keys():
                break
            rejected.update({k: slots[k] for k in bad if k in slots})
            slots = {k: v for k, v in slots.items() if k not in bad}
    try:
        return command_from(intent, {}, commands=commands), rejected
    except ValidationError:
        return Unknown(), {}
