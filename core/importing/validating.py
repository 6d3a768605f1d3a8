"""One source row → a clean record, or the reasons it is refused (row number, column, why)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from core.importing import normalising as n
from core.importing.mapping import REQUIRED, ColumnMap
from core.importing.reading import SourceRow

MAX_TEXT = 200


@dataclass(frozen=True)
class Problem:
    """Why a row is refused: a catalogue key under `import.reason`, the column (header as written) and value."""

    reason: str
    column: str = ""
    value: str = ""
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Record:
    row: int
    values: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)
    owner_id: int | None = None


@dataclass(frozen=True)
class Owner:
    id: int
    name: str
    allowed: bool  # whether the importer may make this user the owner of the rows


def read_record(kind: str, source: SourceRow, columns: ColumnMap, owner_of: Callable[[str], Owner | None]
                ) -> Record:
    record = Record(source.number, {})
    for name, index in columns.columns.items():
        raw = source.cells[index] if index < len(source.cells) else ""
        header = columns.headers[name]
        if not raw.strip():
            if name in REQUIRED[kind]:
                record.problems.append(Problem("missing_value", header))
            continue
        try:
            record.values[name] = _value(name, raw)
        except n.CellError as exc:
            record.problems.append(Problem(exc.reason, header, raw.strip()))
    if "amount" in record.values:
        number, currency = record.values.pop("amount")
        record.values["amount"] = number
        record.values.setdefault("currency", currency)
    owner_name = record.values.get("owner")
    if owner_name:
        owner = owner_of(owner_name)
        header = columns.headers["owner"]
        if owner is None:
            record.problems.append(Problem("unknown_owner", header, owner_name))
        elif not owner.allowed:
            record.problems.append(Problem("owner_not_allowed", header, owner_name))
        else:
            record.owner_id = owner.id
    if kind == "customers" and not record.values.get("contact"):
        extra = [columns.headers[f] for f in ("title", "phone", "email") if f in record.values]
        if extra:  # a phone with nobody to call would be lost: say so rather than drop it
            record.problems.append(Problem("contact_missing", ", ".join(extra)))
    return record


def _value(name: str, raw: str) -> Any:
    if name == "phone":
        return n.phone(raw)
    if name == "email":
        return n.email(raw)
    if name == "stage":
        return n.stage(raw)
    if name == "amount":
        return n.amount(raw)
    if name == "currency":
        return n.currency(raw)
    if name == "close_date":
        return n.day(raw)
    text = n.clean_name(raw)
    if len(text) > MAX_TEXT:
        raise n.CellError("too_long")
    return text


def amount_of(record: Record) -> Decimal | None:
    value = record.values.get("amount")
    return value if isinstance(value, Decimal) else None
