"""The LLM's tool schema (`SalesCommand`), built from the registered specs: one flat model whose `intent` enum
is the registered intents plus `unknown`, and whose fields are every slot of those commands, typed loosely
(dates as text, money as a number, enums kept) and described by the commands' own field descriptions.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, Field, create_model

from bot.intents.command import Command
from bot.intents.spec import IntentSpec

SlotKind = Literal["text", "date", "money", "number", "enum", "flag"]
# How the model writes a value of each kind (the command fields hold dates and Decimals, not text).
FORMATS: dict[str, str] = {
    "date": "ISO date YYYY-MM-DD, or YYYY-MM-DDTHH:MM when a time of day was given, in the user's timezone",
    "money": "a number in currency units: 500k → 500000, 50万 → 500000",
}


@dataclass(frozen=True)
class Slot:
    name: str
    kind: SlotKind
    type: Any  # what the model is asked for
    description: str


def slot_kind(annotation: Any) -> tuple[SlotKind, Any]:
    """What a command field holds, seen through Optional/Annotated: (kind, the loose type the model fills)."""
    members = [a for a in _members(annotation) if a is not type(None)]
    if members and all(get_origin(m) is Literal for m in members):
        values = tuple(v for m in members for v in get_args(m))
        literal: Any = Literal
        return "enum", literal[values]
    if any(m in (date, datetime) for m in members):
        return "date", str
    if Decimal in members:
        return "money", float
    if members and all(m in (float, int) for m in members):
        return "number", float
    if members == [bool]:
        return "flag", bool
    return "text", str


@cache
def slots_of(specs: tuple[IntentSpec, ...]) -> tuple[Slot, ...]:
    """Every slot of these specs' commands, in order of first appearance; descriptions merged per intent."""
    kinds: dict[str, tuple[SlotKind, Any]] = {}
    described: dict[str, dict[str, list[str]]] = {}
    for spec in specs:
        for name, info in spec.command.model_fields.items():
            if name in ("intent", "refers_to_context"):
                continue
            kinds.setdefault(name, slot_kind(info.annotation))
            described.setdefault(name, {}).setdefault(info.description or name, []).append(spec.name)
    out = [Slot(name, kind, loose, _describe(kind, described[name])) for name, (kind, loose) in kinds.items()]
    context = Command.model_fields["refers_to_context"]
    out.append(Slot("refers_to_context", "flag", bool, context.description or ""))
    return tuple(out)


@cache
def tool_schema(specs: tuple[IntentSpec, ...]) -> type[BaseModel]:
    """`SalesCommand` for these specs (the tool's name is the model's name)."""
    literal: Any = Literal
    intents = literal[(*(spec.name for spec in specs), "unknown")]
    fields: dict[str, Any] = {
        "intent": (intents, Field(description="what the user wants; 'unknown' when it is not a sales command")),
    }
    for slot in slots_of(specs):
        if slot.kind == "flag":
            fields[slot.name] = (bool, Field(False, description=slot.description))
        else:
            fields[slot.name] = (slot.type | None, Field(None, description=slot.description))
    return create_model(
        "SalesCommand",
        __doc__="The user's chat message read as exactly one sales-assistant command. Fill only what the message says.",
        **fields,
    )


def _members(annotation: Any) -> list[Any]:
    origin = get_origin(annotation)
    if origin is Annotated:
        return _members(get_args(annotation)[0])
    if origin is Union or isinstance(annotation, types.UnionType):
        return [m for arg in get_args(annotation) for m in _members(arg)]
    return [annotation]


def _describe(kind: SlotKind, descriptions: dict[str, list[str]]) -> str:
    if len(descriptions) == 1:
        text = next(iter(descriptions))
    else:
        text = "; ".join(f"{', '.join(intents)}: {meaning}" for meaning, intents in descriptions.items())
    return f"{text} — {FORMATS[kind]}" if kind in FORMATS else text
