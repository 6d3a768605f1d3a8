"""What a manager's digest is made of: pipeline changes, deals at risk, overdue work, top performers, and who
submitted their daily report. Every query runs with the reader's permissions (a manager sees their team).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import func, select

from core.context import ServiceContext
from core.models import OPEN_STAGES, Customer, DailyReport, Deal, DealStageChange, Interaction, Task, Team, User
from core.permissions import DAILY_REPORTERS, Scope
from core.services import deals, tasks
from core.timeutil import local_day_bounds, zone


@dataclass(frozen=True)
class DealLine:
    deal_id: int
    title: str
    customer: str
    owner: str
    amount: Decimal | None
    currency: str
    stage: str
    from_stage: str | None = None


@dataclass
class PipelineChanges:
    new: list[DealLine] = field(default_factory=list)
    advanced: list[DealLine] = field(default_factory=list)
    won: list[DealLine] = field(default_factory=list)
    lost: list[DealLine] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.new or self.advanced or self.won or self.lost)


@dataclass(frozen=True)
class RiskLine:
    deal: DealLine
    reason: str  # "stale" | "close_passed" | "close_soon"
    days: int


@dataclass(frozen=True)
class OverdueLine:
    task_id: int
    title: str
    assignee: str
    customer: str | None
    due_at: datetime
    follow_up: bool


@dataclass(frozen=True)
class Performer:
    name: str
    won: dict[str, Decimal]
    won_count: int
    activities: int


def team_name(ctx: ServiceContext) -> str:
    """The reader's team's name ("" without a team)."""
    if ctx.actor.team_id is None:
        return ""
    return ctx.session.scalar(select(Team.name).where(Team.id == ctx.actor.team_id)) or ""


def _names(ctx: ServiceContext, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {row.id: row.name for row in ctx.session.execute(select(User.id, User.name).where(User.id.in_(ids)))}


def _line(deal: Deal, customer: str, owners: dict[int, str], from_stage: str | None = None) -> DealLine:
    return DealLine(deal.id, deal.title, customer, owners.get(deal.owner_id, "?"), deal.amount, deal.currency,
                    deal.stage, from_stage)


def pipeline_changes(ctx: ServiceContext, start: datetime, end: datetime) -> PipelineChanges:
    """Deals created, moved forward, won or lost in [start, end), from the stage history.

    A deal's creation is its first stage record (from nothing): it counts as new, or as won/lost when it was
    recorded already closed.
    """
    out = PipelineChanges()
    moves = ctx.session.execute(
        deals.visible(ctx).add_columns(Customer.name, DealStageChange.from_stage, DealStageChange.to_stage)
        .join(Customer, Customer.id == Deal.customer_id)
        .join(DealStageChange, DealStageChange.deal_id == Deal.id)
        .where(DealStageChange.changed_at >= start, DealStageChange.changed_at < end)
        .order_by(DealStageChange.id)
    ).all()
    owners = _names(ctx, {row[0].owner_id for row in moves})
    for deal, customer, from_stage, to_stage in moves:
        line = replace(_line(deal, customer, owners, from_stage), stage=to_stage)
        if to_stage == "won":
            out.won.append(line)
        elif to_stage == "lost":
            out.lost.append(line)
        elif from_stage is None:
            out.new.append(line)
        elif _forward(from_stage, to_stage):
            out.advanced.append(line)
    return out


def _forward(from_stage: str | None, to_stage: str) -> bool:
    if from_stage not in OPEN_STAGES or to_stage not in OPEN_STAGES:
        return False
    return OPEN_STAGES.index(to_stage) > OPEN_STAGES.index(from_stage)


def at_risk(ctx: ServiceContext, today: date, stale_days: dict[str, int], *, close_soon_days: int = 7
            ) -> list[RiskLine]:
    """Open deals that went quiet, whose close date passed, or that close soon while still early."""
    last_touch = (select(func.max(Interaction.occurred_at)).where(Interaction.customer_id == Deal.customer_id)
                  .correlate(Deal).scalar_subquery())
    rows = ctx.session.execute(
        deals.visible(ctx).add_columns(Customer.name, last_touch).join(Customer, Customer.id == Deal.customer_id)
        .where(Deal.stage.in_(OPEN_STAGES)).order_by(Deal.id)
    ).all()
    owners = _names(ctx, {row[0].owner_id for row in rows})
    tz = zone(ctx.actor.timezone)
    out: list[RiskLine] = []
    for deal, customer, touched in rows:
        line = _line(deal, customer, owners)
        close = deal.expected_close_date
        if close is not None and close < today:
            out.append(RiskLine(line, "close_passed", (today - close).days))
            continue
        last = max([deal.updated_at, *([_aware(touched)] if touched is not None else [])])
        quiet = (today - last.astimezone(tz).date()).days
        if quiet >= stale_days.get(deal.stage, 10_000):
            out.append(RiskLine(line, "stale", quiet))
        elif close is not None and (close - today).days <= close_soon_days and deal.stage in ("lead", "qualified"):
            out.append(RiskLine(line, "close_soon", (close - today).days))
    return out


def overdue(ctx: ServiceContext, today: date) -> list[OverdueLine]:
    """Open tasks due before the reader's today, the team's (or the reader's own for a rep)."""
    start, _ = local_day_bounds(today, ctx.actor.timezone)
    rows = ctx.session.execute(
        tasks.visible(ctx).add_columns(User.name, Customer.name)
        .join(User, User.id == Task.assignee_id)
        .outerjoin(Customer, Customer.id == Task.customer_id)
        .where(Task.status == "open", Task.due_at < start)
        .order_by(Task.due_at, Task.id)
    ).all()
    return [OverdueLine(task.id, task.title, assignee, customer, task.due_at, task.interaction_id is not None)
            for task, assignee, customer in rows if task.due_at is not None]


def top_performers(ctx: ServiceContext, start: datetime, end: datetime, limit: int = 3) -> list[Performer]:
    """Ranked by deals won in the period (amount in the default currency first), then by activities logged."""
    won = ctx.session.execute(
        deals.visible(ctx).with_only_columns(Deal.owner_id, Deal.currency, func.count(Deal.id),
                                             func.coalesce(func.sum(Deal.amount), 0))
        .join(DealStageChange, DealStageChange.deal_id == Deal.id)
        .where(DealStageChange.to_stage == "won", DealStageChange.changed_at >= start,
               DealStageChange.changed_at < end)
        .group_by(Deal.owner_id, Deal.currency)
    ).all()
    members = _team_members(ctx)
    activities: dict[int, int] = {row[0]: int(row[1]) for row in ctx.session.execute(
        select(Interaction.author_id, func.count(Interaction.id))
        .where(Interaction.author_id.in_(members), Interaction.occurred_at >= start, Interaction.occurred_at < end)
        .group_by(Interaction.author_id)
    ).all()} if members else {}
    amounts: dict[int, dict[str, Decimal]] = defaultdict(dict)
    counts: dict[int, int] = defaultdict(int)
    for owner_id, currency, count, total in won:
        amounts[owner_id][currency] = Decimal(str(total))
        counts[owner_id] += int(count)
    people = set(amounts) | {uid for uid, n in activities.items() if n}
    names = _names(ctx, people)
    currency = ctx.defaults.currency
    ranked = sorted(people, key=lambda uid: (-amounts[uid].get(currency, Decimal(0)), -counts[uid],
                                             -activities.get(uid, 0), names.get(uid, "")))
    return [Performer(names.get(uid, "?"), dict(amounts[uid]), counts[uid], int(activities.get(uid, 0)))
            for uid in ranked[:limit]]


def _team_members(ctx: ServiceContext) -> list[int]:
    scope = ctx.actor.read_scope("task")
    if scope is Scope.ALL:
        return list(ctx.session.scalars(select(User.id).where(User.active.is_(True))))
    if scope is not Scope.TEAM or ctx.actor.team_id is None:
        return [ctx.actor.user_id]
    return list(ctx.session.scalars(select(User.id).where(User.team_id == ctx.actor.team_id,
                                                          User.active.is_(True))))


def report_submissions(ctx: ServiceContext, day: date) -> tuple[list[str], list[str]]:
    """Reps of the reader's team who submitted a daily report for `day`, and those who did not."""
    if ctx.actor.team_id is None:
        return [], []
    reps = ctx.session.execute(
        select(User.id, User.name).where(User.team_id == ctx.actor.team_id, User.role.in_(DAILY_REPORTERS),
                                         User.active.is_(True)).order_by(User.name)
    ).all()
    done = set(ctx.session.scalars(
        select(DailyReport.user_id).where(DailyReport.report_date == day,
                                          DailyReport.user_id.in_([r.id for r in reps]))
    )) if reps else set()
    return [r.name for r in reps if r.id in done], [r.name for r in reps if r.id not in done]


def _aware(value: datetime | str) -> datetime:
    instant = datetime.fromisoformat(value) if isinstance(value, str) else value
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=UTC)


def period_bounds(first: date, last_exclusive: date, tz: str) -> tuple[datetime, datetime]:
    start, _ = local_day_bounds(first, tz)
    end, _ = local_day_bounds(last_exclusive, tz)
    return start, end
