"""The audit trail and undo: every write records before/after snapshots; undo replays them backwards."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from core.context import ServiceContext, Unit
from core.errors import Conflict, NotFound
from core.models import AuditLog, Base, Customer
from core.models.base import UTCDateTime

_MODELS: dict[str, type[Base]] = {}
# Changes others have already acted on: an approval decision is final (approvers were told, the next stage began).
FINAL_ACTIONS = frozenset({"decide_approval"})


def _model(entity_type: str) -> type[Base]:
    if not _MODELS:
        for mapper in Base.registry.mappers:
            _MODELS[mapper.class_.__tablename__] = mapper.class_
    return _MODELS[entity_type]


def snapshot(obj: Base) -> dict[str, Any]:
    """The row's columns as JSON-safe values."""
    out: dict[str, Any] = {}
    for column in obj.__table__.columns:
        value = getattr(obj, column.key)
        # Normalised so a snapshot taken before a reload equals one taken after it.
        if isinstance(value, datetime):
            value = value.astimezone(UTC).isoformat()
        elif isinstance(value, date | time):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = format(value.normalize(), "f")
        out[column.key] = value
    return out


def _restore_value(model: type[Base], key: str, value: Any) -> Any:
    if value is None:
        return None
    column_type = model.__table__.columns[key].type
    if isinstance(column_type, UTCDateTime):
        return datetime.fromisoformat(value)
    python_type = column_type.python_type
    if python_type is datetime:
        return datetime.fromisoformat(value)
    if python_type is date:
        return date.fromisoformat(value)
    if python_type is time:
        return time.fromisoformat(value)
    if python_type is Decimal:
        return Decimal(value)
    return value


def record(ctx: ServiceContext, action: str, obj: Base, before: dict[str, Any] | None) -> None:
    """Record a create (before=None) or an update of `obj`; call after the change is flushed."""
    ctx.session.flush()
    _add(ctx, action, obj.__tablename__, obj.id, before, snapshot(obj))  # type: ignore[attr-defined]


def record_admin(unit: Unit, action: str, obj: Base, before: dict[str, Any] | None) -> None:
    """Audit an operation run from the admin CLI (no chat user behind it)."""
    session, now = unit.session, unit.now()
    session.flush()
    session.add(
        AuditLog(
            change_id=str(uuid.uuid4()), actor_id=None, action=action, entity_type=obj.__tablename__,
            entity_id=obj.id, before=before, after=snapshot(obj), created_at=now,  # type: ignore[attr-defined]
        )
    )


def _add(
    ctx: ServiceContext,
    action: str,
    entity_type: str,
    entity_id: int,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    ctx.session.add(
        AuditLog(
            change_id=ctx.change_id,
            actor_id=ctx.actor.user_id,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            before=before,
            after=after,
            created_at=ctx.now(),
        )
    )


@dataclass(frozen=True)
class ChangeSummary:
    change_id: str
    # Distinct actions in the order they happened, e.g. ("create_customer", "log_interaction", "create_task").
    actions: tuple[str, ...]
    label: str
    at: datetime
    # The customer the change was about ("" when none): an undo card names it like every other card.
    customer: str = ""


def last_change(ctx: ServiceContext) -> ChangeSummary | None:
    """The actor's most recent change that has not been undone (undos themselves are not undone)."""
    row = ctx.session.scalars(
        select(AuditLog)
        .where(AuditLog.actor_id == ctx.actor.user_id, AuditLog.undone_at.is_(None), AuditLog.action != "undo")
        .order_by(AuditLog.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    entries = ctx.session.scalars(
        select(AuditLog).where(AuditLog.change_id == row.change_id).order_by(AuditLog.id)
    ).all()
    actions = tuple(dict.fromkeys(entry.action for entry in entries))
    state = entries[0].after or entries[0].before or {}
    label = str(state.get("name") or state.get("title") or state.get("summary") or "")
    return ChangeSummary(row.change_id, actions, label, entries[0].created_at, _customer_of(ctx, entries))


def _customer_of(ctx: ServiceContext, entries: Sequence[AuditLog]) -> str:
    for entry in entries:
        state = entry.after or entry.before or {}
        if entry.entity_type == "customer" and state.get("name"):
            return str(state["name"])
        if isinstance(state.get("customer_id"), int):
            customer = ctx.session.get(Customer, state["customer_id"])
            if customer is not None:
                return customer.name
    return ""


def undo_change(ctx: ServiceContext, change_id: str) -> ChangeSummary:
    """Revert every row of one change, newest first, refusing if anything was changed since."""
    summary = last_change(ctx)
    if summary is None or summary.change_id != change_id:
        raise NotFound("error.nothing_to_undo")
    entries = ctx.session.scalars(
        select(AuditLog).where(AuditLog.change_id == change_id).order_by(AuditLog.id.desc())
    ).all()
    if any(entry.action in FINAL_ACTIONS for entry in entries):
        raise Conflict("error.undo_final")
    for entry in entries:
        _revert(ctx, entry)
    ctx.session.flush()
    return summary


def _revert(ctx: ServiceContext, entry: AuditLog) -> None:
    model = _model(entry.entity_type)
    current = ctx.session.get(model, entry.entity_id)
    current_state = snapshot(current) if current is not None else None
    if current_state != entry.after:
        raise Conflict("error.undo_conflict")
    if entry.before is None:
        assert current is not None
        ctx.session.delete(current)
        ctx.session.flush()
        restored_after = None
    else:
        values = {key: _restore_value(model, key, value) for key, value in entry.before.items()}
        if current is None:
            current = model(**values)
            ctx.session.add(current)
        else:
            for key, value in values.items():
                setattr(current, key, value)
        ctx.session.flush()
        restored_after = snapshot(current)
    entry.undone_at = ctx.now()
    entry.undone_by_change_id = ctx.change_id
    _add(ctx, "undo", entry.entity_type, entry.entity_id, entry.after, restored_after)
