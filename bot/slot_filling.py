"""Filling a missing slot from an answer, and merging a correction into a pending command."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from bot.corrections import read_correction
from bot.intents.base import ParseContext, Parsed
from bot.intents.lexers.amounts import find_amount
from bot.intents.lexers.dates import find_date
from bot.intents.schema import Command, command_from
from bot.replies import YES_WORDS, normalise_answer

DATE_SLOTS = frozenset({"date", "follow_up", "due", "close_date"})
# Answers that keep a questioned value as it is ("that date is past — keep it?").
KEEP_WORDS = YES_WORDS | frozenset({"keep", "keep it", "keep that", "保持", "不变", "就这样", "不用改"})
# Changing one of these invalidates what was resolved from it.
RESOLVED_BY_SLOT = {
    "customer": ("customer_id", "new_customer", "deal_id", "contact_id", "existing_id", "confirmed_new"),
    "name": ("existing_id", "confirmed_new"),
    "contact": ("contact_id",),
    "task": ("task_id",),
}


def _values(command: Command) -> dict[str, Any]:
    return {name: getattr(command, name) for name in type(command).model_fields if name != "intent"}


def _given(command: Command) -> dict[str, Any]:
    return {k: v for k, v in _values(command).items() if v is not None and v is not False and v != ""}


def _rebuild(
    command: Command, changes: dict[str, Any], resolved: dict[str, Any]
) -> tuple[Command | None, dict[str, Any]]:
    fields = type(command).model_fields
    usable = {k: v for k, v in changes.items() if k in fields and k not in ("intent", "refers_to_context")}
    if not usable:
        return None, resolved
    try:
        updated = command_from(command.intent, {**_given(command), **usable})
    except ValidationError:
        return None, resolved
    kept = dict(resolved)
    for slot in usable:
        for key in RESOLVED_BY_SLOT.get(slot, ()):
            kept.pop(key, None)
    return updated, kept


def fill_slot(command: Command, slot: str, text: str, resolved: dict[str, Any], parsed: Parsed,
              context: ParseContext) -> tuple[Command | None, dict[str, Any]]:
    """The user answered the one question we asked about `slot` (`parsed`: the answer read as a message)."""
    answer = text.strip()
    if not answer:
        return None, resolved
    changes: dict[str, Any] = {}
    if slot in DATE_SLOTS and resolved.get("past_question") == slot and normalise_answer(answer) in KEEP_WORDS:
        return command, {**resolved, "past_ok": slot}  # "keep": the past date stands, as the user said
    if slot == "amount":
        match = find_amount(answer)
        if match is not None:
            changes = {"amount": match.value, **({"currency": match.currency} if match.currency else {})}
    elif slot in DATE_SLOTS:
        found = find_date(answer, context.now, context.timezone, past=slot == "date")
        if found is not None:
            changes = {slot: found.value}
    elif slot in type(command).model_fields:
        changes = {slot: answer}  # "Which customer?" — "Acme": the answer is the value
    else:
        return merge_edit(command, answer, resolved, parsed, context)
    return _rebuild(command, changes, resolved)


def merge_edit(command: Command, text: str, resolved: dict[str, Any], parsed: Parsed,
               context: ParseContext) -> tuple[Command | None, dict[str, Any]]:
    """A correction ("probability 60%", "close end of feb", 金额改成80万, "customer Globex"): keep the intent,
    replace the fields it names. `parsed` is the correction read as a whole message (parsed before the write
    transaction opened): used when the correction is a sentence of its own ("it was a call with Li Wei")."""
    changes = read_correction(command, text, context)
    if not changes:
        changes = _given(parsed.command)
    return _rebuild(command, changes, resolved)
