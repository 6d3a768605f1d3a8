"""What every command is: a frozen pydantic model with an `intent` tag and typed slots.

The concrete commands are declared with their intents in `bot/intents/specs/`; the union over them is built
from the registry in `bot/intents/schema.py`. The field descriptions here and there feed the LLM tool schema.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

When = date | datetime
Text = Annotated[str, Field(min_length=1, max_length=4000)]
# Money a deal, budget or payment can be: not negative, and below a trillion (anything larger is a typo).
MAX_AMOUNT = Decimal("1e12")
Amount = Annotated[Decimal, Field(ge=0, lt=MAX_AMOUNT)]
Percent = Annotated[float, Field(ge=0, le=100)]

# Descriptions several commands' slots share. A description says what the slot means; how a value is written
# for the model (ISO dates, money in units) is added by the LLM tool schema per kind of slot.
CUSTOMER = "the customer company as the message names it (its known name if it is one of the user's customers)"
PERSON = ("the colleague whose work the user asks about, their name as written ('Alice's pipeline' → Alice, "
          "张伟的任务 → 张伟); empty for the user's own")
CURRENCY = "ISO currency code, only when the message says it: $ → USD, ¥/元/RMB → CNY, € → EUR"


class Command(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    intent: str
    # Which slots refer to the conversation context ("it", "that deal", 这个单子) rather than naming things.
    refers_to_context: bool = Field(
        False, description="true when the message means the record just talked about ('it', 'that deal', 这个单子) "
                           "instead of naming it; leave customer empty then")

    @field_validator("*", mode="after")
    @classmethod
    def _aware(cls, value: Any) -> Any:
        if isinstance(value, datetime) and value.tzinfo is None:
            raise ValueError("datetimes in commands must be timezone-aware")
        return value

    def slots(self) -> dict[str, Any]:
        """Slots as the parse contract prints them: only those given, canonical JSON values."""
        out: dict[str, Any] = {}
        for name in type(self).model_fields:
            if name in ("intent", "refers_to_context"):
                continue
            value = getattr(self, name)
            if value is None or value == "":
                continue
            out[name] = _canonical(value)
        return out

    @property
    def writes(self) -> bool:
        """Whether executing this command changes data (declared by its intent's spec)."""
        # Imported here: the registry imports the specs, which subclass this class.
        from bot.intents.registry import REGISTRY

        return REGISTRY.writes(self.intent)


class Unknown(Command):
    """Not a sales command: chit-chat, off-topic, destructive or injected text, or nothing understood."""

    intent: Literal["unknown"] = "unknown"


def intent_of(command: type[Command]) -> str:
    """The intent tag a command class carries (its `intent` field's default)."""
    default = command.model_fields["intent"].default
    if not isinstance(default, str):
        raise TypeError(f"{command.__name__} has no intent tag")
    return default


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
