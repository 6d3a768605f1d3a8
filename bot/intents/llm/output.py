"""What the model fills in (one flat tool schema) and how its answer becomes a validated Command.

The model sees enums and formats in the schema; we still trust nothing it returns. Every value goes
through the same lexers and pydantic validation as the rules' output: an unknown intent becomes
`unknown`, a bad enum or number is dropped, a relative date ("next Friday") is resolved by our own date
rule, and a customer or person that appears neither in the message nor among the user's customers is
dropped (the model may not invent who we talk about).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field
from rapidfuzz import fuzz

from bot.intents.base import ParseContext
from bot.intents.commands import safe_command
from bot.intents.lexers.amounts import find_amount
from bot.intents.lexers.dates import find_date
from bot.intents.lexers.normalize import normalize
from bot.intents.schema import COMMANDS, INTENTS, Command, Unknown

IntentName = Literal[
    "log_interaction", "create_customer", "add_contact", "create_deal", "update_deal", "query_deals",
    "query_customer", "create_task", "list_tasks", "complete_task", "log_time", "update_project", "query_project",
    "create_contract", "record_payment", "query_receivables", "report", "daily_report", "help", "undo", "cancel",
    "unknown",
]
_DATE = "ISO date YYYY-MM-DD, or YYYY-MM-DDTHH:MM when a time of day was given, in the user's timezone"


class SalesCommand(BaseModel):
    """The user's chat message read as exactly one sales-assistant command. Fill only what the message says."""

    intent: IntentName = Field(description="what the user wants; 'unknown' when it is not a sales command")
    customer: str | None = Field(None, description="customer company as named (use the known name if it is one)")
    contact: str | None = Field(None, description="a person at the customer")
    name: str | None = Field(None, description="create_customer: the new company's name")
    title: str | None = Field(None, description="deal/contract/project title, or a contact's job title")
    industry: str | None = None
    city: str | None = None
    email: str | None = None
    phone: str | None = None
    channel: Literal["visit", "call", "email", "meeting", "message"] | None = None
    stage: Literal["lead", "qualified", "proposal", "negotiation", "won", "lost"] | None = None
    amount: float | None = Field(None, description="money in currency units: 500k → 500000, 50万 → 500000")
    currency: str | None = Field(None, description="ISO code, only when the message says it: USD, CNY, EUR")
    date: str | None = Field(None, description=f"when it happened; {_DATE}")
    follow_up: str | None = Field(None, description=f"when to follow up or the customer's deadline; {_DATE}")
    due: str | None = Field(None, description=f"task due; {_DATE}")
    close_date: str | None = Field(None, description=f"expected deal close; {_DATE}")
    summary: str | None = Field(None, description="the gist of what happened, in the user's words")
    next_step: str | None = None
    task: str | None = None
    hours: float | None = Field(None, description="time spent in hours: 90 minutes → 1.5")
    percent: float | None = Field(None, description="project progress 0-100")
    probability: float | None = Field(None, description="deal win probability 0-100")
    kind: Literal["funnel", "ranking", "forecast", "win_rate", "profit", "clv", "aging"] | None = None
    refers_to_context: bool = Field(False, description="true when the message says 'it'/'that deal'/这个单子")


_DATE_SLOTS = ("date", "follow_up", "due", "close_date")
_NUMBER_SLOTS = ("hours", "percent", "probability")
_GROUNDED = ("customer", "contact", "name", "email", "phone")


def to_command(raw: dict[str, Any], text: str, context: ParseContext) -> Command:
    """Validate a model's answer (a dict of tool arguments) into a Command; never raises."""
    intent = str(raw.get("intent") or "unknown").strip().lower()
    if intent not in INTENTS:
        return Unknown()
    fields = set(COMMANDS[intent].model_fields) - {"intent"}
    message = normalize(text).casefold()
    slots: dict[str, Any] = {}
    for name, value in raw.items():
        if name not in fields or value is None or value == "" or value is False:
            continue
        cleaned = _clean(name, value, message, context)
        if cleaned is not None:
            slots[name] = cleaned
    return safe_command(intent, slots)


def _clean(name: str, value: Any, message: str, context: ParseContext) -> Any:
    if name == "refers_to_context":
        return value is True
    if name in _DATE_SLOTS:
        return _when(str(value), context, past=name == "date")
    if name == "amount":
        return _amount(value)
    if name == "currency":
        code = str(value).strip().upper()
        return code if re.fullmatch(r"[A-Z]{3}", code) else None
    if name in _NUMBER_SLOTS:
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
