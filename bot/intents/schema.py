"""The command schema for the whole product: every parser (rules or LLM) produces one of these.

Slot names and canonical values follow the intent-layer contract; `slots()` is what `salesbot parse` prints.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator

Channel = Literal["visit", "call", "email", "meeting", "message"]
Stage = Literal["lead", "qualified", "proposal", "negotiation", "won", "lost"]
ReportKind = Literal["funnel", "ranking", "forecast", "win_rate", "profit", "clv", "aging"]
When = date | datetime
Text = Annotated[str, Field(min_length=1, max_length=4000)]
Amount = Annotated[Decimal, Field(ge=0, lt=Decimal("1e15"))]
Percent = Annotated[float, Field(ge=0, le=100)]


class Command(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    intent: str
    # Which slots refer to the conversation context ("it", "that deal", 这个单子) rather than naming things.
    refers_to_context: bool = False

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
        return self.intent in WRITE_INTENTS


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


class LogInteraction(Command):
    intent: Literal["log_interaction"] = "log_interaction"
    customer: Text | None = None
    contact: Text | None = None
    channel: Channel | None = None
    date: When | None = None
    summary: Text | None = None
    next_step: Text | None = None
    follow_up: When | None = None
    amount: Amount | None = None
    currency: str | None = None


class CreateCustomer(Command):
    intent: Literal["create_customer"] = "create_customer"
    name: Text | None = None
    industry: Text | None = None
    city: Text | None = None


class AddContact(Command):
    intent: Literal["add_contact"] = "add_contact"
    contact: Text | None = None
    customer: Text | None = None
    title: Text | None = None
    phone: Text | None = None
    email: Text | None = None


class CreateDeal(Command):
    intent: Literal["create_deal"] = "create_deal"
    customer: Text | None = None
    title: Text | None = None
    amount: Amount | None = None
    currency: str | None = None
    stage: Stage | None = None
    close_date: When | None = None
    probability: Percent | None = None


class UpdateDeal(Command):
    intent: Literal["update_deal"] = "update_deal"
    customer: Text | None = None
    title: Text | None = None
    stage: Stage | None = None
    amount: Amount | None = None
    currency: str | None = None
    close_date: When | None = None
    probability: Percent | None = None
    summary: Text | None = None


class QueryDeals(Command):
    intent: Literal["query_deals"] = "query_deals"
    customer: Text | None = None
    stage: Stage | None = None
    close_date: When | None = None


class QueryCustomer(Command):
    intent: Literal["query_customer"] = "query_customer"
    customer: Text | None = None


class CreateTask(Command):
    intent: Literal["create_task"] = "create_task"
    task: Text | None = None
    due: When | None = None
    customer: Text | None = None


class ListTasks(Command):
    intent: Literal["list_tasks"] = "list_tasks"
    due: When | None = None


class CompleteTask(Command):
    intent: Literal["complete_task"] = "complete_task"
    task: Text | None = None


class LogTime(Command):
    intent: Literal["log_time"] = "log_time"
    hours: Annotated[float, Field(gt=0, le=24)] | None = None
    task: Text | None = None
    customer: Text | None = None
    date: When | None = None


class UpdateProject(Command):
    intent: Literal["update_project"] = "update_project"
    customer: Text | None = None
    title: Text | None = None
    percent: Percent | None = None
    summary: Text | None = None


class QueryProject(Command):
    intent: Literal["query_project"] = "query_project"
    customer: Text | None = None
    title: Text | None = None


class CreateContract(Command):
    intent: Literal["create_contract"] = "create_contract"
    customer: Text | None = None
    title: Text | None = None
    amount: Amount | None = None
    currency: str | None = None


class RecordPayment(Command):
    intent: Literal["record_payment"] = "record_payment"
    customer: Text | None = None
    amount: Amount | None = None
    currency: str | None = None
    date: When | None = None


class QueryReceivables(Command):
    intent: Literal["query_receivables"] = "query_receivables"
    customer: Text | None = None


class Report(Command):
    intent: Literal["report"] = "report"
    kind: ReportKind | None = None


class DailyReport(Command):
    intent: Literal["daily_report"] = "daily_report"
    summary: Annotated[str, Field(min_length=1, max_length=8000)] | None = None


class Help(Command):
    intent: Literal["help"] = "help"


class Undo(Command):
    intent: Literal["undo"] = "undo"


class Cancel(Command):
    intent: Literal["cancel"] = "cancel"


class Unknown(Command):
    intent: Literal["unknown"] = "unknown"


AnyCommand = Annotated[
    LogInteraction | CreateCustomer | AddContact | CreateDeal | UpdateDeal | QueryDeals | QueryCustomer
    | CreateTask | ListTasks | CompleteTask | LogTime | UpdateProject | QueryProject | CreateContract
    | RecordPayment | QueryReceivables | Report | DailyReport | Help | Undo | Cancel | Unknown,
    Field(discriminator="intent"),
]
COMMAND_ADAPTER: TypeAdapter[AnyCommand] = TypeAdapter(AnyCommand)
COMMANDS: dict[str, type[Command]] = {
    cls.model_fields["intent"].default: cls
    for cls in Command.__subclasses__()
}
INTENTS = tuple(COMMANDS)
WRITE_INTENTS = frozenset({
    "log_interaction", "create_customer", "add_contact", "create_deal", "update_deal", "create_task",
    "complete_task", "log_time", "update_project", "create_contract", "record_payment", "daily_report", "undo",
})


def command_from(intent: str, slots: dict[str, Any]) -> Command:
    """Build and validate a command from an intent and slot values (rules, LLM and edits all come through here)."""
    return COMMAND_ADAPTER.validate_python({"intent": intent, **slots})


def dump(command: Command) -> dict[str, Any]:
    """JSON form for storage in a pending proposal; `load` restores it exactly."""
    return command.model_dump(mode="json")


def load(data: dict[str, Any]) -> Command:
    return COMMAND_ADAPTER.validate_python(data)
