"""Tasks (待办): create, list, complete."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Select, select

from core import audit
from core.context import ServiceContext
from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from core.models import Customer, Interaction, Task, User
from core.permissions import may_assign_to, require_change
from core.scoping import CUSTOMER_NAMES, owner_clause
from core.services import customers, deals
from core.services import validation as v
from core.timeutil import local_day_bounds, local_today, start_of_local_day


def visible(ctx: ServiceContext, *, for_write: bool = False) -> Select[Task]:
    """Tasks the actor may read (the session applies that) or, with `for_write`, change."""
    query = select(Task)
    if for_write:
        query = query.where(owner_clause(ctx.actor, ctx.actor.change_scope("task"), Task.assignee_id))
    return query


def due_instant(ctx: ServiceContext, due: date | datetime | None) -> tuple[datetime | None, bool]:
    """A date means the whole local day (stored as its start); a datetime is an exact moment."""
    if due is None:
        return None, True
    if isinstance(due, datetime):
        if due.tzinfo is None:
            raise ValueError("due datetimes must be timezone-aware")
        return due, False
    return start_of_local_day(due, ctx.actor.timezone), True


def create(
    ctx: ServiceContext,
    title: str,
    *,
    due: date | datetime | None = None,
    assignee_id: int | None = None,
    customer_id: int | None = None,
    deal_id: int | None = None,
    interaction_id: int | None = None,
) -> Task:
    assignee = ctx.session.get(User, assignee_id or ctx.actor.user_id)
    if assignee is None or not assignee.active:
        raise NotFound(entity="user")
    if not may_assign_to(ctx.actor, "task", assignee.id, assignee.team_id):
        raise PermissionDenied(entity="task")
    # What a task hangs on must be something the actor can see: a rep cannot attach work to a colleague's deal
    # (finance may remind itself to chase any customer's invoice).
    if customer_id is not None:
        customers.get(ctx, customer_id)
    if deal_id is not None:
        deal = deals.get(ctx, deal_id)
        if customer_id is not None and deal.customer_id != customer_id:
            raise InvalidInput("error.deal_of_other_customer")
    if interaction_id is not None:
        interaction = ctx.session.get(Interaction, interaction_id)
        if interaction is None or (customer_id is not None and interaction.customer_id != customer_id):
            raise NotFound(entity="interaction")
    due_at, all_day = due_instant(ctx, due)
    task = Task(
        title=v.required_text(title, "task", limit=300),
        due_at=due_at,
        due_all_day=all_day,
        assignee_id=assignee.id,
        created_by_id=ctx.actor.user_id,
        customer_id=customer_id,
        deal_id=deal_id,
        interaction_id=interaction_id,
        status="open",
        created_at=ctx.now(),
    )
    ctx.session.add(task)
    audit.record(ctx, "create_task", task, None)
    return task


def get(ctx: ServiceContext, task_id: int, *, for_write: bool = False) -> Task:
    task = ctx.session.get(Task, task_id)
    if task is None:
        raise NotFound(entity="task")
    if for_write:
        require_change(ctx.actor, "task", task.assignee_id, customers.team_of(ctx, task.assignee_id))
    return task


def list_open(
    ctx: ServiceContext,
    *,
    day: date | None = None,
    mine_only: bool = True,
    customer_id: int | None = None,
    assignee_id: int | None = None,
    due_from: date | None = None,
    due_until: date | None = None,
    overdue_only: bool = False,
    limit: int = 50,
) -> list[Task]:
    """Open tasks (the actor's own, or `assignee_id`'s for a manager). `day`: due that local day plus everything
    overdue before it; `due_from`/`due_until`: a range of local days (inclusive); `overdue_only`: due before
    today."""
    query = visible(ctx).where(Task.status == "open")
    if assignee_id is not None:
        query = query.where(Task.assignee_id == assignee_id)
    elif mine_only:
        query = query.where(Task.assignee_id == ctx.actor.user_id)
    if customer_id is not None:
        query = query.where(Task.customer_id == customer_id)
    tz = ctx.actor.timezone
    if day is not None:
        _, end = local_day_bounds(day, tz)
        query = query.where(Task.due_at < end)
    if due_from is not None:
        query = query.where(Task.due_at >= local_day_bounds(due_from, tz)[0])
    if due_until is not None:
        query = query.where(Task.due_at < local_day_bounds(due_until, tz)[1])
    if overdue_only:
        today = local_today(ctx.now(), tz)
        query = query.where(Task.due_at < local_day_bounds(today, tz)[0])
    query = query.order_by(Task.due_at.is_(None), Task.due_at, Task.id).limit(limit)
    return list(ctx.session.scalars(query).all())


def customer_names(ctx: ServiceContext, found: list[Task]) -> dict[int, str]:
    """The customers' names for tasks the actor reads (names are known to everyone)."""
    ids = {t.customer_id for t in found if t.customer_id is not None}
    if not ids:
        return {}
    rows = ctx.session.execute(
        select(Customer.id, Customer.name).where(Customer.id.in_(ids)).execution_options(**CUSTOMER_NAMES)).all()
    return {row.id: row.name for row in rows}



def complete(ctx: ServiceContext, task_id: int) -> Task:
    task = get(ctx, task_id, for_write=True)
    if task.status != "open":
        raise Conflict("error.task_not_open", title=task.title)
    before = audit.snapshot(task)
    task.status = "done"
    task.done_at = ctx.now()
    audit.record(ctx, "complete_task", task, before)
    return task
