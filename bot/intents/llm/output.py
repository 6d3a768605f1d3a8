"""How the model's answer (the flat tool schema of `llm/schema.py`) becomes a validated Command.

The model sees enums and formats in the schema; we still trust nothing it returns. Every value goes
through the same lexers and pydantic validation as the rules' output: an unknown intent becomes
`unknown`, a bad enum or number is dropped, a relative date ("next Friday") is resolved by our own date
rule, and a customer or person that appears neither in the message nor among the user's customers is
dropped (the model may not invent who we talk about).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz

from bot.intents.base import ParseContext
from bot.intents.command import Command, Unknown
from bot.intents.commands import safe_command
from bot.intents.lexers.amounts import find_amount
from bot.intents.lexers.dates import find_date
from bot.intents.lexers.normalize import normalize
from bot.intents.llm.schema import SlotKind, slots_of
from bot.intents.registry import REGISTRY
from bot.intents.schema import commands_of
from bot.intents.spec import IntentSpec

# Slots naming who we deal with: the model may not invent them (they must be in the message or known).
_GROUNDED = ("customer", "contact", "name", "email", "phone", "person")
# Date slots about what already happened: a relative value the model returns ("Monday") is read looking back.
_PAST_DATES = ("date", "day", "since", "moved_from")


def to_command(raw: dict[str, Any], text: str, context: ParseContext,
               specs: Sequence[IntentSpec] | None = None) -> Command:
    """Validate a model's answer (a dict of tool arguments) into a Command; never raises. Only the intents of
    `specs` (default: the registered ones) are accepted; anything else is `unknown`."""
    specs = tuple(REGISTRY.active() if specs is None else specs)
    commands = commands_of(specs)
    intent = str(raw.get("intent") or "unknown").strip().lower()
    if intent not in commands:
        return Unknown()
    fields = set(commands[intent].model_fields) - {"intent"}
    kinds = _kinds(specs)
    message = normalize(text).casefold()
    slots: dict[str, Any] = {}
    for name, value in raw.items():
        if name not in fields or value is None or value == "" or value is False:
            continue
        cleaned = _clean(name, kinds.get(name, "text"), value, message, context)
        if cleaned is not None:
            slots[name] = cleaned
    return safe_command(intent, slots, commands=commands)


def _kinds(specs: Sequence[IntentSpec]) -> Mapping[str, SlotKind]:
    return {slot.name: slot.kind for slot in slots_of(tuple(specs))}


def _clean(name: str, kind: SlotKind, value: Any, message: str, context: ParseContext) -> Any:
    if kind == "flag":
        return value is True
    if kind == "date":
        return _when(str(value), context, past=name in _PAST_DATES)
    if kind == "money":
        return _amount(value)
    if name == "currency":
        code = str(value).strip().upper()
        return code if re.fullmatch(r"[A-Z]{3}", code) else None
    if kind == "number":
        try:
            number = float(str(value).rstrip("%h "))
        except ValueError:
            return None
        return number
    if not isinstance(value, str):
        return None
    value = normalize(value)[:4000]
    if name in _GROUNDED and not _grounded(value, message, context):
        return None
    return value or None


def _when(value: str, context: ParseContext, *, past: bool) -> date | datetime | None:
    value = value.strip()
    zone = ZoneInfo(context.timezone)
    try:
        if "T" in value or " " in value.strip()[10:11]:
            moment = datetime.fromisoformat(value.replace(" ", "T"))
            moment = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)
            return moment.replace(second=0, microsecond=0)
        return date.fromisoformat(value)
    except ValueError:
        found = find_date(value, context.now, context.timezone, past=past)  # "next Friday": our rule decides
        return found.value if found is not None else None


def _amount(value: Any) -> Decimal | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return None
        return number if number >= 0 else None
    found = find_amount(str(value))
    return found.value if found is not None else None


def _grounded(value: str, message: str, context: ParseContext) -> bool:
    folded = value.casefold()
    if folded in message or fuzz.partial_ratio(folded, message) >= 75:
        return True
    return any(folded == known.casefold() for known in context.customer_names)
