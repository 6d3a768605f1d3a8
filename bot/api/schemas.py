"""The API's documents. Records are described from their tables' columns (one source of truth: what a row holds
is what the API returns); request bodies are written out, strict (unknown fields refused), and bounded so that
no value reaches the database that it would choke on (NUL characters, out-of-range numbers or dates)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, create_model

from core.models import BEHAVIOUR_KINDS, CHANNELS, CUSTOMER_STATUSES, STAGES
from core.services.records import KINDS, Kind, columns

MAX_ID = 2**31 - 1


def _no_control(value: str) -> str:
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in value):
        raise ValueError("control characters are not allowed")
    return value


def _sane_year(value: Any) -> Any:
    if not 1900 <= value.year <= 2200:
        raise ValueError("year must be between 1900 and 2200")
    return value


def Text(max_length: int) -> Any:
    return Annotated[str, Field(max_length=max_length), AfterValidator(_no_control)]


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
When = Annotated[AwareDatetime, AfterValidator(_sane_year)]
Day = Annotated[date, AfterValidator(_sane_year)]
Amount = Annotated[Decimal, Field(gt=0, max_digits=15, decimal_places=2, allow_inf_nan=False)]
Currency = Annotated[str, Field(pattern=r"^[A-Za-z]{3}$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _record_model(kind: Kind) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for column in columns(kind):
        python: Any = column.python_type
        if python is None:
            python = Any
        elif python is dict:
            python = dict[str, Any]
        elif python is list:
            python = list[Any]
        fields[column.name] = (python | None if column.nullable else python, ...)
    name = kind[:-1].capitalize()
    return create_model(name, __config__=ConfigDict(from_attributes=True), **fields)


RECORDS: dict[Kind, type[BaseModel]] = {kind: _record_model(kind) for kind in KINDS}


def page_model(kind: Kind) -> type[BaseModel]:
    item = RECORDS[kind]
    return create_model(f"{item.__name__}Page", items=(list[item], ...), limit=(int, ...),  # type: ignore[valid-type]
                        offset=(int, ...), next_offset=(int | None, ...))


class CustomerIn(Strict):
    name: Text(200)  # type: ignore[valid-type]
    industry: Text(120) | None = None  # type: ignore[valid-type]
    city: Text(120) | None = None  # type: ignore[valid-type]
    aliases: list[Text(200)] = Field(default_factory=list, max_length=20)  # type: ignore[valid-type]
    tags: list[Text(200)] = Field(default_factory=list, max_length=20)  # type: ignore[valid-type]
    owner_id: Id | None = None
    status: Literal[CUSTOMER_STATUSES] = "prospect"  # type: ignore[valid-type]


class CustomerPatch(Strict):
    name: Text(200) | None = None  # type: ignore[valid-type]
    industry: Text(120) | None = None  # type: ignore[valid-type]
    city: Text(120) | None = None  # type: ignore[valid-type]
    aliases: list[Text(200)] | None = Field(default=None, max_length=20)  # type: ignore[valid-type]
    tags: list[Text(200)] | None = Field(default=None, max_length=20)  # type: ignore[valid-type]
    status: Literal[CUSTOMER_STATUSES] | None = None  # type: ignore[valid-type]


class ContactIn(Strict):
    customer_id: Id
    name: Text(120)  # type: ignore[valid-type]
    title: Text(120) | None = None  # type: ignore[valid-type]
    phone: Text(40) | None = None  # type: ignore[valid-type]
    email: Text(254) | None = None  # type: ignore[valid-type]


class ContactPatch(Strict):
    title: Text(120) | None = None  # type: ignore[valid-type]
    phone: Text(40) | None = None  # type: ignore[valid-type]
    email: Text(254) | None = None  # type: ignore[valid-type]


class DealIn(Strict):
    customer_id: Id
    title: Text(200)  # type: ignore[valid-type]
    amount: Amount | None = None
    currency: Currency | None = None
    stage: Literal[STAGES] = "lead"  # type: ignore[valid-type]
    probability: Annotated[int, Field(ge=0, le=100)] | None = None
    close_date: Day | None = None
    owner_id: Id | None = None


class DealPatch(Strict):
    stage: Literal[STAGES] | None = None  # type: ignore[valid-type]
    amount: Amount | None = None
    currency: Currency | None = None
    close_date: Day | None = None
    probability: Annotated[int, Field(ge=0, le=100)] | None = None
    title: Text(200) | None = None  # type: ignore[valid-type]
    lost_reason: Text(1000) | None = None  # type: ignore[valid-type]


class InteractionIn(Strict):
    customer_id: Id
    channel: Literal[CHANNELS]  # type: ignore[valid-type]
    summary: Text(4000) | None = None  # type: ignore[valid-type]
    occurred_at: When | None = None
    next_step: Text(1000) | None = None  # type: ignore[valid-type]
    follow_up_on: Day | None = None


class TaskIn(Strict):
    title: Text(300)  # type: ignore[valid-type]
    due_on: Day | None = None
    due_at: When | None = None
    assignee_id: Id | None = None
    customer_id: Id | None = None
    deal_id: Id | None = None


class TaskPatch(Strict):
    status: Literal["done"]


class PaymentIn(Strict):
    customer_id: Id
    amount: Amount
    currency: Currency | None = None
    received_on: Day | None = None
    reference: Text(120) | None = None  # type: ignore[valid-type]
    note: Text(2000) | None = None  # type: ignore[valid-type]
    accept_excess: bool = False


class FinancePaymentIn(PaymentIn):
    """A finance system's report: its own id for the payment makes a repeated report harmless."""

    external_id: Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9._:\-]+$")]


class FinancePaymentOut(BaseModel):
    payment_id: int
    external_id: str
    duplicate: bool


class EventIn(Strict):
    kind: Literal[BEHAVIOUR_KINDS]  # type: ignore[valid-type]
    occurred_at: When
    customer_id: Id | None = None
    email: Text(254) | None = None  # type: ignore[valid-type]
    domain: Text(253) | None = None  # type: ignore[valid-type]
    detail: dict[str, Any] = Field(default_factory=dict, max_length=50)


class EventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    customer_id: int
    kind: str
    occurred_at: datetime
    detail: dict[str, Any]
    created_at: datetime


class FieldError(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class Problem(BaseModel):
    """An error: what went wrong (in the user's language; for a malformed request, each field at fault) and its
    stable code."""

    detail: str | list[FieldError]
    code: str
